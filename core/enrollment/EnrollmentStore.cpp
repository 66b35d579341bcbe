#include "core/enrollment/EnrollmentStore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tessera {

namespace {

struct StateName {
    EnrollmentState state;
    const char *name;
};
constexpr StateName kStates[] = {
    {EnrollmentState::Draft, "draft"},       {EnrollmentState::Submitted, "submitted"},
    {EnrollmentState::Approved, "approved"}, {EnrollmentState::Rejected, "rejected"},
    {EnrollmentState::Returned, "returned"},
};

EnrollmentSummary summaryFromRow(const Statement &row)
{
    EnrollmentSummary s;
    s.id = row.integer(0);
    s.state = stateFromName(row.text(1)).value_or(EnrollmentState::Draft);
    s.cardNumber = row.text(2);
    s.programmeId = row.text(3);
    s.rulesVersion = row.text(4);
    s.createdBy = row.integer(5);
    s.createdAt = row.text(6);
    s.updatedAt = row.text(7);
    s.submittedAt = row.text(8);
    s.cardLayout = row.text(9);
    s.cardExpiry = row.text(10);
    for (const QJsonValue &v : QJsonDocument::fromJson(row.text(11).toUtf8()).array())
        s.flags << v.toString();
    return s;
}

} // namespace

QString stateName(EnrollmentState s)
{
    for (const StateName &n : kStates)
        if (n.state == s)
            return QString::fromLatin1(n.name);
    return {};
}

std::optional<EnrollmentState> stateFromName(const QString &name)
{
    for (const StateName &n : kStates)
        if (name == QLatin1String(n.name))
            return n.state;
    return std::nullopt;
}

Result<std::optional<EnrollmentSummary>> EnrollmentStore::summary(qint64 id)
{
    std::optional<EnrollmentSummary> found;
    if (auto r = m_db.each(
            QStringLiteral("SELECT id, state, card_number, programme_id, rules_version, created_by, created_at, "
                           "updated_at, submitted_at, card_layout, card_expiry, flags FROM enrollments WHERE id = ?"),
            {id}, [&](const Statement &row) { found = summaryFromRow(row); });
        !r)
        return std::unexpected(r.error());
    if (!found)
        return found;
    if (found->state == EnrollmentState::Returned) {
        auto note = m_db.scalar(
            QStringLiteral("SELECT note FROM enrollment_events WHERE enrollment_id = ? AND event = 'returned' "
                           "ORDER BY id DESC LIMIT 1"),
            {id});
        if (!note)
            return std::unexpected(note.error());
        found->returnNote = note->toString();
    }
    QStringList names;
    if (auto r = m_db.each(QStringLiteral("SELECT value FROM enrollment_fields WHERE enrollment_id = ? AND field IN "
                                          "('given_names', 'family_name') ORDER BY field DESC"),
                           {id}, [&](const Statement &field) { names << field.text(0); });
        !r)
        return std::unexpected(r.error());
    found->displayName = names.join(QLatin1Char(' '));
    return found;
}

Result<std::optional<qint64>> EnrollmentStore::idForCardNumber(const QString &cardNumber)
{
    auto id = m_db.scalar(QStringLiteral("SELECT id FROM enrollments WHERE card_number = ?"), {cardNumber});
    if (!id)
        return std::unexpected(id.error());
    if (id->isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(id->toLongLong());
}

// Reads for review, holdings and backup (branch batchstore): below this line.

} // namespace tessera
