#include "app/tools/SampleEnrollments.h"

#include <QColor>
#include <QImage>

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

Result<StoredPhoto> cardPhoto()
{
    QImage image(413, 531, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixelColor(x, y, QColor((x * 7 + y) % 256, (y * 3) % 256, ((x + y) * 5) % 256));
    auto jpeg = encodeJpeg(image, 40 * 1024);
    if (!jpeg)
        return std::unexpected(jpeg.error());
    StoredPhoto photo {*jpeg, {}};
    for (const char *check : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure", "illumination",
                              "background", "resolution"})
        photo.assessment.checks.push_back(PhotoCheck {QString::fromLatin1(check), 1.0, 2.0, true, QString()});
    photo.assessment.acceptable = true;
    return photo;
}

} // namespace tessera::sample
