#pragma once

#include "enrollment/Enrollments.h"
#include "programme/Programme.h"

#include <QDate>
#include <QRectF>

class QPainter;

namespace tessera {

// The notice an applicant is given when their application is rejected: the reason (the
// programme's label for the reason code, in the applicant's language), how to appeal, and
// how long the application is kept. Like the receipt it names no one and shows no address;
// the supervisor's internal note is not on it.
struct RejectionNoticeContent {
    QString language;
    QString stationName;
    QString stationCode;
    QString cardNumber;   // the reference the applicant brings to an appeal
    QDate decidedOn;
    QString reasonCode;
};

void renderRejectionNotice(QPainter &painter, const QRectF &page, const Programme &programme, const RejectionNoticeContent &content);
// A one-page A5 portrait PDF at `path`.
Result<void> writeRejectionNoticePdf(const QString &path, const Programme &programme, const RejectionNoticeContent &content);

} // namespace tessera
