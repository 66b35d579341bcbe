#pragma once

#include <QString>
#include <QStringList>

class QIODevice;
class QTextStream;

namespace tessera {
class Clock;
}

namespace tessera::cli {

// The document verbs of tessera-cli, which need no station and no sign-in:
//   document read IMAGE            what the reader finds: kind, size, the fields that would be
//                                  prefilled, check-digit results, machine readable; never the
//                                  document number or the raw barcode or zone text
//   document parse [FILE|-]        the same, from the text of a zone or a barcode as typed or
//                                  as a keyboard-wedge scanner sends it (standard input for
//                                  "-" or nothing); the text is wiped once read
//   document rectify IMAGE OUT.png the rectified document, for looking at
//   document make-sample licence|passport|id-card OUT.png [--seed N]
//                                  a fictional specimen photographed in perspective
//   bench document IMAGE           median rectification time of a 12-megapixel capture made
//                                  from IMAGE and median PDF417 decode time on a rectified card
// `words` starts at the verb ("document" or "bench").

struct DocumentOptions {
    const Clock *clock = nullptr; // what expiry is judged against; the system clock when null
    bool json = false;
    QString frames; // --frames, runs of each benchmark
    QString seed;   // --seed, for make-sample
    QIODevice *in = nullptr; // standard input, for document parse; not owned
};
int runDocumentCommand(const QStringList &words, const DocumentOptions &options, QTextStream &out, QTextStream &err);

} // namespace tessera::cli
