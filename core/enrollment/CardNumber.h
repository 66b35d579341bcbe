#pragma once

#include <QString>

namespace tessera {

// Card numbers read "MS1-000042-K": the station code, a six-digit sequence per station, and a
// check character (Luhn mod 36 over code and sequence) that catches any single mistyped
// character and most swaps of neighbours when a number is read out or typed.
QString makeCardNumber(const QString &stationCode, qint64 sequence);
bool isValidCardNumber(const QString &cardNumber);

} // namespace tessera
