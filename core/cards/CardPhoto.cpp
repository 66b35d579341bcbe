#include "core/cards/CardPhoto.h"

#include "core/enrollment/EnrollmentPhotos.h"

namespace tessera {

std::optional<QImage> cardPhoto(StationAccess access, const Programme &programme, qint64 enrollmentId)
{
    auto photo = EnrollmentPhotos(access, programme).photo(enrollmentId);
    if (!photo || !*photo)
        return std::nullopt;
    QImage image = QImage::fromData((*photo)->jpeg, "JPEG");
    if (image.isNull())
        return std::nullopt;
    return image;
}

} // namespace tessera
