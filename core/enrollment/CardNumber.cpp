#include "core/enrollment/CardNumber.h"

#include "core/store/StationSettings.h"

#include <QRegularExpression>

namespace tessera {

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr int kBase = 36;

int codePoint(QChar c)
{
    const char l = c.toUpper().toLatin1();
    for (int i = 0; i < kBase; ++i)
        if (kAlphabet[i] == l)
            return i;
    return -1;
}

// Luhn mod N (N = 36): double every second code point from the right, fold in base N.
QChar checkCharacter(const QString &payload)
{
    int sum = 0;
    int factor = 2;
    for (qsizetype i = payload.size() - 1; i >= 0; --i) {
        const int cp = codePoint(payload.at(i));
        if (cp < 0)
            continue;
        int addend = factor * cp;
        factor = factor == 2 ? 1 : 2;
        addend = addend / kBase + addend % kBase;
        sum += addend;
    }
    return QLatin1Char(kAlphabet[(kBase - sum % kBase) % kBase]);
}

} // namespace

QString makeCardNumber(const QString &stationCode, qint64 sequence)
{
    const QString body = stationCode.toUpper() + QStringLiteral("-%1").arg(sequence, 6, 10, QLatin1Char('0'));
    return body + QLatin1Char('-') + checkCharacter(body);
}

bool isValidCardNumber(const QString &cardNumber)
{
    static const QRegularExpression shape(QStringLiteral("^([A-Z0-9]{2,8}-[0-9]{6,})-([0-9A-Z])$"));
    const auto m = shape.match(cardNumber.trimmed().toUpper());
    return m.hasMatch() && checkCharacter(m.captured(1)) == m.captured(2).at(0);
}

Result<QString> allocateCardNumber(StationSettings &settings)
{
    auto code = settings.stationCode();
    if (!code)
        return std::unexpected(code.error());
    auto sequence = settings.takeCardSequence();
    if (!sequence)
        return std::unexpected(sequence.error());
    return makeCardNumber(*code, *sequence);
}

} // namespace tessera
