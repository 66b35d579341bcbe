#pragma once

#include "core/util/Error.h"

#include <QString>

namespace tessera {

class StationSettings;

// Card numbers read "MS1-000042-K": the station code, a six-digit sequence per station, and a
// check character (Luhn mod 36 over code and sequence) that catches any single mistyped
// character and most swaps of neighbours when a number is read out or typed.
QString makeCardNumber(const QString &stationCode, qint64 sequence);
bool isValidCardNumber(const QString &cardNumber);

// The one card-number allocator: the station's code and the next number in its sequence (a
// first card at submission, a replacement card). Call it inside the transaction that records
// the number, so that a rollback gives the number back.
Result<QString> allocateCardNumber(StationSettings &settings);

} // namespace tessera
