#pragma once

#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/Programme.h"
#include "core/station/StationAccess.h"

#include <QDate>
#include <QMap>

#include <functional>
#include <vector>

namespace tessera {

// The enrollment state machine, as one table: who may move an enrollment from one state to
// another. Everything not listed is forbidden.
//   draft     -> submitted   clerk (submit)
//   returned  -> submitted   clerk (resubmit after correction)
//   submitted -> approved | rejected | returned   supervisor, never the one who submitted it
bool isAllowedTransition(EnrollmentState from, EnrollmentState to);

enum class DecisionKind { Approve, Reject, Return };

struct Decision {
    qint64 enrollmentId = 0;
    DecisionKind kind = DecisionKind::Approve;
    QString reasonCode; // Reject: a code from the programme's "reject" list
    QString note;       // Reject: optional; Return: required, what the clerk must correct
    // Approve: the supervisor confirmed approving an enrollment flagged "no_photo" (its card
    // will have no photo); without it such an approval is refused.
    bool confirmedNoPhoto = false;
};

// A line of an enrollment's history: submitted, resubmitted, approved, rejected, returned.
using EnrollmentEvent = EnrollmentStore::Event;

struct BatchSummary {
    QDate day;
    QMap<QString, int> byState; // state name -> count
    bool closed = false;
};

// What a closed day's report says: counts by decision, clerk and reason, and card numbers;
// never a name. Kept in the store as it was at closing.
struct BatchReport {
    QDate day;
    QString stationName;
    QString stationCode;
    QString closedAt;
    QString closedBy;                          // operator user name (staff, not applicants)
    QMap<QString, int> byDecision;             // approved, rejected, returned
    QMap<QString, QMap<QString, int>> byClerk; // clerk user name -> decision -> count
    QMap<QString, int> byReason;               // reject reason code -> count
    QMap<QString, QString> reasonLabels;       // reject reason code -> the programme's label (English)
    QMap<QString, QStringList> cards;          // decision -> card numbers
    QByteArray auditHead;                      // head of the audit chain, the closing entry included
};

// The supervisor's side of the counter. Each call checks the supervisor role; decisions and
// closing need the supervisor's password once per call, and are all-or-nothing.
class Review {
public:
    Review(StationAccess access, Programme programme);

    // Days that are not closed yet and have enrollments, and today, newest first.
    Result<std::vector<BatchSummary>> openBatches();
    Result<std::vector<EnrollmentSummary>> batch(const QDate &day);
    Result<std::vector<EnrollmentEvent>> history(qint64 enrollmentId);
    // Pending enrollments of the day that carry no flag to look at (for bulk approval).
    Result<std::vector<qint64>> unflaggedPending(const QDate &day);

    // Applies every decision or none. Refused: a wrong password, an enrollment not pending,
    // one the supervisor submitted themselves, a reject without a programme reason code, a
    // return without a note, an approval of a "no_photo" enrollment without confirmedNoPhoto.
    // The error names the card number.
    Result<int> decide(const std::vector<Decision> &decisions, const SecureBuffer &password);

    // Closes a day with nothing pending, stores and returns its report, and audits it.
    Result<BatchReport> closeDay(const QDate &day, const SecureBuffer &password);
    Result<BatchReport> report(const QDate &day);

    // decide and closeDay with the supervisor's password checked in the three steps of
    // Session::beginPasswordCheck, the slow one off the owner thread (ui/common/TaskRunner.h):
    // `checked` must be the signed-in supervisor's check, unlocked. Same refusals, same order.
    Result<int> decideVerified(const std::vector<Decision> &decisions, Session::PasswordCheck checked);
    Result<BatchReport> closeDayVerified(const QDate &day, Session::PasswordCheck checked);

    // Whether the flags ask a supervisor to look twice (README, "Review flags"): duplicate_override,
    // photo_override, expired_document, resubmitted, and any flag not known here. Information
    // only: "caretaker:<relationship>" and the "narrow_margin" of older versions.
    static bool needsAttention(const QStringList &flags);
    // Whether approving an enrollment with these flags needs Decision::confirmedNoPhoto.
    static bool needsPhotoConfirmation(const QStringList &flags);

private:
    // The password step of a decision or a day close: checks `me`'s password one way or the other.
    using PasswordStep = std::function<Result<Operator>(const Operator &me)>;
    Result<void> requireSupervisor();
    Result<int> decideAs(const std::vector<Decision> &decisions, const PasswordStep &checkPassword);
    Result<BatchReport> closeDayAs(const QDate &day, const PasswordStep &checkPassword);
    PasswordStep finishing(Session::PasswordCheck &checked);
    Result<void> requirePhotoOrConfirmation(EnrollmentStore &enrollments, qint64 id, const QString &card);

    StationAccess m_access;
    Programme m_programme;
};

} // namespace tessera
