#include "core/crypto/SealedBox.h"

#include "core/crypto/Sodium_p.h"

namespace tessera::crypto {

static_assert(crypto_box_PUBLICKEYBYTES == kBoxPublicKeyBytes);
static_assert(crypto_box_SECRETKEYBYTES == kBoxSecretKeyBytes);
static_assert(crypto_box_SEALBYTES == kSealOverheadBytes);

BoxKeyPair generateBoxKeyPair()
{
    sodium::ensureInitialised();
    BoxKeyPair pair;
    pair.publicKey.resize(kBoxPublicKeyBytes);
    pair.secretKey = SecureBuffer(kBoxSecretKeyBytes);
    crypto_box_keypair(reinterpret_cast<unsigned char *>(pair.publicKey.data()), pair.secretKey.data());
    return pair;
}

QByteArray boxPublicKeyOf(const SecureBuffer &secretKey)
{
    sodium::ensureInitialised();
    if (secretKey.size() != kBoxSecretKeyBytes)
        return {};
    QByteArray publicKey(kBoxPublicKeyBytes, '\0');
    crypto_scalarmult_base(reinterpret_cast<unsigned char *>(publicKey.data()), secretKey.data());
    return publicKey;
}

QByteArray sealTo(const QByteArray &publicKey, std::span<const unsigned char> plaintext)
{
    sodium::ensureInitialised();
    Q_ASSERT(publicKey.size() == static_cast<qsizetype>(kBoxPublicKeyBytes));
    QByteArray box(static_cast<qsizetype>(plaintext.size() + kSealOverheadBytes), '\0');
    crypto_box_seal(reinterpret_cast<unsigned char *>(box.data()), plaintext.data(), plaintext.size(),
                    reinterpret_cast<const unsigned char *>(publicKey.constData()));
    return box;
}

Result<SecureBuffer> openSealed(const QByteArray &publicKey, const SecureBuffer &secretKey, const QByteArray &box)
{
    sodium::ensureInitialised();
    if (publicKey.size() != static_cast<qsizetype>(kBoxPublicKeyBytes) || secretKey.size() != kBoxSecretKeyBytes
        || box.size() <= static_cast<qsizetype>(kSealOverheadBytes))
        return fail(ErrorCode::Crypto, QStringLiteral("A sealed key has the wrong length."));
    SecureBuffer plain(static_cast<std::size_t>(box.size()) - kSealOverheadBytes);
    if (crypto_box_seal_open(plain.data(), reinterpret_cast<const unsigned char *>(box.constData()),
                             static_cast<unsigned long long>(box.size()),
                             reinterpret_cast<const unsigned char *>(publicKey.constData()), secretKey.data())
        != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("A sealed key could not be opened with this key pair."));
    return plain;
}

} // namespace tessera::crypto
