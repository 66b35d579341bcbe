#pragma once

#include "util/Error.h"

#include <QSize>

#include <optional>

namespace tessera {

class Database;

// The camera this station's photo step opens, and the resolution it asks for: chosen once by
// a clerk, kept in the station's store (not per operator: the camera belongs to the counter).
struct CameraChoice {
    int index = 0;
    QSize resolution{1280, 720};
};

// None until someone chose; a damaged value is treated as none.
Result<std::optional<CameraChoice>> loadCameraChoice(Database &db);
// Any signed-in operator may choose (the clerk at the counter does).
Result<void> saveCameraChoice(Database &db, const CameraChoice &choice);

} // namespace tessera
