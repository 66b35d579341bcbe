#include "cards/CardPhoto.h"

namespace tessera {

std::optional<QImage> cardPhoto(Station &station, qint64 enrollmentId)
{
    (void)station;
    (void)enrollmentId;
    return std::nullopt;
}

} // namespace tessera
