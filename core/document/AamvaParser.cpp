#include "core/document/AamvaParser.h"

#include <QByteArrayView>

#include <array>
#include <cstring>
#include <string.h>
#include <utility>

namespace tessera {

namespace {

// The elements this parser looks at; every other one is skipped without being copied.
constexpr std::array<const char *, 11> kWanted = {"DAA", "DAB", "DAC", "DAD", "DCS", "DCT",
                                                  "DBB", "DBA", "DBD", "DAJ", "DCG"};

constexpr std::array<const char *, 13> kProvinces = {"AB", "BC", "MB", "NB", "NL", "NS", "NT",
                                                     "NU", "ON", "PE", "QC", "SK", "YT"};

// Issuer identification numbers of the Canadian jurisdictions (AAMVA IIN list), for cards
// that give neither DCG nor DAJ.
struct Iin {
    const char *iin;
    const char *jurisdiction;
};
constexpr Iin kCanadianIins[] = {
    {"604426", "PE"}, {"604427", "AB"}, {"604428", "QC"}, {"604429", "YT"}, {"604430", "NT"},
    {"604432", "AB"}, {"604433", "NU"}, {"636012", "ON"}, {"636013", "NS"}, {"636016", "NL"},
    {"636017", "NB"}, {"636028", "BC"}, {"636044", "SK"}, {"636048", "MB"},
};

struct Wipe {
    QByteArray &bytes;
    ~Wipe()
    {
        if (!bytes.isEmpty())
            explicit_bzero(bytes.data(), static_cast<size_t>(bytes.size()));
        bytes.clear();
    }
};

bool digitsAt(QByteArrayView d, qsizetype at, qsizetype n, int &value)
{
    if (at < 0 || n <= 0 || at + n > d.size())
        return false;
    value = 0;
    for (qsizetype i = at; i < at + n; ++i) {
        const char c = d[i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

// A bounds-clamped sub-view: never reaches outside `d`, whatever at and n are.
QByteArrayView slice(QByteArrayView d, qsizetype at, qsizetype n = -1)
{
    if (at < 0 || at >= d.size())
        return {};
    const qsizetype left = d.size() - at;
    return d.sliced(at, n < 0 || n > left ? left : n);
}

bool isUpperAlpha(char c)
{
    return c >= 'A' && c <= 'Z';
}

// Whether an element of the DL or ID subfile starts at `at`: every one of their element ids is
// three capitals beginning with D (annex D's data element tables; a jurisdiction's own
// elements, Z…, live in its own subfile).
bool startsElement(QByteArrayView d, qsizetype at)
{
    const QByteArrayView id = slice(d, at, 3);
    return id.size() == 3 && id[0] == 'D' && isUpperAlpha(id[1]) && isUpperAlpha(id[2]);
}

QString text(QByteArrayView v)
{
    return QString::fromLatin1(v).trimmed();
}

std::optional<QDate> date(const QString &value, bool canadian)
{
    if (value.size() < 8)
        return std::nullopt;
    for (qsizetype i = 0; i < 8; ++i)
        if (!value[i].isDigit())
            return std::nullopt;
    const QStringView v(value);
    const QDate us(v.mid(4, 4).toInt(), v.left(2).toInt(), v.mid(2, 2).toInt());
    const QDate ca(v.left(4).toInt(), v.mid(4, 2).toInt(), v.mid(6, 2).toInt());
    const QDate first = canadian ? ca : us;
    const QDate second = canadian ? us : ca;
    auto plausible = [](const QDate &d) { return d.isValid() && d.year() >= 1850 && d.year() <= 2200; };
    if (plausible(first))
        return first;
    if (plausible(second))
        return second;
    return std::nullopt;
}

// A name element's value without the commas some issuers leave at its ends (Ontario's DCS
// "TESTER,") and with single blanks.
QString trimmedName(const QString &value)
{
    QString s = value;
    while (!s.isEmpty() && (s.front() == QLatin1Char(',') || s.front().isSpace()))
        s.remove(0, 1);
    while (!s.isEmpty() && (s.back() == QLatin1Char(',') || s.back().isSpace()))
        s.chop(1);
    return s.simplified();
}

// Given names may be written "MARY,ANN" (DCT, versions 2 and 3): commas become blanks.
QString givenNames(QString value)
{
    value.replace(QLatin1Char(','), QLatin1Char(' '));
    return value.simplified();
}

// Generational suffixes, which are no part of anyone's given names. The single letters I and V
// are left out: as a last word they are far more often a middle initial.
bool isSuffix(const QString &word)
{
    static const QStringList kSuffixes = {QStringLiteral("JR"),  QStringLiteral("SR"), QStringLiteral("II"),
                                          QStringLiteral("III"), QStringLiteral("IV"), QStringLiteral("2ND"),
                                          QStringLiteral("3RD"), QStringLiteral("4TH")};
    QString w = word.toUpper();
    if (w.endsWith(QLatin1Char('.')))
        w.chop(1);
    return kSuffixes.contains(w);
}

struct FullName {
    QString family;
    QString given;
    QString uncertainty; // empty, or why the parts' order is a guess, in words for the clerk
};

// The version 1 full name, DAA. The AAMVA DL/ID-2000 standard lays it out as family name,
// given name, middle name(s) and suffix, separated by commas ("CORTEZ,PABLO,LUIS,JR"); the
// suffix is dropped. Pennsylvania's version 1 cards write the name as printed on the card
// instead, given names first and no commas ("JOHN P SMITH"): the standard gives no rule for
// that, so the last word (after any suffix) is taken as the family name, as the printed name
// reads and IdParser's tests expect, and the reading is marked uncertain for the clerk to check.
// More than four comma-separated parts is marked uncertain too.
// A single word is the family name (the standard's first part), certain enough.
FullName splitFullName(const QString &daa)
{
    FullName n;
    if (daa.contains(QLatin1Char(','))) {
        QStringList parts = daa.split(QLatin1Char(','));
        for (QString &part : parts)
            part = part.simplified();
        n.family = parts.value(0);
        QStringList given;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            // The fourth part is the suffix; a later part that is only a suffix is one too
            // ("SMITH,JOHN,JR", written where the middle name would be).
            if (i == 3 || (i >= 2 && isSuffix(parts[i])))
                continue;
            given << parts[i];
        }
        if (parts.size() > 4)
            n.uncertainty =
                QStringLiteral("The barcode's full name has more parts than the standard's family name, given name, "
                               "middle name and suffix, so where each belongs is a guess.");
        n.given = given.join(QLatin1Char(' ')).simplified();
        return n;
    }
    QStringList words = daa.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() > 1 && isSuffix(words.back()))
        words.removeLast();
    if (words.size() <= 1) {
        n.family = words.value(0);
        return n;
    }
    n.family = words.takeLast();
    n.given = words.join(QLatin1Char(' '));
    n.uncertainty =
        QStringLiteral("The barcode gives the whole name without commas, so which part is the family name is a "
                       "guess (the last word, as Pennsylvania writes it).");
    return n;
}

} // namespace

Result<AamvaReading> parseAamva(QByteArray &&input, const Clock &clock)
{
    // Taken over, and the caller's left empty: a moved-from QByteArray is only "valid but
    // unspecified", and no copy of the barcode text may be left behind.
    QByteArray owned = std::exchange(input, QByteArray());
    const Wipe wipe {owned};
    const QByteArrayView d(owned);

    auto refuse = [](const QString &what) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The barcode is not a readable licence or ID card barcode (%1). "
                                   "Enter the details from the card.")
                        .arg(what));
    };
    if (d.isEmpty() || d[0] != '@')
        return refuse(QStringLiteral("it does not start with the AAMVA compliance indicator"));
    qsizetype h = -1;
    for (qsizetype i = 1; i + 5 <= d.size() && i <= 8; ++i)
        if (slice(d, i, 5) == QByteArrayView("ANSI ") || slice(d, i, 5) == QByteArrayView("AAMVA")) {
            h = i + 5;
            break;
        }
    if (h < 0)
        return refuse(QStringLiteral("no \"ANSI \" file type"));

    int iinValue = 0;
    int version = 0;
    int jurisdictionVersion = 0;
    int entries = 0;
    if (!digitsAt(d, h, 6, iinValue))
        return refuse(QStringLiteral("the issuer number is cut short"));
    const QString iin = QString::fromLatin1(slice(d, h, 6));
    if (!digitsAt(d, h + 6, 2, version) || version < 1 || version > 10)
        return refuse(QStringLiteral("unknown AAMVA version"));
    qsizetype at = h + 8;
    if (version >= 2) {
        if (!digitsAt(d, at, 2, jurisdictionVersion))
            return refuse(QStringLiteral("the header is cut short"));
        at += 2;
    }
    if (!digitsAt(d, at, 2, entries) || entries < 1)
        return refuse(QStringLiteral("the number of subfiles is missing"));
    at += 2;
    const qsizetype directoryEnd = at + static_cast<qsizetype>(entries) * 10;
    if (directoryEnd > d.size())
        return refuse(QStringLiteral("the subfile directory is cut short"));

    qsizetype start = -1;
    qsizetype end = -1;
    QString type;
    for (int e = 0; e < entries && start < 0; ++e) {
        const qsizetype entry = at + static_cast<qsizetype>(e) * 10;
        const QByteArrayView t = slice(d, entry, 2);
        if (t != QByteArrayView("DL") && t != QByteArrayView("ID"))
            continue;
        int offset = 0;
        int length = 0;
        const bool offsetRead = digitsAt(d, entry + 2, 4, offset);
        // Without a length the subfile runs to its terminator (CR) or the end of the data.
        qsizetype span = digitsAt(d, entry + 6, 4, length) ? length : d.size();
        qsizetype from = -1;
        bool designated = true;
        if (!offsetRead) {
            // Alberta (IdParser, Barcode.cs ParseSubfileOffset) writes "abac" where the offset
            // belongs and leaves the length out, so its six-byte entry is followed at once by
            // the subfile: take the first designator that opens an element after the entry.
            for (qsizetype p = entry + 6; p <= directoryEnd && from < 0; ++p)
                if (slice(d, p, 2) == t && startsElement(d, p + 2))
                    from = p;
            if (from < 0)
                return refuse(QStringLiteral("the subfile directory is damaged"));
            span = d.size();
        } else if (offset + 2 <= d.size() && slice(d, offset, 2) == t) {
            from = offset;
        } else if (e == 0 && directoryEnd + 2 <= d.size() && slice(d, directoryEnd, 2) == t) {
            // Issuers get offsets wrong; the subfile usually follows the directory directly.
            from = directoryEnd;
        } else if (offset >= directoryEnd && startsElement(d, offset)
                   && (offset == directoryEnd || d[offset - 1] == '\n' || d[offset - 1] == '\r')) {
            // Connecticut's version 1 cards leave out the two-byte designator annex D puts first
            // in the subfile (as do the West Virginia and Wyoming version 4 texts in IdParser's
            // tests); their offsets are right and point at the first element.
            from = offset;
            designated = false;
        }
        if (from < 0)
            return refuse(QStringLiteral("the subfile directory points outside the data"));
        type = QString::fromLatin1(t);
        start = designated ? from + 2 : from;
        end = std::min<qsizetype>(d.size(), from + std::max<qsizetype>(span, 2));
    }
    if (start < 0)
        return refuse(QStringLiteral("it has no licence or ID subfile"));

    // Values of the wanted elements only, by index into kWanted.
    std::array<QString, kWanted.size()> values;
    std::array<bool, kWanted.size()> seen {};
    qsizetype p = start;
    while (p < end) {
        qsizetype stop = p;
        while (stop < end && d[stop] != '\n' && d[stop] != '\r')
            ++stop;
        const QByteArrayView element = slice(d, p, stop - p);
        if (element.size() >= 3 && isUpperAlpha(element[0]) && isUpperAlpha(element[1]) && isUpperAlpha(element[2])) {
            for (std::size_t w = 0; w < kWanted.size(); ++w)
                if (!seen[w] && std::memcmp(element.data(), kWanted[w], 3) == 0) {
                    values[w] = text(slice(element, 3));
                    seen[w] = true;
                }
        }
        if (stop < end && d[stop] == '\r')
            break;
        p = stop + 1;
    }
    auto value = [&](const char *id) -> QString {
        for (std::size_t w = 0; w < kWanted.size(); ++w)
            if (std::strcmp(kWanted[w], id) == 0)
                return values[w];
        return {};
    };

    AamvaReading r;
    r.version = version;
    r.documentType = type;
    r.jurisdiction = value("DAJ").left(2).toUpper();
    if (r.jurisdiction.size() != 2 || !r.jurisdiction[0].isLetter() || !r.jurisdiction[1].isLetter())
        r.jurisdiction.clear();
    QString iinJurisdiction;
    for (const Iin &known : kCanadianIins)
        if (iin == QLatin1String(known.iin))
            iinJurisdiction = QString::fromLatin1(known.jurisdiction);
    if (r.jurisdiction.isEmpty())
        r.jurisdiction = iinJurisdiction;
    const QString dcg = value("DCG").toUpper();
    bool province = false;
    for (const char *code : kProvinces)
        province = province || r.jurisdiction == QLatin1String(code);
    if (dcg == QLatin1String("USA") || dcg == QLatin1String("CAN"))
        r.country = dcg;
    else if (province || !iinJurisdiction.isEmpty())
        r.country = QStringLiteral("CAN");
    else
        r.country = QStringLiteral("USA");
    const bool canadian = r.country == QLatin1String("CAN");

    auto realName = [](const QString &s) {
        return !s.isEmpty() && s.compare(QLatin1String("NONE"), Qt::CaseInsensitive) != 0
            && s.compare(QLatin1String("unavl"), Qt::CaseInsensitive) != 0;
    };
    r.familyName = trimmedName(value("DCS"));
    if (r.familyName.isEmpty())
        r.familyName = trimmedName(value("DAB"));
    QStringList givenParts;
    if (realName(value("DAC")))
        givenParts << givenNames(value("DAC"));
    if (realName(value("DAD")))
        givenParts << givenNames(value("DAD"));
    if (givenParts.isEmpty() && realName(value("DCT")))
        givenParts << givenNames(value("DCT"));
    r.givenNames = givenParts.join(QLatin1Char(' ')).simplified();
    if (r.familyName.isEmpty() && !value("DAA").isEmpty()) {
        const FullName full = splitFullName(value("DAA"));
        r.familyName = full.family;
        if (r.givenNames.isEmpty())
            r.givenNames = full.given;
        if (!full.uncertainty.isEmpty()) {
            r.namesUncertain = true;
            r.problems << full.uncertainty + QStringLiteral(" Check the names against the card before using them.");
        }
    }
    if (r.familyName.isEmpty())
        r.problems << QStringLiteral("The barcode gives no family name; enter the names from the card.");

    auto readDate = [&](const char *id, const QString &what) -> std::optional<QDate> {
        const QString v = value(id);
        if (v.isEmpty()) {
            r.problems << QStringLiteral("The barcode gives no %1; enter it from the card.").arg(what);
            return std::nullopt;
        }
        auto found = date(v, canadian);
        if (!found)
            r.problems << QStringLiteral("The %1 in the barcode is not a date; enter it from the card.").arg(what);
        return found;
    };
    r.birthDate = readDate("DBB", QStringLiteral("date of birth"));
    r.expiry = readDate("DBA", QStringLiteral("expiry date"));
    if (!value("DBD").isEmpty())
        r.issued = date(value("DBD"), canadian);
    r.expired = r.expiry && *r.expiry < clock.now().date();
    return r;
}

} // namespace tessera
