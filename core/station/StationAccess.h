#pragma once

#include "core/audit/AuditLog.h"
#include "core/station/Session.h"
#include "core/store/Database.h"
#include "core/util/Clock.h"

namespace tessera {

// What a module that acts for the signed-in operator works with: the open store, its audit
// log, the clock and the session. Station::access() hands it to whoever wires the modules
// (the shell, the CLI, tests); a module that needs fewer of these takes only those. The
// references are into the Station and valid while it is open; not thread-safe (like it).
struct StationAccess {
    Database &db;
    AuditLog &audit;
    const Clock &clock;
    Session &session;
};

} // namespace tessera
