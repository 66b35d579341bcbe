#include "app/tools/SampleEnrollments.h"

namespace tessera::sample {

EnrollmentDraft eligibleDraft(const QString &givenNames, const QString &familyName, QDate birthDate,
                              const QString &gender, const QString &addressLine)
{
    EnrollmentDraft d;
    d.applicant.givenNames = givenNames;
    d.applicant.familyName = familyName;
    d.applicant.birthDate = birthDate;
    d.applicant.gender = gender;
    d.applicant.addressLine = addressLine;
    d.applicant.city = QStringLiteral("New York");
    d.applicant.postalCode = QStringLiteral("10001");
    d.documents.push_back(
        {PresentedDocument {QStringLiteral("us-passport"), QDate(2030, 1, 1), std::nullopt, true, false},
         QByteArray()});
    d.documents.push_back(
        {PresentedDocument {QStringLiteral("birth-certificate"), std::nullopt, std::nullopt, false, false},
         QByteArray()});
    d.documents.push_back(
        {PresentedDocument {QStringLiteral("pay-stub"), std::nullopt, QDate(2026, 11, 1), false, false}, QByteArray()});
    return d;
}

} // namespace tessera::sample
