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

// Reads for review, holdings and backup (branch batchstore): below this line.

} // namespace tessera
