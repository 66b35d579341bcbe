#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QString>

namespace tessera {

// Hands a finished card PDF to the operating system's print system (CUPS's `lp`), for the
// command line, which has no print dialog. The PDF goes on lp's standard input, so no file
// with a holder's name is ever written. The desktop prints through QPrinter instead.
// Returns the print system's job id ("TesseraPDF-12"). Blocks until lp has taken the job.
Result<QString> submitPdfToPrinter(const QString &printer, const QByteArray &pdf, const QString &title);

} // namespace tessera
