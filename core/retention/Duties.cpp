#include "retention/Duties.h"

namespace tessera {

Result<DutiesReport> runScheduledDuties(Station &station)
{
    DutiesReport report;
    auto purge = runPurge(station, station.clock(), PurgeOptions{});
    if (!purge)
        return std::unexpected(purge.error());
    report.purge = *purge;
    report.printedOnlyDestroyed = static_cast<int>(purge->count(QString::fromLatin1(purge_class::kPrintedOnly)));
    return report;
}

} // namespace tessera
