#pragma once

#include "core/retention/Purge.h"
#include "core/station/StationAccess.h"

namespace tessera {

struct DutiesReport {
    int printedOnlyDestroyed = 0; // enrollments whose printed-only values passed their holding period
    PurgeReport purge;            // everything the scheduled purge removed, by class
};

// The retention work that must happen whether or not anyone remembers it, run after every
// sign-in (desktop and CLI) and, in the desktop, hourly while it runs: the full purge
// (runPurge) on the station's clock. Idempotent and cheap when there is nothing to do.
// Audited as the station (operator 0), with counts only.
Result<DutiesReport> runScheduledDuties(StationAccess access);

} // namespace tessera
