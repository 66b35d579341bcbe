#include "core/enrollment/SealedValueStore.h"

namespace tessera {

QString sealedKindName(SealedKind kind)
{
    switch (kind) {
    case SealedKind::PrintedOnly:
        return QStringLiteral("printed_only");
    case SealedKind::DraftDocuments:
        return QStringLiteral("draft_documents");
    }
    return {};
}

Result<std::optional<SecureBuffer>> SealedValueStore::dataKey(qint64 enrollmentId)
{
    auto existing =
        m_db.scalar(QStringLiteral("SELECT data_key FROM enrollment_keys WHERE enrollment_id = ?"), {enrollmentId});
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->isNull())
        return std::optional<SecureBuffer>();
    QByteArray raw = existing->toByteArray();
    SecureBuffer key = SecureBuffer::fromBytes(
        {reinterpret_cast<const unsigned char *>(raw.constData()), static_cast<std::size_t>(raw.size())});
    raw.fill('\0');
    return std::optional<SecureBuffer>(std::move(key));
}

Result<void> SealedValueStore::addDataKey(qint64 enrollmentId, const SecureBuffer &key, const QString &createdAt)
{
    return m_db.run(
        QStringLiteral("INSERT INTO enrollment_keys (enrollment_id, data_key, created_at) VALUES (?, ?, ?)"),
        {enrollmentId, QByteArray(reinterpret_cast<const char *>(key.data()), static_cast<qsizetype>(key.size())),
         createdAt});
}

Result<void> SealedValueStore::put(qint64 enrollmentId, SealedKind kind, const QByteArray &box, const QString &sealedAt)
{
    return m_db.run(QStringLiteral("INSERT OR REPLACE INTO sealed_values (enrollment_id, kind, sealed, sealed_at) "
                                   "VALUES (?, ?, ?, ?)"),
                    {enrollmentId, sealedKindName(kind), box, sealedAt});
}

Result<std::optional<QByteArray>> SealedValueStore::get(qint64 enrollmentId, SealedKind kind)
{
    auto box = m_db.scalar(QStringLiteral("SELECT sealed FROM sealed_values WHERE enrollment_id = ? AND kind = ?"),
                           {enrollmentId, sealedKindName(kind)});
    if (!box)
        return std::unexpected(box.error());
    if (box->isNull())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(box->toByteArray());
}

Result<void> SealedValueStore::remove(qint64 enrollmentId, SealedKind kind)
{
    return m_db.run(QStringLiteral("DELETE FROM sealed_values WHERE enrollment_id = ? AND kind = ?"),
                    {enrollmentId, sealedKindName(kind)});
}

Result<void> SealedValueStore::destroy(qint64 enrollmentId)
{
    for (const char *sql :
         {"DELETE FROM sealed_values WHERE enrollment_id = ?", "DELETE FROM enrollment_keys WHERE enrollment_id = ?"})
        if (auto r = m_db.run(QString::fromLatin1(sql), {enrollmentId}); !r)
            return r;
    return {};
}

Result<std::map<qint64, SealedValueStore::Held>> SealedValueStore::heldByEnrollment()
{
    std::map<qint64, Held> held;
    if (auto r = m_db.each(QStringLiteral("SELECT enrollment_id, created_at FROM enrollment_keys"), {},
                           [&](const Statement &row) { held[row.integer(0)].keyCreatedAt = row.text(1); });
        !r)
        return std::unexpected(r.error());
    if (auto r = m_db.each(QStringLiteral("SELECT enrollment_id, count(*) FROM sealed_values GROUP BY enrollment_id"),
                           {}, [&](const Statement &row) { held[row.integer(0)].sealedValues = row.integer(1); });
        !r)
        return std::unexpected(r.error());
    return held;
}

// Reads for review, holdings and backup (branch batchstore): below this line.

Result<std::set<qint64>> SealedValueStore::enrollmentsHolding(SealedKind kind)
{
    return enrollmentIds(m_db, QStringLiteral("SELECT enrollment_id FROM sealed_values WHERE kind = ?"),
                         {sealedKindName(kind)});
}

Result<HeldRows> SealedValueStore::held(SealedKind kind)
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(sealed_at) FROM sealed_values WHERE kind = ?"),
                    {sealedKindName(kind)});
}

} // namespace tessera
