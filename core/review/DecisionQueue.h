#pragma once

#include "core/enrollment/Enrollments.h"
#include "core/review/Review.h"

#include <map>
#include <optional>
#include <vector>

namespace tessera {

// The supervisor's decisions on one day's batch, queued one key at a time and committed together
// (Review::decide). Holds copies: the day's rows and the supervisor's operator id; it touches no
// Station, so the GUI may read it at any time, a commit running or not. Not thread-safe (one
// owner, the page that shows it).
class DecisionQueue {
public:
    // Why a row cannot take a decision.
    enum class Refusal { None, NoSuchRow, AlreadyDecided, OwnEnrollment };

    explicit DecisionQueue(qint64 supervisorId = 0)
        : m_supervisorId(supervisorId)
    {
    }

    void setSupervisor(qint64 operatorId) { m_supervisorId = operatorId; }
    // The day's enrollments, as Review::batch returned them. Queued decisions on rows that are
    // gone or no longer pending are dropped: a decision belongs to the day it was made on.
    void setRows(std::vector<EnrollmentSummary> rows);
    const std::vector<EnrollmentSummary> &rows() const { return m_rows; }
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    // The row at `row`, or nullptr out of range.
    const EnrollmentSummary *row(int row) const;
    // The row of an enrollment, or -1.
    int rowOf(qint64 enrollmentId) const;
    // The first row still pending and not queued, or -1.
    int firstUndecided() const;

    Refusal refusal(int row) const;
    bool canDecide(int row) const { return refusal(row) == Refusal::None; }

    // Queues (or replaces) the decision on its enrollment; false, nothing queued, when the
    // enrollment's row cannot take a decision.
    bool queue(const Decision &decision);
    // The decision queued on an enrollment, if any.
    const Decision *pending(qint64 enrollmentId) const;
    int size() const { return static_cast<int>(m_pending.size()); }
    bool empty() const { return m_pending.empty(); }
    // Every queued decision, by enrollment id.
    std::vector<Decision> decisions() const;
    void clear() { m_pending.clear(); }

    // Of `unflagged` (Review::unflaggedPending), the enrollments on this day that this supervisor
    // may approve and has not queued yet: what "approve all unflagged" would add.
    std::vector<qint64> bulkApprovable(const std::vector<qint64> &unflagged) const;

private:
    qint64 m_supervisorId = 0;
    std::vector<EnrollmentSummary> m_rows;
    std::map<qint64, Decision> m_pending;
};

} // namespace tessera
