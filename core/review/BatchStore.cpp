#include "core/review/BatchStore.h"

namespace tessera {

Result<bool> BatchStore::isClosed(const QDate &day)
{
    auto n = m_db.scalar(QStringLiteral("SELECT count(*) FROM batches WHERE day = ?"), {day.toString(Qt::ISODate)});
    if (!n)
        return std::unexpected(n.error());
    return n->toLongLong() > 0;
}

Result<std::vector<QDate>> BatchStore::closedDays()
{
    std::vector<QDate> days;
    auto r = m_db.each(QStringLiteral("SELECT day FROM batches ORDER BY day"), {},
                       [&](const Statement &row) { days.push_back(QDate::fromString(row.text(0), Qt::ISODate)); });
    if (!r)
        return std::unexpected(r.error());
    return days;
}

Result<void> BatchStore::close(const ClosedBatch &batch)
{
    return m_db.run(
        QStringLiteral("INSERT INTO batches (day, closed_at, closed_by, audit_head, report) VALUES (?, ?, ?, ?, ?)"),
        {batch.day.toString(Qt::ISODate), batch.closedAt, batch.closedBy, batch.auditHead, batch.reportJson});
}

Result<std::optional<ClosedBatch>> BatchStore::closed(const QDate &day)
{
    std::optional<ClosedBatch> out;
    auto r = m_db.each(QStringLiteral("SELECT closed_at, closed_by, audit_head, report FROM batches WHERE day = ?"),
                       {day.toString(Qt::ISODate)}, [&](const Statement &row) {
                           out = ClosedBatch {day, row.text(0), row.integer(1), row.blob(2), row.text(3)};
                       });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<HeldRows> BatchStore::held()
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(closed_at) FROM batches"));
}

} // namespace tessera
