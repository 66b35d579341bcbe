#pragma once

#include "core/enrollment/Applicant.h"

#include <QDate>
#include <QString>

namespace tessera::sample {

// A made-up adult's draft that the built-in points-based programme accepts: living in New York
// (10001), with a US passport valid to 2030, a birth certificate and a pay stub of 2026-11-01.
// For the tests and `tessera-cli bench retention`.
EnrollmentDraft eligibleDraft(const QString &givenNames, const QString &familyName, QDate birthDate,
                              const QString &gender, const QString &addressLine);

} // namespace tessera::sample
