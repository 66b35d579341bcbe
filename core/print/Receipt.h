#pragma once

#include "core/enrollment/Enrollments.h"
#include "core/programme/Programme.h"

#include <QRectF>
#include <QString>

class QPainter;

namespace tessera {

// The applicant's receipt: card number, date, and what the station keeps about them and for
// how long, per retention class, in the applicant's preferred language where the programme
// has the text. It lists the kinds of document shown, never their numbers, and no name or
// address: the receipt may be lost, and then it should tell a finder nothing.
struct ReceiptContent {
    QString language; // a programme language; falls back to the first
    QString stationName;
    QString stationCode;
    QString cardNumber;
    QDate submittedOn;
    QString cardExpiry;        // ISO date or empty (no expiry)
    QStringList documentTypes; // programme document ids, as attested
};

ReceiptContent receiptFor(const Programme &programme, const EnrollmentRecord &record, const QString &stationName,
                          const QString &stationCode, const QString &preferredLanguage);
// One renderer for preview, printer and PDF. `page` in the painter's device units.
void renderReceipt(QPainter &painter, const QRectF &page, const Programme &programme, const ReceiptContent &content);
// A one-page A5 portrait PDF at `path`.
Result<void> writeReceiptPdf(const QString &path, const Programme &programme, const ReceiptContent &content);

} // namespace tessera
