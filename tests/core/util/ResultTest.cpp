#include "util/Error.h"

#include <catch2/catch.hpp>
#include <type_traits>

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

TEST_CASE("and_then, or_else, transform and transform_error take functions returning Results", "[util][result]")
{
    const auto doubled = parseDigit(QLatin1Char('4')).transform([](int v) { return v * 2; });
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(doubled)>, Result<int>>);
    CHECK(*doubled == 8);

    const auto checked = parseDigit(QLatin1Char('0')).and_then(requirePositive);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(checked)>, Result<void>>);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().message == QStringLiteral("not positive"));

    // The first error wins; the next step is not called.
    bool called = false;
    const auto stopped = parseDigit(QLatin1Char('x')).and_then([&called](int v) {
        called = true;
        return requirePositive(v);
    });
    CHECK_FALSE(called);
    CHECK(stopped.error().message == QStringLiteral("not a digit"));

    const auto recovered = parseDigit(QLatin1Char('x')).or_else([](const Error &) -> Result<int> { return 0; });
    CHECK(*recovered == 0);

    const auto relabelled = parseDigit(QLatin1Char('x')).transform_error([](Error e) {
        e.code = ErrorCode::Internal;
        return e;
    });
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(relabelled)>, Result<int>>);
    CHECK(relabelled.error().code == ErrorCode::Internal);

    // An lvalue Result chains too, and is left as it was.
    Result<int> five = parseDigit(QLatin1Char('5'));
    const auto chained = five.and_then([](int v) -> Result<QString> { return QString::number(v + 1); });
    CHECK(*chained == QStringLiteral("6"));
    CHECK(*five == 5);
}
