#include "core/util/Error.h"

#include <catch2/catch.hpp>

using namespace tessera;

// Result is a class derived from std::expected (so that it can be [[nodiscard]] with GCC 12);
// these cases pin down that it still behaves as the std::expected it replaced.

namespace {

Result<int> parseDigit(QChar c)
{
    if (!c.isDigit())
        return fail(ErrorCode::InvalidInput, QStringLiteral("not a digit"));
    return c.digitValue();
}

Result<void> requirePositive(int value)
{
    if (value <= 0)
        return fail(ErrorCode::InvalidInput, QStringLiteral("not positive"));
    return {};
}

} // namespace

TEST_CASE("A Result holds a value or the Error that fail() made", "[util][result]")
{
    const Result<int> seven = parseDigit(QLatin1Char('7'));
    REQUIRE(seven);
    CHECK(*seven == 7);
    const Result<int> letter = parseDigit(QLatin1Char('x'));
    REQUIRE_FALSE(letter);
    CHECK(letter.error().code == ErrorCode::InvalidInput);
    CHECK(letter.error().message == QStringLiteral("not a digit"));
    CHECK(requirePositive(1));
    CHECK_FALSE(requirePositive(0));

    // Converts from and to the plain std::expected, and between value types like it.
    std::expected<int, Error> plain = seven;
    Result<int> back = plain;
    CHECK(*back == 7);
    Result<long> widened = seven;
    CHECK(*widened == 7L);
    back = fail(ErrorCode::NotFound, QStringLiteral("gone"));
    CHECK(back.error().code == ErrorCode::NotFound);
    back = 3;
    CHECK(*back == 3);
}
