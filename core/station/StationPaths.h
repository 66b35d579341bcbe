#pragma once

#include <QString>

namespace tessera {

// Where a station's files live: the SQLCipher store, the key-slot file and the login
// throttle file, side by side in one folder.
struct StationPaths {
    QString dir;
    QString store() const { return dir + QStringLiteral("/station.db"); }
    QString keys() const { return dir + QStringLiteral("/station.keys"); }
    QString throttle() const { return dir + QStringLiteral("/station.throttle"); }
    // The key file of a re-key in progress (see Station::rekey).
    QString nextKeys() const { return dir + QStringLiteral("/station.keys.next"); }
};

} // namespace tessera
