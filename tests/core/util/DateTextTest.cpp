#include "core/util/DateText.h"

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

const QLocale kUs(QLocale::English, QLocale::UnitedStates);
const QLocale kDe(QLocale::German, QLocale::Germany);
const QLocale kGb(QLocale::English, QLocale::UnitedKingdom);

} // namespace

TEST_CASE("a date is shown in the locale's short form, always with a four-digit year")
{
    const QDate birth(1988, 4, 12);
    CHECK(displayDate(birth, kUs) == QStringLiteral("4/12/1988")); // ShortFormat alone says 4/12/88
    CHECK(displayDate(birth, kDe) == QStringLiteral("12.04.1988"));
    CHECK(displayDate(birth, kGb) == QStringLiteral("12/04/1988"));
    CHECK(displayDate(QDate(1921, 1, 2), kUs) == QStringLiteral("1/2/1921"));
    CHECK(displayDate(QDate(), kUs).isEmpty());
    CHECK(dateFormatHint(kUs) == QStringLiteral("M/D/YYYY"));
    CHECK(dateFormatHint(kDe) == QStringLiteral("DD.MM.YYYY"));
}

TEST_CASE("a date and time is shown in the locale's short form with a four-digit year, in local time")
{
    const QDateTime local(QDate(2031, 12, 7), QTime(14, 5), Qt::LocalTime);
    CHECK(displayDateTime(local, kUs) == QStringLiteral("12/7/2031 2:05 PM"));
    CHECK(displayDateTime(local, kDe) == QStringLiteral("07.12.2031 14:05"));
    CHECK(displayDateTime(local.toUTC(), kDe) == QStringLiteral("07.12.2031 14:05"));
}

TEST_CASE("a written date is read in the locale's order, and in ISO whatever the locale")
{
    const QDate birth(1988, 4, 12);
    CHECK(parseDisplayDate(QStringLiteral("4/12/1988"), kUs) == birth);
    CHECK(parseDisplayDate(QStringLiteral("12.04.1988"), kDe) == birth);
    CHECK(parseDisplayDate(QStringLiteral("12.4.1988"), kDe) == birth);
    CHECK(parseDisplayDate(QStringLiteral("12/04/1988"), kGb) == birth);
    CHECK(parseDisplayDate(QStringLiteral("12 Apr 1988"), QLocale::c()) == birth);
    for (const QLocale &l : {kUs, kDe, kGb, QLocale::c()}) {
        CHECK(parseDisplayDate(QStringLiteral("1988-04-12"), l) == birth);
        CHECK(parseDisplayDate(QStringLiteral("19880412"), l) == birth);
        CHECK(parseDisplayDate(displayDate(birth, l), l) == birth); // what is shown reads back
    }
}

TEST_CASE("a two-digit year or another shape is not taken for a date")
{
    CHECK_FALSE(readWrittenDate(QStringLiteral("4/12/88"), kUs));
    CHECK_FALSE(readWrittenDate(QStringLiteral("12.04.88"), kDe));
    CHECK_FALSE(readWrittenDate(QStringLiteral("April 12"), kUs));
    CHECK_FALSE(readWrittenDate(QString(), kUs));
    // An impossible day still has a date's shape, so the caller can say what is impossible.
    const auto written = readWrittenDate(QStringLiteral("31.02.1988"), kDe);
    REQUIRE(written);
    CHECK(written->day == 31);
    CHECK(written->month == 2);
    CHECK_FALSE(parseDisplayDate(QStringLiteral("31.02.1988"), kDe).isValid());
}

TEST_CASE("where the locale names the month, an impossible day is still read as one, in any case")
{
    // The C locale shows "7 Dec 2031"; "31 Nov 2026" was once "not a date" instead of impossible.
    const auto november = readWrittenDate(QStringLiteral("31 Nov 2026"), QLocale::c());
    REQUIRE(november);
    CHECK(november->year == 2026);
    CHECK(november->month == 11);
    CHECK(november->day == 31);
    CHECK(parseDisplayDate(QStringLiteral("7 dec 2031"), QLocale::c()) == QDate(2031, 12, 7));
    CHECK(parseDisplayDate(QStringLiteral("7 December 2031"), QLocale::c()) == QDate(2031, 12, 7));
    CHECK_FALSE(readWrittenDate(QStringLiteral("7 Smarch 2031"), QLocale::c()));
}
