#pragma once

#include "core/station/StationAccess.h"

#include <QImage>

#include <optional>

namespace tessera {

struct Programme;

// The photo crop of an enrollment, for its card: the JPEG the photo station stored
// (EnrollmentPhotos), decoded. Nothing when the enrollment has no photo or it cannot be read;
// the card then shows a neutral silhouette. The one place the card side reads the photo from.
std::optional<QImage> cardPhoto(StationAccess access, const Programme &programme, qint64 enrollmentId);

} // namespace tessera
