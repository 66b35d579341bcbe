#pragma once

#include "core/programme/PhotoThresholds.h"
#include "core/util/Error.h"

#include <QDate>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tessera {

// Text in each of the programme's languages; falls back to the first language.
struct LocalizedText {
    QMap<QString, QString> byLanguage;
    QString defaultLanguage;
    QString in(const QString &language) const;
};

enum class Retention {
    Stored,       // kept with the enrollment for the programme's retention period
    PrintedOnly,  // held encrypted only until the card is printed, then destroyed
    NotCollected, // the form does not ask
};
QString retentionName(Retention r);

// The applicant fields the form knows. The programme file gives each a retention class.
// Immigration status, citizenship, SSN and place of birth have no field at all, by design.
enum class Field {
    GivenNames,
    FamilyName,
    BirthDate,
    Gender,
    AddressLine,
    CareOf,
    City,
    PostalCode,
    Telephone,
    Veteran,
    OrganDonor,
    EmergencyContact,
    PreferredLanguage,
    MedicalNotes,
};
QString fieldKey(Field f); // "given_names", …
std::optional<Field> fieldFromKey(const QString &key);
const std::vector<Field> &allFields();

// Which date of a document scoring looks at.
enum class DocumentDate { None, Expiry, Issue };

struct ExpiredGrace {
    int maxYearsExpired = 0; // accepted while expired less than this many years
    bool requiresMachineReadable = false;
    QMap<QString, int> points; // the (lower) points it then counts for
};

struct DocumentType {
    QString id;
    LocalizedText label;
    QMap<QString, int> points; // category -> points
    bool hasPhoto = false;
    bool hasBirthDate = false;
    DocumentDate date = DocumentDate::None;
    int recencyDays = 0; // for issue dates: must be at most this old (0: no limit)
    bool asksMachineReadable = false;
    std::optional<ExpiredGrace> expiredGrace;
};

struct Rule {
    enum class Kind {
        MinPoints,   // at least `points` in `category`, or in total when category is empty
        AnyDocument, // at least one counted document with the property (and in `category`, if set)
    };
    QString id;
    Kind kind = Kind::MinPoints;
    QString category;
    int points = 0;
    QString property;   // for AnyDocument: "photo" | "birth_date" | "" (any)
    LocalizedText text; // what the rule asks, in plain words
};

enum class CaretakerPath { None, Allowed, Required };

struct AgeBand {
    int fromAge = 0;
    std::optional<int> toAge;         // inclusive; none: no upper bound
    QString card;                     // card layout, e.g. "adult" | "kids"
    std::optional<int> validityYears; // none: the card does not expire
    CaretakerPath caretaker = CaretakerPath::None;
    QStringList caretakerCategories; // categories a caretaker's documents may prove
};

// How long each kind of data is kept (issue "Retention" applies them; the receipt states them).
struct RetentionPeriods {
    int printedOnlyMaxDays = 0; // printed-only values go at print, or after this many days at most
    int draftIdleDays = 0;      // drafts untouched this long are deleted
    int rejectedDays = 0;       // rejected enrollments, counted from the decision
    int afterExpiryDays = 0;    // issued cards' records, counted from the card's expiry
    int auditDays = 0;          // audit entries
};

// The photo station's rules: the check thresholds, the card photo's JPEG size budget and how
// many analysed frames in a row must pass before the photo is taken by itself, and whether a
// card may go without a photo. The programme file's optional "photo" section sets them;
// anything it leaves out keeps these defaults.
struct PhotoRules {
    PhotoThresholds thresholds;
    int maxJpegBytes = 60 * 1024;
    int autoCaptureFrames = 5;
    // "required": an enrollment is submitted only with an accepted photo, unless the clerk gives
    // one of the programme's "no_photo" reason codes (a documented exception; the record is then
    // flagged "no_photo" for the supervisor). false: a photo-less enrollment needs no code, and
    // is flagged all the same.
    bool required = true;
};

struct Choice {
    QString code;
    LocalizedText label;
};

// What the programme says on its cards (the programme file's optional "card" section), so
// that the card, and the form where it names the same thing, use the programme's words.
struct CardWording {
    // The card's name for the public ("IDNYC", "City of Tessera ID"): the back shows this,
    // never the programme's internal `name`. Empty when the file gives none (nothing shown).
    LocalizedText publicName;
    // The word for the gender field on the form and the card: "Gender", or "Sex" where the
    // programme says so. Empty when the file gives none (callers say "Gender").
    LocalizedText genderLabel;
    // The address as printed, one entry a line, with {care_of}, {address_line}, {city} and
    // {postal_code} in their places (US: "{city}, NY {postal_code}"). A line whose
    // placeholders are all empty is left out.
    QStringList addressLines;

    static QStringList defaultAddressLines();
    // The printed address lines for `values` (keyed by field key).
    QStringList formatAddress(const QMap<QString, QString> &values) const;
};

// A programme's rules, loaded from a versioned JSON file (resources/programmes/). Immutable
// once loaded; every enrollment records `id` and `rulesVersion`.
struct Programme {
    QString id;
    QString rulesVersion;
    LocalizedText name;
    QStringList languages;
    QStringList categories;
    std::vector<DocumentType> documents;
    std::vector<Rule> rules;
    int minimumAge = 0;
    std::vector<AgeBand> ageBands;
    std::vector<Choice> genders;
    QMap<Field, Retention> retention;
    QMap<QString, std::vector<Choice>> reasonCodes; // "photo_override", "no_photo" (may be empty),
                                                    // "duplicate_override", "reject", "reprint", "revoke"
    bool allowsNoFixedAddress = false;
    bool documentFingerprints = false;
    RetentionPeriods periods;
    PhotoRules photo;
    CardWording card;
    // Applicant-facing texts by key ("receipt_title", "privacy_notice", …), per language.
    QMap<QString, LocalizedText> texts;

    const DocumentType *document(const QString &id) const;
    const AgeBand *bandForAge(int age) const;
    Retention retentionOf(Field f) const { return retention.value(f, Retention::NotCollected); }
    bool collects(Field f) const { return retentionOf(f) != Retention::NotCollected; }
    // The label of a reason code of `list` ("photo_override", "no_photo", …) in `language`, or
    // the code itself when the programme does not list it.
    QString reasonLabel(const QString &list, const QString &code, const QString &language) const;
    bool hasReasonCode(const QString &list, const QString &code) const;

    // Parses and validates. Errors name the line and the field:
    // "line 42, documents[3].points.identity: must be a whole number from 0 to 10".
    static Result<Programme> fromJson(const QByteArray &json);
    static Result<Programme> load(const QString &path);
};

} // namespace tessera
