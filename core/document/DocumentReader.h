#pragma once

#include "core/document/AamvaParser.h"
#include "core/document/DocumentImage.h"
#include "core/document/MrzParser.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"

#include <QImage>
#include <QStringList>

#include <optional>

namespace tessera {

// Everything read from one image of a presented document, ready for the clerk to confirm:
// the rectified image (memory only), and what its barcode or zone said, less the document
// number and the raw text, which are dropped inside the parsers (product principle 2).
struct DocumentFindings {
    RectifiedDocument rectified;
    std::optional<AamvaReading> licence; // from a PDF417 (US or Canadian licence or ID card)
    std::optional<MrzReading> mrz;       // from the machine readable zone (passport, ID card)
    QStringList messages;                // plain words: what was looked for and not found

    // A passport or ID card whose zone read with every check digit right.
    bool machineReadable() const { return mrz && mrz->valid(); }
    bool foundAnything() const { return licence || mrz; }
    // Drops the image and clears its pixels (the clerk moved on).
    void clearImage();
};

// Rectifies `photo`, then reads a PDF417 (cards) and the MRZ (passport pages and cards, OCR
// of the bottom band, also upside down). Fails only when the image itself is unusable; a
// document where nothing could be read is a finding with messages. Dates are judged against
// `clock`. Slow (OCR): run it off the GUI thread. Thread-safe.
Result<DocumentFindings> readDocument(const QImage &photo, const Clock &clock);

// Reads only the zone of an already rectified document (the band at its bottom).
std::optional<MrzReading> readZone(const RectifiedDocument &doc, const Clock &clock, QStringList &messages);

} // namespace tessera
