#pragma once

#include "util/Clock.h"
#include "util/Error.h"

#include <QStringList>

class QIODevice;
class QTextStream;

namespace tessera::cli {

// Exit codes of tessera-cli, as `tessera-cli --help` documents them.
enum Exit : int {
    Ok = 0,
    CheckFailed = 1,   // a verification found a problem (audit verify, store check)
    Usage = 2,         // unknown command or option, missing argument
    AuthFailed = 3,    // wrong user name or password, or locked out
    Denied = 4,        // the operator's roles do not allow it
    InvalidInput = 5,  // input refused; the message names the field
    StationError = 6,  // no station, damaged station, or store not encrypted
    OtherError = 7,    // I/O or internal error
};

// The exit code for an error of `code` (see the table above).
int exitFor(ErrorCode code);
// Writes "tessera-cli: <message>" to `err` and returns the error's exit code.
int reportError(const Error &e, QTextStream &err);
// Writes the usage problem and where to read more to `err`; returns Usage.
int reportUsage(const QString &problem, QTextStream &err);

// Runs one tessera-cli invocation. `args` excludes the program name. Passwords are read from
// the files named by --password-file / --new-password-file, or from `in` one per line when
// it is not a terminal, or prompted on the terminal with echo off.
int run(const QStringList &args, QTextStream &out, QTextStream &err, QIODevice &in, const Clock &clock);

} // namespace tessera::cli
