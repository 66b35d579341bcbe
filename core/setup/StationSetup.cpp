#include "core/setup/StationSetup.h"

#include "core/cards/IssuerKey.h"

namespace tessera {

Result<Station::Created> setUpStation(const QString &dir, Station::Setup setup, const Clock &clock)
{
    auto created = Station::create(dir, std::move(setup), clock);
    if (!created)
        return created;
    if (auto key = IssuerKey::ensure(created->station->access()); !key)
        return std::unexpected(key.error());
    return created;
}

} // namespace tessera
