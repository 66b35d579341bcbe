#include "cards/PrintSystem.h"

#include <QProcess>
#include <QRegularExpression>

namespace tessera {

Result<QString> submitPdfToPrinter(const QString &printer, const QByteArray &pdf, const QString &title)
{
    static const QRegularExpression safeName(QStringLiteral("^[A-Za-z0-9_.@-]{1,127}$"));
    if (!safeName.match(printer).hasMatch())
        return fail(ErrorCode::InvalidInput, QStringLiteral("Printer: \"%1\" is not a printer name (see lpstat -p).").arg(printer));
    QProcess lp;
    lp.setProgram(QStringLiteral("lp"));
    // CR80 media, landscape as drawn, the back on the other side.
    lp.setArguments({QStringLiteral("-d"), printer, QStringLiteral("-t"), title, QStringLiteral("-o"), QStringLiteral("media=Custom.85.6x53.98mm"),
                     QStringLiteral("-o"), QStringLiteral("sides=two-sided-short-edge"), QStringLiteral("-o"), QStringLiteral("fit-to-page"),
                     QStringLiteral("-")});
    lp.start();
    if (!lp.waitForStarted(10000))
        return fail(ErrorCode::Io, QStringLiteral("The print system (lp) could not be started. Is CUPS installed?"));
    lp.write(pdf);
    lp.closeWriteChannel();
    if (!lp.waitForFinished(60000)) {
        lp.kill();
        lp.waitForFinished(5000);
        return fail(ErrorCode::Io, QStringLiteral("The print system did not answer within a minute; the card was not printed."));
    }
    const QString said = QString::fromLocal8Bit(lp.readAllStandardOutput() + lp.readAllStandardError()).trimmed();
    if (lp.exitStatus() != QProcess::NormalExit || lp.exitCode() != 0)
        return fail(ErrorCode::Io, QStringLiteral("The printer %1 refused the card: %2").arg(printer, said));
    static const QRegularExpression jobId(QStringLiteral("request id is (\\S+)"));
    const auto m = jobId.match(said);
    return m.hasMatch() ? m.captured(1) : said;
}

} // namespace tessera
