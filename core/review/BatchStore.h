#pragma once

#include "core/store/Database.h"
#include "core/store/HeldRows.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QDate>
#include <QString>
#include <optional>
#include <vector>

namespace tessera {

// A closed day as the store keeps it: the report as it was at closing (JSON, written and read
// by Review) and the head of the audit chain, the closing entry included.
struct ClosedBatch {
    QDate day;
    QString closedAt; // ISO 8601 UTC
    qint64 closedBy = 0;
    QByteArray auditHead;
    QString reportJson;
};

// The owner of the batches table: one row per closed business day. No role checks and no
// audit: Review decides who may close a day and records it. Refers to the Database it is
// given, which must outlive it; not thread-safe (as Database).
class BatchStore {
public:
    explicit BatchStore(Database &db)
        : m_db(db)
    {
    }

    Result<bool> isClosed(const QDate &day);
    // Every closed day (a few hundred a year).
    Result<std::vector<QDate>> closedDays();
    // Fails when the day is already closed (the day is the key).
    Result<void> close(const ClosedBatch &batch);
    // None when the day is not closed.
    Result<std::optional<ClosedBatch>> closed(const QDate &day);

    // For the holdings report: closed days, and when the first was closed.
    Result<HeldRows> held();

private:
    Database &m_db;
};

} // namespace tessera
