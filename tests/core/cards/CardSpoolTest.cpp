// Printed cards leave nothing in the print system's spool (issue 16): card print through a
// real CUPS queue (Debian's cups-pdf), then /var/spool/cups is searched for the job's files.
// Needs a CUPS scheduler (started here when absent, as root) and the right to add a queue;
// without them the CUPS cases warn and check nothing.
#include "app/cli/Cli.h"
#include "core/cards/PrintSystem.h"
#include "core/retention/Holdings.h"
#include "tests/support/ApprovedCardStation.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr auto kQueue = "TesseraPDF";
constexpr auto kStoppedQueue = "TesseraStopped";
const QString kSpool = QStringLiteral("/var/spool/cups");

QString run(const QString &program, const QStringList &args, int *code = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(5000) || !p.waitForFinished(30000)) {
        if (code)
            *code = -1;
        return {};
    }
    if (code)
        *code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
}

bool schedulerRunning()
{
    return run(QStringLiteral("lpstat"), {QStringLiteral("-r")}).contains(QStringLiteral("scheduler is running"));
}

// A queue printing to PDF (cups-pdf), `enabled` or stopped (jobs wait in the spool).
bool ensureQueue(const char *name, bool enabled)
{
    if (!schedulerRunning()) {
        (void)run(QStringLiteral("cupsd"), {}); // detaches, as a service would
        QDeadlineTimer deadline(20000);
        while (!schedulerRunning() && !deadline.hasExpired())
            QThread::msleep(200); // an outside process starting: a bounded wait
        if (!schedulerRunning())
            return false;
    }
    const QString queue = QString::fromLatin1(name);
    int code = 0;
    (void)run(QStringLiteral("lpstat"), {QStringLiteral("-p"), queue}, &code);
    if (code != 0) {
        const auto m =
            QRegularExpression(QStringLiteral("^(\\S*CUPS-PDF_opt\\.ppd)"), QRegularExpression::MultilineOption)
                .match(run(QStringLiteral("lpinfo"), {QStringLiteral("-m")}));
        if (!m.hasMatch())
            return false;
        (void)run(QStringLiteral("lpadmin"),
                  {QStringLiteral("-p"), queue, QStringLiteral("-v"), QStringLiteral("cups-pdf:/"),
                   QStringLiteral("-E"), QStringLiteral("-m"), m.captured(1)},
                  &code);
        if (code != 0)
            return false;
    }
    (void)run(enabled ? QStringLiteral("cupsenable") : QStringLiteral("cupsdisable"), {queue});
    (void)run(QStringLiteral("cupsaccept"), {queue});
    return true;
}

// The spool's files of job `id`: its documents (dNNNNN-NNN) and its control file (cNNNNN).
QStringList spoolFilesOf(int id)
{
    const QString n = QStringLiteral("%1").arg(id, 5, 10, QLatin1Char('0'));
    return QDir(kSpool).entryList({QStringLiteral("d") + n + QStringLiteral("-*"), QStringLiteral("c") + n},
                                  QDir::Files);
}

// A station with one approved card, as card print needs.
using Office = ApprovedCardStation;

// A one-page PDF with a marker on it, made in memory.
QByteArray minimalPdf()
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    REQUIRE(buffer.open(QIODevice::WriteOnly));
    {
        QPdfWriter writer(&buffer);
        QPainter painter(&writer);
        painter.drawText(QPointF(100, 100), QStringLiteral("spool test"));
    }
    return bytes;
}

} // namespace

TEST_CASE("The server's job-keeping settings are read from cupsd.conf, outside Location and Policy blocks",
          "[cards][spool]")
{
    SpoolState s;
    s.preserveJobFiles = QStringLiteral("86400");
    s.preserveJobHistory = QStringLiteral("Yes");
    readCupsdSettings("LogLevel warn\n<Policy default>\n  PreserveJobFiles Yes\n</Policy>\n", s);
    CHECK(s.preserveJobFiles == QStringLiteral("86400"));
    CHECK(s.keepsFiles);
    readCupsdSettings("# PreserveJobFiles No\nPreserveJobFiles No\npreservejobhistory 1h\n", s);
    CHECK(s.preserveJobFiles == QStringLiteral("No"));
    CHECK(s.preserveJobHistory == QStringLiteral("1h"));
    CHECK_FALSE(s.keepsFiles);
}

TEST_CASE("card print leaves no file of the card in the CUPS spool", "[cards][spool][cups]")
{
    if (!ensureQueue(kQueue, true)) {
        WARN("No CUPS scheduler or cups-pdf queue could be set up here (run as root with cups and "
             "printer-driver-cups-pdf): not checked.");
        return;
    }
    Office o;
    const CliResult printed = o.run({QStringLiteral("card"), QStringLiteral("print"), o.number,
                                     QStringLiteral("--printer"), QString::fromLatin1(kQueue)});
    INFO(printed.err.toStdString());
    REQUIRE(printed.code == cli::Ok);
    const auto m =
        QRegularExpression(QStringLiteral("\\(%1-(\\d+)\\)").arg(QString::fromLatin1(kQueue))).match(printed.out);
    REQUIRE(m.hasMatch());
    const int id = m.captured(1).toInt();
    // Neither the document (the whole card: name, birth date, photo, address) nor the control
    // file of the job is left, whatever PreserveJobFiles says.
    CHECK(spoolFilesOf(id).isEmpty());
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("show"), o.number}).out.contains(QStringLiteral("confirmed")));

    // The holdings report says what the spool holds and how the print system keeps jobs.
    auto h = holdingsReport(o.t.station->access());
    TESSERA_REQUIRE_OK(h);
    CHECK(h->spool.reachable);
    const QJsonObject spool = holdingsJson(*h).value(QStringLiteral("print_spool")).toObject();
    CHECK(spool.value(QStringLiteral("reachable")).toBool());
    CHECK_FALSE(spool.value(QStringLiteral("preserve_job_files")).toString().isEmpty());
    CHECK(holdingsText(*h).contains(QStringLiteral("Print spool")));
    CHECK(holdingsText(*h).contains(QStringLiteral("PreserveJobFiles")));
}

TEST_CASE("card print --batch prints every printable card and names each photo-less one with its reason",
          "[cards][spool][cups]")
{
    if (!ensureQueue(kQueue, true)) {
        WARN("No CUPS scheduler or cups-pdf queue could be set up here: not checked.");
        return;
    }
    Office o;
    // Two photo-less cards on either side of the printable one, whatever order the day lists
    // them in: before, the batch stopped at the first and the rest of the day waited.
    const QString first = o.approveWithoutPhoto(QStringLiteral("Noa"));
    const QString second = o.approveWithoutPhoto(QStringLiteral("Ida"));
    const CliResult printed =
        o.run({QStringLiteral("card"), QStringLiteral("print"), QStringLiteral("--batch"), QStringLiteral("today"),
               QStringLiteral("--printer"), QString::fromLatin1(kQueue)});
    INFO(printed.out.toStdString() << printed.err.toStdString());
    CHECK(printed.code == cli::InvalidInput);
    CHECK(printed.out.contains(o.number + QStringLiteral(" printed on ")));
    CHECK(printed.err.contains(QStringLiteral("1 of 3 cards printed; 2 not printed:")));
    for (const QString &n : {first, second})
        CHECK(printed.err.contains(QStringLiteral("Card %1 is not printed: its enrollment has no photo").arg(n)));
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("show"), o.number}).out.contains(QStringLiteral("confirmed")));

    // The same in JSON, for a script: what was printed, and each refusal with its reason.
    const CliResult again =
        o.run({QStringLiteral("--json"), QStringLiteral("card"), QStringLiteral("print"), QStringLiteral("--batch"),
               QStringLiteral("today"), QStringLiteral("--printer"), QString::fromLatin1(kQueue)});
    CHECK(again.code == cli::InvalidInput);
    const QJsonObject json = QJsonDocument::fromJson(again.out.trimmed().toUtf8()).object();
    CHECK(json.value(QStringLiteral("printed")).toInt() == 0); // the printable one is printed already
    const QJsonArray refused = json.value(QStringLiteral("refused")).toArray();
    REQUIRE(refused.size() == 2);
    CHECK(refused.at(0).toObject().value(QStringLiteral("reason")).toString().contains(QStringLiteral("no photo")));
}

TEST_CASE(
    "A card job that the printer has not printed is cancelled and purged, and the holdings report sees what is kept",
    "[cards][spool][cups]")
{
    if (!ensureQueue(kStoppedQueue, false)) {
        WARN("No CUPS scheduler or cups-pdf queue could be set up here: not checked.");
        return;
    }
    const QByteArray pdf = minimalPdf();
    REQUIRE_FALSE(pdf.isEmpty());
    auto job = submitPdfToPrinter(QString::fromLatin1(kStoppedQueue), pdf);
    TESSERA_REQUIRE_OK(job);
    // The queue is stopped: the job waits, with its document in the spool (what the reviewers
    // found 25 minutes after a print).
    auto outcome = waitForJob(*job, std::chrono::milliseconds(0));
    TESSERA_REQUIRE_OK(outcome);
    CHECK(*outcome == JobOutcome::StillWaiting);
    CHECK_FALSE(spoolFilesOf(job->id).filter(QRegularExpression(QStringLiteral("^d"))).isEmpty());
    const SpoolState before = printSpoolState();
    CHECK(before.reachable);
    CHECK(before.cardJobsKept >= 1);
    CHECK(before.statement.contains(QStringLiteral("still have their document")));

    TESSERA_REQUIRE_OK(purgePrintJob(*job));
    CHECK(spoolFilesOf(job->id).isEmpty());
    // Purging twice is harmless: the job is gone.
    TESSERA_REQUIRE_OK(purgePrintJob(*job));
    const SpoolState after = printSpoolState();
    CHECK(after.cardJobsKept == before.cardJobsKept - 1);
}

TEST_CASE("The desktop's card jobs, which it knows only by title, are purged after the print", "[cards][spool][cups]")
{
    if (!ensureQueue(kStoppedQueue, false)) {
        WARN("No CUPS scheduler or cups-pdf queue could be set up here: not checked.");
        return;
    }
    auto card = submitPdfToPrinter(QString::fromLatin1(kStoppedQueue), minimalPdf());
    auto other = submitPdfToPrinter(QString::fromLatin1(kStoppedQueue), minimalPdf(), QStringLiteral("not a card"));
    TESSERA_REQUIRE_OK(card);
    TESSERA_REQUIRE_OK(other);
    auto finishedOnly = purgeCardJobs(QString::fromLatin1(kStoppedQueue), true);
    TESSERA_REQUIRE_OK(finishedOnly);
    CHECK_FALSE(spoolFilesOf(card->id).isEmpty()); // still waiting: left alone
    auto purged = purgeCardJobs(QString::fromLatin1(kStoppedQueue), false);
    TESSERA_REQUIRE_OK(purged);
    CHECK(*purged >= 1);
    CHECK(spoolFilesOf(card->id).isEmpty());
    CHECK_FALSE(spoolFilesOf(other->id).isEmpty()); // another program's job is not ours to remove
    TESSERA_REQUIRE_OK(purgePrintJob(*other));
}
