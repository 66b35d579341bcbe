#pragma once

#include "core/station/StationAccess.h"

#include <QJsonValue>

namespace tessera {
struct Programme;
} // namespace tessera

namespace tessera::cli {

class CommandRegistry;

// The photo verbs, which need no station and no sign-in: photo check, photo crop,
// photo make-demo-video (the stand-in camera video, tools/DemoVideo.h), bench photo and
// bench preview (tools/PhotoBenchmark.h).
void addPhotoCommands(CommandRegistry &registry);

// For `enrollment show`: whether the enrollment has its card photo, its size, how it was
// taken and the overridden checks with their reason codes (null when there is no photo;
// the error text when it cannot be read).
QJsonValue photoSummary(StationAccess access, const Programme &programme, qint64 enrollmentId);

} // namespace tessera::cli
