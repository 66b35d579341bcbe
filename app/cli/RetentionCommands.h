#pragma once

#include "crypto/SecureBuffer.h"
#include "station/Station.h"
#include "util/Clock.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QTextStream;

namespace tessera::cli {

// The retention verbs of tessera-cli:
//   purge [--dry-run]                        apply the programme's retention periods now (administrator)
//   report holdings [--out FILE.pdf]         what the station holds, for counsel (administrator)
//   backup --to DIR [--keep N]               an encrypted backup with its own key (administrator)
//   restore FILE [--force]                   verify a backup, then replace the station's store with it
//   bench retention [--count N]              purge, backup and restore timed on a synthetic station
// `words` starts at the verb. Everything the verbs need from tessera-cli comes in here.
struct RetentionContext {
    QString stationDir;
    bool json = false;
    bool dryRun = false;
    bool force = false;
    QString out;                      // --out
    QString to;                       // --to
    QString keep;                     // --keep
    QString count;                    // --count (bench retention)
    QString user;                     // --as (or $TESSERA_USER)
    bool withRecoveryKey = false;     // --recovery-key-file given
    bool backupWithRecoveryKey = false; // --backup-recovery-key-file given
    const Clock *clock = nullptr;
    std::function<Result<std::unique_ptr<Station>>()> signIn;
    // A secret from the named option's file, else the next line of standard input, else a prompt.
    std::function<Result<SecureBuffer>(const QString &option, const QString &prompt)> secret;
    std::function<int(const Error &)> report;  // prints the error, returns its exit code
    std::function<int(const QString &)> usage; // prints a usage problem, returns 2
};
int runRetentionCommand(const QStringList &words, const RetentionContext &context, QTextStream &out, QTextStream &err);

} // namespace tessera::cli
