#pragma once

#include "core/util/Error.h"

#include <QByteArray>
#include <QImage>

namespace tessera {

// The PDF417 symbol on the back of a licence or ID card (ISO/IEC 15438), through zxing-cpp.
// The decoded bytes are the raw barcode text: hand them straight to parseAamva(), which wipes
// them; they are never to be logged or written.

// Decodes the first PDF417 in `image` (tries harder and rotated). NotFound when there is none,
// InvalidInput for an image that cannot be looked at. Thread-safe.
Result<QByteArray> decodePdf417(const QImage &image);

// A PDF417 symbol holding `bytes` (ISO 8859-1), black on white, `width` x `height` pixels or
// the symbol's natural size when larger; a null image when the bytes do not fit a symbol.
// For making fictional specimen documents.
QImage encodePdf417(const QByteArray &bytes, int width, int height);

} // namespace tessera
