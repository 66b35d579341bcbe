#include "core/document/MrzParser.h"

#include <QRegularExpression>

#include <algorithm>
#include <functional>
#include <optional>

namespace tessera {

namespace {

bool isMrzChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'<';
}

int charValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'A' && u <= u'Z')
        return u - u'A' + 10;
    if (u == u'<')
        return 0;
    return -1;
}

QString withoutFillers(QStringView s)
{
    QString out = s.toString();
    while (out.endsWith(QLatin1Char('<')))
        out.chop(1);
    return out.replace(QLatin1Char('<'), QLatin1Char(' ')).trimmed();
}

QString fieldWords(const QString &field)
{
    if (field == QLatin1String("document_number"))
        return QStringLiteral("document number");
    if (field == QLatin1String("birth_date"))
        return QStringLiteral("date of birth");
    if (field == QLatin1String("expiry_date"))
        return QStringLiteral("date of expiry");
    if (field == QLatin1String("optional_data"))
        return QStringLiteral("personal number");
    return QStringLiteral("composite");
}

struct Builder {
    MrzReading reading;

    // `digit` is the check character; '<' is accepted only over an all-filler field
    // (ICAO 9303 part 4, 4.2.2.1 for the personal number).
    void check(const QString &field, QStringView text, QChar digit)
    {
        bool ok = false;
        if (digit == QLatin1Char('<'))
            ok = field == QLatin1String("optional_data") && text.count(QLatin1Char('<')) == text.size();
        else if (digit.isDigit())
            ok = mrzCheckDigit(text) == digit.unicode() - u'0';
        reading.checks.push_back({field, ok});
        if (!ok)
            reading.problems << QStringLiteral(
                                    "The check digit of the %1 is wrong: the zone was misread or the document altered.")
                                    .arg(fieldWords(field));
    }

    // A number longer than 9 characters continues in the optional data, its check digit last,
    // and the check position holds '<' (ICAO 9303 part 5, 4.2.2 note j, for TD1; part 6, 4.2.2
    // note j, for TD2). TD3 has no such form (part 4).
    void documentNumber(QStringView first9, QChar digit, QStringView optional)
    {
        if (digit != QLatin1Char('<') || optional.isEmpty() || optional[0] == QLatin1Char('<')) {
            check(QStringLiteral("document_number"), first9, digit);
            return;
        }
        qsizetype end = optional.indexOf(u'<');
        if (end < 0)
            end = optional.size();
        check(QStringLiteral("document_number"), QString(first9.toString() + optional.left(end - 1).toString()),
              optional[end - 1]);
    }

    void names(QStringView field)
    {
        const qsizetype split = field.indexOf(u"<<");
        if (split < 0) {
            reading.familyName = withoutFillers(field);
            return;
        }
        reading.familyName = withoutFillers(field.left(split));
        reading.givenNames = withoutFillers(field.mid(split + 2));
    }

    std::optional<QDate> date(QStringView yymmdd, bool birth, const QDate &today, const QString &what)
    {
        bool ok = true;
        for (QChar c : yymmdd)
            ok = ok && c.isDigit();
        const int yy = ok ? yymmdd.left(2).toInt() : 0;
        const int mm = ok ? yymmdd.mid(2, 2).toInt() : 0;
        const int dd = ok ? yymmdd.mid(4, 2).toInt() : 0;
        std::optional<QDate> found;
        if (ok) {
            // Birth: the latest century that puts the date on or before today. Expiry: the
            // century that puts it within 50 years of today.
            for (int century : {2100, 2000, 1900, 1800}) {
                const QDate d(century + yy, mm, dd);
                if (!d.isValid())
                    continue;
                if (birth ? (d <= today && d > today.addYears(-150))
                          : (d >= today.addYears(-50) && d <= today.addYears(50))) {
                    found = d;
                    break;
                }
            }
        }
        if (!found)
            reading.problems
                << QStringLiteral("The %1 in the zone is not a full date; enter it from the document.").arg(what);
        return found;
    }

    void sex(QChar c)
    {
        reading.sex = c == QLatin1Char('F') ? QStringLiteral("F")
            : c == QLatin1Char('M')         ? QStringLiteral("M")
                                            : QStringLiteral("X");
    }
};

QStringList splitLines(const QString &text)
{
    QStringList lines;
    for (const QString &raw : text.split(QRegularExpression(QStringLiteral("[\r\n]+")))) {
        const QString line = raw.trimmed();
        if (!line.isEmpty())
            lines << line;
    }
    if (lines.size() == 1) {
        const QString one = lines.front();
        const qsizetype n = one.size();
        if (n == 90)
            return {one.mid(0, 30), one.mid(30, 30), one.mid(60, 30)};
        if (n == 72)
            return {one.mid(0, 36), one.mid(36, 36)};
        if (n == 88)
            return {one.mid(0, 44), one.mid(44, 44)};
    }
    return lines;
}

QChar asDigit(QChar c)
{
    switch (c.unicode()) {
    case u'O':
    case u'D':
    case u'Q':
        return QLatin1Char('0');
    case u'I':
    case u'L':
        return QLatin1Char('1');
    case u'Z':
        return QLatin1Char('2');
    case u'S':
        return QLatin1Char('5');
    case u'G':
        return QLatin1Char('6');
    case u'B':
        return QLatin1Char('8');
    default:
        return c;
    }
}

QChar asLetter(QChar c)
{
    switch (c.unicode()) {
    case u'0':
        return QLatin1Char('O');
    case u'1':
        return QLatin1Char('I');
    case u'2':
        return QLatin1Char('Z');
    case u'5':
        return QLatin1Char('S');
    case u'8':
        return QLatin1Char('B');
    default:
        return c;
    }
}

void digits(QString &line, qsizetype from, qsizetype to)
{
    for (qsizetype i = from; i < to && i < line.size(); ++i)
        line[i] = asDigit(line[i]);
}

void letters(QString &line, qsizetype from, qsizetype to)
{
    for (qsizetype i = from; i < to && i < line.size(); ++i)
        line[i] = asLetter(line[i]);
}

// OCR miscounts runs of fillers: the longest run is lengthened or shortened to make the width.
void fitFillers(QString &line, int width)
{
    if (line.size() == width)
        return;
    qsizetype bestAt = -1;
    qsizetype bestLength = 0;
    for (qsizetype i = 0; i < line.size();) {
        qsizetype j = i;
        while (j < line.size() && line[j] == QLatin1Char('<'))
            ++j;
        if (j - i > bestLength) {
            bestLength = j - i;
            bestAt = i;
        }
        i = j == i ? i + 1 : j;
    }
    if (bestLength < 2)
        return;
    if (line.size() < width)
        line.insert(bestAt, QString(width - line.size(), QLatin1Char('<')));
    else if (line.size() - width < bestLength)
        line.remove(bestAt, line.size() - width);
}

// OCR confuses 0, O, Q and D in the document number, the one field that may hold both
// letters and digits. Tries the alternatives and keeps the one combination, if exactly one,
// that makes both the number's check digit and the composite check digit right.
void fixNumber(QStringList &lines, int line, qsizetype from, qsizetype n, qsizetype at,
               const std::function<bool(const QStringList &)> &compositeOk)
{
    QString &l = lines[line];
    if (at >= l.size() || !l[at].isDigit() || from + n > l.size())
        return;
    const int want = l[at].unicode() - u'0';
    if (mrzCheckDigit(QStringView(l).mid(from, n)) == want && compositeOk(lines))
        return;
    static const QString kAlike = QStringLiteral("0OQD");
    std::vector<qsizetype> ambiguous;
    for (qsizetype i = from; i < from + n; ++i)
        if (kAlike.contains(l[i]))
            ambiguous.push_back(i);
    if (ambiguous.empty() || ambiguous.size() > 5)
        return;
    std::optional<QStringList> found;
    int matches = 0;
    std::size_t combinations = 1;
    for (std::size_t i = 0; i < ambiguous.size(); ++i)
        combinations *= 4;
    for (std::size_t c = 0; c < combinations; ++c) {
        QStringList trial = lines;
        std::size_t rest = c;
        for (qsizetype i : ambiguous) {
            trial[line][i] = kAlike[static_cast<qsizetype>(rest % 4)];
            rest /= 4;
        }
        if (mrzCheckDigit(QStringView(trial[line]).mid(from, n)) == want && compositeOk(trial)) {
            ++matches;
            found = trial;
        }
    }
    if (matches == 1)
        lines = *found;
}

} // namespace

QString repairOcrZone(const QString &text)
{
    QStringList lines = splitLines(text);
    if (lines.size() == 3) {
        for (QString &l : lines)
            fitFillers(l, 30);
        letters(lines[0], 0, 5);
        digits(lines[0], 14, 15);
        digits(lines[1], 0, 7);
        letters(lines[1], 7, 8);
        digits(lines[1], 8, 15);
        letters(lines[1], 15, 18);
        digits(lines[1], 29, 30);
        letters(lines[2], 0, 30);
        fixNumber(lines, 0, 5, 9, 14, [](const QStringList &t) {
            return t[1].size() == 30 && t[1][29].isDigit()
                && mrzCheckDigit(QString(t[0].mid(5) + t[1].left(7) + t[1].mid(8, 7) + t[1].mid(18, 11)))
                == t[1][29].unicode() - u'0';
        });
    } else if (lines.size() == 2) {
        // Passports are TD3 (ICAO 9303 part 4); otherwise the nearer width.
        const qsizetype longest = std::max(lines[0].size(), lines[1].size());
        const int width = lines[0].startsWith(QLatin1Char('P')) || longest > 40 ? 44 : 36;
        fitFillers(lines[0], width);
        fitFillers(lines[1], width);
        letters(lines[0], 0, width);
        digits(lines[1], 9, 10);
        letters(lines[1], 10, 13);
        digits(lines[1], 13, 20);
        letters(lines[1], 20, 21);
        digits(lines[1], 21, 28);
        if (width == 44)
            digits(lines[1], 42, 44);
        else
            digits(lines[1], 35, 36);
        fixNumber(lines, 1, 0, 9, 9, [width](const QStringList &t) {
            const QString &l = t[1];
            if (l.size() != width || !l[width - 1].isDigit())
                return false;
            return mrzCheckDigit(QString(l.left(10) + l.mid(13, 7) + l.mid(21, width - 22)))
                == l[width - 1].unicode() - u'0';
        });
    } else {
        return text;
    }
    return lines.join(QLatin1Char('\n'));
}

QString mrzFormatName(MrzFormat f)
{
    switch (f) {
    case MrzFormat::TD1:
        return QStringLiteral("TD1");
    case MrzFormat::TD2:
        return QStringLiteral("TD2");
    case MrzFormat::TD3:
        return QStringLiteral("TD3");
    }
    return {};
}

const MrzCheck *MrzReading::check(const QString &field) const
{
    for (const MrzCheck &c : checks)
        if (c.field == field)
            return &c;
    return nullptr;
}

void MrzReading::distrustNames()
{
    if (namesUncertain)
        return;
    namesUncertain = true;
    problems << QStringLiteral(
        "The names in the zone could not be read with certainty: check them against the document before using them.");
}

int mrzCheckDigit(QStringView text)
{
    static constexpr int kWeights[] = {7, 3, 1};
    int sum = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const int v = charValue(text[i]);
        if (v < 0)
            return -1;
        sum += v * kWeights[i % 3];
    }
    return sum % 10;
}

Result<MrzReading> parseMrz(const QString &text, const Clock &clock)
{
    const QStringList lines = splitLines(text);
    if (lines.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("No machine readable zone was given: type its two or three lines."));
    MrzFormat format;
    int width = 0;
    if (lines.size() == 3) {
        format = MrzFormat::TD1;
        width = 30;
    } else if (lines.size() == 2) {
        const qsizetype n = std::max(lines[0].size(), lines[1].size());
        format = n <= 40 ? MrzFormat::TD2 : MrzFormat::TD3;
        width = format == MrzFormat::TD2 ? 36 : 44;
    } else {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral(
                        "The zone has %1 lines; a passport has 2 and an ID card 2 or 3. Check the lines typed or read.")
                        .arg(lines.size()));
    }
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].size() != width)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("Line %1 of the zone has %2 characters; a %3 zone has %4 per line. "
                                       "Check for missing or extra characters.")
                            .arg(i + 1)
                            .arg(lines[i].size())
                            .arg(mrzFormatName(format))
                            .arg(width));
        for (qsizetype j = 0; j < width; ++j)
            if (!isMrzChar(lines[i][j]))
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("Line %1, character %2 of the zone is not one of A-Z, 0-9 or '<'.")
                                .arg(i + 1)
                                .arg(j + 1));
    }
    const QString &l1 = lines[0];
    const QString &l2 = lines[1];
    const QChar kind = l1[0];
    if (kind == QLatin1Char('V'))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("This is a visa's zone; only passports and ID cards are read here."));
    if (kind != QLatin1Char('P') && kind != QLatin1Char('I') && kind != QLatin1Char('A') && kind != QLatin1Char('C'))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The zone does not start with P, I, A or C: it is not a passport or ID card zone, "
                                   "or line 1 was misread."));

    const QDate today = clock.now().date();
    Builder b;
    b.reading.format = format;
    b.reading.documentCode = withoutFillers(QStringView(l1).left(2));
    b.reading.issuingState = withoutFillers(QStringView(l1).mid(2, 3));
    const QStringView v1(l1);
    const QStringView v2(l2);
    if (format == MrzFormat::TD1) {
        const QStringView v3(lines[2]);
        b.documentNumber(v1.mid(5, 9), v1[14], v1.mid(15, 15));
        b.check(QStringLiteral("birth_date"), v2.left(6), v2[6]);
        b.sex(v2[7]);
        b.check(QStringLiteral("expiry_date"), v2.mid(8, 6), v2[14]);
        b.reading.nationality = withoutFillers(v2.mid(15, 3));
        const QString composite =
            v1.mid(5, 25).toString() + v2.left(7).toString() + v2.mid(8, 7).toString() + v2.mid(18, 11).toString();
        b.check(QStringLiteral("composite"), composite, v2[29]);
        b.names(v3);
        b.reading.birthDate = b.date(v2.left(6), true, today, QStringLiteral("date of birth"));
        b.reading.expiry = b.date(v2.mid(8, 6), false, today, QStringLiteral("date of expiry"));
    } else {
        b.names(v1.mid(5));
        if (format == MrzFormat::TD2)
            b.documentNumber(v2.left(9), v2[9], v2.mid(28, 7));
        else
            b.check(QStringLiteral("document_number"), v2.left(9), v2[9]);
        b.reading.nationality = withoutFillers(v2.mid(10, 3));
        b.check(QStringLiteral("birth_date"), v2.mid(13, 6), v2[19]);
        b.sex(v2[20]);
        b.check(QStringLiteral("expiry_date"), v2.mid(21, 6), v2[27]);
        if (format == MrzFormat::TD3) {
            b.check(QStringLiteral("optional_data"), v2.mid(28, 14), v2[42]);
            const QString composite = v2.left(10).toString() + v2.mid(13, 7).toString() + v2.mid(21, 22).toString();
            b.check(QStringLiteral("composite"), composite, v2[43]);
        } else {
            const QString composite = v2.left(10).toString() + v2.mid(13, 7).toString() + v2.mid(21, 14).toString();
            b.check(QStringLiteral("composite"), composite, v2[35]);
        }
        b.reading.birthDate = b.date(v2.mid(13, 6), true, today, QStringLiteral("date of birth"));
        b.reading.expiry = b.date(v2.mid(21, 6), false, today, QStringLiteral("date of expiry"));
    }
    if (b.reading.familyName.isEmpty())
        b.reading.problems << QStringLiteral("The zone gives no name; enter the names from the document.");
    return std::move(b.reading);
}

} // namespace tessera
