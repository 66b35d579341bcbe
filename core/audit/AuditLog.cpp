#include "core/audit/AuditLog.h"

#include "core/crypto/Crypto.h"

#include <algorithm>

#include <QJsonDocument>

namespace tessera {

QByteArray AuditLog::computeHash(const AuditEntry &e)
{
    // Canonical form: fixed field order, one per line; details as compact JSON (QJsonObject
    // keeps keys sorted, so the same details always serialise the same way).
    QByteArray canonical = QByteArrayLiteral("tessera-audit-v1\n");
    canonical += e.at.toUtf8() + '\n';
    canonical += QByteArray::number(e.operatorId) + '\n';
    canonical += e.event.toUtf8() + '\n';
    canonical += e.object.toUtf8() + '\n';
    canonical += QJsonDocument(e.details).toJson(QJsonDocument::Compact) + '\n';
    canonical += e.prevHash.toHex();
    return crypto::hash(canonical);
}

Result<QByteArray> AuditLog::head()
{
    auto h = m_db.scalar(QStringLiteral("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1"));
    if (!h)
        return std::unexpected(h.error());
    return h->isNull() ? genesis() : h->toByteArray();
}

Result<qint64> AuditLog::count()
{
    auto n = m_db.scalar(QStringLiteral("SELECT count(*) FROM audit"));
    if (!n)
        return std::unexpected(n.error());
    return n->toLongLong();
}

Result<HeldRows> AuditLog::held()
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(at) FROM audit"));
}

Result<qint64> AuditLog::countBefore(const QDateTime &cutoff)
{
    auto n = m_db.scalar(QStringLiteral("SELECT count(*) FROM audit WHERE at < ?"), {isoUtc(cutoff)});
    if (!n)
        return std::unexpected(n.error());
    return n->toLongLong();
}

Result<QString> AuditLog::lastWorkAt()
{
    auto at =
        m_db.scalar(QStringLiteral("SELECT at FROM audit WHERE event NOT LIKE 'login.%' AND event NOT LIKE 'session.%' "
                                   "AND event NOT IN ('logout', 'recovery.used', 'store.checked', 'backup.created') "
                                   "ORDER BY seq DESC LIMIT 1"));
    if (!at)
        return std::unexpected(at.error());
    return at->toString();
}

Result<AuditEntry> AuditLog::append(qint64 operatorId, const QString &event, const QString &object,
                                    const QJsonObject &details)
{
    // The last entry is read and the next written in one transaction: two processes appending
    // at once must not both chain to the same entry, nor fail because the other wrote between.
    AuditEntry e;
    auto done = m_db.transaction([&]() -> Result<void> {
        auto last = m_db.prepare(QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
        if (!last)
            return std::unexpected(last.error());
        auto row = last->next();
        if (!row)
            return std::unexpected(row.error());
        e.seq = *row ? last->integer(0) + 1 : 1;
        e.prevHash = *row ? last->blob(1) : genesis();
        if (!*row) {
            // Empty: a new log, or retention removed every entry; then the chain goes on from
            // the last checkpoint, not from the genesis hash.
            auto cp = m_db.prepare(QStringLiteral(
                "SELECT through_seq, through_hash FROM audit_checkpoints ORDER BY through_seq DESC LIMIT 1"));
            if (!cp)
                return std::unexpected(cp.error());
            auto found = cp->next();
            if (!found)
                return std::unexpected(found.error());
            if (*found) {
                e.seq = cp->integer(0) + 1;
                e.prevHash = cp->blob(1);
            }
        }
        e.at = isoUtc(m_clock.now());
        e.operatorId = operatorId;
        e.event = event;
        e.object = object;
        e.details = details;
        e.hash = computeHash(e);
        return m_db.run(
            QStringLiteral("INSERT INTO audit (seq, at, operator_id, event, object, details, prev_hash, hash) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            {e.seq, e.at, e.operatorId, e.event, e.object,
             QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)), e.prevHash, e.hash});
    });
    if (!done)
        return std::unexpected(done.error());
    return e;
}

Result<std::vector<AuditEntry>> AuditLog::entries(qint64 fromSeq, qint64 limit)
{
    std::vector<AuditEntry> out;
    auto r =
        m_db.each(QStringLiteral("SELECT seq, at, operator_id, event, object, details, prev_hash, hash "
                                 "FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?"),
                  {fromSeq, limit}, [&](const Statement &row) {
                      out.push_back({row.integer(0), row.text(1), row.integer(2), row.text(3), row.text(4),
                                     QJsonDocument::fromJson(row.text(5).toUtf8()).object(), row.blob(6), row.blob(7)});
                  });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<std::vector<AuditEntry>> AuditLog::latest(qint64 limit)
{
    auto newest = m_db.scalar(QStringLiteral("SELECT coalesce(max(seq), 0) FROM audit"));
    if (!newest)
        return std::unexpected(newest.error());
    auto out = entries(std::max<qint64>(1, newest->toLongLong() - limit + 1), limit);
    if (out)
        std::reverse(out->begin(), out->end());
    return out;
}

Result<AuditTruncation> AuditLog::planTruncationBefore(const QDateTime &cutoff)
{
    AuditTruncation t;
    auto through = m_db.scalar(QStringLiteral("SELECT max(seq) FROM audit WHERE at < ?"), {isoUtc(cutoff)});
    if (!through)
        return std::unexpected(through.error());
    if (through->isNull())
        return t;
    t.throughSeq = through->toLongLong();
    auto counted = m_db.scalar(QStringLiteral("SELECT count(*) FROM audit WHERE seq <= ?"), {t.throughSeq});
    if (!counted)
        return std::unexpected(counted.error());
    t.removed = counted->toLongLong();
    auto hash = m_db.scalar(QStringLiteral("SELECT hash FROM audit WHERE seq = ?"), {t.throughSeq});
    if (!hash)
        return std::unexpected(hash.error());
    t.throughHash = hash->toByteArray();
    return t;
}

Result<AuditTruncation> AuditLog::truncateBefore(const QDateTime &cutoff, qint64 operatorId, int auditDays)
{
    auto t = planTruncationBefore(cutoff);
    if (!t || t->removed == 0)
        return t;
    const QString now = isoUtc(m_clock.now());
    if (auto r =
            m_db.run(QStringLiteral(
                         "INSERT INTO audit_checkpoints (through_seq, through_hash, removed, at) VALUES (?, ?, ?, ?)"),
                     {t->throughSeq, t->throughHash, t->removed, now});
        !r)
        return std::unexpected(r.error());
    if (auto r = m_db.run(QStringLiteral("DELETE FROM audit WHERE seq <= ?"), {t->throughSeq}); !r)
        return std::unexpected(r.error());
    auto e = append(operatorId, QStringLiteral("audit.truncated"), QStringLiteral("audit"),
                    {{QStringLiteral("class"), QStringLiteral("audit")},
                     {QStringLiteral("count"), t->removed},
                     {QStringLiteral("days"), auditDays},
                     {QStringLiteral("through_seq"), t->throughSeq},
                     {QStringLiteral("through_hash"), QString::fromLatin1(t->throughHash.toHex())}});
    if (!e)
        return std::unexpected(e.error());
    return t;
}

Result<AuditVerification> AuditLog::verify()
{
    // The hash covers contents and the previous hash, not the sequence number: the links
    // define the order, and seq continuity is checked on its own. So a changed entry fails
    // its hash, a deleted one leaves a gap (or, renumbered, a broken link), and moved
    // entries break the link where they now stand.
    auto all = entries();
    if (!all)
        return std::unexpected(all.error());
    AuditVerification v;
    QByteArray prev = genesis();
    qint64 expectedSeq = 1;
    // A log whose oldest entries retention removed starts after a checkpoint: an
    // "audit.truncated" entry further on (itself chained, so it cannot be altered unseen)
    // names the last removed entry and its hash, and the first remaining entry must link to it.
    if (!all->empty() && all->front().seq > 1) {
        const AuditEntry &first = all->front();
        for (const AuditEntry &e : *all) {
            if (e.event == QLatin1String("audit.truncated")
                && e.details.value(QStringLiteral("through_seq")).toInteger() == first.seq - 1
                && e.details.value(QStringLiteral("through_hash")).toString()
                    == QString::fromLatin1(first.prevHash.toHex())) {
                prev = first.prevHash;
                expectedSeq = first.seq;
                v.truncatedThrough = first.seq - 1;
                break;
            }
        }
    }
    for (const AuditEntry &e : *all) {
        QString problem;
        if (e.seq != expectedSeq)
            problem = expectedSeq == 1
                ? QStringLiteral(
                      "Entry 1 is missing: the log begins at entry %1 and no retention checkpoint accounts for the "
                      "entries before it (entries were deleted).")
                      .arg(e.seq)
                : QStringLiteral("Entry %1 is missing: the log jumps from entry %2 to entry %3 (an entry was deleted).")
                      .arg(expectedSeq)
                      .arg(expectedSeq - 1)
                      .arg(e.seq);
        else if (computeHash(e) != e.hash)
            problem =
                QStringLiteral("Entry %1 (%2) was changed after it was written: its contents do not match its hash.")
                    .arg(e.seq)
                    .arg(e.event);
        else if (e.prevHash != prev)
            problem = e.seq == 1
                ? QStringLiteral("Entry 1 (%1) does not start the log: entries were reordered or replaced.")
                      .arg(e.event)
                : QStringLiteral("Entry %1 (%2) does not follow entry %3: entries were reordered, or one between them "
                                 "was deleted.")
                      .arg(e.seq)
                      .arg(e.event)
                      .arg(e.seq - 1);
        if (!problem.isEmpty()) {
            v.ok = false;
            v.firstBadSeq = e.seq;
            v.problem = problem;
            return v;
        }
        prev = e.hash;
        ++expectedSeq;
        ++v.entries;
    }
    v.head = prev;
    return v;
}

} // namespace tessera
