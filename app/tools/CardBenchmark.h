#pragma once

#include "core/util/Error.h"

namespace tessera {

// Card rendering measured on made-up holders with a throw-away issuer key: no station is
// touched. For `tessera-cli bench cards`.
struct CardBenchmark {
    int renders = 0;           // front and back renders timed (five more, warming caches, are not)
    double renderMedianMs = 0; // one card, front and back, at 300 dpi
    double renderP95Ms = 0;
    int batchCards = 0; // cards written to one PDF, in a temporary folder
    double batchSeconds = 0;
    qint64 batchPdfBytes = 0;
    // Resident set size (and its peak) before, half-way through and after the batch, in KiB.
    qint64 rssBeforeKiB = 0;
    qint64 rssMidKiB = 0;
    qint64 rssAfterKiB = 0;
    qint64 peakBeforeKiB = 0;
    qint64 peakAfterKiB = 0;

    // Times min(count, 200) renders, then a `count`-card batch to PDF; `count` is 1 or more.
    static Result<CardBenchmark> run(int count);
};

} // namespace tessera
