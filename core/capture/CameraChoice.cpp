#include "core/capture/CameraChoice.h"

namespace tessera {

namespace {

bool isPlausible(const CameraChoice &c)
{
    if (!c.videoFile.isEmpty())
        return c.videoFile.size() <= 4096;
    return c.index >= 0 && c.index <= 255 && c.resolution.width() >= 160 && c.resolution.height() >= 120
        && c.resolution.width() <= 8192 && c.resolution.height() <= 8192;
}

} // namespace

Result<std::optional<CameraChoice>> loadCameraChoice(StationSettings &settings)
{
    auto recorded = settings.photoCamera();
    if (!recorded)
        return std::unexpected(recorded.error());
    if (!*recorded || !isPlausible(**recorded))
        return std::optional<CameraChoice>();
    return *recorded;
}

Result<void> saveCameraChoice(StationSettings &settings, const CameraChoice &choice)
{
    if (!isPlausible(choice))
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("Choose a camera number from 0 to 255 and a resolution from 160 x 120 to 8192 x 8192."));
    return settings.setPhotoCamera(choice);
}

} // namespace tessera
