#include "core/crypto/SecureBuffer.h"

#include <catch2/catch.hpp>

#include <QString>

#include <cstring>
#include <utility>

using namespace tessera;

TEST_CASE("A new SecureBuffer is zero-filled and of the asked size", "[crypto][securebuffer]")
{
    SecureBuffer b(64);
    REQUIRE(b.size() == 64);
    REQUIRE(b.data() != nullptr);
    for (unsigned char c : b.bytes())
        CHECK(c == 0);

    SecureBuffer empty;
    CHECK(empty.isEmpty());
    CHECK(empty.data() == nullptr);
    CHECK(SecureBuffer(0).isEmpty());
}

TEST_CASE("Moving a SecureBuffer leaves exactly one owner of the secret", "[crypto][securebuffer]")
{
    SecureBuffer a = SecureBuffer::fromText(QStringLiteral("not really a secret"));
    const unsigned char *where = a.data();

    SecureBuffer b(std::move(a));
    CHECK(b.data() == where);
    CHECK(b.size() == 19);
    CHECK(a.data() == nullptr); // NOLINT(bugprone-use-after-move): the moved-from state is the point
    CHECK(a.size() == 0);

    SecureBuffer c = SecureBuffer::random(8);
    c = std::move(b);
    CHECK(c.data() == where);
    CHECK(b.data() == nullptr); // NOLINT(bugprone-use-after-move)
    CHECK(b.isEmpty());

    // Self-move-assignment must not free the buffer it still owns.
    SecureBuffer &alias = c;
    c = std::move(alias);
    CHECK(c.data() == where);
    CHECK(std::memcmp(c.data(), "not really a secret", 19) == 0);
}

TEST_CASE("SecureBuffer copies are independent and compare by content", "[crypto][securebuffer]")
{
    const SecureBuffer a = SecureBuffer::random(32);
    SecureBuffer b = a.copy();
    CHECK(b.data() != a.data());
    CHECK(a.equals(b));
    b.data()[31] ^= 0x01;
    CHECK_FALSE(a.equals(b));
    CHECK_FALSE(a.equals(SecureBuffer::random(31)));
    CHECK(SecureBuffer().equals(SecureBuffer()));
    CHECK_FALSE(SecureBuffer::random(32).equals(SecureBuffer::random(32)));
}

TEST_CASE("SecureBuffer text is NFKC-normalised UTF-8 and counts code points", "[crypto][securebuffer]")
{
    // "é" composed (U+00E9) and decomposed (e + U+0301) are the same password.
    const SecureBuffer composed = SecureBuffer::fromText(QString::fromUtf8("caf\xC3\xA9"));
    const SecureBuffer decomposed = SecureBuffer::fromText(QString::fromUtf8("cafe\xCC\x81"));
    CHECK(composed.equals(decomposed));
    CHECK(composed.size() == 5);
    CHECK(composed.codePointCount() == 4);

    const SecureBuffer polish = SecureBuffer::fromText(QString::fromUtf8("żółta łódź"));
    CHECK(polish.codePointCount() == 10);
    CHECK(polish.size() > 10);
}

TEST_CASE("SecureBuffer hex is lower case and of twice the length", "[crypto][securebuffer]")
{
    const unsigned char raw[] = {0x00, 0x9f, 0xA0, 0xff};
    const SecureBuffer hex = SecureBuffer::fromBytes(raw).toHex();
    REQUIRE(hex.size() == 8);
    CHECK(std::memcmp(hex.data(), "009fa0ff", 8) == 0);
    CHECK(SecureBuffer().toHex().isEmpty());
}
