#include "core/document/AamvaParser.h"
#include "core/util/Clock.h"

#include <catch2/catch.hpp>

#include <QList>

using namespace tessera;

namespace {

const ManualClock &clock2026()
{
    static const ManualClock clock(QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC));
    return clock;
}

// An AAMVA barcode text as annex D lays it out: header, directory, subfiles at the offsets
// the directory gives. Version 1 has no jurisdiction version in its header.
// `designators` false leaves out each subfile's two-letter designator (Connecticut's version 1
// cards do), the directory's offsets and lengths still right.
QByteArray aamva(int version, const QList<std::pair<QByteArray, QByteArray>> &subfiles,
                 const QByteArray &iin = "636000", const QByteArray &fileType = "ANSI ", bool designators = true)
{
    QByteArray header = "@\n\x1e\r" + fileType + iin + QByteArray::number(version).rightJustified(2, '0');
    if (version >= 2)
        header += "00";
    header += QByteArray::number(subfiles.size()).rightJustified(2, '0');
    qsizetype offset = header.size() + subfiles.size() * 10;
    QByteArray directory;
    QByteArray body;
    for (const auto &[type, elements] : subfiles) {
        const QByteArray subfile = (designators ? type : QByteArray()) + elements + "\r";
        directory += type + QByteArray::number(offset).rightJustified(4, '0')
            + QByteArray::number(subfile.size()).rightJustified(4, '0');
        body += subfile;
        offset += subfile.size();
    }
    return header + directory + body;
}

AamvaReading parsed(QByteArray data)
{
    auto r = parseAamva(std::move(data), clock2026());
    if (!r)
        FAIL(r.error().message.toStdString());
    return *r;
}

// The annex D example of the 2016 standard (version 8), Virginia.
const QByteArray kVersion8Elements =
    "DAQT64235789\nDCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCAD\nDCBK\nDCDPH\n"
    "DBD06062016\nDBB06061986\nDBA12102030\nDBC1\nDAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\n"
    "DAIRICHMOND\nDAJVA\nDAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\n"
    "DDAF\nDDB06062008\nDDC06062009\nDDD1";

} // namespace

TEST_CASE("a version 8 licence gives names, dates, type and jurisdiction, and nothing else", "[aamva]")
{
    const AamvaReading r = parsed(aamva(8, {{"DL", kVersion8Elements}, {"ZV", "ZVA01"}}));
    CHECK(r.version == 8);
    CHECK(r.documentType == QStringLiteral("DL"));
    CHECK(r.jurisdiction == QStringLiteral("VA"));
    CHECK(r.country == QStringLiteral("USA"));
    CHECK(r.familyName == QStringLiteral("SAMPLE"));
    CHECK(r.givenNames == QStringLiteral("MICHAEL JOHN"));
    CHECK(r.birthDate == QDate(1986, 6, 6));
    CHECK(r.expiry == QDate(2030, 12, 10));
    CHECK(r.issued == QDate(2016, 6, 6));
    CHECK_FALSE(r.expired);
    CHECK(r.problems.isEmpty());
}

TEST_CASE("every version from 1 to 10 reads, with the names of its time", "[aamva]")
{
    for (int version = 1; version <= 10; ++version) {
        INFO("version " << version);
        QByteArray elements;
        if (version == 1)
            elements = "DAQ123456789\nDAASAMPLE,ANNA,MARIA\nDBB19860606\nDBA20300101\nDAJNY\nDAG1 MAIN ST";
        else if (version <= 3)
            elements = "DAQ123456789\nDCSSAMPLE\nDCTANNA,MARIA\nDBB06061986\nDBA01012030\nDAJNY\nDCGUSA";
        else
            elements = "DAQ123456789\nDCSSAMPLE\nDACANNA\nDADMARIA\nDBB06061986\nDBA01012030\nDAJNY\nDCGUSA";
        const AamvaReading r = parsed(aamva(version, {{"ID", elements}}, "636001", version == 1 ? "AAMVA" : "ANSI "));
        CHECK(r.version == version);
        CHECK(r.documentType == QStringLiteral("ID"));
        CHECK(r.jurisdiction == QStringLiteral("NY"));
        CHECK(r.familyName == QStringLiteral("SAMPLE"));
        CHECK(r.givenNames == QStringLiteral("ANNA MARIA"));
        CHECK(r.birthDate == QDate(1986, 6, 6));
        CHECK(r.expiry == QDate(2030, 1, 1));
        CHECK(r.problems.isEmpty());
    }
}

TEST_CASE("version 1 names may come as DAB and DAC instead of DAA", "[aamva]")
{
    const AamvaReading r = parsed(aamva(1, {{"DL", "DABSAMPLE\nDACANNA\nDBB19860606\nDBA20300101"}}));
    CHECK(r.familyName == QStringLiteral("SAMPLE"));
    CHECK(r.givenNames == QStringLiteral("ANNA"));
}

TEST_CASE("Canadian dates are CCYYMMDD, by DCG, by province or by issuer number", "[aamva]")
{
    const QByteArray elements = "DCSSAMPLE\nDACANNA\nDBB19860307\nDBA20300102";
    AamvaReading r = parsed(aamva(9, {{"DL", elements + "\nDCGCAN"}}));
    CHECK(r.country == QStringLiteral("CAN"));
    CHECK(r.birthDate == QDate(1986, 3, 7));
    CHECK(r.expiry == QDate(2030, 1, 2));
    r = parsed(aamva(9, {{"DL", elements + "\nDAJON"}}));
    CHECK(r.country == QStringLiteral("CAN"));
    CHECK(r.birthDate == QDate(1986, 3, 7));
    r = parsed(aamva(9, {{"DL", elements}}, "636028"));
    CHECK(r.jurisdiction == QStringLiteral("BC"));
    CHECK(r.country == QStringLiteral("CAN"));
    CHECK(r.expiry == QDate(2030, 1, 2));
    // The same digits on a US card are MMDDCCYY: 03 July 1986 would be read as 1986-03-07 in Canada.
    r = parsed(aamva(9, {{"DL", "DCSSAMPLE\nDBB03071986\nDBA01022030\nDCGUSA"}}));
    CHECK(r.birthDate == QDate(1986, 3, 7));
    CHECK(r.expiry == QDate(2030, 1, 2));
}

TEST_CASE("an expired card is marked expired against the clock", "[aamva]")
{
    AamvaReading r = parsed(aamva(10, {{"DL", "DCSSAMPLE\nDACANNA\nDBB06061986\nDBA01042026"}}));
    CHECK(r.expiry == QDate(2026, 1, 4));
    CHECK(r.expired);
    r = parsed(aamva(10, {{"DL", "DCSSAMPLE\nDACANNA\nDBB06061986\nDBA01052026"}}));
    CHECK_FALSE(r.expired);
}

TEST_CASE("missing or unreadable fields become problems, not refusals", "[aamva]")
{
    AamvaReading r = parsed(aamva(9, {{"DL", "DAQ1\nDACANNA\nDBB13451986\nDADNONE"}}));
    CHECK(r.familyName.isEmpty());
    CHECK(r.givenNames == QStringLiteral("ANNA"));
    CHECK_FALSE(r.birthDate);
    CHECK_FALSE(r.expiry);
    const QString all = r.problems.join(QLatin1Char(' '));
    CHECK(all.contains(QStringLiteral("no family name")));
    CHECK(all.contains(QStringLiteral("date of birth in the barcode is not a date")));
    CHECK(all.contains(QStringLiteral("no expiry date")));
}

TEST_CASE("a wrong offset is forgiven when the subfile follows the directory", "[aamva]")
{
    QByteArray data = aamva(8, {{"DL", kVersion8Elements}});
    const qsizetype dir = data.indexOf("DL0");
    data.replace(dir + 2, 4, "9999");
    CHECK(parsed(data).familyName == QStringLiteral("SAMPLE"));
}

TEST_CASE("the input buffer is wiped and the licence number never reaches the reading", "[aamva]")
{
    QByteArray data = aamva(8, {{"DL", kVersion8Elements}});
    auto r = parseAamva(std::move(data), clock2026());
    REQUIRE(r);
    CHECK(data.isEmpty());
    // Nothing of the number or the address is in any text of the reading.
    const QString all =
        r->familyName + r->givenNames + r->jurisdiction + r->country + r->documentType + r->problems.join(QString());
    CHECK_FALSE(all.contains(QStringLiteral("T64235789")));
    CHECK_FALSE(all.contains(QStringLiteral("BROAD")));
}

TEST_CASE("what is not an AAMVA barcode is refused with a message", "[aamva]")
{
    auto refused = [](const QByteArray &data, const char *words) {
        INFO(data.toStdString());
        auto r = parseAamva(QByteArray(data), clock2026());
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
        CHECK(r.error().message.contains(QString::fromLatin1(words)));
        CHECK(r.error().message.contains(QStringLiteral("Enter the details from the card")));
    };
    const QByteArray good = aamva(8, {{"DL", kVersion8Elements}});
    refused(QByteArray(), "compliance indicator");
    refused("hello", "compliance indicator");
    refused("@\n\x1e\rXXXXX6360000800", "file type");
    refused(good.left(12), "issuer number");
    refused(good.left(15), "unknown AAMVA version");
    refused(aamva(11, {{"DL", kVersion8Elements}}), "unknown AAMVA version");
    refused(aamva(0, {{"DL", kVersion8Elements}}), "unknown AAMVA version");
    refused(good.left(17), "header is cut short");
    refused(good.left(19), "number of subfiles");
    refused(aamva(8, {}), "number of subfiles");
    refused(good.left(25), "directory is cut short");
    refused(aamva(8, {{"ZV", "ZVA01"}}), "no licence or ID subfile");
    // An offset that is not a number, and no subfile right after the entry or the directory.
    QByteArray damaged = aamva(8, {{"ZV", "ZVA01"}, {"DL", kVersion8Elements}});
    damaged.replace(damaged.indexOf("DL0") + 2, 4, "00x1");
    refused(damaged, "directory is damaged");
    QByteArray pointing = aamva(8, {{"ZV", "ZVA01"}, {"DL", kVersion8Elements}});
    pointing.replace(pointing.indexOf("DL0") + 2, 4, "9999");
    refused(pointing, "points outside the data");
    // Cut anywhere inside the subfile: a reading (perhaps with problems), never a crash.
    for (qsizetype n = 0; n <= good.size(); ++n)
        (void)parseAamva(good.left(n), clock2026());
}

TEST_CASE("commas at the ends of name elements are not part of the names", "[aamva]")
{
    // Ontario writes DCS "TESTER," padded with blanks (version 3).
    AamvaReading r =
        parsed(aamva(3, {{"DL", "DCSHALVERSEN,          \nDCTINGRID,SOLVEIG     \nDBB19860307\nDBA20300102\nDCGCAN"}}));
    CHECK(r.familyName == QStringLiteral("HALVERSEN"));
    CHECK(r.givenNames == QStringLiteral("INGRID SOLVEIG"));
    CHECK_FALSE(r.namesUncertain);
    r = parsed(aamva(9, {{"DL", "DCS,HALVERSEN\nDACINGRID,\nDAD,SOLVEIG\nDBB03071986\nDBA01022030"}}));
    CHECK(r.familyName == QStringLiteral("HALVERSEN"));
    CHECK(r.givenNames == QStringLiteral("INGRID SOLVEIG"));
    r = parsed(aamva(1, {{"DL", "DABHALVERSEN,\nDACINGRID\nDBB19860307\nDBA20300102"}}));
    CHECK(r.familyName == QStringLiteral("HALVERSEN"));
}

TEST_CASE("a version 1 full name is family, given, middle and suffix, and the suffix is no given name", "[aamva]")
{
    auto names = [](const QByteArray &daa) {
        const AamvaReading r = parsed(aamva(1, {{"DL", "DAA" + daa + "\nDBB19700101\nDBA20300101"}}));
        CHECK_FALSE(r.namesUncertain);
        return std::pair {r.familyName, r.givenNames};
    };
    CHECK(names("OKAFOR,EMEKA,,SR") == std::pair {QStringLiteral("OKAFOR"), QStringLiteral("EMEKA")});
    CHECK(names("OKAFOR,EMEKA,CHIDI OBI,III")
          == std::pair {QStringLiteral("OKAFOR"), QStringLiteral("EMEKA CHIDI OBI")});
    CHECK(names("OKAFOR,EMEKA,CHIDI") == std::pair {QStringLiteral("OKAFOR"), QStringLiteral("EMEKA CHIDI")});
    // A suffix written where the middle name goes is still a suffix ...
    CHECK(names("OKAFOR,EMEKA,JR.") == std::pair {QStringLiteral("OKAFOR"), QStringLiteral("EMEKA")});
    // ... but a single letter there is a middle initial.
    CHECK(names("OKAFOR,EMEKA,V") == std::pair {QStringLiteral("OKAFOR"), QStringLiteral("EMEKA V")});
    CHECK(names("OKAFOR, EMEKA , CHIDI ,") == std::pair {QStringLiteral("OKAFOR"), QStringLiteral("EMEKA CHIDI")});
}

TEST_CASE("a full name without commas is read given names first and marked uncertain", "[aamva]")
{
    // Pennsylvania's version 1 cards: DAA as the name is printed, "JOHN P SMITH".
    AamvaReading r =
        parsed(aamva(1, {{"DL", "DAQ12345678\nDAALUCIA MARISA FERREIRA\nDAJPA\nDBB19860202\nDBA20300203"}}, "636025"));
    CHECK(r.familyName == QStringLiteral("FERREIRA"));
    CHECK(r.givenNames == QStringLiteral("LUCIA MARISA"));
    CHECK(r.namesUncertain);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems.front().contains(QStringLiteral("without commas")));
    CHECK(r.problems.front().contains(QStringLiteral("Check the names against the card")));
    // A suffix at the end does not become the family name.
    r = parsed(aamva(1, {{"DL", "DAALUCIA FERREIRA JR\nDBB19860202\nDBA20300203"}}));
    CHECK(r.familyName == QStringLiteral("FERREIRA"));
    CHECK(r.givenNames == QStringLiteral("LUCIA"));
    CHECK(r.namesUncertain);
    // One word is the family name, as the standard's first part; nothing to guess.
    r = parsed(aamva(1, {{"DL", "DAAFERREIRA\nDBB19860202\nDBA20300203"}}));
    CHECK(r.familyName == QStringLiteral("FERREIRA"));
    CHECK(r.givenNames.isEmpty());
    CHECK_FALSE(r.namesUncertain);
    // More parts than the standard's four: read, but not trusted.
    r = parsed(aamva(1, {{"DL", "DAAFERREIRA,LUCIA,M,JR,EXTRA\nDBB19860202\nDBA20300203"}}));
    CHECK(r.familyName == QStringLiteral("FERREIRA"));
    CHECK(r.namesUncertain);
    // Names given in their own elements are never guessed.
    r = parsed(aamva(9, {{"DL", kVersion8Elements}}));
    CHECK_FALSE(r.namesUncertain);
}

TEST_CASE("a subfile without its designator is read where the directory points", "[aamva]")
{
    // Connecticut's version 1 cards: "DL00290179DAA..." with the offset right and no "DL" there.
    const QByteArray elements = "DAQ990000123\nDAAOKAFOR,EMEKA,CHIDI\nDAJCT\nDBA20300101\nDBB19700101";
    AamvaReading r = parsed(aamva(1, {{"DL", elements}}, "636006", "AAMVA", false));
    CHECK(r.jurisdiction == QStringLiteral("CT"));
    CHECK(r.familyName == QStringLiteral("OKAFOR"));
    CHECK(r.givenNames == QStringLiteral("EMEKA CHIDI"));
    CHECK(r.birthDate == QDate(1970, 1, 1));
    CHECK(r.expiry == QDate(2030, 1, 1));
    // With a second subfile after it, as West Virginia and Wyoming (version 4) send it.
    r = parsed(aamva(4, {{"DL", "DCSOKAFOR\nDACEMEKA\nDBB01011970\nDBA01012030\nDAJWV"}, {"ZW", "ZWAY"}}, "636061",
                     "ANSI ", false));
    CHECK(r.familyName == QStringLiteral("OKAFOR"));
    CHECK(r.givenNames == QStringLiteral("EMEKA"));
    CHECK(r.jurisdiction == QStringLiteral("WV"));
    CHECK(r.problems.isEmpty());
    // The offset must point at the start of an element: after the directory or a separator.
    QByteArray inside = aamva(1, {{"DL", "DAQ990000123\nDAIDANBURY\nDAAOKAFOR,EMEKA"}}, "636006", "AAMVA", false);
    const qsizetype entry = inside.indexOf("DL00");
    inside.replace(entry + 2, 4, QByteArray::number(inside.indexOf("DANBURY")).rightJustified(4, '0'));
    auto refused = parseAamva(std::move(inside), clock2026());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("points outside the data")));
    QByteArray notAnElement = aamva(1, {{"DL", "daq1\nDAAOKAFOR"}}, "636006", "AAMVA", false);
    refused = parseAamva(std::move(notAnElement), clock2026());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("points outside the data")));
}

TEST_CASE("letters in place of the subfile's offset: the subfile after the entry is read", "[aamva]")
{
    // Alberta: "DLabac" and no length, then the subfile with its designator.
    const QByteArray data = QByteArray("@\n\x1e\rANSI 636000030001DLabac")
        + "DLDCSOKAFOR\nDCTEMEKA CHIDI\nDAJAB\nDBB19700304\nDBA20300102\r";
    const AamvaReading r = parsed(data);
    CHECK(r.jurisdiction == QStringLiteral("AB"));
    CHECK(r.country == QStringLiteral("CAN"));
    CHECK(r.familyName == QStringLiteral("OKAFOR"));
    CHECK(r.givenNames == QStringLiteral("EMEKA CHIDI"));
    CHECK(r.birthDate == QDate(1970, 3, 4));
    CHECK(r.expiry == QDate(2030, 1, 2));
}
