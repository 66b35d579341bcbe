#include "core/document/DocumentCamera.h"

#include "core/capture/FrameSource.h"

#include <QSize>

#include <algorithm>
#include <string.h>

namespace tessera {

namespace {

void wipe(QImage &image)
{
    if (!image.isNull() && image.isDetached())
        explicit_bzero(image.bits(), static_cast<size_t>(image.sizeInBytes()));
    image = QImage();
}

} // namespace

Result<QImage> takeDocumentPicture(FrameSource &source, int settleFrames)
{
    for (int passed = 0;; ++passed) {
        auto frame = source.next();
        if (!frame)
            return std::unexpected(frame.error());
        if (!frame->has_value())
            return fail(
                ErrorCode::Io,
                QStringLiteral("%1 stopped before giving a picture of the document; try again, or open a scan of it.")
                    .arg(source.description()));
        if (passed >= settleFrames)
            return std::move(**frame);
        wipe(**frame);
    }
}

std::optional<int> chooseDocumentCamera(const std::vector<CameraInfo> &cameras, std::optional<int> photoCamera)
{
    if (cameras.empty())
        return std::nullopt;
    const auto photo = std::find_if(cameras.begin(), cameras.end(),
                                    [&](const CameraInfo &c) { return photoCamera && c.index == *photoCamera; });
    if (photo == cameras.end())
        return cameras.front().index;
    const auto other = std::find_if(cameras.begin(), cameras.end(), [&](const CameraInfo &c) {
        return c.index != photo->index && !c.name.isEmpty() && c.name != photo->name;
    });
    return other != cameras.end() ? other->index : photo->index;
}

Result<std::unique_ptr<FrameSource>> openDocumentCamera(std::optional<int> photoCamera, const QString &devDir,
                                                        const QString &sysDir)
{
    const std::optional<int> index = chooseDocumentCamera(listCameras(devDir, sysDir), photoCamera);
    if (!index)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("No document camera is connected. Connect it, or open a scan or picture of the "
                                   "document instead."));
    auto camera = CameraSource::open(*index, QSize(3840, 2160), devDir);
    if (!camera)
        return std::unexpected(camera.error());
    return std::unique_ptr<FrameSource>(std::move(*camera));
}

} // namespace tessera
