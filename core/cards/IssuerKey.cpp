#include "core/cards/IssuerKey.h"

#include "core/crypto/Crypto.h"
#include "core/crypto/Signing.h"
#include "core/store/StationSettings.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tessera {

namespace {

constexpr auto kFormat = "tessera-issuer-public-key";
constexpr int kFormatVersion = 1;

} // namespace

QByteArray issuerKeyId(const QByteArray &publicKey)
{
    return crypto::hash(publicKey).left(4);
}

QByteArray IssuerPublicKey::toFile() const
{
    return QJsonDocument(QJsonObject {{QStringLiteral("format"), QLatin1String(kFormat)},
                                      {QStringLiteral("format_version"), kFormatVersion},
                                      {QStringLiteral("algorithm"), QStringLiteral("Ed25519")},
                                      {QStringLiteral("key_id"), keyIdText()},
                                      {QStringLiteral("station_code"), stationCode},
                                      {QStringLiteral("public_key"), QString::fromLatin1(publicKey.toBase64())}})
        .toJson(QJsonDocument::Indented);
}

Result<IssuerPublicKey> IssuerPublicKey::fromFile(const QByteArray &bytes)
{
    const auto bad = [](const QString &why) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Public key file: %1. Export it again with tessera-cli card pubkey.").arg(why));
    };
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return bad(QStringLiteral("not valid JSON"));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return bad(QStringLiteral("format is not \"%1\"").arg(QLatin1String(kFormat)));
    if (o.value(QStringLiteral("format_version")).toInt() != kFormatVersion)
        return bad(QStringLiteral("format_version must be %1").arg(kFormatVersion));
    IssuerPublicKey k;
    k.publicKey = QByteArray::fromBase64(o.value(QStringLiteral("public_key")).toString().toLatin1());
    if (k.publicKey.size() != static_cast<qsizetype>(crypto::kSignPublicKeyBytes))
        return bad(QStringLiteral("public_key must be 32 bytes in base64"));
    k.keyId = issuerKeyId(k.publicKey);
    if (o.value(QStringLiteral("key_id")).toString() != k.keyIdText())
        return bad(QStringLiteral("key_id does not match public_key"));
    k.stationCode = o.value(QStringLiteral("station_code")).toString();
    return k;
}

Result<IssuerKey> IssuerKey::ensure(StationAccess access)
{
    Database &db = access.db;
    StationSettings settings(db);
    auto publicKey = settings.issuerPublicKey();
    if (!publicKey)
        return std::unexpected(publicKey.error());
    auto code = settings.stationCode();
    if (!code)
        return std::unexpected(code.error());
    IssuerKey key;
    key.m_public.stationCode = *code;
    if (!*publicKey) {
        crypto::SigningKeyPair pair = crypto::generateSigningKeyPair();
        auto stored = db.transaction([&]() -> Result<void> {
            if (auto r = settings.recordIssuerKey(pair.publicKey, pair.secretKey); !r)
                return r;
            auto e = access.audit.append(
                access.session.currentOperator().id, QStringLiteral("issuer_key.created"), QStringLiteral("station"),
                {{QStringLiteral("key_id"), QString::fromLatin1(issuerKeyId(pair.publicKey).toHex())}});
            if (!e)
                return std::unexpected(e.error());
            return {};
        });
        if (!stored)
            return std::unexpected(stored.error());
        key.m_public.publicKey = pair.publicKey;
        key.m_secret = std::move(pair.secretKey);
    } else {
        auto secret = settings.issuerSecretKey();
        if (!secret)
            return std::unexpected(secret.error());
        key.m_public.publicKey = **publicKey;
        if (*secret)
            key.m_secret = std::move(**secret);
        // The secret key ends with its public key (libsodium's form): a mismatch is damage.
        if (key.m_secret.size() != crypto::kSignSecretKeyBytes
            || key.m_public.publicKey.size() != static_cast<qsizetype>(crypto::kSignPublicKeyBytes)
            || QByteArray(reinterpret_cast<const char *>(key.m_secret.data()) + 32, 32) != key.m_public.publicKey)
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral("The station's issuer key is damaged. Restore the store from a backup."));
    }
    key.m_public.keyId = issuerKeyId(key.m_public.publicKey);
    return key;
}

Result<QByteArray> IssuerKey::sign(const QByteArray &message) const
{
    return crypto::sign(m_secret, message);
}

} // namespace tessera
