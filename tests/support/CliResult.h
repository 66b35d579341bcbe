#pragma once

#include "core/util/Clock.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tessera::test {

// One in-process tessera-cli invocation: its exit code and what it wrote. `input` is what
// arrives on standard input (none by default).
struct CliResult {
    int code = -1;
    QString out;
    QString err;
};
CliResult runCli(const QStringList &args, const Clock &clock, const QByteArray &input = {});

} // namespace tessera::test
