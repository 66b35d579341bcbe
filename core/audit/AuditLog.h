#pragma once

#include "core/store/Database.h"
#include "core/store/HeldRows.h"
#include "core/util/Clock.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace tessera {

// One entry of the audit log. By contract nothing here is personal data: operator ids are
// numbers, objects are opaque ids ("operator:3"), details carry codes and counts.
struct AuditEntry {
    qint64 seq = 0;
    QString at;            // ISO 8601 UTC
    qint64 operatorId = 0; // 0: the station itself (set-up, failed logins, purges)
    QString event;         // dotted name, e.g. "operator.added"
    QString object;
    QJsonObject details;
    QByteArray prevHash; // 32 bytes
    QByteArray hash;     // 32 bytes: BLAKE2b-256 of the canonical form and prevHash
};

struct AuditVerification {
    bool ok = true;
    qint64 entries = 0;
    QByteArray head;             // hash of the last entry
    qint64 firstBadSeq = 0;      // 0 when ok
    QString problem;             // plain words naming the entry
    qint64 truncatedThrough = 0; // entries 1..this were removed by retention behind a checkpoint
};

// The oldest entries that retention may remove: every entry up to and including `throughSeq`.
struct AuditTruncation {
    qint64 removed = 0;
    qint64 throughSeq = 0;
    QByteArray throughHash; // hash of entry `throughSeq`: the chain resumes from it
};

// Append-only, hash-chained log inside the store. Each entry's hash covers its own fields
// and the previous entry's hash, so a changed, deleted or reordered entry breaks the chain at
// a nameable place. Appends within the caller's transaction when there is one.
class AuditLog {
public:
    AuditLog(Database &db, const Clock &clock)
        : m_db(db)
        , m_clock(clock)
    {
    }

    Result<AuditEntry> append(qint64 operatorId, const QString &event, const QString &object,
                              const QJsonObject &details = {});
    Result<QByteArray> head();
    Result<qint64> count();
    Result<std::vector<AuditEntry>> entries(qint64 fromSeq = 1, qint64 limit = -1);
    // The newest `limit` entries, newest first (what the administrator's viewer shows).
    Result<std::vector<AuditEntry>> latest(qint64 limit);
    Result<AuditVerification> verify();

    // Retention of the log itself. plan…: what removing entries written before `cutoff`
    // would remove (nothing changes). truncate…: removes them behind a checkpoint (table
    // audit_checkpoints, which the delete trigger consults) and appends an "audit.truncated"
    // entry naming the last removed entry and its hash, from which verify() then starts.
    // Runs within the caller's transaction. Removes nothing when nothing is older.
    Result<AuditTruncation> planTruncationBefore(const QDateTime &cutoff);
    Result<AuditTruncation> truncateBefore(const QDateTime &cutoff, qint64 operatorId, int auditDays);

    // For the holdings report: how many entries, and when the oldest was written; how many
    // were written before `cutoff` (what the next audit purge removes).
    Result<HeldRows> held();
    Result<qint64> countBefore(const QDateTime &cutoff);
    // When the last work was done (ISO 8601 UTC; empty when none): entries for signing in and
    // out, locking, recovery, store checks and backups do not count, so that making a backup or
    // signing in to restore one does not make a store look newer than another.
    Result<QString> lastWorkAt();

    static QByteArray computeHash(const AuditEntry &entry);
    static QByteArray genesis() { return QByteArray(32, '\0'); }

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace tessera
