#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/station/StationAccess.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QString>

namespace tessera {

// The public half of a station's issuer key, as partner verifiers receive it
// (`tessera-cli card pubkey --out FILE`): a small JSON file with the key id, the Ed25519
// public key in base64 and the station code. Holds nothing secret.
struct IssuerPublicKey {
    QByteArray publicKey; // 32 bytes
    QByteArray keyId;     // 4 bytes: the first bytes of BLAKE2b-256 of the public key
    QString stationCode;

    QByteArray toFile() const;
    static Result<IssuerPublicKey> fromFile(const QByteArray &bytes);
    QString keyIdText() const { return QString::fromLatin1(keyId.toHex()); }
};

QByteArray issuerKeyId(const QByteArray &publicKey);

// The station's Ed25519 issuer key. Made at station set-up (and on first use by stations
// made before cards existed); the secret half lives only in the encrypted store's meta table
// and, while loaded, in secure memory. Not thread-safe.
class IssuerKey {
public:
    // Loads the key, creating and storing it first if the station has none.
    static Result<IssuerKey> ensure(StationAccess access);

    const IssuerPublicKey &publicKey() const { return m_public; }
    const SecureBuffer &secretKey() const { return m_secret; }
    Result<QByteArray> sign(const QByteArray &message) const;

private:
    IssuerPublicKey m_public;
    SecureBuffer m_secret;
};

} // namespace tessera
