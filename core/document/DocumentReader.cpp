#include "core/document/DocumentReader.h"

#include "core/document/MrzGlyphReader.h"
#include "core/document/MrzOcr.h"
#include "core/document/Pdf417.h"

#include <array>
#include <string.h>

namespace tessera {

namespace {

void wipe(QImage &image)
{
    if (!image.isNull() && image.isDetached())
        explicit_bzero(image.bits(), static_cast<size_t>(image.sizeInBytes()));
    image = QImage();
}

// The bottom band where ICAO 9303 puts the zone: about 23 mm of an 88 mm passport page
// (part 4), about 18 mm of a 54 mm TD1 card back (part 5); a little more for misplacement.
QImage zoneBand(const QImage &page, DocumentSize size)
{
    const double fraction = size == DocumentSize::Id1 ? 0.42 : 0.30;
    const int h = static_cast<int>(page.height() * fraction);
    return page.copy(0, page.height() - h, page.width(), h);
}

} // namespace

void DocumentFindings::clearImage()
{
    wipe(rectified.image);
}

std::optional<MrzReading> readZone(const RectifiedDocument &doc, const Clock &clock, QStringList &messages)
{
    if (doc.size != DocumentSize::Id1 && doc.size != DocumentSize::Id3)
        return std::nullopt;
    std::optional<MrzReading> best;
    QString problem;
    const auto consider = [&](MrzReading reading) {
        if (!best || (reading.valid() && !best->valid()))
            best = std::move(reading);
        return best->valid();
    };
    // First by the zone's layout, glyph by glyph, which knows a filler from a K and says how
    // sure it is of the names; the glyphs are rendered once per process.
    static const Result<MrzGlyphReader> glyphs = MrzGlyphReader::create();
    const std::array<QImage, 2> pages = {doc.image, turnedOver(doc.image)};
    if (glyphs) {
        for (const QImage &page : pages) {
            auto zone = glyphs->read(zoneBand(page, doc.size));
            if (!zone) {
                problem = zone.error().message;
                continue;
            }
            QString text = zone->lines.join(QLatin1Char('\n'));
            auto reading = parseMrz(repairOcrZone(text), clock);
            text.fill(QLatin1Char('<'));
            if (!reading) {
                problem = reading.error().message;
                zone->wipe();
                continue;
            }
            // The names: all of line 3 of a TD1 zone, line 1 from position 6 of TD2 and TD3.
            const bool td1 = reading->format == MrzFormat::TD1;
            if (!zone->certainFrom(td1 ? 2 : 0, td1 ? 0 : 5))
                reading->distrustNames();
            zone->wipe();
            if (consider(std::move(*reading)))
                return best;
        }
    }
    // Then general OCR (Tesseract), for zones whose rows the layout reader does not find. Its
    // names are never taken on trust: it reads OCR-B's filler as K, X, S or E, and no check
    // digit covers the names.
    auto ocr = MrzOcr::create();
    if (!ocr) {
        messages << ocr.error().message;
        return best;
    }
    for (const QImage &page : pages) {
        const QImage band = zoneBand(page, doc.size);
        for (int preparation = 0; preparation < MrzOcr::kPreparations; ++preparation) {
            auto text = ocr->read(band, preparation);
            if (!text) {
                problem = text.error().message;
                continue;
            }
            auto reading = parseMrz(repairOcrZone(*text), clock);
            text->fill(QLatin1Char('<'));
            if (!reading) {
                problem = reading.error().message;
                continue;
            }
            reading->distrustNames();
            consider(std::move(*reading));
        }
    }
    // The OCR's own refusal already says what to do; a parser's refusal (a zone too garbled
    // to be one) is named, with what to do.
    if (!best)
        messages << (problem.startsWith(QLatin1String("No machine readable zone"))
                         ? problem
                         : QStringLiteral("No machine readable zone could be read (%1) Type its lines instead.")
                               .arg(problem));
    return best;
}

Result<DocumentFindings> readDocument(const QImage &photo, const Clock &clock)
{
    auto rectified = rectifyDocument(photo);
    if (!rectified)
        return std::unexpected(rectified.error());
    DocumentFindings f;
    f.rectified = std::move(*rectified);
    // Passports carry no PDF417: look for one on anything card-sized or not outlined; a
    // barcode found on an outline taken for a passport page means it is a card after all.
    if (f.rectified.size == DocumentSize::Id1 || f.rectified.size == DocumentSize::Id3 || !f.rectified.cornersFound) {
        auto bytes = decodePdf417(f.rectified.image);
        if (!bytes && !f.rectified.cornersFound)
            bytes = decodePdf417(photo);
        if (bytes) {
            auto licence = parseAamva(std::move(*bytes), clock);
            if (!licence) {
                f.messages << licence.error().message;
            } else {
                f.licence = std::move(*licence);
                // A barcode of this kind is on a card: show it at a card's proportions.
                if (f.rectified.cornersFound && f.rectified.size != DocumentSize::Id1) {
                    if (auto card = rectifyDocument(photo, DocumentSize::Id1)) {
                        f.clearImage();
                        f.rectified = std::move(*card);
                    }
                }
            }
        } else if (f.rectified.size == DocumentSize::Id1) {
            f.messages << bytes.error().message;
        }
    }
    if (!f.licence) {
        QStringList zoneMessages;
        f.mrz = readZone(f.rectified, clock, zoneMessages);
        // A passport zone on an outline taken for a card: read it as the page it is.
        if ((!f.mrz || !f.mrz->valid()) && f.rectified.cornersFound && f.rectified.size != DocumentSize::Id3) {
            if (auto page = rectifyDocument(photo, DocumentSize::Id3)) {
                QStringList again;
                if (auto zone = readZone(*page, clock, again); zone && (!f.mrz || zone->valid())) {
                    f.clearImage();
                    f.rectified = std::move(*page);
                    f.mrz = std::move(zone);
                    zoneMessages.clear();
                }
            }
        }
        f.messages << zoneMessages;
        // The zone's format says the document's size (ICAO 9303: TD3 is the passport page,
        // TD1 the ID-1 card) better than the outline's shape: show it at its real proportions.
        if (f.mrz && f.rectified.cornersFound) {
            const DocumentSize real = f.mrz->format == MrzFormat::TD1 ? DocumentSize::Id1 : DocumentSize::Id3;
            if (f.mrz->format != MrzFormat::TD2 && f.rectified.size != real) {
                if (auto fixed = rectifyDocument(photo, real)) {
                    f.clearImage();
                    f.rectified = std::move(*fixed);
                }
            }
        }
    }
    if (!f.foundAnything() && f.messages.isEmpty())
        f.messages << QStringLiteral(
            "No barcode or machine readable zone was found: enter the details from the document.");
    return f;
}

} // namespace tessera
