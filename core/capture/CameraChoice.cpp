#include "capture/CameraChoice.h"

#include "store/Database.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tessera {

namespace {

constexpr auto kKey = "photo_camera";

} // namespace

Result<std::optional<CameraChoice>> loadCameraChoice(Database &db)
{
    auto value = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {QString::fromLatin1(kKey)});
    if (!value)
        return std::unexpected(value.error());
    if (value->isNull())
        return std::optional<CameraChoice>();
    const QJsonObject o = QJsonDocument::fromJson(value->toString().toUtf8()).object();
    const int index = o.value(QStringLiteral("index")).toInt(-1);
    const QSize size(o.value(QStringLiteral("width")).toInt(), o.value(QStringLiteral("height")).toInt());
    if (index < 0 || index > 255 || size.width() < 160 || size.height() < 120 || size.width() > 8192 || size.height() > 8192)
        return std::optional<CameraChoice>();
    return std::optional<CameraChoice>(CameraChoice{index, size});
}

Result<void> saveCameraChoice(Database &db, const CameraChoice &choice)
{
    if (choice.index < 0 || choice.index > 255 || choice.resolution.width() < 160 || choice.resolution.height() < 120
        || choice.resolution.width() > 8192 || choice.resolution.height() > 8192)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Choose a camera number from 0 to 255 and a resolution from 160 x 120 to 8192 x 8192."));
    const QJsonObject o{{QStringLiteral("index"), choice.index},
                        {QStringLiteral("width"), choice.resolution.width()},
                        {QStringLiteral("height"), choice.resolution.height()}};
    return db.run(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
                                  {QString::fromLatin1(kKey), QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))});
}

} // namespace tessera
