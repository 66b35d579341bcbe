#include "core/enrollment/Applicant.h"
#include "core/enrollment/CardNumber.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

const Programme &points()
{
    static const Programme p = *Programme::fromJson(
        test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    return p;
}

const QDate kToday(2026, 11, 23);

Applicant named(const QString &given, const QString &family)
{
    Applicant a;
    a.givenNames = given;
    a.familyName = family;
    return a;
}

} // namespace

TEST_CASE("Odd but valid names are accepted", "[applicant][names]")
{
    const QString eighty(80, QChar(0x00E9)); // é × 80
    for (const auto &[given, family] : std::vector<std::pair<QString, QString>> {
             {QStringLiteral("Ó"), QString()},                                    // one letter, single name
             {QString(), QStringLiteral("Suharto")},                              // single family name
             {eighty, QStringLiteral("Long")},                                    // 80 characters
             {QStringLiteral("محمد"), QStringLiteral("العلي")},                   // Arabic
             {QStringLiteral("伟"), QStringLiteral("王")},                        // Chinese
             {QStringLiteral("Zofia Łucja"), QStringLiteral("Wąsowska-Źrebiec")}, // Polish diacritics, hyphen
             {QStringLiteral("Seán"), QStringLiteral("O’Brien")},                 // typographic apostrophe
             {QStringLiteral("J. R."), QStringLiteral("D'Souza")},
             {QStringLiteral("Nguyễn Thị"), QStringLiteral("Minh Khai")}, // stacked diacritics
         }) {
        INFO(given.toStdString() << " / " << family.toStdString());
        const Applicant a = named(given, family);
        CHECK_FALSE(validateField(points(), Field::GivenNames, a, kToday));
        CHECK_FALSE(validateField(points(), Field::FamilyName, a, kToday));
    }
}

TEST_CASE("Invalid names are refused with a message that says what to do", "[applicant][names]")
{
    CHECK(validateField(points(), Field::GivenNames, named(QString(), QString()), kToday)
              ->contains(QStringLiteral("One name is enough")));
    CHECK(validateField(points(), Field::GivenNames, named(QString(81, QLatin1Char('a')), QString()), kToday)
              ->contains(QStringLiteral("at most 80")));
    for (const QString &bad : {QStringLiteral("R2D2"), QStringLiteral("-Anna"), QStringLiteral("Ann😀"),
                               QStringLiteral("Ann\tMarie"), QStringLiteral("<b>")}) {
        INFO(bad.toStdString());
        const auto problem = validateField(points(), Field::GivenNames, named(bad, QStringLiteral("Smith")), kToday);
        REQUIRE(problem);
        CHECK(problem->contains(QStringLiteral("letters")));
    }
}

TEST_CASE("Birth dates must exist and be in range", "[applicant][dates]")
{
    Applicant a = named(QStringLiteral("Ana"), QStringLiteral("Ruiz"));
    a.birthDate = QDate(2023, 2, 29); // does not exist
    CHECK(validateField(points(), Field::BirthDate, a, kToday)->contains(QStringLiteral("exists")));
    a.birthDate = kToday.addDays(1);
    CHECK(validateField(points(), Field::BirthDate, a, kToday)->contains(QStringLiteral("future")));
    a.birthDate = QDate(1890, 1, 1);
    CHECK(validateField(points(), Field::BirthDate, a, kToday)->contains(QStringLiteral("130 years")));
    a.birthDate = QDate(2000, 2, 29);
    CHECK_FALSE(validateField(points(), Field::BirthDate, a, kToday));
}

TEST_CASE("No fixed address only where the programme allows it; care-of is accepted", "[applicant][address]")
{
    Applicant a = named(QStringLiteral("Ana"), QStringLiteral("Ruiz"));
    CHECK(validateField(points(), Field::AddressLine, a, kToday)->contains(QStringLiteral("No fixed address")));
    a.noFixedAddress = true;
    CHECK_FALSE(validateField(points(), Field::AddressLine, a, kToday));
    CHECK_FALSE(validateField(points(), Field::City, a, kToday));
    Programme strict = points();
    strict.allowsNoFixedAddress = false;
    CHECK(validateField(strict, Field::AddressLine, a, kToday)->contains(QStringLiteral("care-of")));
    a.noFixedAddress = false;
    a.addressLine = QStringLiteral("12 Shelter Way");
    a.careOf = QStringLiteral("c/o Hope Mission");
    CHECK_FALSE(validateField(points(), Field::AddressLine, a, kToday));
    CHECK_FALSE(validateField(points(), Field::CareOf, a, kToday));
}

TEST_CASE("Fields the programme does not collect are not validated at all", "[applicant]")
{
    Applicant a = named(QStringLiteral("Ana"), QStringLiteral("Ruiz"));
    a.telephone = QStringLiteral("not a number");
    CHECK_FALSE(points().collects(Field::Telephone));
    CHECK_FALSE(validateField(points(), Field::Telephone, a, kToday));
}

TEST_CASE("Name comparison folds case, accents, apostrophes and hyphens", "[applicant][duplicates]")
{
    CHECK(normalisedName(QStringLiteral("José-María"), QStringLiteral("O’Neill"))
          == normalisedName(QStringLiteral("jose maria"), QStringLiteral("ONEILL")));
    CHECK(normalisedName(QStringLiteral("Zofia"), QStringLiteral("Wąsowska")) == QStringLiteral("zofia wasowska"));
    CHECK(normalisedName(QStringLiteral("Ana"), QStringLiteral("Ruiz"))
          != normalisedName(QStringLiteral("Ana"), QStringLiteral("Ruíz Gómez")));
}

TEST_CASE("Card numbers carry a check character that catches typing mistakes", "[card-number]")
{
    const QString n = makeCardNumber(QStringLiteral("MS1"), 42);
    CHECK(n.startsWith(QStringLiteral("MS1-000042-")));
    CHECK(isValidCardNumber(n));
    CHECK(isValidCardNumber(n.toLower()));
    int caught = 0;
    int tried = 0;
    for (qsizetype i = 0; i < n.size() - 2; ++i) {
        if (n.at(i) == QLatin1Char('-'))
            continue;
        for (const QChar c : QStringLiteral("0123456789ABCDEFGHJKMNPQRSTVWXYZ")) {
            if (c == n.at(i))
                continue;
            QString typo = n;
            typo[i] = c;
            ++tried;
            caught += isValidCardNumber(typo) ? 0 : 1;
        }
    }
    CHECK(caught == tried); // every single substitution
    QString swapped = n;
    std::swap(swapped[5], swapped[6]);
    if (swapped != n)
        CHECK_FALSE(isValidCardNumber(swapped));
    CHECK_FALSE(isValidCardNumber(QStringLiteral("MS1-42-0")));
    CHECK_FALSE(isValidCardNumber(QString()));
}
