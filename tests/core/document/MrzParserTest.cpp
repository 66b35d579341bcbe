#include "core/document/MrzParser.h"
#include "core/util/Clock.h"

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

// The specimens of ICAO Doc 9303 part 4 (TD3), part 5 (TD1) and part 6 (TD2).
const QString kTd3 = QStringLiteral("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                    "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
const QString kTd1 = QStringLiteral("I<UTOD231458907<<<<<<<<<<<<<<<\n"
                                    "7408122F1204159UTO<<<<<<<<<<<6\n"
                                    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
const QString kTd2 = QStringLiteral("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
                                    "D231458907UTO7408122F1204159<<<<<<<6");

const ManualClock &clock2026()
{
    static const ManualClock clock(QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC));
    return clock;
}

MrzReading parsed(const QString &text)
{
    auto r = parseMrz(text, clock2026());
    if (!r)
        FAIL(r.error().message.toStdString());
    return *r;
}

// Replaces the character at (line, column), both from 0.
QString altered(const QString &text, int line, int column, QChar c)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    lines[line][column] = c;
    return lines.join(QLatin1Char('\n'));
}

QStringList failedChecks(const MrzReading &r)
{
    QStringList out;
    for (const MrzCheck &c : r.checks)
        if (!c.valid)
            out << c.field;
    return out;
}

} // namespace

TEST_CASE("the check digit follows ICAO 9303 part 3 (weights 7-3-1, '<' = 0, A = 10)", "[mrz]")
{
    CHECK(mrzCheckDigit(u"L898902C3") == 6);
    CHECK(mrzCheckDigit(u"740812") == 2);
    CHECK(mrzCheckDigit(u"120415") == 9);
    CHECK(mrzCheckDigit(u"ZE184226B<<<<<") == 1);
    CHECK(mrzCheckDigit(u"<<<") == 0);
    CHECK(mrzCheckDigit(u"") == 0);
    CHECK(mrzCheckDigit(u"AB-") == -1);
}

TEST_CASE("the TD3 passport specimen reads with every check digit right", "[mrz]")
{
    const MrzReading r = parsed(kTd3);
    CHECK(r.format == MrzFormat::TD3);
    CHECK(r.documentCode == QStringLiteral("P"));
    CHECK(r.isPassport());
    CHECK(r.issuingState == QStringLiteral("UTO"));
    CHECK(r.nationality == QStringLiteral("UTO"));
    CHECK(r.familyName == QStringLiteral("ERIKSSON"));
    CHECK(r.givenNames == QStringLiteral("ANNA MARIA"));
    CHECK(r.birthDate == QDate(1974, 8, 12));
    CHECK(r.expiry == QDate(2012, 4, 15));
    CHECK(r.sex == QStringLiteral("F"));
    CHECK(r.checks.size() == 5);
    CHECK(failedChecks(r).isEmpty());
    CHECK(r.valid());
}

TEST_CASE("the TD1 ID card specimen reads, three lines of 30", "[mrz]")
{
    const MrzReading r = parsed(kTd1);
    CHECK(r.format == MrzFormat::TD1);
    CHECK(r.documentCode == QStringLiteral("I"));
    CHECK_FALSE(r.isPassport());
    CHECK(r.familyName == QStringLiteral("ERIKSSON"));
    CHECK(r.givenNames == QStringLiteral("ANNA MARIA"));
    CHECK(r.birthDate == QDate(1974, 8, 12));
    CHECK(r.expiry == QDate(2012, 4, 15));
    CHECK(r.checks.size() == 4);
    CHECK(r.valid());
}

TEST_CASE("the TD2 ID card specimen reads, two lines of 36", "[mrz]")
{
    const MrzReading r = parsed(kTd2);
    CHECK(r.format == MrzFormat::TD2);
    CHECK(r.familyName == QStringLiteral("ERIKSSON"));
    CHECK(r.givenNames == QStringLiteral("ANNA MARIA"));
    CHECK(r.birthDate == QDate(1974, 8, 12));
    CHECK(r.checks.size() == 4);
    CHECK(r.valid());
}

TEST_CASE("a TD1 document number longer than nine characters continues in the optional data", "[mrz]")
{
    // Number D23145890 + 7 7 4, check digit after the extension (ICAO 9303 part 5 note j).
    const QString number = QStringLiteral("D23145890774");
    const int digit = mrzCheckDigit(number);
    QString line1 = QStringLiteral("I<UTOD23145890<774") + QString::number(digit);
    line1 += QString(30 - line1.size(), QLatin1Char('<'));
    QString line2 = QStringLiteral("7408122F1204159UTO<<<<<<<<<<<");
    const QString composite = line1.mid(5) + line2.left(7) + line2.mid(8, 7) + line2.mid(18, 11);
    line2 += QString::number(mrzCheckDigit(composite));
    const MrzReading r = parsed(line1 + QLatin1Char('\n') + line2 + QStringLiteral("\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"));
    CHECK(failedChecks(r).isEmpty());
    const MrzReading wrong =
        parsed(altered(line1 + QLatin1Char('\n') + line2 + QStringLiteral("\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"), 0, 18,
                       QChar(u'0' + (digit + 1) % 10)));
    CHECK(failedChecks(wrong).contains(QStringLiteral("document_number")));
}

TEST_CASE("a TD2 document number longer than nine characters continues in the optional data", "[mrz]")
{
    // ICAO 9303 part 6, 4.2.2 note j: the first nine characters, '<' in the check position, the
    // rest of the number and its check digit at the start of the optional data (28 to 34).
    const QString number = QStringLiteral("D23145890AB12");
    const int digit = mrzCheckDigit(number);
    QString line2 = QStringLiteral("D23145890<UTO7408122F1204159") + QStringLiteral("AB12") + QString::number(digit);
    line2 += QString(35 - line2.size(), QLatin1Char('<'));
    const QString composite = line2.left(10) + line2.mid(13, 7) + line2.mid(21, 14);
    line2 += QString::number(mrzCheckDigit(composite));
    const QString zone = QStringLiteral("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n") + line2;
    const MrzReading r = parsed(zone);
    CHECK(r.format == MrzFormat::TD2);
    CHECK(failedChecks(r).isEmpty());
    CHECK(r.valid());
    // A wrong digit after the extension is named; so is a changed character of the extension.
    CHECK(failedChecks(parsed(altered(zone, 1, 32, QChar(u'0' + (digit + 1) % 10))))
              .contains(QStringLiteral("document_number")));
    CHECK(failedChecks(parsed(altered(zone, 1, 29, QLatin1Char('C')))).contains(QStringLiteral("document_number")));
    // A short number keeps its own check digit: the optional data is not read as a number.
    CHECK(parsed(kTd2).check(QStringLiteral("document_number"))->valid);
}

TEST_CASE("names read without certainty make the zone not machine readable, once", "[mrz]")
{
    MrzReading r = parsed(kTd3);
    REQUIRE(r.valid());
    r.distrustNames();
    r.distrustNames();
    CHECK(r.namesUncertain);
    CHECK_FALSE(r.valid());
    CHECK(r.problems.size() == 1);
    // The names are still there for the clerk to compare; only their trust is gone.
    CHECK(r.familyName == QStringLiteral("ERIKSSON"));
}

TEST_CASE("lines are accepted with blanks around them, CRLF, or as one unbroken string", "[mrz]")
{
    CHECK(parsed(QStringLiteral("  ") + kTd3.split(QLatin1Char('\n'))[0] + QStringLiteral("  \r\n\r\n ")
                 + kTd3.split(QLatin1Char('\n'))[1] + QStringLiteral("\n"))
              .valid());
    CHECK(parsed(QString(kTd3).remove(QLatin1Char('\n'))).format == MrzFormat::TD3);
    CHECK(parsed(QString(kTd1).remove(QLatin1Char('\n'))).format == MrzFormat::TD1);
    CHECK(parsed(QString(kTd2).remove(QLatin1Char('\n'))).format == MrzFormat::TD2);
}

TEST_CASE("each wrong check digit is named", "[mrz]")
{
    struct Case {
        QString text;
        int line;
        int column;
        QStringList fails;
    };
    const std::vector<Case> cases = {
        {kTd3, 1, 9, {QStringLiteral("document_number"), QStringLiteral("composite")}},
        {kTd3, 1, 19, {QStringLiteral("birth_date"), QStringLiteral("composite")}},
        {kTd3, 1, 27, {QStringLiteral("expiry_date"), QStringLiteral("composite")}},
        {kTd3, 1, 42, {QStringLiteral("optional_data"), QStringLiteral("composite")}},
        {kTd3, 1, 43, {QStringLiteral("composite")}},
        {kTd1, 0, 14, {QStringLiteral("document_number"), QStringLiteral("composite")}},
        {kTd1, 1, 6, {QStringLiteral("birth_date"), QStringLiteral("composite")}},
        {kTd1, 1, 14, {QStringLiteral("expiry_date"), QStringLiteral("composite")}},
        {kTd1, 1, 29, {QStringLiteral("composite")}},
        {kTd2, 1, 9, {QStringLiteral("document_number"), QStringLiteral("composite")}},
        {kTd2, 1, 19, {QStringLiteral("birth_date"), QStringLiteral("composite")}},
        {kTd2, 1, 27, {QStringLiteral("expiry_date"), QStringLiteral("composite")}},
        {kTd2, 1, 35, {QStringLiteral("composite")}},
    };
    for (const Case &c : cases) {
        const QChar was = c.text.split(QLatin1Char('\n'))[c.line][c.column];
        const QChar other = was == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        const MrzReading r = parsed(altered(c.text, c.line, c.column, other));
        INFO(c.line << ":" << c.column);
        // The altered check digit alone fails; the composite fails too because it covers it.
        for (const QString &f : c.fails)
            CHECK(failedChecks(r).contains(f));
        CHECK(failedChecks(r).size() == c.fails.size());
        CHECK_FALSE(r.valid());
        CHECK_FALSE(r.problems.isEmpty());
    }
    // A changed data character (not a check digit) fails its field and the composite.
    const MrzReading r = parsed(altered(kTd3, 1, 0, QLatin1Char('M')));
    CHECK(failedChecks(r) == QStringList {QStringLiteral("document_number"), QStringLiteral("composite")});
    CHECK(r.problems.join(QLatin1Char(' ')).contains(QStringLiteral("document number")));
}

TEST_CASE("a filler as a check digit counts only for an empty personal number", "[mrz]")
{
    // The personal number check may be '<' when the field is all fillers.
    QString line2 = QStringLiteral("L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<");
    const QString composite = line2.left(10) + line2.mid(13, 7) + line2.mid(21, 22);
    line2 += QString::number(mrzCheckDigit(composite));
    const MrzReading r = parsed(kTd3.split(QLatin1Char('\n'))[0] + QLatin1Char('\n') + line2);
    CHECK(r.valid());
    const MrzReading bad = parsed(altered(kTd3, 1, 9, QLatin1Char('<')));
    CHECK(failedChecks(bad).contains(QStringLiteral("document_number")));
}

TEST_CASE("dates resolve their century against the clock", "[mrz]")
{
    // Born '20 seen in 2026: 2020; expiring '80: 1980 (within 50 years back), '30: 2030.
    auto withDates = [](const QString &birth, const QString &expiry) {
        QString line2 = QStringLiteral("L898902C36UTO") + birth + QString::number(mrzCheckDigit(birth))
            + QStringLiteral("F") + expiry + QString::number(mrzCheckDigit(expiry)) + QStringLiteral("ZE184226B<<<<<1");
        line2 += QString::number(mrzCheckDigit(QString(line2.left(10) + line2.mid(13, 7) + line2.mid(21, 22))));
        return parsed(kTd3.split(QLatin1Char('\n'))[0] + QLatin1Char('\n') + line2);
    };
    MrzReading r = withDates(QStringLiteral("200229"), QStringLiteral("300101"));
    CHECK(r.birthDate == QDate(2020, 2, 29));
    CHECK(r.expiry == QDate(2030, 1, 1));
    CHECK(r.valid());
    r = withDates(QStringLiteral("260106"), QStringLiteral("800101"));
    CHECK(r.birthDate == QDate(1926, 1, 6)); // tomorrow in 2026 is not a birth date: 1926
    CHECK(r.expiry == QDate(1980, 1, 1));
    r = withDates(QStringLiteral("741332"), QStringLiteral("12<<<<"));
    CHECK_FALSE(r.birthDate);
    CHECK_FALSE(r.expiry);
    CHECK_FALSE(r.valid());
    CHECK(r.problems.join(QLatin1Char(' ')).contains(QStringLiteral("date of birth")));
    CHECK(r.problems.join(QLatin1Char(' ')).contains(QStringLiteral("date of expiry")));
}

TEST_CASE("names split at the double filler; single names and fillers inside", "[mrz]")
{
    QString l1 = QStringLiteral("P<UTOO<NEILL<SMITH<<JOSE<MARIA<<<<<<<<<<<<<<<");
    l1.truncate(44);
    MrzReading r = parsed(l1 + QLatin1Char('\n') + kTd3.split(QLatin1Char('\n'))[1]);
    CHECK(r.familyName == QStringLiteral("O NEILL SMITH"));
    CHECK(r.givenNames == QStringLiteral("JOSE MARIA"));
    r = parsed(QStringLiteral("P<UTOMADONNA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n") + kTd3.split(QLatin1Char('\n'))[1]);
    CHECK(r.familyName == QStringLiteral("MADONNA"));
    CHECK(r.givenNames.isEmpty());
    r = parsed(QStringLiteral("P<UTO<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n") + kTd3.split(QLatin1Char('\n'))[1]);
    CHECK_FALSE(r.valid());
}

TEST_CASE("malformed zones are refused with a message naming the problem", "[mrz]")
{
    auto refused = [](const QString &text, const char *words) {
        auto r = parseMrz(text, clock2026());
        INFO(text.toStdString());
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
        CHECK(r.error().message.contains(QString::fromLatin1(words)));
    };
    refused(QString(), "No machine readable zone");
    refused(QStringLiteral("   \n  "), "No machine readable zone");
    refused(kTd3.split(QLatin1Char('\n'))[0], "has 1 lines");
    refused(kTd3 + QStringLiteral("\nABC\nDEF"), "has 4 lines");
    refused(kTd3.left(kTd3.size() - 1), "Line 2 of the zone has 43 characters");
    refused(kTd3 + QLatin1Char('<'), "Line 2 of the zone has 45");
    refused(kTd1.left(kTd1.size() - 3), "Line 3");
    refused(kTd2.left(50), "Line 2");
    refused(altered(kTd3, 0, 7, QLatin1Char('e')), "Line 1, character 8");
    refused(altered(kTd3, 1, 3, QLatin1Char(' ')), "Line 2, character 4");
    refused(altered(kTd3, 1, 3, QChar(0x0130)), "Line 2, character 4");
    refused(altered(kTd3, 0, 0, QLatin1Char('V')), "visa");
    refused(altered(kTd3, 0, 0, QLatin1Char('X')), "does not start with");
}
