#pragma once

#include "core/capture/PhotoChecks.h"
#include "core/enrollment/Applicant.h"
#include "core/util/Error.h"

#include <QByteArray>

#include <QDate>
#include <QString>

namespace tessera::sample {

// A made-up adult's draft that the built-in points-based programme accepts: living in New York
// (10001), with a US passport valid to 2030, a birth certificate and a pay stub of 2026-11-01.
// For the tests and `tessera-cli bench retention`.
EnrollmentDraft eligibleDraft(const QString &givenNames, const QString &familyName, QDate birthDate,
                              const QString &gender, const QString &addressLine);

// A photo as the photo step stores it: a made-up 413x531 card crop (a pattern, no one's face) as
// JPEG within 40 KiB, and an assessment that passed every check. For the tests, the benchmarks
// and the demo's sample enrollments, which need a photo to be submitted.
struct StoredPhoto {
    QByteArray jpeg;
    PhotoAssessment assessment;
};
Result<StoredPhoto> cardPhoto();

} // namespace tessera::sample
