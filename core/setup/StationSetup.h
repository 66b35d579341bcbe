#pragma once

#include "core/station/Station.h"

namespace tessera {

// Sets a station up: the encrypted store, the first administrator and the recovery key
// (Station::create), then the card issuer key (IssuerKey::ensure), so that a new station can
// sign cards from its first minute. Stations made before cards existed get their issuer key
// on first use instead. Lives above station and cards so that neither includes the other.
Result<Station::Created> setUpStation(const QString &dir, Station::Setup setup, const Clock &clock);

} // namespace tessera
