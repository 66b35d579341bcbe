#pragma once

#include "core/util/Error.h"

#include <QImage>
#include <QString>

#include <memory>
#include <optional>

#include <vector>

namespace tessera {

class FrameSource;
struct CameraInfo;

// Frames a document camera is left to run before its still is kept: auto exposure and
// focus need a few to settle on a page laid under it.
inline constexpr int kDocumentCameraSettleFrames = 8;

// One still picture of a document from `source` (a document camera, or in tests a still or
// a video standing in for one): `settleFrames` frames go by, the next one is kept. Frames
// passed over have their pixels cleared. The picture lives only in memory. An error when
// the source fails or ends before giving it, with the source's message. Blocks while the
// camera delivers frames (a V4L2 camera: at most a few seconds): call it off the GUI thread.
Result<QImage> takeDocumentPicture(FrameSource &source, int settleFrames = kDocumentCameraSettleFrames);

// Which of `cameras` photographs documents: the first whose driver name differs from the
// photo step's camera, so a counter with a portrait camera and a document camera uses each
// for its own job (a camera's metadata node carries its camera's name, and is passed over);
// else the photo camera itself (one camera at the counter, the document held under it); with
// no photo camera known, the first. None when the list is empty.
std::optional<int> chooseDocumentCamera(const std::vector<CameraInfo> &cameras, std::optional<int> photoCamera);

// The station's document camera (chooseDocumentCamera over listCameras(devDir, sysDir)),
// opened asking for 4K; the driver gives the nearest size it has. NotFound, with a message
// for the clerk, when no camera is connected; the camera's own message when it cannot be
// opened (for example, in use by the photo step).
Result<std::unique_ptr<FrameSource>>
openDocumentCamera(std::optional<int> photoCamera, const QString &devDir = QStringLiteral("/dev"),
                   const QString &sysDir = QStringLiteral("/sys/class/video4linux"));

} // namespace tessera
