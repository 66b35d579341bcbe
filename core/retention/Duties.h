#pragma once

#include "station/Station.h"

namespace tessera {

struct DutiesReport {
    int printedOnlyDestroyed = 0; // enrollments whose printed-only values passed their holding period
};

// The retention work that must happen whether or not anyone remembers it, run after every
// sign-in (desktop and CLI) and, in the desktop, daily while it runs. Idempotent and cheap
// when there is nothing to do. Audited as the station (operator 0), with counts only.
Result<DutiesReport> runScheduledDuties(Station &station);

} // namespace tessera
