#pragma once

#include <QImage>

#include <optional>

namespace tessera {

class Station;

// The photo crop of an enrollment, for its card. The photo crop is stored by the capture
// work (issue 4); until that is connected this returns nothing and cards show a neutral
// silhouette. The one place the card side reads the photo from.
std::optional<QImage> cardPhoto(Station &station, qint64 enrollmentId);

} // namespace tessera
