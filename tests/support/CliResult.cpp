#include "tests/support/CliResult.h"

#include "app/cli/Cli.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QTextStream>

namespace tessera::test {

CliResult runCli(const QStringList &args, const Clock &clock, const QByteArray &input)
{
    CliResult r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    QByteArray bytes = input;
    QBuffer in(&bytes);
    REQUIRE(in.open(QIODevice::ReadOnly));
    r.code = cli::run(args, out, err, in, clock);
    out.flush();
    err.flush();
    return r;
}

} // namespace tessera::test
