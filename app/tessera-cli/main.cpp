#include "app/cli/Cli.h"
#include "core/platform/ProcessHardening.h"

#include <QFile>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace {
// Qt's own warnings (platform plugin, paths) are noise in a scriptable tool's output; they
// are shown only when TESSERA_DEBUG is set.
void quietQtMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg || qEnvironmentVariableIsSet("TESSERA_DEBUG"))
        fprintf(stderr, "%s\n", qPrintable(message));
}
} // namespace

int main(int argc, char *argv[])
{
    if (auto hardened = tessera::hardenProcess(); !hardened) {
        fprintf(stderr, "%s\n", qPrintable(hardened.error().message));
        return 70;
    }
    // A GUI application without a screen: fonts for the PDFs it writes, and nothing else.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(quietQtMessages);
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QFile in;
    (void)in.open(stdin, QIODevice::ReadOnly); // unopened (stdin closed), it reads as empty
    in.setProperty("tessera_tty", isatty(STDIN_FILENO) == 1);
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    return tessera::cli::run(args, out, err, in, tessera::SystemClock::instance());
}
