#pragma once

#include "core/programme/Programme.h"
#include "core/station/StationAccess.h"
#include "core/store/HeldRows.h"

#include <optional>

namespace tessera {

// The programmes a station has loaded, kept in the store as the JSON that was validated, so
// that every enrollment can be re-read under the rules version it was scored with.
// Loading is an administrator's action and is audited (programme id and version only).
// A changed file must carry a new rules_version; the same version with other rules is refused.
Result<Programme> installProgramme(StationAccess access, const QByteArray &json);
Result<std::optional<Programme>> activeProgramme(Database &db);
Result<Programme> programmeVersion(Database &db, const QString &programmeId, const QString &rulesVersion);
// For the holdings report: the rules files loaded (every version), and when the first was.
Result<HeldRows> programmesHeld(Database &db);

} // namespace tessera
