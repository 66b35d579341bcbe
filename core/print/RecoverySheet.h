#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"

#include <QRectF>
#include <QString>

class QPainter;

namespace tessera {

struct RecoverySheet {
    QString stationName;
    QString stationCode;
    QString storeId;
    QString createdAt;
    const SecureBuffer *recoveryKey =
        nullptr; // display form; borrowed, never copied into a QString that outlives the call
};

// Draws the one-page recovery sheet into `page` (device units of the painter; the sheet
// scales to any page). One renderer for the print preview, the printer and the PDF.
void renderRecoverySheet(QPainter &painter, const QRectF &page, const RecoverySheet &sheet);
// Writes the sheet as a one-page A4 PDF at `path` (the administrator's explicit choice).
Result<void> writeRecoverySheetPdf(const QString &path, const RecoverySheet &sheet);

} // namespace tessera
