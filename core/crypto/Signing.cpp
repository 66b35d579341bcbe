#include "core/crypto/Signing.h"

#include "core/crypto/Sodium_p.h"

namespace tessera::crypto {

static_assert(crypto_sign_PUBLICKEYBYTES == kSignPublicKeyBytes);
static_assert(crypto_sign_SECRETKEYBYTES == kSignSecretKeyBytes);
static_assert(crypto_sign_BYTES == kSignatureBytes);

SigningKeyPair generateSigningKeyPair()
{
    sodium::ensureInitialised();
    SigningKeyPair pair;
    pair.publicKey.resize(kSignPublicKeyBytes);
    pair.secretKey = SecureBuffer(kSignSecretKeyBytes);
    crypto_sign_keypair(reinterpret_cast<unsigned char *>(pair.publicKey.data()), pair.secretKey.data());
    return pair;
}

QByteArray signingPublicKeyOf(const SecureBuffer &secretKey)
{
    sodium::ensureInitialised();
    if (secretKey.size() != kSignSecretKeyBytes)
        return {};
    QByteArray publicKey(kSignPublicKeyBytes, '\0');
    crypto_sign_ed25519_sk_to_pk(reinterpret_cast<unsigned char *>(publicKey.data()), secretKey.data());
    return publicKey;
}

Result<QByteArray> sign(const SecureBuffer &secretKey, const QByteArray &message)
{
    sodium::ensureInitialised();
    if (secretKey.size() != kSignSecretKeyBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("The issuer key is damaged (wrong length)."));
    QByteArray signature(kSignatureBytes, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char *>(message.constData()),
                         static_cast<unsigned long long>(message.size()), secretKey.data());
    return signature;
}

bool verifySignature(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature)
{
    sodium::ensureInitialised();
    if (publicKey.size() != static_cast<qsizetype>(kSignPublicKeyBytes)
        || signature.size() != static_cast<qsizetype>(kSignatureBytes))
        return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(signature.constData()),
                                       reinterpret_cast<const unsigned char *>(message.constData()),
                                       static_cast<unsigned long long>(message.size()),
                                       reinterpret_cast<const unsigned char *>(publicKey.constData()))
        == 0;
}

} // namespace tessera::crypto
