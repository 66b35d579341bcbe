#include "core/review/DecisionQueue.h"

#include <algorithm>

namespace tessera {

void DecisionQueue::setRows(std::vector<EnrollmentSummary> rows)
{
    m_rows = std::move(rows);
    std::erase_if(m_pending, [this](const auto &p) {
        const int r = rowOf(p.first);
        return r < 0 || m_rows[static_cast<std::size_t>(r)].state != EnrollmentState::Submitted;
    });
}

const EnrollmentSummary *DecisionQueue::row(int row) const
{
    return row >= 0 && row < rowCount() ? &m_rows[static_cast<std::size_t>(row)] : nullptr;
}

int DecisionQueue::rowOf(qint64 enrollmentId) const
{
    const auto it =
        std::find_if(m_rows.begin(), m_rows.end(), [&](const EnrollmentSummary &s) { return s.id == enrollmentId; });
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

int DecisionQueue::firstUndecided() const
{
    for (int r = 0; r < rowCount(); ++r)
        if (canDecide(r) && !m_pending.contains(m_rows[static_cast<std::size_t>(r)].id))
            return r;
    return -1;
}

DecisionQueue::Refusal DecisionQueue::refusal(int r) const
{
    const EnrollmentSummary *s = row(r);
    if (!s)
        return Refusal::NoSuchRow;
    if (s->state != EnrollmentState::Submitted)
        return Refusal::AlreadyDecided;
    if (s->createdBy == m_supervisorId)
        return Refusal::OwnEnrollment;
    return Refusal::None;
}

bool DecisionQueue::queue(const Decision &decision)
{
    if (!canDecide(rowOf(decision.enrollmentId)))
        return false;
    m_pending[decision.enrollmentId] = decision;
    return true;
}

const Decision *DecisionQueue::pending(qint64 enrollmentId) const
{
    const auto it = m_pending.find(enrollmentId);
    return it == m_pending.end() ? nullptr : &it->second;
}

std::vector<Decision> DecisionQueue::decisions() const
{
    std::vector<Decision> all;
    all.reserve(m_pending.size());
    for (const auto &p : m_pending)
        all.push_back(p.second);
    return all;
}

std::vector<qint64> DecisionQueue::bulkApprovable(const std::vector<qint64> &unflagged) const
{
    std::vector<qint64> ids;
    for (qint64 id : unflagged)
        if (canDecide(rowOf(id)) && !m_pending.contains(id))
            ids.push_back(id);
    return ids;
}

} // namespace tessera
