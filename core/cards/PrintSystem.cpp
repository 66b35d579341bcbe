#include "core/cards/PrintSystem.h"

#include <cups/cups.h>

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <memory>

namespace tessera {

namespace {

struct HttpClose {
    void operator()(http_t *h) const { httpClose(h); }
};
using Http = std::unique_ptr<http_t, HttpClose>;
struct IppDelete {
    void operator()(ipp_t *i) const { ippDelete(i); }
};
using Ipp = std::unique_ptr<ipp_t, IppDelete>;

// CUPS_SERVER or client.conf may name a socket path; anything else (a host name) is ignored:
// the print system is reached on this machine's AF_UNIX socket or not at all.
QByteArray localSocketPath()
{
    const char *server = cupsServer();
    if (server && server[0] == '/')
        return QByteArray(server);
    return QByteArrayLiteral("/run/cups/cups.sock");
}

// `timeoutMs`: how long to wait for the connection (the report asks quickly and moves on).
Result<Http> connectLocal(int timeoutMs = 30000)
{
    const QByteArray path = localSocketPath();
    http_t *h =
        httpConnect2(path.constData(), 0, nullptr, AF_UNIX, HTTP_ENCRYPTION_IF_REQUESTED, 1, timeoutMs, nullptr);
    if (!h)
        return fail(ErrorCode::Io,
                    QStringLiteral("The print system (CUPS) does not answer on %1. Is it installed and running?")
                        .arg(QString::fromLocal8Bit(path)));
    return Http(h);
}

QString lastError()
{
    return QString::fromUtf8(cupsLastErrorString());
}

Result<void> checkPrinterName(const QString &printer)
{
    static const QRegularExpression safeName(QStringLiteral("^[A-Za-z0-9_.@-]{1,127}$"));
    if (!safeName.match(printer).hasMatch())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Printer: \"%1\" is not a printer name (see lpstat -p).").arg(printer));
    return {};
}

struct ListedJob {
    int id = 0;
    QString name;
    QString printer;
    int state = 0;
    bool preserved = false;
};

// This user's jobs (all states) on `printer`, or on every printer when it is empty.
Result<std::vector<ListedJob>> listJobs(http_t *http, const QString &printer)
{
    ipp_t *request = ippNewRequest(IPP_OP_GET_JOBS);
    const QByteArray uri =
        printer.isEmpty() ? QByteArrayLiteral("ipp://localhost/") : "ipp://localhost/printers/" + printer.toUtf8();
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.constData());
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr, "all");
    ippAddBoolean(request, IPP_TAG_OPERATION, "my-jobs", 1);
    static const char *const wanted[] = {"job-id", "job-name", "job-state", "job-preserved", "job-printer-uri"};
    ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 5, nullptr, wanted);
    Ipp response(cupsDoRequest(http, request, "/"));
    if (!response || cupsLastError() > IPP_STATUS_OK_CONFLICTING)
        return fail(ErrorCode::Io, QStringLiteral("The print system did not list its jobs: %1").arg(lastError()));
    std::vector<ListedJob> jobs;
    ListedJob current;
    auto flush = [&] {
        if (current.id > 0)
            jobs.push_back(current);
        current = {};
    };
    for (ipp_attribute_t *a = ippFirstAttribute(response.get()); a; a = ippNextAttribute(response.get())) {
        const char *name = ippGetName(a);
        if (!name) { // a separator between jobs
            flush();
            continue;
        }
        const QByteArray n(name);
        if (n == "job-id")
            current.id = ippGetInteger(a, 0);
        else if (n == "job-name")
            current.name = QString::fromUtf8(ippGetString(a, 0, nullptr));
        else if (n == "job-state")
            current.state = ippGetInteger(a, 0);
        else if (n == "job-preserved")
            current.preserved = ippGetBoolean(a, 0) != 0;
        else if (n == "job-printer-uri")
            current.printer = QString::fromUtf8(ippGetString(a, 0, nullptr)).section(QLatin1Char('/'), -1);
    }
    flush();
    return jobs;
}

Result<void> purge(http_t *http, const QString &printer, int id)
{
    const ipp_status_t status = cupsCancelJob2(http, printer.toUtf8().constData(), id, 1);
    if (status > IPP_STATUS_OK_CONFLICTING && status != IPP_STATUS_ERROR_NOT_FOUND)
        return fail(ErrorCode::Io,
                    QStringLiteral("The print system did not remove job %1-%2 from its spool: %3")
                        .arg(printer)
                        .arg(id)
                        .arg(lastError()));
    return {};
}

bool finished(int state)
{
    return state >= IPP_JSTATE_CANCELED;
}

} // namespace

Result<PrintJob> submitPdfToPrinter(const QString &printer, const QByteArray &pdf, const QString &title)
{
    if (auto r = checkPrinterName(printer); !r)
        return std::unexpected(r.error());
    auto http = connectLocal();
    if (!http)
        return std::unexpected(http.error());
    const QByteArray name = printer.toUtf8();
    const QByteArray jobTitle = title.toUtf8();
    cups_option_t *options = nullptr;
    int count = 0;
    // CR80 media, landscape as drawn, the back on the other side.
    count = cupsAddOption("media", "Custom.85.6x53.98mm", count, &options);
    count = cupsAddOption("sides", "two-sided-short-edge", count, &options);
    count = cupsAddOption("fit-to-page", "true", count, &options);
    const int id = cupsCreateJob(http->get(), name.constData(), jobTitle.constData(), count, options);
    cupsFreeOptions(count, options);
    if (id <= 0)
        return fail(ErrorCode::Io, QStringLiteral("The printer %1 refused the card: %2").arg(printer, lastError()));
    const PrintJob job {printer, id};
    auto abandon = [&](const QString &why) -> Result<PrintJob> {
        // The send failure is the error to report; cancelling is a best-effort tidy-up of the spool.
        (void)purge(http->get(), printer, id);
        return fail(ErrorCode::Io, QStringLiteral("The card could not be sent to %1: %2").arg(printer, why));
    };
    if (cupsStartDocument(http->get(), name.constData(), id, "card.pdf", CUPS_FORMAT_PDF, 1) != HTTP_STATUS_CONTINUE)
        return abandon(lastError());
    if (cupsWriteRequestData(http->get(), pdf.constData(), static_cast<size_t>(pdf.size())) != HTTP_STATUS_CONTINUE)
        return abandon(lastError());
    if (cupsFinishDocument(http->get(), name.constData()) > IPP_STATUS_OK_CONFLICTING)
        return abandon(lastError());
    return job;
}

Result<JobOutcome> waitForJob(const PrintJob &job, std::chrono::milliseconds limit)
{
    auto http = connectLocal();
    if (!http)
        return std::unexpected(http.error());
    QElapsedTimer timer;
    timer.start();
    const QByteArray uri = "ipp://localhost/jobs/" + QByteArray::number(job.id);
    while (true) {
        ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr, uri.constData());
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr, "job-state");
        Ipp response(cupsDoRequest(http->get(), request, "/"));
        if (!response || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
            if (cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND)
                return JobOutcome::Failed; // gone: cancelled from outside and purged
            return fail(
                ErrorCode::Io,
                QStringLiteral("The print system did not say how job %1 went: %2").arg(job.display(), lastError()));
        }
        ipp_attribute_t *state = ippFindAttribute(response.get(), "job-state", IPP_TAG_ENUM);
        const int value = state ? ippGetInteger(state, 0) : 0;
        if (value == IPP_JSTATE_COMPLETED)
            return JobOutcome::Printed;
        if (finished(value))
            return JobOutcome::Failed;
        if (timer.elapsed() >= limit.count())
            return JobOutcome::StillWaiting;
        QThread::msleep(250); // the printer's pace, not a test's: there is no event to wait on
    }
}

Result<void> purgePrintJob(const PrintJob &job)
{
    auto http = connectLocal();
    if (!http)
        return std::unexpected(http.error());
    return purge(http->get(), job.printer, job.id);
}

Result<int> purgeCardJobs(const QString &printer, bool finishedOnly)
{
    if (!printer.isEmpty())
        if (auto r = checkPrinterName(printer); !r)
            return std::unexpected(r.error());
    auto http = connectLocal();
    if (!http)
        return std::unexpected(http.error());
    auto jobs = listJobs(http->get(), printer);
    if (!jobs)
        return std::unexpected(jobs.error());
    int purged = 0;
    for (const ListedJob &j : *jobs) {
        if (j.name != QLatin1String(kCardJobTitle) || (finishedOnly && !finished(j.state)))
            continue;
        if (auto r = purge(http->get(), j.printer, j.id); !r)
            return std::unexpected(r.error());
        ++purged;
    }
    return purged;
}

void readCupsdSettings(const QByteArray &conf, SpoolState &state)
{
    int depth = 0;
    for (QByteArray line : conf.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (line.startsWith("</")) {
            depth = std::max(0, depth - 1);
            continue;
        }
        if (line.startsWith('<')) {
            ++depth;
            continue;
        }
        if (depth > 0)
            continue;
        const QList<QByteArray> words = line.simplified().split(' ');
        if (words.size() < 2)
            continue;
        if (words[0].compare("PreserveJobFiles", Qt::CaseInsensitive) == 0)
            state.preserveJobFiles = QString::fromLatin1(words[1]);
        else if (words[0].compare("PreserveJobHistory", Qt::CaseInsensitive) == 0)
            state.preserveJobHistory = QString::fromLatin1(words[1]);
    }
    const QString files = state.preserveJobFiles.toLower();
    state.keepsFiles = !(files == QLatin1String("no") || files == QLatin1String("off")
                         || files == QLatin1String("false") || files == QLatin1String("0"));
}

SpoolState printSpoolState()
{
    SpoolState s;
    // CUPS 2.4's defaults when cupsd.conf does not say.
    s.preserveJobFiles = QStringLiteral("86400");
    s.preserveJobHistory = QStringLiteral("Yes");
    QFile conf(QStringLiteral("/etc/cups/cupsd.conf"));
    const bool confRead = conf.open(QIODevice::ReadOnly);
    if (confRead)
        readCupsdSettings(conf.read(qint64 {1024} * 1024), s);
    else
        readCupsdSettings({}, s);
    auto http = connectLocal(3000);
    std::optional<std::vector<ListedJob>> jobs;
    if (http) {
        auto listed = listJobs(http->get(), QString());
        if (listed) {
            s.reachable = true;
            jobs = std::move(*listed);
        }
    }
    if (jobs)
        for (const ListedJob &j : *jobs) {
            if (j.name != QLatin1String(kCardJobTitle))
                continue;
            ++s.cardJobsInHistory;
            if (j.preserved || !finished(j.state))
                ++s.cardJobsKept;
        }
    QStringList words;
    if (!s.reachable)
        words << QStringLiteral(
            "The print system could not be asked about its spool (it is not running or not installed); "
            "nothing is known of card jobs it may hold.");
    else if (s.cardJobsKept > 0)
        words << QStringLiteral(
                     "%1 card print job(s) still have their document in the print system's spool (/var/spool/cups): "
                     "each holds the card as printed, with the holder's name, photo and address. Tessera removes a job "
                     "when "
                     "its print is confirmed or fails; these are from prints it could not finish. An administrator "
                     "removes "
                     "them with: cancel -x -a.")
                     .arg(s.cardJobsKept);
    else
        words << QStringLiteral("No card print job has its document in the print system's spool.");
    if (s.reachable && s.cardJobsInHistory > s.cardJobsKept)
        words << QStringLiteral(
                     "The print system's job history lists %1 card job(s) by title and state only (no document).")
                     .arg(s.cardJobsInHistory - s.cardJobsKept);
    words << QStringLiteral("Print system settings%1: PreserveJobFiles %2, PreserveJobHistory %3.")
                 .arg(confRead ? QString() : QStringLiteral(" (cupsd.conf could not be read; CUPS's defaults shown)"),
                      s.preserveJobFiles, s.preserveJobHistory);
    if (s.keepsFiles)
        words << QStringLiteral(
            "With PreserveJobFiles other than No, the print system keeps every document it prints, including cards "
            "printed from other programs; set PreserveJobFiles No in /etc/cups/cupsd.conf (see the README).");
    s.statement = words.join(QLatin1Char(' '));
    return s;
}

} // namespace tessera
