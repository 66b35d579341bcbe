#pragma once

#include "app/cli/CommandRegistry.h"
#include "app/cli/ExitCode.h"
#include "core/util/Clock.h"

#include <QStringList>

class QIODevice;
class QTextStream;

namespace tessera::cli {

// Runs one tessera-cli invocation. `args` excludes the program name. Passwords are read from
// the files named by --password-file / --new-password-file, or from `in` one per line when
// it is not a terminal, or prompted on the terminal with echo off.
// Every command of tessera-cli, in the order the help lists them.
CommandRegistry allCommands();

int run(const QStringList &args, QTextStream &out, QTextStream &err, QIODevice &in, const Clock &clock);

} // namespace tessera::cli
