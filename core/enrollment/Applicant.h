#pragma once

#include "core/programme/Eligibility.h"
#include "core/programme/Programme.h"

#include <QDate>
#include <QString>

#include <optional>
#include <vector>

namespace tessera {

// What the clerk enters about an applicant. Which of these the store keeps, and how, is the
// programme's retention class for each field; fields the programme does not collect are
// dropped before anything is written. There is, by design, no field for immigration status,
// citizenship, SSN or place of birth.
struct Applicant {
    QString givenNames;
    QString familyName;
    QDate birthDate;
    QString gender; // a code from the programme's gender list ("none": not shown)
    QString addressLine;
    QString careOf;
    QString city;
    QString postalCode;
    bool noFixedAddress = false; // only where the programme allows it
    QString telephone;
    std::optional<bool> veteran;
    std::optional<bool> organDonor;
    QString emergencyContact;
    QString preferredLanguage; // a programme language code
    QString medicalNotes;

    // The value of a field in its stored text form ("" when empty).
    QString value(Field f) const;
    void setValue(Field f, const QString &text);
};

// The documents the clerk picked and what scoring needs of each; `fingerprint` is the keyed
// hash of type and number, computed when the number is typed and the number then dropped.
struct DocumentEntry {
    PresentedDocument presented;
    QByteArray fingerprint;
};

struct EnrollmentDraft {
    qint64 id = 0; // 0 until first saved
    Applicant applicant;
    std::vector<DocumentEntry> documents;
    bool caretakerPresent = false;
    QString caretakerRelationship; // "parent", "guardian", "other": no caretaker name is kept
    // Submitting without a photo: one of the programme's "no_photo" reason codes (the
    // documented exception). Ignored once the enrollment has a photo.
    QString noPhotoReason;
};

struct FieldProblem {
    QString field;   // a Field key ("birth_date") or "documents[2].expiry"
    QString message; // plain words, what is wrong and what to do
};

// The one validation for the form and for `tessera-cli enroll`: names in any script, dates
// that exist and are in range, address rules of the programme, codes from its lists.
std::vector<FieldProblem> validateDraft(const Programme &programme, const EnrollmentDraft &draft, const QDate &today);
// The same rules for one field, for inline validation as the clerk types.
std::optional<QString> validateField(const Programme &programme, Field field, const Applicant &applicant,
                                     const QDate &today);

// Name comparison key: case-folded, accents removed, apostrophes, hyphens and spaces
// folded, so "José-María O’Neill" and "jose maria oneill" compare equal.
QString normalisedName(const QString &givenNames, const QString &familyName);

} // namespace tessera
