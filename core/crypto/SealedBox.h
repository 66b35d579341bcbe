#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"

#include <QByteArray>

#include <span>

namespace tessera::crypto {

// X25519 sealed boxes (libsodium's crypto_box_seal: an ephemeral key pair, X25519 and
// XSalsa20-Poly1305). Anyone may seal to a public key; only the holder of the secret key
// opens. The station's key file uses them so that a re-key can hand the new store key to
// every operator knowing only their public keys. Public and secret keys are 32 bytes; a box
// is 48 bytes longer than what it holds.
inline constexpr std::size_t kBoxPublicKeyBytes = 32;
inline constexpr std::size_t kBoxSecretKeyBytes = 32;
inline constexpr std::size_t kSealOverheadBytes = 48;

struct BoxKeyPair {
    QByteArray publicKey;
    SecureBuffer secretKey;
};

BoxKeyPair generateBoxKeyPair();
// The public key of a secret key (an empty array when the secret has the wrong length).
QByteArray boxPublicKeyOf(const SecureBuffer &secretKey);
QByteArray sealTo(const QByteArray &publicKey, std::span<const unsigned char> plaintext);
// Fails with ErrorCode::Crypto when the box was not sealed to this key pair or was altered.
Result<SecureBuffer> openSealed(const QByteArray &publicKey, const SecureBuffer &secretKey, const QByteArray &box);

} // namespace tessera::crypto
