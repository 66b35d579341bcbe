#include "core/print/RejectionNotice.h"

#include "core/print/ApplicantText.h"
#include "core/print/SinglePagePdf.h"
#include "core/util/Clock.h"
#include "core/util/DateText.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace tessera {

Result<RejectionNoticeContent> rejectionNoticeFor(const EnrollmentRecord &record,
                                                  const std::vector<EnrollmentEvent> &history,
                                                  const QString &stationName, const QString &stationCode,
                                                  QString language)
{
    if (record.summary.state != EnrollmentState::Rejected)
        return fail(ErrorCode::InvalidInput,
                    QCoreApplication::translate("tessera", "%1 was not rejected; there is no notice to give.")
                        .arg(record.summary.cardNumber));
    if (language.isEmpty())
        language = record.storedFields.value(QStringLiteral("preferred_language"));
    RejectionNoticeContent content {language, stationName, stationCode, record.summary.cardNumber, {}, {}};
    for (const EnrollmentEvent &e : history)
        if (e.event == QLatin1String("rejected")) {
            content.reasonCode = e.reason;
            content.decidedOn = fromIsoUtc(e.at).toLocalTime().date();
        }
    return content;
}

void renderRejectionNotice(QPainter &p, const QRectF &page, const Programme &programme, const RejectionNoticeContent &c)
{
    const QString lang = programme.languages.contains(c.language) ? c.language : programme.languages.value(0);
    const QLocale locale(lang);
    const qreal mm = page.width() / 148.0; // laid out on A5 portrait; scales to any page
    const QRectF body = page.adjusted(12 * mm, 12 * mm, -12 * mm, -12 * mm);
    const QFont base = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    auto font = [&](qreal sizeMm, bool bold) {
        QFont f = base;
        f.setPixelSize(std::max(1, static_cast<int>(sizeMm * mm)));
        f.setBold(bold);
        return f;
    };
    qreal y = body.top();
    auto paragraph = [&](const QFont &f, const QString &s, qreal gapMm) {
        p.setFont(f);
        const QRectF r(body.left(), y, body.width(), body.bottom() - y);
        y += p.boundingRect(r, Qt::TextWordWrap, s).height() + gapMm * mm;
        p.drawText(r, Qt::TextWordWrap, s);
    };
    QString reason = c.reasonCode;
    for (const Choice &choice : programme.reasonCodes.value(QStringLiteral("reject")))
        if (choice.code == c.reasonCode)
            reason = choice.label.in(lang);

    p.save();
    p.setPen(Qt::black);
    paragraph(font(6, true), applicantText(programme, lang, QStringLiteral("notice_title")), 1.5);
    paragraph(font(3.2, false),
              programme.name.in(lang) + QStringLiteral(" · ") + c.stationName + QStringLiteral(" (") + c.stationCode
                  + QLatin1Char(')'),
              5);
    paragraph(font(3.6, false), applicantText(programme, lang, QStringLiteral("notice_intro")), 4);
    paragraph(font(3.4, true), applicantText(programme, lang, QStringLiteral("notice_reason")), 0.8);
    paragraph(font(4.2, false), reason, 4);
    paragraph(font(3.4, false),
              applicantText(programme, lang, QStringLiteral("notice_decided_on")) + QStringLiteral(": ")
                  + displayDate(c.decidedOn) + /* the station's date format, as on the receipt */ QLatin1Char('\n')
                  + applicantText(programme, lang, QStringLiteral("notice_reference")) + QStringLiteral(": ")
                  + c.cardNumber,
              4);
    paragraph(font(3.4, false), applicantText(programme, lang, QStringLiteral("notice_appeal")), 3);
    paragraph(font(3.4, false),
              applicantText(programme, lang, QStringLiteral("notice_retention")).arg(programme.periods.rejectedDays),
              0);
    p.restore();
}

Result<void> writeRejectionNoticePdf(const QString &path, const Programme &programme,
                                     const RejectionNoticeContent &content)
{
    return writeSinglePagePdf(
        path, QPageSize::A5,
        applicantText(programme, content.language, QStringLiteral("notice_title")) + QStringLiteral(" ")
            + content.cardNumber,
        [&](QPainter &painter, const QRectF &page) { renderRejectionNotice(painter, page, programme, content); });
}

} // namespace tessera
