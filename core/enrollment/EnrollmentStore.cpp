#include "core/enrollment/EnrollmentStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    for (const QJsonValue v : QJsonDocument::fromJson(row.text(11).toUtf8()).array())
        s.flags << v.toString();
    return s;
}

QString flagsJson(const QStringList &flags)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(flags)).toJson(QJsonDocument::Compact));
}

QString pointsJson(const QMap<QString, int> &points)
{
    QJsonObject o;
    for (auto it = points.begin(); it != points.end(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QMap<QString, int> pointsFrom(const QString &json)
{
    QMap<QString, int> points;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        points.insert(it.key(), it.value().toInt());
    return points;
}

QVariant nullWhenEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

// Runs a query and makes a T of each row, in order.
template <typename T, typename FromRow>
Result<std::vector<T>> rowsOf(Database &db, const QString &sql, const QVariantList &params, FromRow fromRow)
{
    std::vector<T> out;
    if (auto r = db.each(sql, params, [&](const Statement &row) { out.push_back(fromRow(row)); }); !r)
        return std::unexpected(r.error());
    return out;
}

EnrollmentStore::Match matchFromRow(const Statement &row)
{
    return {row.integer(0), row.text(1)};
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
    auto name = displayName(id);
    if (!name)
        return std::unexpected(name.error());
    found->displayName = *name;
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

Result<std::optional<EnrollmentState>> EnrollmentStore::state(qint64 id)
{
    auto state = m_db.scalar(QStringLiteral("SELECT state FROM enrollments WHERE id = ?"), {id});
    if (!state)
        return std::unexpected(state.error());
    if (state->isNull())
        return std::optional<EnrollmentState>();
    return stateFromName(state->toString());
}

Result<std::optional<EnrollmentStore::RulesUsed>> EnrollmentStore::rulesUsed(qint64 id)
{
    std::optional<RulesUsed> found;
    if (auto r = m_db.each(QStringLiteral("SELECT programme_id, rules_version FROM enrollments WHERE id = ?"), {id},
                           [&](const Statement &row) {
                               found = RulesUsed {row.text(0), row.text(1)};
                           });
        !r)
        return std::unexpected(r.error());
    return found;
}

Result<QString> EnrollmentStore::cardNumber(qint64 id)
{
    auto number = m_db.scalar(QStringLiteral("SELECT card_number FROM enrollments WHERE id = ?"), {id});
    if (!number)
        return std::unexpected(number.error());
    return number->toString();
}

Result<std::vector<qint64>> EnrollmentStore::ids(std::optional<EnrollmentState> state, std::optional<qint64> createdBy)
{
    const QVariant stateValue = state ? QVariant(stateName(*state)) : QVariant();
    return rowsOf<qint64>(
        m_db,
        QStringLiteral("SELECT id FROM enrollments WHERE (? IS NULL OR state = ?) AND (? = 0 OR created_by = ?) "
                       "ORDER BY updated_at DESC, id DESC"),
        {stateValue, stateValue, createdBy ? 1 : 0, createdBy.value_or(0)},
        [](const Statement &row) { return row.integer(0); });
}

Result<qint64> EnrollmentStore::insertDraft(const QString &programmeId, const QString &rulesVersion, qint64 createdBy,
                                            const QString &at)
{
    if (auto r = m_db.run(QStringLiteral("INSERT INTO enrollments (state, programme_id, rules_version, created_by, "
                                         "created_at, updated_at) VALUES ('draft', ?, ?, ?, ?, ?)"),
                          {programmeId, rulesVersion, createdBy, at, at});
        !r)
        return std::unexpected(r.error());
    return m_db.lastInsertId();
}

Result<void> EnrollmentStore::remove(qint64 id)
{
    return m_db.run(QStringLiteral("DELETE FROM enrollments WHERE id = ?"), {id});
}

Result<void> EnrollmentStore::clearContents(qint64 id)
{
    for (const char *sql :
         {"DELETE FROM enrollment_fields WHERE enrollment_id = ?", "DELETE FROM attestations WHERE enrollment_id = ?"})
        if (auto r = m_db.run(QString::fromLatin1(sql), {id}); !r)
            return r;
    return {};
}

Result<void> EnrollmentStore::addField(qint64 id, const QString &field, const QString &value)
{
    return m_db.run(QStringLiteral("INSERT INTO enrollment_fields (enrollment_id, field, value) VALUES (?, ?, ?)"),
                    {id, field, value});
}

Result<void> EnrollmentStore::addAttestation(qint64 id, const Attestation &a, const QByteArray &fingerprint)
{
    return m_db.run(
        QStringLiteral(
            "INSERT INTO attestations (enrollment_id, document_type, points, counted, expired, within_grace, "
            "by_caretaker, rules_version, clerk_id, attested_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?)"),
        {id, a.documentType, pointsJson(a.points), a.counted, a.expired, a.withinGrace, a.byCaretaker, a.rulesVersion,
         a.clerkId, a.attestedAt, fingerprint.isEmpty() ? QVariant() : QVariant(fingerprint)});
}

Result<void> EnrollmentStore::recordSaved(qint64 id, const QString &at, const RulesUsed &rules,
                                          const QStringList &flags)
{
    return m_db.run(
        QStringLiteral(
            "UPDATE enrollments SET updated_at = ?, programme_id = ?, rules_version = ?, flags = ? WHERE id = ?"),
        {at, rules.programmeId, rules.rulesVersion, flagsJson(flags), id});
}

Result<void> EnrollmentStore::recordSubmitted(qint64 id, const Submission &s)
{
    return m_db.run(
        QStringLiteral(
            "UPDATE enrollments SET state = 'submitted', card_number = ?, card_layout = ?, card_expiry = ?, "
            "submitted_at = ?, updated_at = ?, duplicate_key = ?, flags = ?, batch_day = ?, submitted_by = ? "
            "WHERE id = ?"),
        {s.cardNumber, s.cardLayout, s.cardExpiry, s.at, s.at, s.duplicateKey, flagsJson(s.flags),
         s.batchDay.toString(Qt::ISODate), s.submittedBy, id});
}

Result<QMap<QString, QString>> EnrollmentStore::storedFields(qint64 id)
{
    QMap<QString, QString> fields;
    if (auto r = m_db.each(QStringLiteral("SELECT field, value FROM enrollment_fields WHERE enrollment_id = ?"), {id},
                           [&](const Statement &row) { fields.insert(row.text(0), row.text(1)); });
        !r)
        return std::unexpected(r.error());
    return fields;
}

Result<QString> EnrollmentStore::storedField(qint64 id, const QString &field)
{
    auto value = m_db.scalar(
        QStringLiteral("SELECT value FROM enrollment_fields WHERE enrollment_id = ? AND field = ?"), {id, field});
    if (!value)
        return std::unexpected(value.error());
    return value->toString();
}

Result<QString> EnrollmentStore::displayName(qint64 id)
{
    QStringList names;
    if (auto r = m_db.each(QStringLiteral("SELECT value FROM enrollment_fields WHERE enrollment_id = ? AND field IN "
                                          "('given_names', 'family_name') ORDER BY field DESC"),
                           {id}, [&](const Statement &field) { names << field.text(0); });
        !r)
        return std::unexpected(r.error());
    return names.join(QLatin1Char(' '));
}

Result<std::vector<Attestation>> EnrollmentStore::attestations(qint64 id)
{
    return rowsOf<Attestation>(
        m_db,
        QStringLiteral(
            "SELECT document_type, points, counted, expired, within_grace, by_caretaker, rules_version, clerk_id, "
            "attested_at, fingerprint IS NOT NULL FROM attestations WHERE enrollment_id = ? ORDER BY id"),
        {id}, [](const Statement &row) {
            return Attestation {row.text(0),         pointsFrom(row.text(1)), row.integer(2) != 0, row.integer(3) != 0,
                                row.integer(4) != 0, row.integer(5) != 0,     row.text(6),         row.integer(7),
                                row.text(8),         row.integer(9) != 0};
        });
}

Result<void> EnrollmentStore::addEvent(qint64 id, const Event &e)
{
    return m_db.run(
        QStringLiteral("INSERT INTO enrollment_events (enrollment_id, at, operator_id, event, reason, note) "
                       "VALUES (?, ?, ?, ?, ?, ?)"),
        {id, e.at, e.operatorId, e.event, nullWhenEmpty(e.reason), nullWhenEmpty(e.note)});
}

Result<QString> EnrollmentStore::lastEventAt(qint64 id, const QString &event)
{
    auto at = m_db.scalar(QStringLiteral("SELECT max(at) FROM enrollment_events WHERE enrollment_id = ? AND event = ?"),
                          {id, event});
    if (!at)
        return std::unexpected(at.error());
    return at->toString();
}

Result<void> EnrollmentStore::clearEventNotes(qint64 id)
{
    return m_db.run(QStringLiteral("UPDATE enrollment_events SET note = NULL WHERE enrollment_id = ?"), {id});
}

Result<void> EnrollmentStore::rememberRequest(const QByteArray &requestKey, qint64 id)
{
    return m_db.run(QStringLiteral("INSERT OR REPLACE INTO enroll_requests (request_key, enrollment_id) VALUES (?, ?)"),
                    {requestKey, id});
}

Result<QString> EnrollmentStore::cardNumberForRequest(const QByteArray &requestKey)
{
    auto n = m_db.scalar(
        QStringLiteral("SELECT e.card_number FROM enroll_requests r JOIN enrollments e ON e.id = r.enrollment_id "
                       "WHERE r.request_key = ? AND e.card_number IS NOT NULL"),
        {requestKey});
    if (!n)
        return std::unexpected(n.error());
    return n->toString();
}

Result<std::vector<EnrollmentStore::Match>> EnrollmentStore::submittedWithDuplicateKey(const QByteArray &duplicateKey,
                                                                                       qint64 exceptId)
{
    return rowsOf<Match>(
        m_db,
        QStringLiteral(
            "SELECT id, card_number FROM enrollments WHERE duplicate_key = ? AND id != ? AND state != 'draft'"),
        {duplicateKey, exceptId}, matchFromRow);
}

Result<std::vector<EnrollmentStore::Match>> EnrollmentStore::submittedWithDocument(const QByteArray &fingerprint,
                                                                                   qint64 exceptId)
{
    return rowsOf<Match>(
        m_db,
        QStringLiteral(
            "SELECT DISTINCT e.id, e.card_number FROM attestations a JOIN enrollments e ON e.id = a.enrollment_id "
            "WHERE a.fingerprint = ? AND e.id != ? AND e.state != 'draft'"),
        {fingerprint, exceptId}, matchFromRow);
}

Result<std::vector<EnrollmentStore::Approved>> EnrollmentStore::approved()
{
    return rowsOf<Approved>(m_db,
                            QStringLiteral("SELECT e.id, e.card_layout, e.card_expiry, f.value FROM enrollments e "
                                           "LEFT JOIN enrollment_fields f ON f.enrollment_id = e.id AND f.field = "
                                           "'birth_date' WHERE e.state = 'approved' ORDER BY e.id"),
                            {}, [](const Statement &row) {
                                return Approved {row.integer(0), row.text(1), row.text(2), row.text(3)};
                            });
}

Result<std::vector<EnrollmentStore::RetentionFacts>> EnrollmentStore::retentionFacts()
{
    return rowsOf<RetentionFacts>(
        m_db,
        QStringLiteral(
            "SELECT e.id, e.state, e.programme_id, e.rules_version, e.updated_at, e.card_expiry, "
            "(SELECT max(v.at) FROM enrollment_events v WHERE v.enrollment_id = e.id AND v.event = 'rejected'), "
            "(SELECT count(*) FROM enrollment_events v WHERE v.enrollment_id = e.id AND v.note IS NOT NULL) "
            "FROM enrollments e ORDER BY e.id"),
        {}, [](const Statement &row) {
            return RetentionFacts {row.integer(0), row.text(1),   {row.text(2), row.text(3)}, row.text(4), row.text(5),
                                   row.text(6),    row.integer(7)};
        });
}

// Reads for review, holdings and backup (branch batchstore): below this line.

Result<std::vector<EnrollmentStore::BatchDayCount>> EnrollmentStore::countsByBatchDay()
{
    std::vector<BatchDayCount> out;
    auto r = m_db.each(
        QStringLiteral("SELECT batch_day, state, count(*) FROM enrollments WHERE batch_day IS NOT NULL "
                       "GROUP BY batch_day, state"),
        {}, [&](const Statement &row) {
            out.push_back({QDate::fromString(row.text(0), Qt::ISODate), row.text(1), static_cast<int>(row.integer(2))});
        });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<std::vector<qint64>> EnrollmentStore::idsInBatch(const QDate &day)
{
    std::vector<qint64> ids;
    auto r = m_db.each(QStringLiteral("SELECT id FROM enrollments WHERE batch_day = ? ORDER BY submitted_at, id"),
                       {day.toString(Qt::ISODate)}, [&](const Statement &row) { ids.push_back(row.integer(0)); });
    if (!r)
        return std::unexpected(r.error());
    return ids;
}

Result<qint64> EnrollmentStore::pendingInBatch(const QDate &day)
{
    auto n = m_db.scalar(QStringLiteral("SELECT count(*) FROM enrollments WHERE batch_day = ? AND state = 'submitted'"),
                         {day.toString(Qt::ISODate)});
    if (!n)
        return std::unexpected(n.error());
    return n->toLongLong();
}

Result<std::vector<EnrollmentStore::BatchOutcome>> EnrollmentStore::batchOutcomes(const QDate &day)
{
    std::vector<BatchOutcome> out;
    auto r = m_db.each(QStringLiteral("SELECT e.state, e.card_number, e.submitted_by, "
                                      "(SELECT reason FROM enrollment_events v WHERE v.enrollment_id = e.id AND "
                                      "v.event = 'rejected' ORDER BY v.id DESC LIMIT 1) "
                                      "FROM enrollments e WHERE e.batch_day = ? ORDER BY e.card_number"),
                       {day.toString(Qt::ISODate)}, [&](const Statement &row) {
                           out.push_back({row.text(0), row.text(1), row.integer(2), row.text(3)});
                       });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<std::optional<EnrollmentStore::DecisionSubject>> EnrollmentStore::decisionSubject(qint64 id)
{
    std::optional<DecisionSubject> out;
    auto r =
        m_db.each(QStringLiteral("SELECT state, card_number, created_by, submitted_by FROM enrollments WHERE id = ?"),
                  {id}, [&](const Statement &row) {
                      out = DecisionSubject {stateFromName(row.text(0)).value_or(EnrollmentState::Draft), row.text(1),
                                             row.integer(2), row.integer(3)};
                  });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<void> EnrollmentStore::recordDecision(qint64 id, EnrollmentState to, const Event &event)
{
    if (auto r = m_db.run(QStringLiteral("UPDATE enrollments SET state = ?, updated_at = ? WHERE id = ?"),
                          {stateName(to), event.at, id});
        !r)
        return r;
    return addEvent(id, event);
}

Result<std::vector<EnrollmentStore::Event>> EnrollmentStore::events(qint64 id)
{
    std::vector<Event> out;
    auto r = m_db.each(
        QStringLiteral("SELECT at, operator_id, event, reason, note FROM enrollment_events WHERE enrollment_id = ? "
                       "ORDER BY id"),
        {id}, [&](const Statement &row) {
            out.push_back({row.text(0), row.integer(1), row.text(2), row.text(3), row.text(4)});
        });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<qint64> EnrollmentStore::count()
{
    auto n = m_db.scalar(QStringLiteral("SELECT count(*) FROM enrollments"));
    if (!n)
        return std::unexpected(n.error());
    return n->toLongLong();
}

Result<std::vector<EnrollmentStore::Created>>
EnrollmentStore::createdInStates(const std::vector<EnrollmentState> &states)
{
    QStringList marks;
    QVariantList names;
    for (EnrollmentState state : states) {
        marks << QStringLiteral("?");
        names << stateName(state);
    }
    std::vector<Created> out;
    auto r = m_db.each(QStringLiteral("SELECT id, created_at FROM enrollments WHERE state IN (%1) ORDER BY id")
                           .arg(marks.join(QStringLiteral(", "))),
                       names, [&](const Statement &row) {
                           out.push_back({row.integer(0), row.text(1)});
                       });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<QStringList> EnrollmentStore::heldFieldNames()
{
    QStringList names;
    auto r = m_db.each(QStringLiteral("SELECT DISTINCT field FROM enrollment_fields ORDER BY field"), {},
                       [&](const Statement &row) { names << row.text(0); });
    if (!r)
        return std::unexpected(r.error());
    return names;
}

Result<HeldRows> EnrollmentStore::fieldsHeld()
{
    return heldRows(m_db,
                    QStringLiteral("SELECT count(*), min(e.created_at) FROM enrollment_fields f JOIN enrollments "
                                   "e ON e.id = f.enrollment_id"));
}

Result<HeldRows> EnrollmentStore::attestationsHeld()
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(attested_at) FROM attestations"));
}

Result<HeldRows> EnrollmentStore::eventsHeld()
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(at) FROM enrollment_events"));
}

} // namespace tessera
