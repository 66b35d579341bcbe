#include "core/retention/Duties.h"

namespace tessera {

Result<DutiesReport> runScheduledDuties(StationAccess access)
{
    DutiesReport report;
    auto purge = runPurge(access, PurgeOptions {});
    if (!purge)
        return std::unexpected(purge.error());
    report.purge = *purge;
    report.printedOnlyDestroyed = static_cast<int>(purge->count(QString::fromLatin1(purge_class::kPrintedOnly)));
    return report;
}

} // namespace tessera
