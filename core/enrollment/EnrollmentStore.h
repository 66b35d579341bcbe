#pragma once

#include "core/store/Database.h"
#include "core/util/Error.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

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

    // Reads for review, holdings and backup (branch batchstore): below this line.

private:
    Database &m_db;
};

} // namespace tessera
