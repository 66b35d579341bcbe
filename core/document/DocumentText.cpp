#include "core/document/DocumentText.h"

#include "core/document/AamvaParser.h"
#include "core/document/MrzParser.h"

#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>

#include <string.h>
#include <utility>

namespace tessera {

namespace {

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        explicit_bzero(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

void wipe(QString &text)
{
    if (!text.isEmpty())
        explicit_bzero(text.data(), static_cast<size_t>(text.size()) * sizeof(QChar));
    text.clear();
}

// Where the file type ("ANSI " or "AAMVA") starts after the "@" at 0, or -1. Annex D puts it at
// 4; wedges leave anything from none to a few characters in between.
qsizetype fileTypeAt(QByteArrayView d)
{
    for (qsizetype i = 1; i + 5 <= d.size() && i <= 8; ++i)
        if (d.sliced(i, 5) == QByteArrayView("ANSI ") || d.sliced(i, 5) == QByteArrayView("AAMVA"))
            return i;
    return -1;
}

bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool looksLikeAamva(QByteArrayView d)
{
    qsizetype i = 0;
    while (i < d.size() && (blank(d[i]) || static_cast<unsigned char>(d[i]) >= 0x80))
        ++i;
    return i < d.size() && d[i] == '@';
}

int digits(QByteArrayView d, qsizetype at, qsizetype n)
{
    if (at < 0 || at + n > d.size())
        return -1;
    int value = 0;
    for (qsizetype i = at; i < at + n; ++i) {
        if (d[i] < '0' || d[i] > '9')
            return -1;
        value = value * 10 + (d[i] - '0');
    }
    return value;
}

} // namespace

QByteArray normalizeAamvaText(QByteArray &&input)
{
    QByteArray t = std::exchange(input, QByteArray()); // the caller's left empty, as parseAamva's
    // UTF-8 (what an editor saves) back to ISO 8859-1; characters beyond it cannot be in a
    // barcode and become '?'. Text that is not UTF-8 is taken as ISO 8859-1 already.
    bool nonAscii = false;
    for (char c : std::as_const(t))
        nonAscii = nonAscii || static_cast<unsigned char>(c) >= 0x80;
    if (nonAscii) {
        QStringDecoder utf8(QStringDecoder::Utf8);
        QString decoded = utf8.decode(t);
        if (!utf8.hasError()) {
            QByteArray latin1 = decoded.toLatin1();
            wipe(t);
            t = std::move(latin1);
        }
        wipe(decoded);
    }
    // C1 control characters are scanner noise (IdParser removes them too); leading blanks go.
    QByteArray out;
    out.reserve(t.size() + 4);
    qsizetype i = 0;
    while (i < t.size() && blank(t[i]))
        ++i;
    for (; i < t.size(); ++i) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80 || c > 0x9f)
            out.append(t[i]);
    }
    wipe(t);
    if (out.isEmpty() || out[0] != '@')
        return out;
    // The header's separators.
    const bool typed = fileTypeAt(out) > 0;
    if (typed)
        out.replace(1, fileTypeAt(out) - 1, QByteArrayView("\n\x1e\r")); // in place: reserved above
    // Line ends after the header: CR LF is one LF; CR alone is LF when nothing else is.
    const qsizetype body = typed ? 4 : 1;
    if (out.indexOf("\r\n", body) >= 0) {
        QByteArray joined;
        joined.reserve(out.size());
        joined.append(out.constData(), body);
        for (qsizetype k = body; k < out.size(); ++k)
            if (!(out[k] == '\r' && k + 1 < out.size() && out[k + 1] == '\n'))
                joined.append(out[k]);
        wipe(out);
        out = std::move(joined);
    } else if (out.indexOf('\n', body) < 0) {
        for (qsizetype k = body; k < out.size(); ++k)
            if (out[k] == '\r')
                out[k] = '\n';
    }
    // Subfile terminators: the directory says where each subfile ends.
    if (typed) {
        // "@" LF RS CR, file type, IIN (6), version (2), jurisdiction version (2, from version 2).
        const qsizetype header = 4 + 5 + 6 + 2;
        const int version = digits(out, 4 + 5 + 6, 2);
        const qsizetype countAt = version >= 2 ? header + 2 : header;
        const int entries = digits(out, countAt, 2);
        for (int e = 0; e < entries; ++e) {
            const qsizetype entry = countAt + 2 + static_cast<qsizetype>(e) * 10;
            const int offset = digits(out, entry + 2, 4);
            const int length = digits(out, entry + 6, 4);
            const qsizetype last = static_cast<qsizetype>(offset) + length - 1;
            if (offset > 0 && length > 0 && last < out.size() && out[last] == '\n')
                out[last] = '\r';
        }
    }
    return out;
}

Result<DocumentFindings> readDocumentText(QByteArray &&input, const Clock &clock)
{
    QByteArray text = std::exchange(input, QByteArray()); // the caller's left empty, as parseAamva's
    DocumentFindings found;
    if (looksLikeAamva(text)) {
        auto licence = parseAamva(normalizeAamvaText(std::move(text)), clock);
        if (!licence)
            return std::unexpected(licence.error());
        found.licence = std::move(*licence);
        return found;
    }
    QString lines = QString::fromUtf8(text);
    wipe(text);
    // Typed lines: capitals, no blanks, any line break; one buffer, wiped once read.
    QString zone;
    zone.reserve(lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QChar c = lines[i];
        if (c == QLatin1Char('\r')) {
            if (i + 1 >= lines.size() || lines[i + 1] != QLatin1Char('\n'))
                zone.append(QLatin1Char('\n'));
        } else if (c != QLatin1Char(' ') && c != QLatin1Char('\t')) {
            zone.append(c.toUpper());
        }
    }
    wipe(lines);
    while (!zone.isEmpty() && zone.front() == QLatin1Char('\n'))
        zone.remove(0, 1);
    while (!zone.isEmpty() && zone.back() == QLatin1Char('\n'))
        zone.chop(1);
    if (zone.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("No text was given: type or scan the lines of the machine readable zone, or "
                                   "scan the licence's barcode."));
    const bool looksLikeZone = zone.contains(QLatin1Char('<'));
    auto mrz = parseMrz(zone, clock);
    wipe(zone);
    if (!mrz) {
        if (looksLikeZone)
            return std::unexpected(mrz.error());
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The text is neither a licence or ID card barcode (that starts with \"@\") "
                                   "nor the lines of a machine readable zone (they hold \"<\" fillers). "
                                   "Scan the barcode again or type the zone's lines."));
    }
    found.mrz = std::move(*mrz);
    return found;
}

} // namespace tessera
