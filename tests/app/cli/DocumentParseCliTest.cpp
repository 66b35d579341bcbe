// tessera-cli document parse: the text of a zone or a barcode, typed or sent by a
// keyboard-wedge scanner, read as document read reads a picture; never the number or the text.
#include "app/cli/Cli.h"
#include "app/tools/SampleDocuments.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace tessera;
using namespace tessera::test;

namespace {

const ManualClock &clock2026()
{
    static const ManualClock clock(QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC));
    return clock;
}

CliResult parse(const QStringList &args, const QByteArray &input = {})
{
    return runCli(QStringList {QStringLiteral("document"), QStringLiteral("parse")} + args, clock2026(), input);
}

QJsonObject jsonOf(const CliResult &r)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.trimmed().toUtf8(), &error);
    REQUIRE(error.error == QJsonParseError::NoError);
    return doc.object();
}

QString field(const QJsonObject &o, const char *name)
{
    return o.value(QStringLiteral("fields")).toObject().value(QString::fromLatin1(name)).toString();
}

// Nothing of the document number, the address or the zone's filler runs is ever printed.
void checkNothingRetained(const CliResult &r)
{
    for (const QString &text : {r.out, r.err}) {
        CHECK_FALSE(text.contains(QString::fromLatin1(sample::kLicenceNumber)));
        CHECK_FALSE(text.contains(QString::fromLatin1(sample::kPassportNumber)));
        CHECK_FALSE(text.contains(QStringLiteral("SPECIMEN WAY")));
        CHECK_FALSE(text.contains(QStringLiteral("<<")));
    }
}

QString writeFile(const QTemporaryDir &dir, const QByteArray &bytes)
{
    const QString path = dir.filePath(QStringLiteral("scanned.txt"));
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
    return path;
}

} // namespace

TEST_CASE("document parse reads typed zone lines from standard input", "[document][cli]")
{
    CliResult r = parse({QStringLiteral("--json")}, sample::passportMrz().toLatin1() + "\n");
    REQUIRE(r.code == cli::Ok);
    QJsonObject o = jsonOf(r);
    CHECK(o.value(QStringLiteral("kind")).toString() == QStringLiteral("passport"));
    CHECK(o.value(QStringLiteral("format")).toString() == QStringLiteral("ICAO 9303 TD3 MRZ"));
    CHECK(o.value(QStringLiteral("machine_readable")).toBool());
    CHECK(o.value(QStringLiteral("check_digits")).toObject().value(QStringLiteral("composite")).toBool());
    CHECK(field(o, "family_name") == QStringLiteral("QUINTERO"));
    CHECK(field(o, "given_names") == QStringLiteral("ROSALIND JUNE"));
    CHECK(field(o, "birth_date") == QStringLiteral("1990-05-21"));
    CHECK(field(o, "expiry") == QStringLiteral("2033-09-17"));
    // There is no picture, so nothing about one.
    CHECK_FALSE(o.contains(QStringLiteral("size")));
    CHECK_FALSE(o.contains(QStringLiteral("sharpness")));
    checkNothingRetained(r);

    // As a clerk types it: lower case, blanks, Windows line ends; "-" names standard input.
    QByteArray typed = sample::passportMrz().toLower().toLatin1();
    typed.replace('\n', " \r\n ");
    typed.insert(10, "  ");
    r = parse({QStringLiteral("-"), QStringLiteral("--json")}, "\r\n" + typed + "\r\n");
    REQUIRE(r.code == cli::Ok);
    o = jsonOf(r);
    CHECK(o.value(QStringLiteral("machine_readable")).toBool());
    CHECK(field(o, "family_name") == QStringLiteral("QUINTERO"));
    checkNothingRetained(r);

    // Typed lines are not OCR-repaired: an O for a 0 in the birth date is the clerk's to fix.
    QString misTyped = sample::passportMrz();
    const qsizetype birth = misTyped.indexOf(QLatin1Char('\n')) + 1 + 13;
    REQUIRE(misTyped.mid(birth, 6) == QStringLiteral("900521"));
    misTyped[birth + 1] = QLatin1Char('O');
    r = parse({QStringLiteral("--json")}, misTyped.toLatin1());
    REQUIRE(r.code == cli::Ok);
    o = jsonOf(r);
    CHECK_FALSE(o.value(QStringLiteral("machine_readable")).toBool());
    CHECK_FALSE(o.value(QStringLiteral("check_digits")).toObject().value(QStringLiteral("birth_date")).toBool());
}

TEST_CASE("document parse reads a licence's barcode text from a file, as JSON and in words", "[document][cli]")
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, sample::licenceAamvaText());
    CliResult r = parse({path, QStringLiteral("--json")});
    REQUIRE(r.code == cli::Ok);
    const QJsonObject o = jsonOf(r);
    CHECK(o.value(QStringLiteral("kind")).toString() == QStringLiteral("driver-licence"));
    CHECK(o.value(QStringLiteral("format")).toString() == QStringLiteral("AAMVA version 10 PDF417"));
    CHECK(o.value(QStringLiteral("jurisdiction")).toString() == QStringLiteral("VA"));
    CHECK(o.value(QStringLiteral("names_uncertain")) == QJsonValue(false));
    CHECK(field(o, "family_name") == QStringLiteral("HALLORAN"));
    CHECK(field(o, "given_names") == QStringLiteral("MAREN ELISE"));
    CHECK(field(o, "birth_date") == QStringLiteral("1988-03-14"));
    CHECK(field(o, "expiry") == QStringLiteral("2031-03-14"));
    checkNothingRetained(r);

    r = parse({path});
    REQUIRE(r.code == cli::Ok);
    CHECK(r.out.contains(QStringLiteral("Document: driver-licence\n")));
    CHECK(r.out.contains(QStringLiteral("Read: AAMVA version 10 PDF417")));
    CHECK(r.out.contains(QStringLiteral("family_name: HALLORAN")));
    checkNothingRetained(r);
    // The file is read, not changed or copied.
    CHECK(readFile(path) == sample::licenceAamvaText());
}

TEST_CASE("document parse undoes what keyboard-wedge scanners do to a barcode's text", "[document][cli]")
{
    const QByteArray clean = sample::licenceAamvaText();
    REQUIRE(clean.startsWith("@\n\x1e\rANSI "));
    REQUIRE(clean.endsWith('\r'));
    const QByteArray body = clean.mid(4);
    struct Mangling {
        const char *what;
        QByteArray text;
    };
    QByteArray crlf = body;
    crlf.replace('\n', "\r\n");
    QByteArray onlyCr = body;
    onlyCr.replace('\n', '\r');
    QByteArray noise = "@\xc2\x90\n\xc2\x90\xc2\x90" + body; // U+0090 as UTF-8
    noise.insert(noise.indexOf("DCS"), "\xc2\x90");
    const QList<Mangling> manglings = {
        {"header separators all LF, subfile end LF", "@\n\n\n" + body.chopped(1) + "\n"},
        {"RS and CR dropped", "@\n" + body},
        {"RS and CR as other characters (UTF-8)", "@\n\xc3\x9cM" + body},
        {"nothing between @ and ANSI, leading blanks", "  \n@" + body},
        {"CR LF line ends", "@\n\x1e\r" + crlf},
        {"every line end a CR", "@\n\x1e\r" + onlyCr},
        {"C1 control characters as noise", noise},
    };
    for (const Mangling &m : manglings) {
        INFO(m.what);
        const CliResult r = parse({QStringLiteral("--json")}, m.text);
        REQUIRE(r.code == cli::Ok);
        const QJsonObject o = jsonOf(r);
        CHECK(o.value(QStringLiteral("format")).toString() == QStringLiteral("AAMVA version 10 PDF417"));
        CHECK(field(o, "family_name") == QStringLiteral("HALLORAN"));
        CHECK(field(o, "given_names") == QStringLiteral("MAREN ELISE"));
        CHECK(field(o, "birth_date") == QStringLiteral("1988-03-14"));
        CHECK(field(o, "expiry") == QStringLiteral("2031-03-14"));
        CHECK(o.value(QStringLiteral("problems")).toArray().isEmpty());
        checkNothingRetained(r);
    }
}

TEST_CASE("document parse says when names had to be guessed", "[document][cli]")
{
    // A version 1 full name without commas, the way Pennsylvania writes it; header mangled.
    const QByteArray elements = "DLDAQ55501234\nDAALUCIA MARISA FERREIRA\nDAJPA\nDBB02021986\nDBA02032030\r";
    const QByteArray text =
        "@\n\nANSI 6360250101DL0029" + QByteArray::number(elements.size()).rightJustified(4, '0') + elements;
    CliResult r = parse({QStringLiteral("--json")}, text);
    REQUIRE(r.code == cli::Ok);
    const QJsonObject o = jsonOf(r);
    CHECK(o.value(QStringLiteral("names_uncertain")) == QJsonValue(true));
    CHECK(field(o, "family_name") == QStringLiteral("FERREIRA"));
    CHECK(field(o, "given_names") == QStringLiteral("LUCIA MARISA"));
    CHECK(o.value(QStringLiteral("problems")).toArray().first().toString().contains(QStringLiteral("Check the names")));
    CHECK_FALSE(r.out.contains(QStringLiteral("55501234")));
    r = parse({}, text);
    REQUIRE(r.code == cli::Ok);
    CHECK(r.out.contains(QStringLiteral("Note: The barcode gives the whole name without commas")));
}

TEST_CASE("document parse refuses what is neither, with a message and the input-refused code", "[document][cli]")
{
    CliResult r = parse({}, "hello, this is not a document\n");
    CHECK(r.code == cli::InvalidInput);
    CHECK(r.err.contains(QStringLiteral("neither a licence or ID card barcode")));
    CHECK(r.out.isEmpty());
    CHECK_FALSE(r.err.contains(QStringLiteral("hello")));

    r = parse({}, "  \n\n");
    CHECK(r.code == cli::InvalidInput);
    CHECK(r.err.contains(QStringLiteral("No text was given")));

    // A zone with a line too short gets the zone's own reason.
    r = parse({}, sample::passportMrz().chopped(3).toLatin1());
    CHECK(r.code == cli::InvalidInput);
    CHECK(r.err.contains(QStringLiteral("Line 2")));
    CHECK_FALSE(r.err.contains(QString::fromLatin1(sample::kPassportNumber)));

    // A barcode that is cut short is refused by the barcode reader, naming what is wrong.
    r = parse({}, sample::licenceAamvaText().left(20));
    CHECK(r.code == cli::InvalidInput);
    CHECK(r.err.contains(QStringLiteral("not a readable licence or ID card barcode")));

    // Binary junk and too much of it.
    r = parse({}, QByteArray(20000, 'A'));
    CHECK(r.code == cli::InvalidInput);
    CHECK(r.err.contains(QStringLiteral("longer than any zone or barcode")));
    r = parse({}, QByteArray("\x00\xff\xfe@@\x01", 6));
    CHECK(r.code == cli::InvalidInput);

    QTemporaryDir dir;
    r = parse({dir.filePath(QStringLiteral("missing.txt"))});
    CHECK(r.code == cli::InvalidInput);
    CHECK(r.err.contains(QStringLiteral("could not be read")));
    CHECK(parse({QStringLiteral("a.txt"), QStringLiteral("b.txt")}).code == cli::Usage);
}
