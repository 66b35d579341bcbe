#pragma once

#include "core/util/Error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace tessera {

// The operating system's print system (CUPS), reached through libcups over its local
// AF_UNIX socket only (/run/cups/cups.sock, or the socket path CUPS_SERVER names; a network
// server is never contacted). <cups/cups.h> stays in PrintSystem.cpp.
//
// A card job holds the holder's name, birth date, photo and address, so CUPS must not keep
// it: the job is purged (IPP Cancel-Job with purge-job, which removes its document and
// control files from /var/spool/cups) as soon as the print is confirmed or has failed.

// Every card job carries this title and nothing else about the holder.
inline constexpr auto kCardJobTitle = "Tessera card";

struct PrintJob {
    QString printer;
    int id = 0;
    QString display() const { return QStringLiteral("%1-%2").arg(printer).arg(id); } // "TesseraPDF-12", as lp says it
};

// Streams a finished card PDF from memory into a new job on `printer` (CR80 media, two-sided
// short edge, fit to page): no file is written by Tessera. Blocks until CUPS has the whole
// document.
Result<PrintJob> submitPdfToPrinter(const QString &printer, const QByteArray &pdf,
                                    const QString &title = QString::fromLatin1(kCardJobTitle));

enum class JobOutcome { Printed, Failed, StillWaiting };
// Waits (polling the job's state, at most `limit`) until the printer has finished the job or
// given up on it.
Result<JobOutcome> waitForJob(const PrintJob &job, std::chrono::milliseconds limit);

// Removes the job and its files from the spool, whatever its state (a waiting job is
// cancelled first).
Result<void> purgePrintJob(const PrintJob &job);

// For the desktop, which prints through QPrinter and never learns the job id: purges this
// user's jobs titled kCardJobTitle on `printer` (all printers when empty). `finishedOnly`
// leaves jobs that are still waiting or printing alone. Returns how many were purged.
Result<int> purgeCardJobs(const QString &printer, bool finishedOnly);

// What the spool holds of Tessera's jobs, and how CUPS is set to keep jobs, for the holdings
// report.
struct SpoolState {
    bool reachable = false;     // the print system answered on its local socket
    int cardJobsKept = 0;       // card jobs whose document files are still in the spool
    int cardJobsInHistory = 0;  // card jobs still listed (title and state only, no document)
    QString preserveJobFiles;   // cupsd.conf's PreserveJobFiles, or CUPS's default "86400" (a day)
    QString preserveJobHistory; // PreserveJobHistory, or the default "Yes"
    bool keepsFiles = true;     // PreserveJobFiles is anything but "No"
    QString statement;          // in plain words, for counsel
};
SpoolState printSpoolState();

// The server's settings, read from a cupsd.conf text (top level only; Location and Policy
// blocks are skipped). Exposed for tests.
void readCupsdSettings(const QByteArray &conf, SpoolState &state);

} // namespace tessera
