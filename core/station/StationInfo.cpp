#include "core/station/StationInfo.h"

#include "core/store/StationSettings.h"
#include "core/util/Clock.h"

namespace tessera {

namespace {

// The store's facts, read through its one owner. Every read is made; the first error wins.
Result<void> readRecordedFacts(StationSettings &settings, StationInfo &i)
{
    std::optional<Error> error;
    auto take = [&error](auto &&read, auto &out, auto convert) {
        if (read)
            out = convert(*read);
        else if (!error)
            error = read.error();
    };
    const auto same = [](const auto &v) { return v; };
    const auto iso = [](const QDateTime &t) { return isoUtc(t); };
    take(settings.stationName(), i.name, same);
    take(settings.stationCode(), i.code, same);
    take(settings.storeId(), i.storeId, [](const QByteArray &id) { return QString::fromLatin1(id.toHex()); });
    take(settings.createdAt(), i.createdAt, iso);
    take(settings.autoLockSeconds(), i.autoLockSeconds, same);
    take(settings.isDemo(), i.demo, same);
    take(settings.slotKdf(), i.slotKdf,
         [](const std::optional<crypto::KdfParams> &kdf) { return kdf.value_or(crypto::KdfParams {}); });
    take(settings.keysRekeyedAt(), i.lastRekeyAt,
         [&](const std::optional<QDateTime> &at) { return at ? iso(*at) : QString(); });
    // The store records the epoch of the key file it belongs to (StationKeyFile.cpp keeps the
    // two in step).
    take(settings.keysEpoch(), i.keyEpoch, same);
    if (error)
        return std::unexpected(*error);
    return {};
}

} // namespace

Result<StationInfo> readStationInfo(Database &db)
{
    StationInfo i;
    StationSettings settings(db);
    if (auto r = readRecordedFacts(settings, i); !r)
        return std::unexpected(r.error());
    auto version = db.scalar(QStringLiteral("PRAGMA user_version"));
    if (!version)
        return std::unexpected(version.error());
    i.schemaVersion = static_cast<int>(version->toLongLong());
    i.cipherVersion = db.cipherVersion();
    return i;
}

} // namespace tessera
