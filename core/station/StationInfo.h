#pragma once

#include "core/crypto/Crypto.h"
#include "core/store/Database.h"
#include "core/store/KeySlots.h"

#include <QString>

namespace tessera {

// What a station is: its name and code, how its store and key file are made. Station::info()
// fills every field; readStationInfo() only those the store records.
struct StationInfo {
    QString name;
    QString code;
    QString storeId;
    QString createdAt;
    int schemaVersion = 0;
    QString cipherVersion;
    CipherSettings cipher;
    crypto::KdfParams slotKdf;
    LoginPolicy loginPolicy;
    int autoLockSeconds = 0;
    int operatorSlots = 0;
    int keyFileVersion = 0;
    int keyEpoch = 0;    // raised by every re-key
    QString lastRekeyAt; // ISO 8601 UTC, empty when never
    bool demo = false;
};

// The station facts recorded in the store (name, code, store id, creation, schema and cipher
// versions, slot KDF, auto-lock, demo flag, key epoch and last re-key), for modules that are
// given the store and not the Station. The key-file fields (cipher settings, login policy,
// slots, key-file version) stay at their defaults.
Result<StationInfo> readStationInfo(Database &db);

} // namespace tessera
