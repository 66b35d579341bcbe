#include "core/cards/CardToken.h"

#include "core/crypto/Signing.h"

#include <QRegularExpression>

namespace tessera {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const QDate kEpoch(2000, 1, 1);
constexpr quint16 kNoExpiry = 0xFFFF;

std::optional<quint16> dayNumber(const QDate &d)
{
    if (!d.isValid())
        return std::nullopt;
    const qint64 n = kEpoch.daysTo(d);
    if (n < 0 || n >= kNoExpiry)
        return std::nullopt;
    return static_cast<quint16>(n);
}

bool printableAscii(const QString &s, int maxLength)
{
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_.:-]+$"));
    return !s.isEmpty() && s.size() <= maxLength && allowed.match(s).hasMatch();
}

void putU16(QByteArray &out, quint16 v)
{
    out.append(static_cast<char>(v >> 8));
    out.append(static_cast<char>(v & 0xFF));
}

} // namespace

QByteArray base32Encode(const QByteArray &bytes)
{
    QByteArray out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (char c : bytes) {
        buffer = (buffer << 8) | static_cast<quint8>(c);
        bits += 8;
        while (bits >= 5) {
            out.append(kAlphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out.append(kAlphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

std::optional<QByteArray> base32Decode(const QByteArray &text)
{
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = -1;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        if (v < 0)
            return std::nullopt;
        buffer = ((buffer << 5) | static_cast<quint32>(v)) & 0xFFFFFu;
        bits += 5;
        if (bits >= 8) {
            out.append(static_cast<char>((buffer >> (bits - 8)) & 0xFF));
            bits -= 8;
        }
    }
    // Leftover bits must be padding zeros, fewer than 5 of them: one text, one token.
    if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

Result<QByteArray> CardToken::signedPart() const
{
    if (keyId.size() != 4)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Card token: the key id must be 4 bytes."));
    if (!printableAscii(cardNumber, kMaxCardNumber))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Card token: the card number must be 1 to %1 letters, digits or dashes.")
                        .arg(kMaxCardNumber));
    if (!printableAscii(programmeId, kMaxProgrammeId))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Card token: the programme id must be 1 to %1 letters, digits or dashes.")
                        .arg(kMaxProgrammeId));
    const auto issued = dayNumber(issuedOn);
    const auto expires = expiresOn ? dayNumber(*expiresOn) : std::optional<quint16>(kNoExpiry);
    if (!issued || !expires)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Card token: dates must be between 2000 and 2178."));
    QByteArray out;
    out.append(static_cast<char>(kVersion));
    out.append(keyId);
    out.append(static_cast<char>(cardNumber.size()));
    out.append(cardNumber.toLatin1());
    putU16(out, *issued);
    putU16(out, *expires);
    out.append(static_cast<char>(programmeId.size()));
    out.append(programmeId.toLatin1());
    return out;
}

Result<QByteArray> CardToken::signedText(const SecureBuffer &secretKey)
{
    auto part = signedPart();
    if (!part)
        return std::unexpected(part.error());
    auto sig = crypto::sign(secretKey, *part);
    if (!sig)
        return std::unexpected(sig.error());
    signature = *sig;
    return base32Encode(*part + signature);
}

bool CardToken::signatureValid(const QByteArray &publicKey) const
{
    auto part = signedPart();
    return part && crypto::verifySignature(publicKey, *part, signature);
}

Result<CardToken> CardToken::parse(const QByteArray &text)
{
    const auto bad = [](const QString &why) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("Not a Tessera card code: %1.").arg(why));
    };
    const QByteArray trimmed = text.trimmed();
    if (trimmed.size() > 400)
        return bad(QStringLiteral("too long"));
    const auto decoded = base32Decode(trimmed);
    if (!decoded)
        return bad(QStringLiteral("the text is not base32"));
    const QByteArray &b = *decoded;
    qsizetype pos = 0;
    const auto need = [&](qsizetype n) { return pos + n <= b.size(); };
    if (!need(1))
        return bad(QStringLiteral("empty"));
    const auto version = static_cast<quint8>(b.at(pos++));
    if (version != kVersion)
        return bad(QStringLiteral("unknown version %1").arg(version));
    CardToken t;
    if (!need(4 + 1))
        return bad(QStringLiteral("cut short"));
    t.keyId = b.mid(pos, 4);
    pos += 4;
    const int n = static_cast<quint8>(b.at(pos++));
    if (n < 1 || n > kMaxCardNumber || !need(n + 4 + 1))
        return bad(QStringLiteral("bad card number length"));
    t.cardNumber = QString::fromLatin1(b.mid(pos, n));
    pos += n;
    const auto u16 = [&]() {
        const quint16 v =
            static_cast<quint16>((static_cast<quint8>(b.at(pos)) << 8) | static_cast<quint8>(b.at(pos + 1)));
        pos += 2;
        return v;
    };
    const quint16 issued = u16();
    const quint16 expires = u16();
    t.issuedOn = kEpoch.addDays(issued);
    if (expires != kNoExpiry)
        t.expiresOn = kEpoch.addDays(expires);
    const int m = static_cast<quint8>(b.at(pos++));
    if (m < 1 || m > kMaxProgrammeId || !need(m))
        return bad(QStringLiteral("bad programme id length"));
    t.programmeId = QString::fromLatin1(b.mid(pos, m));
    pos += m;
    if (b.size() - pos != static_cast<qsizetype>(crypto::kSignatureBytes))
        return bad(QStringLiteral("the signature is missing or has the wrong length"));
    t.signature = b.mid(pos);
    if (!printableAscii(t.cardNumber, kMaxCardNumber) || !printableAscii(t.programmeId, kMaxProgrammeId))
        return bad(QStringLiteral("unexpected characters"));
    if (expires != kNoExpiry && expires < issued)
        return bad(QStringLiteral("it expires before it was issued"));
    return t;
}

} // namespace tessera
