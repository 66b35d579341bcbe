#include "core/station/PasswordPolicy.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

namespace {

Result<void> check(const char *password,
                   const QStringList &context = {QStringLiteral("clerk1"), QStringLiteral("Test Counter")})
{
    return checkNewPassword(secret(password), context);
}

} // namespace

TEST_CASE("Passwords shorter than 12 characters are refused, counted in characters not bytes", "[station][password]")
{
    auto r = check("elevenchars");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidInput);
    CHECK(r.error().message.contains(QStringLiteral("at least 12 characters; it has 11")));
    // 10 characters in 16 bytes of UTF-8.
    CHECK_FALSE(check("żółta łódź"));
    CHECK(check("twelve chars"));
    CHECK_FALSE(checkNewPassword(SecureBuffer::fromText(QString(257, QLatin1Char('k'))), {}));
}

TEST_CASE("Commonly used passwords are refused, with digits or punctuation around them too", "[station][password]")
{
    for (const char *common :
         {"password1234", "qwertyuiop123", "PASSWORD1234", "passwordpassword", "password2026!", "!!qwertyuiop12"}) {
        INFO(common);
        auto r = check(common);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.contains(QStringLiteral("too easy to guess")));
    }
}

TEST_CASE("Repeated characters and runs are refused", "[station][password]")
{
    for (const char *pattern :
         {"aaaaaaaaaaaa", "abcdefghijklmnop", "abcabcabcabc", "zyxwvutsrqpo", "121212121212", "abababababab"}) {
        INFO(pattern);
        CHECK_FALSE(check(pattern));
    }
}

TEST_CASE("A password containing the user name, the station name or the product name is refused", "[station][password]")
{
    for (const char *withContext : {"clerk1 rides the bus", "I work at Test Counter daily", "my TESSERA password ok"}) {
        INFO(withContext);
        auto r = check(withContext);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.contains(QStringLiteral("user name")));
    }
}

TEST_CASE("Passphrases, Unicode included, are accepted", "[station][password]")
{
    CHECK(check("correct horse battery"));
    CHECK(check("żółta łódź pod mostem"));
    CHECK(check("Зелёная лодка под мостом"));
    CHECK(check("purple lantern oatmeal"));
    CHECK(check("tea at 4pm with Aunt May"));
}

TEST_CASE("A refusal never repeats the password", "[station][password]")
{
    for (const char *bad : {"short one", "password1234", "aaaaaaaaaaaa", "clerk1 is my name"}) {
        auto r = check(bad);
        REQUIRE_FALSE(r);
        CHECK_FALSE(r.error().message.contains(QString::fromUtf8(bad)));
    }
}
