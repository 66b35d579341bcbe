#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"

#include <QByteArray>

#include <chrono>
#include <cstdint>

namespace tessera::crypto {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kSaltBytes = 16;
inline constexpr std::uint64_t kMiB = 1024ull * 1024ull;
// The floor for operator slots: Argon2id with at least 256 MiB.
inline constexpr std::uint64_t kMinSlotMemLimit = 256 * kMiB;

// Argon2id parameters (RFC 9106), as libsodium's crypto_pwhash takes them.
struct KdfParams {
    std::uint64_t opsLimit = 0;
    std::uint64_t memLimitBytes = 0;
    friend bool operator==(const KdfParams &, const KdfParams &) = default;
};

// Times Argon2id on this machine and picks the operations count that takes about `target`
// with `memLimitBytes` of memory. Runs a few derivations: call it at set-up, not per login.
KdfParams calibrateKdf(std::chrono::milliseconds target, std::uint64_t memLimitBytes = kMinSlotMemLimit);

// A 32-byte key from a password with Argon2id. Fails if the parameters are outside
// libsodium's limits or memory cannot be had.
Result<SecureBuffer> deriveKey(const SecureBuffer &password, const QByteArray &salt, const KdfParams &params);

// XChaCha20-Poly1305 (IETF). seal() returns nonce || ciphertext || tag with a fresh random
// nonce; open() fails with ErrorCode::Crypto if the key, data or associated data differ.
QByteArray seal(const SecureBuffer &key, std::span<const unsigned char> plaintext, const QByteArray &aad);
Result<SecureBuffer> open(const SecureBuffer &key, const QByteArray &sealed, const QByteArray &aad);

QByteArray randomBytes(std::size_t size);
// BLAKE2b-256.
QByteArray hash(const QByteArray &data);
// BLAKE2b-256 keyed with `key` (16..64 bytes), for derived keys and fingerprints.
SecureBuffer keyedHash(const SecureBuffer &key, const QByteArray &message);
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

// A 256-bit recovery key as a clerk can copy it from paper: Crockford base32 in groups of
// four ("7KQ2-…"). decodeRecoveryKey() accepts either case, spaces or dashes, and O/I/L.
SecureBuffer encodeRecoveryKey(const SecureBuffer &key);
Result<SecureBuffer> decodeRecoveryKey(const SecureBuffer &text);

} // namespace tessera::crypto
