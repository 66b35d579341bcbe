#include "core/print/BatchReportPdf.h"

#include "core/print/PageFlow.h"

#include "core/util/Clock.h"
#include "core/util/DateText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QLocale>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("BatchReport", text);
}

QString decisionLabel(const QString &state)
{
    if (state == QLatin1String("approved"))
        return tr("Approved");
    if (state == QLatin1String("rejected"))
        return tr("Rejected");
    if (state == QLatin1String("returned"))
        return tr("Returned for correction");
    return state;
}

} // namespace

Result<void> renderBatchReport(QPagedPaintDevice &device, const BatchReport &r)
{
    QPainter painter;
    if (!painter.begin(&device))
        return fail(ErrorCode::Io, tr("The batch report could not be drawn on this device."));
    PageFlow flow(device, painter);
    flow.text(tr("Batch report, %1").arg(displayDate(r.day)), flow.font(7, true), 1);
    const QDateTime closedAt = fromIsoUtc(r.closedAt);
    const QString closed = closedAt.isValid() ? displayDateTime(closedAt) : r.closedAt;
    flow.text(tr("%1 (%2) · closed %3 by %4").arg(r.stationName, r.stationCode, closed, r.closedBy), flow.font(3.4), 4);
    flow.rule();

    int total = 0;
    for (int n : r.byDecision)
        total += n;
    flow.text(tr("Decisions"), flow.font(4.5, true), 1.5);
    std::vector<std::pair<QString, QString>> rows;
    for (auto it = r.byDecision.begin(); it != r.byDecision.end(); ++it)
        rows.emplace_back(decisionLabel(it.key()), QString::number(it.value()));
    rows.emplace_back(tr("Total"), QString::number(total));
    flow.table(rows, flow.font(3.6));

    flow.text(tr("By clerk"), flow.font(4.5, true), 1.5);
    rows.clear();
    for (auto it = r.byClerk.begin(); it != r.byClerk.end(); ++it) {
        QStringList parts;
        for (auto d = it.value().begin(); d != it.value().end(); ++d)
            parts << QStringLiteral("%1 %2").arg(d.value()).arg(decisionLabel(d.key()).toLower());
        rows.emplace_back(it.key() + QStringLiteral(": ") + parts.join(QStringLiteral(", ")), QString());
    }
    flow.table(rows, flow.font(3.6));

    if (!r.byReason.isEmpty()) {
        flow.text(tr("Rejections by reason"), flow.font(4.5, true), 1.5);
        rows.clear();
        for (auto it = r.byReason.begin(); it != r.byReason.end(); ++it)
            // The programme's words only; the code is in the report's JSON and the audit. A
            // code is shown only when the report kept no label for it.
            rows.emplace_back(r.reasonLabels.value(it.key(), it.key()), QString::number(it.value()));
        flow.table(rows, flow.font(3.6));
    }
    flow.rule();

    flow.text(tr("Card numbers"), flow.font(4.5, true), 1.5);
    for (auto it = r.cards.begin(); it != r.cards.end(); ++it) {
        flow.text(decisionLabel(it.key()) + QStringLiteral(" (%1)").arg(it.value().size()), flow.font(3.6, true), 1);
        // A row at a time, so that a long day breaks across pages instead of off the page.
        constexpr qsizetype kPerRow = 6;
        for (qsizetype i = 0; i < it.value().size(); i += kPerRow)
            flow.text(it.value().mid(i, kPerRow).join(QStringLiteral("   ")), flow.font(3.4, false, true),
                      i + kPerRow >= it.value().size() ? 3 : 0.3);
    }
    flow.rule();

    flow.text(tr("Audit chain head at closing (note it: tessera-cli audit verify --head proves later that nothing "
                 "after it was removed)"),
              flow.font(3.2), 1);
    flow.text(QString::fromLatin1(r.auditHead.toHex()), flow.font(3.4, true, true), 4);
    flow.text(tr("This report lists card numbers only. No applicant name, birth date or address appears in it."),
              flow.font(3.0), 0);
    painter.end();
    return {};
}

Result<void> writeBatchReportPdf(const QString &path, const BatchReport &report)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setTitle(tr("Batch report %1 %2").arg(report.stationCode, report.day.toString(Qt::ISODate)));
    writer.setCreator(QStringLiteral("Tessera"));
    if (auto r = renderBatchReport(writer, report); !r)
        return fail(ErrorCode::Io, tr("The batch report could not be written to %1. Choose another folder.").arg(path));
    return {};
}

} // namespace tessera
