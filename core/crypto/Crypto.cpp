#include "core/crypto/Crypto.h"

#include "core/crypto/Sodium_p.h"

#include <QElapsedTimer>

#include <algorithm>
#include <stdexcept>

namespace tessera::sodium {

void ensureInitialised()
{
    static const bool ok = sodium_init() >= 0;
    if (!ok)
        throw std::runtime_error("libsodium could not be initialised");
}

} // namespace tessera::sodium

namespace tessera::crypto {

using sodium::ensureInitialised;

KdfParams calibrateKdf(std::chrono::milliseconds target, std::uint64_t memLimitBytes)
{
    ensureInitialised();
    const SecureBuffer probe = SecureBuffer::random(16);
    const QByteArray salt = randomBytes(kSaltBytes);
    // Argon2id's time grows linearly with passes at fixed memory; time one pass over two
    // runs (the first pays for page faults) and scale.
    KdfParams params {1, memLimitBytes};
    qint64 best = std::numeric_limits<qint64>::max();
    for (int run = 0; run < 2; ++run) {
        QElapsedTimer timer;
        timer.start();
        if (!deriveKey(probe, salt, params))
            break;
        best = std::min(best, timer.elapsed());
    }
    if (best <= 0 || best == std::numeric_limits<qint64>::max())
        return KdfParams {crypto_pwhash_OPSLIMIT_MODERATE, memLimitBytes};
    const auto ops = static_cast<std::uint64_t>(std::max<qint64>(1, (target.count() + best / 2) / best));
    return KdfParams {std::clamp<std::uint64_t>(ops, 1, 32), memLimitBytes};
}

Result<SecureBuffer> deriveKey(const SecureBuffer &password, const QByteArray &salt, const KdfParams &params)
{
    ensureInitialised();
    if (salt.size() != crypto_pwhash_SALTBYTES)
        return fail(ErrorCode::Crypto, QStringLiteral("Key derivation salt has the wrong length."));
    if (params.opsLimit < crypto_pwhash_OPSLIMIT_MIN || params.opsLimit > crypto_pwhash_OPSLIMIT_MAX
        || params.memLimitBytes < crypto_pwhash_MEMLIMIT_MIN || params.memLimitBytes > crypto_pwhash_MEMLIMIT_MAX)
        return fail(ErrorCode::Crypto, QStringLiteral("Key derivation parameters are out of range."));
    SecureBuffer key(kKeyBytes);
    const int rc =
        crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char *>(password.data()), password.size(),
                      reinterpret_cast<const unsigned char *>(salt.constData()), params.opsLimit,
                      static_cast<std::size_t>(params.memLimitBytes), crypto_pwhash_ALG_ARGON2ID13);
    if (rc != 0)
        return fail(ErrorCode::Crypto,
                    QStringLiteral("Not enough memory to check the password. Close other programs and try again."));
    return key;
}

QByteArray seal(const SecureBuffer &key, std::span<const unsigned char> plaintext, const QByteArray &aad)
{
    ensureInitialised();
    Q_ASSERT(key.size() == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    constexpr auto nonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    QByteArray out(static_cast<qsizetype>(nonceBytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES),
                   Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(out.data());
    randombytes_buf(nonce, nonceBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + nonceBytes, &written, plaintext.data(), plaintext.size(),
                                               reinterpret_cast<const unsigned char *>(aad.constData()),
                                               static_cast<unsigned long long>(aad.size()), nullptr, nonce, key.data());
    out.truncate(static_cast<qsizetype>(nonceBytes + written));
    return out;
}

Result<SecureBuffer> open(const SecureBuffer &key, const QByteArray &sealed, const QByteArray &aad)
{
    ensureInitialised();
    constexpr auto nonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    constexpr auto tagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES
        || static_cast<std::size_t>(sealed.size()) < nonceBytes + tagBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("Sealed data is too short."));
    const auto *nonce = reinterpret_cast<const unsigned char *>(sealed.constData());
    const std::size_t cipherBytes = static_cast<std::size_t>(sealed.size()) - nonceBytes;
    SecureBuffer plain(cipherBytes - tagBytes);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &written, nullptr, nonce + nonceBytes, cipherBytes,
                                                   reinterpret_cast<const unsigned char *>(aad.constData()),
                                                   static_cast<unsigned long long>(aad.size()), nonce, key.data())
        != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("Sealed data could not be opened with this key."));
    return plain;
}

QByteArray randomBytes(std::size_t size)
{
    ensureInitialised();
    QByteArray out(static_cast<qsizetype>(size), Qt::Uninitialized);
    randombytes_buf(out.data(), size);
    return out;
}

QByteArray hash(const QByteArray &data)
{
    ensureInitialised();
    QByteArray out(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(out.data()), crypto_generichash_BYTES,
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       static_cast<unsigned long long>(data.size()), nullptr, 0);
    return out;
}

SecureBuffer keyedHash(const SecureBuffer &key, const QByteArray &message)
{
    ensureInitialised();
    Q_ASSERT(key.size() >= crypto_generichash_KEYBYTES_MIN && key.size() <= crypto_generichash_KEYBYTES_MAX);
    SecureBuffer out(crypto_generichash_BYTES);
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char *>(message.constData()),
                       static_cast<unsigned long long>(message.size()), key.data(), key.size());
    return out;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    ensureInitialised();
    return a.size() == b.size()
        && (a.isEmpty() || sodium_memcmp(a.constData(), b.constData(), static_cast<std::size_t>(a.size())) == 0);
}

namespace {
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int crockfordValue(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        c = static_cast<unsigned char>(c - 'a' + 'A');
    switch (c) {
    case 'O':
        return 0;
    case 'I':
    case 'L':
        return 1;
    default:
        break;
    }
    for (int i = 0; i < 32; ++i)
        if (static_cast<unsigned char>(kCrockford[i]) == c)
            return i;
    return -1;
}
} // namespace

SecureBuffer encodeRecoveryKey(const SecureBuffer &key)
{
    const std::size_t symbols = (key.size() * 8 + 4) / 5;
    const std::size_t groups = (symbols + 3) / 4;
    SecureBuffer out(symbols + (groups - 1));
    std::size_t pos = 0;
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t written = 0;
    auto put = [&](unsigned v) {
        if (written > 0 && written % 4 == 0)
            out.data()[pos++] = '-';
        out.data()[pos++] = static_cast<unsigned char>(kCrockford[v & 31u]);
        ++written;
    };
    for (std::size_t i = 0; i < key.size(); ++i) {
        acc = (acc << 8) | key.data()[i];
        bits += 8;
        while (bits >= 5) {
            put(acc >> (bits - 5));
            bits -= 5;
        }
    }
    if (bits > 0)
        put(acc << (5 - bits));
    sodium_memzero(&acc, sizeof acc);
    return out;
}

Result<SecureBuffer> decodeRecoveryKey(const SecureBuffer &text)
{
    SecureBuffer out(kKeyBytes);
    std::size_t pos = 0;
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t symbols = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = text.data()[i];
        if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        const int v = crockfordValue(c);
        if (v < 0)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("The recovery key contains a character that is not on the recovery sheet."));
        ++symbols;
        acc = (acc << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            if (pos == out.size())
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("The recovery key is too long; check it against the sheet."));
            out.data()[pos++] = static_cast<unsigned char>(acc >> (bits - 8));
            bits -= 8;
        }
    }
    sodium_memzero(&acc, sizeof acc);
    if (pos != out.size() || symbols != (kKeyBytes * 8 + 4) / 5)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The recovery key should have 52 characters; check it against the sheet."));
    return out;
}

} // namespace tessera::crypto
