#pragma once

#include "core/store/Database.h"

namespace tessera {

// Numbered migrations; each runs inside its own transaction together with the
// `PRAGMA user_version` bump, so a store is always at exactly one schema version.
int latestSchemaVersion();
// Applies what is missing. Refuses a store whose version is newer than this build knows.
Result<void> migrate(Database &db);

} // namespace tessera
