#pragma once

#include "core/document/DocumentImage.h"
#include "core/util/Error.h"

#include <QImage>
#include <QSize>

namespace tessera {

// The document reader's two costly steps, timed: rectifying a 12-megapixel capture (4000 x 3000)
// made from an image, and decoding the PDF417 on the rectified card. For `tessera-cli bench
// document`.
struct DocumentBenchmark {
    int runs = 0;
    DocumentSize size {}; // what rectification found
    QSize rectified;      // the rectified image, in pixels
    double rectifyMedianMs = 0;
    bool decoded = false; // whether a PDF417 was decoded (its text is wiped, never kept)
    double decodeMedianMs = 0;

    // `runs` of each step, 1 or more, on `image` scaled to 4000 x 3000.
    static Result<DocumentBenchmark> run(const QImage &image, int runs);
};

} // namespace tessera
