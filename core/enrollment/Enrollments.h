#pragma once

#include "core/enrollment/Applicant.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/SealedValueStore.h"
#include "core/programme/Eligibility.h"
#include "core/programme/Programme.h"
#include "core/station/StationAccess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>
#include <vector>

namespace tessera {

struct EnrollmentRecord {
    EnrollmentSummary summary;
    QMap<QString, QString> storedFields;      // field key -> value
    QMap<QString, QString> printedOnlyFields; // empty once destroyed
    bool printedOnlyHeld = false;
    std::vector<Attestation> attestations;
};

struct DuplicateHit {
    enum class Kind { SamePerson, SameDocument };
    qint64 enrollmentId = 0;
    QString cardNumber;
    Kind kind = Kind::SamePerson;
    QString reason; // plain words for the kind, in English ("same document")
};

// Enrollment at the counter, under one programme. Each call checks the signed-in operator's
// role, writes what the programme's retention classes allow and nothing else, and audits
// without personal data. Not thread-safe (it uses the Station's connection).
class Enrollments {
public:
    Enrollments(StationAccess access, Programme programme);

    const Programme &programme() const { return m_programme; }
    QDate today() const;

    std::vector<FieldProblem> validate(const EnrollmentDraft &draft) const;
    // Scores the draft; texts in `language` (default: the programme's first, the clerk's).
    Eligibility assess(const EnrollmentDraft &draft, const QString &language = QString()) const;
    // Keyed hash (BLAKE2b under a per-station secret) of document type and number: the same
    // document used twice is recognised, the number cannot be recovered. Empty when the
    // programme does not ask for fingerprints.
    Result<QByteArray> fingerprint(const QString &documentType, const SecureBuffer &number);

    // Idempotent submissions from a file: the keyed hash (BLAKE2b under the per-station secret)
    // of the request's bytes; the card number of the enrollment already submitted for that key
    // (empty when none is, or it has since been purged); and remembering one. The key goes with
    // the enrollment when retention deletes it.
    Result<QByteArray> requestKey(const QByteArray &request);
    Result<QString> cardNumberForRequest(const QByteArray &key);
    Result<void> rememberRequest(const QByteArray &key, qint64 enrollmentId);

    // Creates (id 0) or updates a draft, or a returned enrollment being corrected.
    Result<void> saveDraft(EnrollmentDraft &draft);
    Result<EnrollmentDraft> loadDraft(qint64 id);
    Result<void> discardDraft(qint64 id);

    Result<std::vector<DuplicateHit>> possibleDuplicates(const EnrollmentDraft &draft);

    // Whether the draft may be submitted as far as its photo goes: it has an accepted photo
    // (stored with the draft, see EnrollmentPhotos), or the programme allows it none
    // (photo.required false, or draft.noPhotoReason one of its "no_photo" codes). The error
    // says what to do, for the Photo step. `*withoutPhoto` tells whether it has none.
    Result<void> photoReady(const EnrollmentDraft &draft, bool *withoutPhoto = nullptr);

    struct SupervisorOverride {
        QString username;
        SecureBuffer password;
        QString reasonCode;
    };
    struct Submitted {
        QString cardNumber;
        Eligibility eligibility;
        std::vector<DuplicateHit> overridden;
    };
    // Validates, scores and checks for duplicates exactly as the form does; refuses with the
    // reasons, or moves the enrollment to pending review with a card number. A possible
    // duplicate needs a supervisor other than the clerk, their password and a reason code.
    // An enrollment without a photo is refused unless photoReady allows it; it is then
    // flagged "no_photo" and its history records the reason code ("photo_waived").
    Result<Submitted> submit(EnrollmentDraft &draft, std::optional<SupervisorOverride> override = std::nullopt);

    Result<std::vector<EnrollmentSummary>> list(std::optional<EnrollmentState> state = std::nullopt,
                                                bool onlyMine = false);
    Result<EnrollmentRecord> record(qint64 id);
    Result<qint64> idForCardNumber(const QString &cardNumber);

    // Destroys the printed-only values and their key (the card issue calls this at print;
    // retention calls it when the holding period ends).
    Result<void> destroyPrintedOnly(qint64 id, const QString &reason);

private:
    Result<SecureBuffer> stationSecret();
    // The enrollment's data key, made and kept when it has none (the sealing side; reading
    // goes through openSealed).
    Result<SecureBuffer> dataKeyForSealing(qint64 id);
    Result<EnrollmentSummary> summary(qint64 id);
    Result<void> requireClerk() const;
    Result<QByteArray> duplicateKey(const Applicant &a);

    // Saving: the stored fields (returning the printed-only ones, which are sealed), the sealed
    // values, the attestations, all rewritten whole.
    Result<void> writeContents(qint64 id, const EnrollmentDraft &draft);
    Result<QJsonObject> writeStoredFields(qint64 id, const EnrollmentDraft &draft);
    Result<void> sealDraftValues(qint64 id, const QJsonObject &printedOnly, const QJsonArray &documents,
                                 const QString &now);
    Result<void> writeAttestations(qint64 id, const EnrollmentDraft &draft, const QString &now);
    // The sealed value of that kind, opened; none when the key or the value is gone.
    Result<std::optional<QJsonDocument>> openSealed(qint64 id, SealedKind kind);

    // Submitting, step by step.
    Result<Eligibility> eligibleToSubmit(const EnrollmentDraft &draft) const;
    // The supervisor who confirmed the duplicates; none when there are none.
    Result<std::optional<Operator>> confirmDuplicates(const std::vector<DuplicateHit> &duplicates,
                                                      const std::optional<SupervisorOverride> &override);
    // Saves a new draft first; the enrollment as it was before this submission.
    Result<EnrollmentSummary> submittable(EnrollmentDraft &draft);
    Result<QString> cardNumberFor(const EnrollmentSummary &before);
    Result<QStringList> submissionFlags(const EnrollmentDraft &draft, const Eligibility &eligibility,
                                        bool duplicateOverridden, bool resubmitted, bool withoutPhoto);
    // Whether the rules are met only thanks to documents accepted within their expired grace.
    bool dependsOnExpiredDocument(const EnrollmentDraft &draft, const Eligibility &eligibility) const;
    Result<QDate> openBatchDay();
    Result<void> recordSubmission(qint64 id, const Submitted &submitted, const QByteArray &duplicateKey,
                                  const QStringList &flags, EnrollmentState before);
    Result<void> auditSubmission(const EnrollmentDraft &draft, const QStringList &flags);
    Result<void> recordNoPhoto(const EnrollmentDraft &draft);

    StationAccess m_access;
    Programme m_programme;
};

} // namespace tessera
