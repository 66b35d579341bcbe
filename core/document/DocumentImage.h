#pragma once

#include "core/util/Error.h"

#include <QImage>
#include <QPointF>
#include <QStringList>

#include <array>
#include <optional>

namespace tessera {

// The sizes a presented document is rectified to, told apart by the aspect ratio of its
// outline: ID-1 (ISO/IEC 7810, 85.60 x 53.98 mm: licences, ID cards), ID-3 (125 x 88 mm:
// a passport data page, ICAO 9303 part 4), US letter (215.9 x 279.4 mm) and A4 (210 x 297 mm).
// ID-3 and A4 have the same shape (1.42 and 1.41): an outline of that shape lying landscape
// is taken as a passport data page, standing portrait as an A4 page.
enum class DocumentSize { Id1, Id3, Letter, A4 };
QString documentSizeName(DocumentSize s); // "ID-1 card", "passport page (ID-3)", …

// A document found in a photo or scan and rectified to its real proportions. The image lives
// only in memory; nothing here writes a file.
struct RectifiedDocument {
    QImage image; // RGB888: ID-1 1012 x 638 and ID-3 1476 x 1039 (300 dpi), pages 150 dpi
    DocumentSize size = DocumentSize::Id1;
    bool cornersFound = false;      // false: no outline found, the whole image is taken as the document
    std::array<QPointF, 4> corners; // in the source's pixels: top left, top right, bottom right, bottom left
    double sharpness = 0;           // variance of the Laplacian of the rectified image (higher: sharper)
    double glare = 0;               // fraction of the rectified image that is blown-out white
    QStringList warnings;           // plain words for the clerk: blur, glare, no outline
};

// Images larger than this are refused before any work (a 12-megapixel capture is 12'000'000).
inline constexpr qint64 kMaxDocumentPixels = 40'000'000;

// Finds the document's outline (downscaled copy: edges, then the largest convex
// quadrilateral), tells its size by its true aspect ratio (the camera's perspective undone,
// Zhang and He 2007) unless `size` is given, and warps the full-resolution image onto the
// document's real proportions, landscape for ID-1 and ID-3, portrait for pages. Refuses
// empty, tiny or too large images with a message. Thread-safe (no shared state).
Result<RectifiedDocument> rectifyDocument(const QImage &photo, std::optional<DocumentSize> size = std::nullopt);

// The image turned by 180 degrees (a card or page held upside down).
QImage turnedOver(const QImage &image);

} // namespace tessera
