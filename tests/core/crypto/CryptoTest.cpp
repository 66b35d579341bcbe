#include "core/crypto/Crypto.h"

#include <catch2/catch.hpp>

#include <random>

using namespace tessera;
using namespace tessera::crypto;

namespace {

KdfParams fast()
{
    return {1, 8 * kMiB};
}

QByteArray someBytes(std::mt19937 &rng, qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (char &c : out)
        c = static_cast<char>(rng() & 0xffu);
    return out;
}

std::span<const unsigned char> span(const QByteArray &b)
{
    return {reinterpret_cast<const unsigned char *>(b.constData()), static_cast<std::size_t>(b.size())};
}

} // namespace

TEST_CASE("Sealed data opens with the same key and associated data", "[crypto][aead]")
{
    std::mt19937 rng(4711);
    const SecureBuffer key = SecureBuffer::random(kKeyBytes);
    const QByteArray plain = someBytes(rng, 100);
    const QByteArray aad = QByteArrayLiteral("tessera-test|slot");

    const QByteArray sealed = seal(key, span(plain), aad);
    CHECK(sealed.size() == 24 + 100 + 16);
    CHECK_FALSE(sealed.contains(plain.left(16)));

    auto opened = open(key, sealed, aad);
    REQUIRE(opened);
    CHECK(QByteArray(reinterpret_cast<const char *>(opened->data()), static_cast<qsizetype>(opened->size())) == plain);

    // A fresh nonce each time: sealing twice never gives the same bytes.
    CHECK(seal(key, span(plain), aad) != sealed);
}

TEST_CASE("Sealed data refuses any flipped bit, other associated data or another key", "[crypto][aead]")
{
    std::mt19937 rng(1234);
    const SecureBuffer key = SecureBuffer::random(kKeyBytes);
    const QByteArray plain = someBytes(rng, 32);
    const QByteArray aad = QByteArrayLiteral("aad-1");
    const QByteArray sealed = seal(key, span(plain), aad);

    // Every region: nonce, ciphertext, tag.
    for (int round = 0; round < 40; ++round) {
        QByteArray bad = sealed;
        const auto pos = static_cast<qsizetype>(rng() % static_cast<unsigned>(bad.size()));
        bad[pos] = static_cast<char>(bad[pos] ^ static_cast<char>(1u << (rng() % 8)));
        INFO("flipped a bit at byte " << pos);
        auto opened = open(key, bad, aad);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == ErrorCode::Crypto);
    }

    CHECK_FALSE(open(key, sealed, QByteArrayLiteral("aad-2")));
    CHECK_FALSE(open(key, sealed, QByteArray()));
    CHECK_FALSE(open(SecureBuffer::random(kKeyBytes), sealed, aad));
    CHECK_FALSE(open(key, sealed.left(39), aad));
    CHECK_FALSE(open(key, sealed.left(sealed.size() - 1), aad));
    CHECK_FALSE(open(SecureBuffer::random(16), sealed, aad));
}

TEST_CASE("Argon2id derivation is deterministic per password and salt", "[crypto][kdf]")
{
    const SecureBuffer password = SecureBuffer::fromText(QStringLiteral("purple lantern oatmeal"));
    const QByteArray salt(kSaltBytes, '\x11');
    auto a = deriveKey(password, salt, fast());
    auto b = deriveKey(password, salt, fast());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->size() == kKeyBytes);
    CHECK(a->equals(*b));

    auto otherSalt = deriveKey(password, QByteArray(kSaltBytes, '\x12'), fast());
    REQUIRE(otherSalt);
    CHECK_FALSE(a->equals(*otherSalt));
    auto otherPassword = deriveKey(SecureBuffer::fromText(QStringLiteral("purple lantern oatmeaL")), salt, fast());
    REQUIRE(otherPassword);
    CHECK_FALSE(a->equals(*otherPassword));
    auto otherParams = deriveKey(password, salt, {2, 8 * kMiB});
    REQUIRE(otherParams);
    CHECK_FALSE(a->equals(*otherParams));
}

TEST_CASE("Argon2id derivation refuses a wrong salt length or parameters out of range", "[crypto][kdf]")
{
    const SecureBuffer password = SecureBuffer::fromText(QStringLiteral("purple lantern oatmeal"));
    auto shortSalt = deriveKey(password, QByteArray(8, 'x'), fast());
    REQUIRE_FALSE(shortSalt);
    CHECK(shortSalt.error().code == ErrorCode::Crypto);
    CHECK(shortSalt.error().message.contains(QStringLiteral("salt")));

    auto noOps = deriveKey(password, QByteArray(kSaltBytes, 'x'), {0, 8 * kMiB});
    REQUIRE_FALSE(noOps);
    CHECK(noOps.error().message.contains(QStringLiteral("out of range")));
    CHECK_FALSE(deriveKey(password, QByteArray(kSaltBytes, 'x'), {1, 1024}));
}

TEST_CASE("BLAKE2b hashes and keyed hashes differ by input and key", "[crypto][hash]")
{
    CHECK(hash(QByteArrayLiteral("a")).size() == 32);
    CHECK(hash(QByteArrayLiteral("a")) == hash(QByteArrayLiteral("a")));
    CHECK(hash(QByteArrayLiteral("a")) != hash(QByteArrayLiteral("b")));
    // BLAKE2b-256 of the empty string (RFC 7693 parameters, 32-byte output).
    CHECK(hash(QByteArray()).toHex()
          == QByteArrayLiteral("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"));

    const SecureBuffer k1 = SecureBuffer::random(32);
    const SecureBuffer k2 = SecureBuffer::random(32);
    CHECK(keyedHash(k1, QByteArrayLiteral("m")).equals(keyedHash(k1, QByteArrayLiteral("m"))));
    CHECK_FALSE(keyedHash(k1, QByteArrayLiteral("m")).equals(keyedHash(k2, QByteArrayLiteral("m"))));

    CHECK(constantTimeEquals(QByteArrayLiteral("abc"), QByteArrayLiteral("abc")));
    CHECK_FALSE(constantTimeEquals(QByteArrayLiteral("abc"), QByteArrayLiteral("abd")));
    CHECK_FALSE(constantTimeEquals(QByteArrayLiteral("abc"), QByteArrayLiteral("ab")));
    CHECK(constantTimeEquals(QByteArray(), QByteArray()));
}
