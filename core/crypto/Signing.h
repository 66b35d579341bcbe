#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"

#include <QByteArray>

namespace tessera::crypto {

// Ed25519 (RFC 8032) through libsodium's crypto_sign: the issuer key that signs card tokens
// and revocation lists. Public keys are 32 bytes, secret keys 64 (seed and public key, the
// libsodium form), signatures 64.
inline constexpr std::size_t kSignPublicKeyBytes = 32;
inline constexpr std::size_t kSignSecretKeyBytes = 64;
inline constexpr std::size_t kSignatureBytes = 64;

struct SigningKeyPair {
    QByteArray publicKey;
    SecureBuffer secretKey;
};

SigningKeyPair generateSigningKeyPair();
// The public half of a secret key (an empty array when the secret has the wrong length).
QByteArray signingPublicKeyOf(const SecureBuffer &secretKey);
// Detached signature of `message`; the secret key must be kSignSecretKeyBytes long.
Result<QByteArray> sign(const SecureBuffer &secretKey, const QByteArray &message);
// False for any wrong size, key, message or signature; never throws.
bool verifySignature(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature);

} // namespace tessera::crypto
