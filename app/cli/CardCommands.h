#pragma once

#include "station/Station.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QTextStream;

namespace tessera::cli {

// The card verbs of tessera-cli:
//   card list [--state S]             cards (made for approved enrollments as they are listed)
//   card show CARDNO                  one card and its print log
//   card render CARDNO --out F.pdf    front and back, CR80 pages
//   card print CARDNO | --batch DAY   through the print system to --printer NAME
//   card issue|revoke|replace|renew CARDNO, card report CARDNO lost|stolen|damaged
//   card pubkey --out F               the issuer's public key for verifiers
//   card revocations --out F          the signed revocation list
//   card verify IMAGE|TEXT --pubkey F [--revocations F]   offline, no station needed
//   bench cards [--count N]           rendering speed and memory
// `words` starts at the verb ("card" or "bench").
struct CardOptions {
    bool json = false;
    QString out, pubkey, revocations, printer, batch, reason, count, state;
    int printWaitSeconds = 120; // how long card print waits for the printer to finish a card
};
using SignIn = std::function<Result<std::unique_ptr<Station>>()>;
int runCardCommand(const QStringList &words, const CardOptions &options, const SignIn &signIn, const Clock &clock, QTextStream &out,
                   QTextStream &err);

} // namespace tessera::cli
