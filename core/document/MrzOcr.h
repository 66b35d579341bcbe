#pragma once

#include "core/util/Error.h"

#include <QImage>
#include <QString>

#include <memory>

namespace tessera {

// Reads the text of a machine readable zone with Tesseract (Debian's libtesseract, English
// LSTM data), limited to the MRZ alphabet A-Z 0-9 '<', page segmentation "single block",
// no dictionaries. `band` is the zone cut from a rectified document, upright. Returns the
// lines read, cleaned to the alphabet (spaces removed), for repairOcrZone() and parseMrz();
// never logs or stores them. One instance is one Tesseract engine: not thread-safe, use one
// per thread.
class MrzOcr {
public:
    // NotFound when Tesseract's English data is missing.
    static Result<MrzOcr> create();
    MrzOcr(MrzOcr &&) noexcept;
    MrzOcr &operator=(MrzOcr &&) noexcept;
    ~MrzOcr();

    // Ways of preparing the band, tried in turn until one reads: the band as it is (grey,
    // with a margin), then binarised (Otsu) at the scale for two lines, then for three.
    static constexpr int kPreparations = 3;
    // NotFound when fewer than two lines like a zone's come out.
    Result<QString> read(const QImage &band, int preparation);

private:
    struct Engine;
    explicit MrzOcr(std::unique_ptr<Engine> engine);
    std::unique_ptr<Engine> m_engine;
};

} // namespace tessera
