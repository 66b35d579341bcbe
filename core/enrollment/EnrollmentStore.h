#pragma once

#include "core/store/Database.h"
#include "core/store/HeldRows.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QDate>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace tessera {

enum class EnrollmentState { Draft, Submitted, Approved, Rejected, Returned };
// The stored (and audited) names: "draft", "submitted", …
QString stateName(EnrollmentState s);
std::optional<EnrollmentState> stateFromName(const QString &name);

struct EnrollmentSummary {
    qint64 id = 0;
    EnrollmentState state = EnrollmentState::Draft;
    QString cardNumber;
    QString programmeId;
    QString rulesVersion;
    qint64 createdBy = 0;
    QString createdAt;
    QString updatedAt;
    QString submittedAt;
    QString cardLayout;
    QString cardExpiry;  // empty: does not expire, or not yet submitted
    QStringList flags;   // "duplicate_override", "narrow_margin", "resubmitted", …
    QString displayName; // given and family names where stored, for lists; may be empty
    QString returnNote;  // returned: what the supervisor asked the clerk to correct
};

struct Attestation {
    QString documentType;
    QMap<QString, int> points;
    bool counted = false;
    bool expired = false;
    bool withinGrace = false;
    bool byCaretaker = false;
    QString rulesVersion;
    qint64 clerkId = 0;
    QString attestedAt;
    bool fingerprinted = false;
};

// The owner of the enrollments, enrollment_fields, enrollment_events, enroll_requests and
// attestations tables: an enrollment's row, its stored fields, its history, the request that
// submitted it and the outcome of each document looked at. No role checks, no audit and no
// retention decisions: Enrollments (and Cards, Review, Purge) decide what may be written and
// record it; this class only reads and writes rows. Times are ISO 8601 UTC strings. Refers to
// the Database it is given, which must outlive it; not thread-safe (as Database).
class EnrollmentStore {
public:
    explicit EnrollmentStore(Database &db)
        : m_db(db)
    {
    }

    // The enrollment's row with its display name (stored given and family names) and, when
    // returned, the supervisor's latest note; none when there is no such enrollment.
    Result<std::optional<EnrollmentSummary>> summary(qint64 id);
    // The enrollment holding `cardNumber` (compared as given), or none.
    Result<std::optional<qint64>> idForCardNumber(const QString &cardNumber);
    // None when there is no such enrollment.
    Result<std::optional<EnrollmentState>> state(qint64 id);
    // The programme and rules version the enrollment was made under; none when there is no
    // such enrollment.
    struct RulesUsed {
        QString programmeId;
        QString rulesVersion;
    };
    Result<std::optional<RulesUsed>> rulesUsed(qint64 id);
    // The card number given at submission; empty before it, or when there is no such enrollment.
    Result<QString> cardNumber(qint64 id);
    // Enrollment ids, most recently updated first; every state when none is given, every
    // clerk's when `createdBy` is none.
    Result<std::vector<qint64>> ids(std::optional<EnrollmentState> state, std::optional<qint64> createdBy);

    // A new draft; returns its id.
    Result<qint64> insertDraft(const QString &programmeId, const QString &rulesVersion, qint64 createdBy,
                               const QString &at);
    // Deletes the enrollment and, by the schema's cascades, all that is kept with it: fields,
    // attestations, events, request keys, data key and sealed values, photo, cards and their
    // print log.
    Result<void> remove(qint64 id);
    // Deletes the stored fields and attestations, which a save writes again whole.
    Result<void> clearContents(qint64 id);
    Result<void> addField(qint64 id, const QString &field, const QString &value);
    // `fingerprint` empty: none (the programme does not ask for them, or no number was given).
    Result<void> addAttestation(qint64 id, const Attestation &attestation, const QByteArray &fingerprint);
    // What a save of the draft changes on its row: when, under which rules, and its flags.
    Result<void> recordSaved(qint64 id, const QString &at, const RulesUsed &rules, const QStringList &flags);
    struct Submission {
        QString cardNumber;
        QString cardLayout;
        QString cardExpiry; // ISO date, empty when the card does not expire
        QString at;
        QByteArray duplicateKey;
        QStringList flags;
        QDate batchDay;
        qint64 submittedBy = 0;
    };
    // Moves the enrollment to "submitted" with what the submission decided.
    Result<void> recordSubmitted(qint64 id, const Submission &submission);

    // Stored fields, field key -> value.
    Result<QMap<QString, QString>> storedFields(qint64 id);
    // One stored field's value; empty when the enrollment has none.
    Result<QString> storedField(qint64 id, const QString &field);
    // Given and family names where stored, joined by a space, for lists on screen; may be empty.
    Result<QString> displayName(qint64 id);
    // The enrollment's attestations, in the order they were written.
    Result<std::vector<Attestation>> attestations(qint64 id);

    // A line of the enrollment's history: submitted, resubmitted, approved, rejected, returned.
    struct Event {
        QString at;
        qint64 operatorId = 0;
        QString event;
        QString reason; // a programme reason code; empty: none (stored as NULL)
        QString note;   // the supervisor's words to the clerk; empty: none (stored as NULL)
    };
    Result<void> addEvent(qint64 id, const Event &event);
    // The time of the enrollment's latest event of that kind; empty when there is none.
    Result<QString> lastEventAt(qint64 id, const QString &event);
    // Drops the supervisors' notes from the enrollment's history (retention keeps the events).
    Result<void> clearEventNotes(qint64 id);

    // Idempotent submissions from a file: the enrollment remembered for a request key.
    Result<void> rememberRequest(const QByteArray &requestKey, qint64 id);
    // The card number of the enrollment submitted for `requestKey`; empty when there is none
    // (or it has no card number yet).
    Result<QString> cardNumberForRequest(const QByteArray &requestKey);

    // Possible duplicates: enrollments past the draft stage, other than `exceptId`, with this
    // keyed hash of name and birth date, or with an attestation of this document fingerprint.
    struct Match {
        qint64 id = 0;
        QString cardNumber;
    };
    Result<std::vector<Match>> submittedWithDuplicateKey(const QByteArray &duplicateKey, qint64 exceptId);
    Result<std::vector<Match>> submittedWithDocument(const QByteArray &fingerprint, qint64 exceptId);

    // Approved enrollments with what their card needs (layout, expiry at submission, stored
    // birth date, each empty when absent), in id order. Cards makes a card for those without.
    struct Approved {
        qint64 id = 0;
        QString cardLayout;
        QString cardExpiry;
        QString birthDate;
    };
    Result<std::vector<Approved>> approved();

    // Each enrollment with what its retention depends on, in id order (Purge's schedule).
    struct RetentionFacts {
        qint64 id = 0;
        QString state;
        RulesUsed rules;
        QString updatedAt;
        QString cardExpiry;
        QString rejectedAt; // the latest "rejected" event; empty when none
        qint64 notes = 0;   // events that carry a supervisor's note
    };
    Result<std::vector<RetentionFacts>> retentionFacts();

    // Reads for review, holdings and backup (branch batchstore): below this line.

    // How many enrollments of each state a batch day has (only submitted enrollments have one).
    struct BatchDayCount {
        QDate day;
        QString state;
        int count = 0;
    };
    Result<std::vector<BatchDayCount>> countsByBatchDay();
    // The enrollments of a batch day, in the order they were submitted.
    Result<std::vector<qint64>> idsInBatch(const QDate &day);
    // How many of a batch day's enrollments wait for a decision.
    Result<qint64> pendingInBatch(const QDate &day);
    // What a day's report counts of each of its enrollments, in card-number order.
    struct BatchOutcome {
        QString state;
        QString cardNumber;
        qint64 submittedBy = 0;
        QString rejectReason; // of the latest "rejected" event; empty when none
    };
    Result<std::vector<BatchOutcome>> batchOutcomes(const QDate &day);
    // What a supervisor's decision checks: the state, and who entered and who submitted the
    // enrollment (four eyes); none when there is no such enrollment.
    struct DecisionSubject {
        EnrollmentState state = EnrollmentState::Draft;
        QString cardNumber;
        qint64 createdBy = 0;
        qint64 submittedBy = 0;
    };
    Result<std::optional<DecisionSubject>> decisionSubject(qint64 id);
    // A supervisor's decision: the enrollment moves to `to` (updated at the event's time), and
    // the event says who decided, when and why.
    Result<void> recordDecision(qint64 id, EnrollmentState to, const Event &event);
    // The enrollment's history, in the order it happened.
    Result<std::vector<Event>> events(qint64 id);

    // For backups, and for the holdings report (which composes them with the other stores').
    Result<qint64> count();
    struct Created {
        qint64 id = 0;
        QString createdAt;
    };
    // The enrollments in any of `states`, in id order.
    Result<std::vector<Created>> createdInStates(const std::vector<EnrollmentState> &states);
    // The names of the stored fields any enrollment has, sorted.
    Result<QStringList> heldFieldNames();
    // Stored fields, attestations and history events: how many, and when the oldest was written
    // (fields: when their enrollment was created).
    Result<HeldRows> fieldsHeld();
    Result<HeldRows> attestationsHeld();
    Result<HeldRows> eventsHeld();

private:
    Database &m_db;
};

} // namespace tessera
