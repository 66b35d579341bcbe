#include "core/print/HoldingsPdf.h"

#include "core/print/PageFlow.h"
#include "core/util/DateText.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

namespace tessera {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("HoldingsReport", text, nullptr, n);
}

// Oldest and next-purge days are UTC days of the store's ISO times, in the one date format.
QString utcDay(const QString &iso)
{
    return displayDate(QDate::fromString(iso.left(10), Qt::ISODate));
}

} // namespace

Result<void> renderHoldingsReport(QPagedPaintDevice &device, const Holdings &h)
{
    QPainter painter;
    if (!painter.begin(&device))
        return fail(ErrorCode::Io, tr("The holdings report could not be drawn on this device."));
    PageFlow flow(device, painter);
    flow.text(tr("What this station holds"), flow.font(7, true), 1);
    flow.text(tr("%1 (%2) · as of %3 · programme %4")
                  .arg(h.stationName, h.stationCode, displayDateTime(fromIsoUtc(h.generatedAt)),
                       h.programmeName.isEmpty() ? tr("none active") : h.programmeName),
              flow.font(3.4), 2);
    flow.text(tr("Counted from the station's encrypted store when this report was made. Days are UTC. \"Next purge\" "
                 "is the first "
                 "day on which the programme's retention periods remove some of these records, and how many."),
              flow.font(3.0), 3);
    flow.rule();

    for (const Holding &r : h.holdings) {
        flow.keep(26);
        flow.text(r.what, flow.font(3.8, true), 0.8);
        QString facts = tr("%n record(s)", static_cast<int>(r.count));
        if (!r.oldest.isEmpty())
            facts += tr(" · oldest %1").arg(utcDay(r.oldest));
        facts += r.nextPurge.isEmpty() ? tr(" · no purge scheduled")
                                       : tr(" · next purge %1: %2 go").arg(utcDay(r.nextPurge)).arg(r.nextPurgeCount);
        flow.text(facts, flow.font(3.4), 0.5, 4);
        flow.text(r.rule, flow.font(3.1), 3.5, 4);
    }
    flow.rule();

    flow.text(tr("Never collected under this programme"), flow.font(4.2, true), 1);
    flow.text(h.notCollected.isEmpty() ? tr("(every field the form knows is collected)")
                                       : h.notCollectedNames.join(QStringLiteral(", ")),
              flow.font(3.4), 3, 4);
    flow.text(tr("Never held by any Tessera station"), flow.font(4.2, true), 1);
    for (const QString &n : h.neverHeld)
        flow.text(QStringLiteral("• ") + n, flow.font(3.4), 0.8, 4);
    flow.rule();

    flow.text(tr("Backups"), flow.font(4.2, true), 1);
    if (h.backups.empty())
        flow.text(h.backupFolders.isEmpty()
                      ? tr("No backup has been made from this station.")
                      : tr("No backup found now in: %1").arg(h.backupFolders.join(QStringLiteral(", "))),
                  flow.font(3.4), 2, 4);
    for (const HeldBackup &b : h.backups)
        flow.text(tr("%1 · made %2 · %n day(s) old", static_cast<int>(b.ageDays))
                          .arg(b.file.path, displayDateTime(b.file.createdAt))
                      + (b.beforeRekey ? tr(" · made before the last re-key") : QString()),
                  flow.font(3.2), 0.8, 4);
    flow.text(h.backupStatement, flow.font(3.4, true), 0, 2);
    flow.rule();
    flow.text(tr("Print spool"), flow.font(4.2, true), 1);
    flow.text(h.spool.statement, flow.font(3.4), 0, 0);
    painter.end();
    return {};
}

Result<void> writeHoldingsPdf(const QString &path, const Holdings &holdings)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setTitle(tr("What station %1 holds, %2").arg(holdings.stationCode, holdings.generatedAt.left(10)));
    writer.setCreator(QStringLiteral("Tessera"));
    if (auto r = renderHoldingsReport(writer, holdings); !r)
        return fail(ErrorCode::Io,
                    tr("The holdings report could not be written to %1. Choose another folder.").arg(path));
    return {};
}

} // namespace tessera
