#include "core/station/StationInfo.h"

namespace tessera {

Result<StationInfo> readStationInfo(Database &db)
{
    StationInfo i;
    std::optional<Error> error;
    auto get = [&](const char *key) {
        auto v = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {QString::fromLatin1(key)});
        if (!v) {
            error = error.value_or(v.error());
            return QString();
        }
        return v->toString();
    };
    i.name = get("station_name");
    i.code = get("station_code");
    i.storeId = get("store_id");
    i.createdAt = get("created_at");
    i.autoLockSeconds = get("auto_lock_seconds").toInt();
    i.demo = get("demo") == QLatin1String("1");
    i.slotKdf = crypto::KdfParams {get("slot_kdf_ops").toULongLong(), get("slot_kdf_mem").toULongLong()};
    i.lastRekeyAt = get("keys_rekeyed_at");
    // The store records the epoch of the key file it belongs to (StationKeyFile.cpp keeps the two in step).
    i.keyEpoch = get("keys_epoch").toInt();
    if (error)
        return std::unexpected(*error);
    auto version = db.scalar(QStringLiteral("PRAGMA user_version"));
    if (!version)
        return std::unexpected(version.error());
    i.schemaVersion = static_cast<int>(version->toLongLong());
    i.cipherVersion = db.cipherVersion();
    return i;
}

} // namespace tessera
