#include "core/crypto/Crypto.h"

#include <catch2/catch.hpp>

#include <QRegularExpression>
#include <QString>

#include <random>

using namespace tessera;
using namespace tessera::crypto;

namespace {

QString text(const SecureBuffer &b)
{
    return QString::fromLatin1(reinterpret_cast<const char *>(b.data()), static_cast<qsizetype>(b.size()));
}

SecureBuffer buffer(const QString &s)
{
    return SecureBuffer::fromText(s);
}

SecureBuffer seededKey(std::mt19937 &rng)
{
    SecureBuffer key(kKeyBytes);
    for (std::size_t i = 0; i < key.size(); ++i)
        key.data()[i] = static_cast<unsigned char>(rng() & 0xffu);
    return key;
}

} // namespace

TEST_CASE("A recovery key prints as 13 groups of 4 Crockford characters and decodes back", "[crypto][recovery]")
{
    std::mt19937 rng(20260105);
    static const QRegularExpression form(QStringLiteral("^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$"));
    for (int round = 0; round < 50; ++round) {
        const SecureBuffer key = seededKey(rng);
        const SecureBuffer encoded = encodeRecoveryKey(key);
        INFO("round " << round);
        CHECK(form.match(text(encoded)).hasMatch());
        auto decoded = decodeRecoveryKey(encoded);
        REQUIRE(decoded);
        CHECK(decoded->equals(key));
    }
}

TEST_CASE("A recovery key is accepted as a clerk may type it", "[crypto][recovery]")
{
    // 0x00 0x42 … makes the printed key start "0110", so the O/I/L look-alikes can be tried.
    SecureBuffer key(kKeyBytes);
    for (std::size_t i = 0; i < key.size(); ++i)
        key.data()[i] = static_cast<unsigned char>(i * 37u + 5u);
    key.data()[0] = 0x00;
    key.data()[1] = 0x42;
    key.data()[2] = 0x0f;
    const QString printed = text(encodeRecoveryKey(key));
    REQUIRE(printed.startsWith(QStringLiteral("0110")));

    SECTION("lower case")
    {
        auto decoded = decodeRecoveryKey(buffer(printed.toLower()));
        REQUIRE(decoded);
        CHECK(decoded->equals(key));
    }
    SECTION("O for zero, I and L for one, in either case")
    {
        QString typed = printed;
        typed.replace(0, 4, QStringLiteral("OiLo"));
        typed.replace(QLatin1Char('0'), QLatin1Char('o'));
        auto decoded = decodeRecoveryKey(buffer(typed));
        REQUIRE(decoded);
        CHECK(decoded->equals(key));
    }
    SECTION("spaces or no separators instead of dashes, and a trailing newline")
    {
        QString spaced = printed;
        spaced.replace(QLatin1Char('-'), QLatin1Char(' '));
        auto a = decodeRecoveryKey(buffer(spaced + QStringLiteral("\n")));
        REQUIRE(a);
        CHECK(a->equals(key));
        QString bare = printed;
        bare.remove(QLatin1Char('-'));
        auto b = decodeRecoveryKey(buffer(bare));
        REQUIRE(b);
        CHECK(b->equals(key));
    }
}

TEST_CASE("A mistyped recovery key is refused with a message that says what is wrong", "[crypto][recovery]")
{
    std::mt19937 rng(99);
    const SecureBuffer key = seededKey(rng);
    const QString printed = text(encodeRecoveryKey(key));

    SECTION("one character short")
    {
        auto r = decodeRecoveryKey(buffer(printed.left(printed.size() - 1)));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
        CHECK(r.error().message.contains(QStringLiteral("52 characters")));
    }
    SECTION("a group too many")
    {
        auto r = decodeRecoveryKey(buffer(printed + QStringLiteral("-ABCD")));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
        CHECK(r.error().message.contains(QStringLiteral("too long")));
    }
    SECTION("one extra character")
    {
        auto r = decodeRecoveryKey(buffer(printed + QStringLiteral("A")));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
    }
    SECTION("a character that is not on the sheet")
    {
        for (const QString &bad : {QStringLiteral("U"), QStringLiteral("!"), QString::fromUtf8("\xC3\xA9")}) {
            QString typed = printed;
            typed.replace(5, 1, bad);
            auto r = decodeRecoveryKey(buffer(typed));
            REQUIRE_FALSE(r);
            CHECK(r.error().code == ErrorCode::InvalidInput);
            CHECK(r.error().message.contains(QStringLiteral("not on the recovery sheet")));
        }
    }
    SECTION("empty")
    {
        CHECK_FALSE(decodeRecoveryKey(SecureBuffer()));
    }
}
