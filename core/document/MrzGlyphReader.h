#pragma once

#include "core/util/Error.h"

#include <QImage>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace tessera {

// The characters of a machine readable zone as read cell by cell, with how sure each one is.
struct ZoneText {
    QStringList lines;                         // 3 x 30, 2 x 36 or 2 x 44 characters of A-Z 0-9 '<'
    std::vector<std::vector<float>> certainty; // per character: 0 (a guess) … 1 (no other glyph comes close)
    QString font;                              // the typeface whose glyphs matched: "OCR-B", "DejaVu Sans Mono"

    // True when every character of lines[line] from `from` to the end is read with at least
    // `kCertain` certainty: for the names, which no check digit covers (ICAO 9303 part 3, 4.9).
    bool certainFrom(int line, qsizetype from) const;
    void wipe(); // overwrites the characters read (they include the document number)
};

// Below this, a cell's glyph is too close to another to be trusted. Measured on the 52 zones of
// the peer vectors printed in OCR-B, PassportEye's four photographs of the ICAO specimen and
// Tessera's specimens photographed in perspective, and on the 52 zones downscaled to a half, 0.4
// and a third with sensor noise: every name cell read right scored at least 0.18 (0.28 at full
// size); a letter fading from E into F scores below 0.05 where the reading turns.
inline constexpr float kCertain = 0.12f;

// Reads a zone by its layout instead of by general OCR. ICAO 9303 part 3 prints the zone in
// OCR-B at a fixed pitch of 10 characters an inch, every line filled to its full width with
// '<'; so the lines are the bottom rows of glyph-sized marks that span the band, each line is
// cut into exactly 30, 36 or 44 cells, and each cell is matched (normalised correlation, a few
// pixels of shift allowed) against the glyphs of OCR-B rendered from Debian's fonts-ocr-b, and
// of DejaVu Sans Mono for zones printed by ordinary printers. The character classes allowed
// in each cell follow the zone's layout (digits in dates and check digits, letters and '<' in
// codes and names), so a filler is never read as K. General OCR (MrzOcr) misreads OCR-B's
// chevron-shaped filler, and the names lie outside every check digit, so a misread name would
// pass as machine readable: hence this reader and its per-character certainty.
// One instance holds the rendered glyphs; read() is const and thread-safe.
class MrzGlyphReader {
public:
    // NotFound when neither typeface is installed (fonts-ocr-b, fonts-dejavu-core).
    static Result<MrzGlyphReader> create();
    MrzGlyphReader(MrzGlyphReader &&) noexcept;
    MrzGlyphReader &operator=(MrzGlyphReader &&) noexcept;
    ~MrzGlyphReader();

    // `band` is the bottom of a rectified document, upright, the zone's lines in it.
    // NotFound when no two or three rows of a zone's shape are in it.
    Result<ZoneText> read(const QImage &band) const;

private:
    struct Glyphs;
    explicit MrzGlyphReader(std::unique_ptr<Glyphs> glyphs);
    std::unique_ptr<Glyphs> m_glyphs;
};

} // namespace tessera
