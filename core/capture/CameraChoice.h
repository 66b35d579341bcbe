#pragma once

#include "core/store/StationSettings.h"
#include "core/util/Error.h"

#include <optional>

namespace tessera {

using CameraChoice = CameraSetting;

// None until someone chose; a damaged value is treated as none.
Result<std::optional<CameraChoice>> loadCameraChoice(StationSettings &settings);
// Any signed-in operator may choose (the clerk at the counter does): no role check here.
Result<void> saveCameraChoice(StationSettings &settings, const CameraChoice &choice);

} // namespace tessera
