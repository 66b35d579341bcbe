#pragma once

#include "core/enrollment/Enrollments.h"
#include "core/programme/Programme.h"
#include "core/review/Review.h"

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
    QString cardNumber; // the reference the applicant brings to an appeal
    QDate decidedOn;
    QString reasonCode;
};

// The notice for a rejected record: the reason and date of its last rejection, in
// `language` (empty: the applicant's preferred language where stored). Refused when the
// record is not rejected.
Result<RejectionNoticeContent> rejectionNoticeFor(const EnrollmentRecord &record,
                                                  const std::vector<EnrollmentEvent> &history,
                                                  const QString &stationName, const QString &stationCode,
                                                  QString language = {});

void renderRejectionNotice(QPainter &painter, const QRectF &page, const Programme &programme,
                           const RejectionNoticeContent &content);
// A one-page A5 portrait PDF at `path`.
Result<void> writeRejectionNoticePdf(const QString &path, const Programme &programme,
                                     const RejectionNoticeContent &content);

} // namespace tessera
