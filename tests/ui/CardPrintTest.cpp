// The real print path: a card printed through QPrinter to a CUPS queue by name comes out as a
// PDF (Debian's cups-pdf), which is rasterised with pdftoppm, and the QR code on its back is
// read with zxing-cpp and verified. Needs root (or lpadmin rights) to add the queue; skips
// (exit 77) with a message only when no CUPS scheduler can be started.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "core/cards/CardToken.h"
#include "core/cards/IssuerKey.h"
#include "core/cards/PrintSystem.h"
#include "core/cards/QrCode.h"
#include "core/cards/RevocationList.h"
#include "core/crypto/Signing.h"
#include "ui/cards/CardPrinter.h"

#include <QApplication>
#include <QBuffer>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QPrinter>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

using namespace tessera;

namespace {

constexpr auto kQueue = "TesseraPDF";

struct Run {
    int code = -1;
    QString out;
};

Run run(const QString &program, const QStringList &args, int timeoutMs = 30000)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(5000))
        return {};
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError())};
}

// Polls `check` until it holds or `seconds` pass: a bounded wait for an outside process.
template <typename Check>
bool waitFor(Check check, int seconds)
{
    QDeadlineTimer deadline(seconds * 1000);
    while (!deadline.hasExpired()) {
        if (check())
            return true;
        QThread::msleep(200);
    }
    return check();
}

bool schedulerRunning()
{
    return run(QStringLiteral("lpstat"), {QStringLiteral("-r")}).out.contains(QStringLiteral("scheduler is running"));
}

// Where cups-pdf writes a job of this user: its "Out" setting with ${HOME} expanded.
QString cupsPdfOutput()
{
    QString out = QStringLiteral("${HOME}/PDF");
    QFile conf(QStringLiteral("/etc/cups/cups-pdf.conf"));
    if (conf.open(QIODevice::ReadOnly))
        for (const QByteArray &line : conf.readAll().split('\n'))
            if (line.startsWith("Out "))
                out = QString::fromLocal8Bit(line.mid(4).trimmed());
    const passwd *pw = getpwuid(getuid());
    return out.replace(QStringLiteral("${HOME}"), pw ? QString::fromLocal8Bit(pw->pw_dir) : QDir::homePath());
}

// The test queue, a cups-pdf printer, added when missing.
void ensureQueue()
{
    const QString queue = QString::fromLatin1(kQueue);
    if (run(QStringLiteral("lpstat"), {QStringLiteral("-p"), queue}).code != 0) {
        const Run models = run(QStringLiteral("lpinfo"), {QStringLiteral("-m")});
        const QRegularExpression ppd(QStringLiteral("^(\\S*CUPS-PDF_opt\\.ppd)"), QRegularExpression::MultilineOption);
        const auto m = ppd.match(models.out);
        INFO("lpinfo -m lists no cups-pdf driver; install printer-driver-cups-pdf (scripts/install-deps)");
        REQUIRE(m.hasMatch());
        const Run added = run(QStringLiteral("lpadmin"),
                              {QStringLiteral("-p"), queue, QStringLiteral("-v"), QStringLiteral("cups-pdf:/"),
                               QStringLiteral("-E"), QStringLiteral("-m"), m.captured(1)});
        INFO("lpadmin: " << added.out.toStdString());
        REQUIRE(run(QStringLiteral("lpstat"), {QStringLiteral("-p"), queue}).code == 0);
    }
}

// Waits (bounded) for cups-pdf's file of the job titled `title`; returns its path.
QString waitForOutput(const QString &title)
{
    const QString outDir = cupsPdfOutput();
    QString pdfPath;
    const bool appeared = waitFor(
        [&] {
            for (const QString &name : QDir(outDir).entryList({title + QStringLiteral("*.pdf")}, QDir::Files)) {
                pdfPath = outDir + QLatin1Char('/') + name;
                return run(QStringLiteral("pdfinfo"), {pdfPath}).code == 0;
            }
            return false;
        },
        90);
    INFO("no PDF from the queue in " << outDir.toStdString() << " (see /var/log/cups/error_log)");
    REQUIRE(appeared);
    return pdfPath;
}

} // namespace

TEST_CASE("a card sent to a CUPS queue as the Cards page sends it comes out CR80 landscape, upright", "[print][cups]")
{
    ensureQueue();
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    REQUIRE(layout);
    const CardRenderer renderer(*layout);
    CardData card;
    card.values = {{QStringLiteral("card_number"), QStringLiteral("TST-000778-R")},
                   {QStringLiteral("family_name"), QStringLiteral("Example")}};
    // The desktop's path to a queue (CardsPage): the card PDF made in memory, streamed to CUPS.
    QByteArray pdf;
    {
        QBuffer buffer(&pdf);
        REQUIRE(buffer.open(QIODevice::WriteOnly));
        CardPdfWriter writer(&buffer, QString::fromLatin1(kCardJobTitle));
        REQUIRE(writer.add(renderer, card));
        REQUIRE(writer.finish());
    }
    const QString title = QStringLiteral("tessera-ctest-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    auto job = submitPdfToPrinter(QString::fromLatin1(kQueue), pdf, title);
    REQUIRE(job);
    const QString pdfPath = waitForOutput(title);
    const Run info = run(QStringLiteral("pdfinfo"), {pdfPath});
    INFO(info.out.toStdString());
    CHECK(info.out.contains(QRegularExpression(QStringLiteral("Pages:\\s+2"))));
    // Landscape: 85.6 x 54 mm is 242.6 x 153 pt, width first, and not rotated by the viewer.
    const auto size = QRegularExpression(QStringLiteral("Page size:\\s+([\\d.]+) x ([\\d.]+) pts")).match(info.out);
    REQUIRE(size.hasMatch());
    CHECK(std::abs(size.captured(1).toDouble() - 242.6) < 3);
    CHECK(std::abs(size.captured(2).toDouble() - 153.0) < 3);
    const auto rotation = QRegularExpression(QStringLiteral("Page rot:\\s+(\\d+)")).match(info.out);
    CHECK((!rotation.hasMatch() || rotation.captured(1) == QLatin1String("0")));
    // Upright: the gold stripe under the top band is near the top (12 to 12.8 mm down), as
    // drawn; a card turned over would have it near the bottom.
    QTemporaryDir raster;
    REQUIRE(run(QStringLiteral("pdftoppm"),
                {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("300"), QStringLiteral("-f"),
                 QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"), pdfPath,
                 raster.path() + QStringLiteral("/page")})
                .code
            == 0);
    if (!qEnvironmentVariableIsSet("TESSERA_KEEP_PRINT"))
        QFile::remove(pdfPath);
    (void)purgePrintJob(*job);
    const QImage front(raster.path() + QStringLiteral("/page-1.png"));
    REQUIRE_FALSE(front.isNull());
    CHECK(front.width() > front.height());
    const auto gold = [&](double mmDown) {
        const QColor c = front.pixelColor(front.width() / 2, static_cast<int>(front.height() * mmDown / 53.98));
        return c.red() > 150 && c.green() > 120 && c.blue() < 80;
    };
    CHECK(gold(12.4));
    CHECK_FALSE(gold(53.98 - 12.4));
}

TEST_CASE("a card printed through the CUPS PDF queue carries a QR code that verifies", "[print][cups]")
{
    const QString queue = QString::fromLatin1(kQueue);
    ensureQueue();
    // A card for a made-up holder, signed with a fresh key.
    crypto::SigningKeyPair pair = crypto::generateSigningKeyPair();
    IssuerPublicKey key {pair.publicKey, issuerKeyId(pair.publicKey), QStringLiteral("TST")};
    CardToken token;
    token.keyId = key.keyId;
    token.cardNumber = QStringLiteral("TST-000777-Q");
    token.issuedOn = QDate(2026, 11, 23);
    token.expiresOn = QDate(2031, 11, 23);
    token.programmeId = QStringLiteral("points-based");
    auto text = token.signedText(pair.secretKey);
    REQUIRE(text);
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    REQUIRE(layout);
    const CardRenderer renderer(*layout);
    ui::CardToPrint card {&renderer, {}};
    card.data.token = *text;
    card.data.values = {{QStringLiteral("card_number"), token.cardNumber},
                        {QStringLiteral("family_name"), QStringLiteral("Example")},
                        {QStringLiteral("given_names"), QStringLiteral("Test Person")}};

    const QString outDir = cupsPdfOutput();
    const QString title = QStringLiteral("tessera-ctest-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    QPrinter printer(QPrinter::HighResolution);
    printer.setPrinterName(queue);
    REQUIRE(printer.isValid());
    ui::setUpCardPrinter(printer);
    printer.setDocName(title);
    REQUIRE(ui::printCards(printer, {card}));

    // cups-pdf names the file after the title; wait (bounded) for it to appear and settle.
    QString pdfPath;
    const bool appeared = waitFor(
        [&] {
            for (const QString &name : QDir(outDir).entryList({title + QStringLiteral("*.pdf")}, QDir::Files)) {
                pdfPath = outDir + QLatin1Char('/') + name;
                return run(QStringLiteral("pdfinfo"), {pdfPath}).code == 0;
            }
            return false;
        },
        90);
    INFO("no PDF from the queue in " << outDir.toStdString() << " (see /var/log/cups/error_log)");
    REQUIRE(appeared);

    const Run info = run(QStringLiteral("pdfinfo"), {pdfPath});
    CHECK(info.out.contains(QRegularExpression(QStringLiteral("Pages:\\s+2"))));
    // CR80 media, 153 x 243 pt: the printer's sheet is the card fed short edge first, and the
    // landscape card is drawn across it, as a card printer takes it.
    const auto size = QRegularExpression(QStringLiteral("Page size:\\s+([\\d.]+) x ([\\d.]+) pts")).match(info.out);
    REQUIRE(size.hasMatch());
    const double shortSide = std::min(size.captured(1).toDouble(), size.captured(2).toDouble());
    const double longSide = std::max(size.captured(1).toDouble(), size.captured(2).toDouble());
    CHECK(std::abs(longSide - 242.6) < 3);
    CHECK(std::abs(shortSide - 153.0) < 3);

    QTemporaryDir raster;
    REQUIRE(run(QStringLiteral("pdftoppm"),
                {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("300"), pdfPath,
                 raster.path() + QStringLiteral("/page")})
                .code
            == 0);
    if (!qEnvironmentVariableIsSet("TESSERA_KEEP_PRINT"))
        QFile::remove(pdfPath);
    const QImage back(raster.path() + QStringLiteral("/page-2.png"));
    REQUIRE_FALSE(back.isNull());
    const CardVerdict verdict = verifyCardImage(back, key, QDate(2027, 1, 1));
    INFO(verdict.reason.toStdString());
    CHECK(verdict.valid);
    REQUIRE(verdict.token);
    CHECK(verdict.token->cardNumber == token.cardNumber);
    // The front has no QR code.
    CHECK(readQrCodes(QImage(raster.path() + QStringLiteral("/page-1.png"))).isEmpty());
    // The job printed through QPrinter keeps its document in the spool (PreserveJobFiles):
    // purge the test queue's jobs, so that no test card is left behind on the machine.
    CHECK(run(QStringLiteral("cancel"), {QStringLiteral("-a"), QStringLiteral("-x"), queue}).code == 0);
}

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (!schedulerRunning()) {
        // Start the system's scheduler as a service would (it detaches).
        (void)run(QStringLiteral("cupsd"), {});
        if (!waitFor(schedulerRunning, 20)) {
            fprintf(
                stderr,
                "SKIPPED: no CUPS scheduler is running and cupsd could not be started (run as root, or start cups).\n");
            return 77;
        }
    }
    return Catch::Session().run(argc, argv);
}
