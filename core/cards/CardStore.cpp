#include "core/cards/CardStore.h"

namespace tessera {

namespace {

struct StateName {
    CardState state;
    const char *name;
};
constexpr StateName kStates[] = {
    {CardState::Approved, "approved"}, {CardState::Printed, "printed"}, {CardState::Issued, "issued"},
    {CardState::Lost, "lost"},         {CardState::Stolen, "stolen"},   {CardState::Damaged, "damaged"},
    {CardState::Replaced, "replaced"}, {CardState::Renewed, "renewed"}, {CardState::Revoked, "revoked"},
    {CardState::Expired, "expired"},
};

constexpr auto kColumns =
    "id, card_number, enrollment_id, template, state, issued_on, expires_on, printed_at, handed_over_at, "
    "print_count, reprint_count, replaces_card_id";

CardRecord fromRow(const Statement &row)
{
    CardRecord c;
    c.id = row.integer(0);
    c.cardNumber = row.text(1);
    c.enrollmentId = row.integer(2);
    c.templateId = row.text(3);
    c.state = cardStateFromName(row.text(4)).value_or(CardState::Revoked);
    c.issuedOn = QDate::fromString(row.text(5), Qt::ISODate);
    const QDate expires = QDate::fromString(row.text(6), Qt::ISODate);
    if (expires.isValid())
        c.expiresOn = expires;
    c.printedAt = row.text(7);
    c.handedOverAt = row.text(8);
    c.printCount = static_cast<int>(row.integer(9));
    c.reprintCount = static_cast<int>(row.integer(10));
    c.replacesCardId = row.integer(11);
    return c;
}

PrintAttempt attemptFromRow(const Statement &row)
{
    return {row.integer(0), row.integer(1), static_cast<int>(row.integer(2)), row.text(3), row.text(4), row.integer(5),
            row.text(6),    row.text(7)};
}

constexpr auto kAttemptColumns = "id, card_id, attempt, printer, at, operator_id, outcome, reprint_reason";

} // namespace

QString cardStateName(CardState s)
{
    for (const StateName &n : kStates)
        if (n.state == s)
            return QString::fromLatin1(n.name);
    return {};
}

std::optional<CardState> cardStateFromName(const QString &name)
{
    for (const StateName &n : kStates)
        if (name == QLatin1String(n.name))
            return n.state;
    return std::nullopt;
}

const std::vector<CardState> &allCardStates()
{
    static const std::vector<CardState> states = [] {
        std::vector<CardState> out;
        for (const StateName &n : kStates)
            out.push_back(n.state);
        return out;
    }();
    return states;
}

Result<qint64> CardStore::insert(const NewCard &c)
{
    if (auto r = m_db.run(
            QStringLiteral("INSERT INTO cards (card_number, enrollment_id, template, state, issued_on, expires_on, "
                           "replaces_card_id, "
                           "state_changed_at, created_at, created_by) VALUES (?, ?, ?, 'approved', ?, ?, ?, ?, ?, ?)"),
            {c.cardNumber, c.enrollmentId, c.templateId, c.issuedOn.toString(Qt::ISODate),
             c.expiresOn ? QVariant(c.expiresOn->toString(Qt::ISODate)) : QVariant(),
             c.replacesCardId == 0 ? QVariant() : QVariant(c.replacesCardId), c.createdAt, c.createdAt, c.createdBy});
        !r)
        return std::unexpected(r.error());
    return m_db.lastInsertId();
}

Result<std::vector<CardRecord>> CardStore::cards(const QString &where, const QVariantList &params)
{
    std::vector<CardRecord> out;
    auto r = m_db.each(QStringLiteral("SELECT %1 FROM cards WHERE %2").arg(QLatin1String(kColumns), where), params,
                       [&](const Statement &row) { out.push_back(fromRow(row)); });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<std::optional<CardRecord>> CardStore::byNumber(const QString &cardNumber)
{
    auto found = cards(QStringLiteral("card_number = ?"), {cardNumber});
    if (!found)
        return std::unexpected(found.error());
    if (found->empty())
        return std::optional<CardRecord>();
    return std::optional<CardRecord>(std::move(found->front()));
}

Result<std::vector<CardRecord>> CardStore::list(std::optional<CardState> state)
{
    const QVariant stateValue = state ? QVariant(cardStateName(*state)) : QVariant();
    return cards(QStringLiteral("(? IS NULL OR state = ?) ORDER BY id"), {stateValue, stateValue});
}

Result<std::vector<CardRecord>> CardStore::expiringBefore(const QDate &day)
{
    return cards(QStringLiteral("state IN ('printed', 'issued') AND expires_on IS NOT NULL AND expires_on < ?"),
                 {day.toString(Qt::ISODate)});
}

Result<QStringList> CardStore::withdrawnNumbers()
{
    QStringList numbers;
    auto r = m_db.each(QStringLiteral("SELECT card_number FROM cards WHERE state IN ('lost', 'stolen', 'damaged', "
                                      "'replaced', 'renewed', 'revoked') "
                                      "ORDER BY card_number"),
                       {}, [&](const Statement &row) { numbers << row.text(0); });
    if (!r)
        return std::unexpected(r.error());
    return numbers;
}

Result<void> CardStore::setState(qint64 cardId, CardState from, CardState to, const QString &at)
{
    return m_db.run(QStringLiteral("UPDATE cards SET state = ?, state_changed_at = ?, handed_over_at = CASE WHEN ? = "
                                   "'issued' THEN ? ELSE handed_over_at END "
                                   "WHERE id = ? AND state = ?"),
                    {cardStateName(to), at, cardStateName(to), at, cardId, cardStateName(from)});
}

Result<void> CardStore::recordPrinted(qint64 cardId, bool reprint, const QDate &today, const QString &at)
{
    return m_db.run(
        QStringLiteral(
            "UPDATE cards SET state = 'printed', printed_at = ?, print_count = print_count + 1, "
            "reprint_count = reprint_count + ?, issued_on = CASE WHEN print_count = 0 THEN ? ELSE issued_on END, "
            "state_changed_at = ? WHERE id = ?"),
        {at, reprint ? 1 : 0, today.toString(Qt::ISODate), at, cardId});
}

Result<std::vector<PrintAttempt>> CardStore::printLog(qint64 cardId)
{
    std::vector<PrintAttempt> out;
    auto r = m_db.each(QStringLiteral("SELECT %1 FROM print_log WHERE card_id = ? ORDER BY attempt")
                           .arg(QLatin1String(kAttemptColumns)),
                       {cardId}, [&](const Statement &row) { out.push_back(attemptFromRow(row)); });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<PrintAttempt> CardStore::addPrintAttempt(qint64 cardId, const QString &printer, const QString &at,
                                                qint64 operatorId, const QString &reprintReason)
{
    auto attempts = m_db.scalar(QStringLiteral("SELECT count(*) FROM print_log WHERE card_id = ?"), {cardId});
    if (!attempts)
        return std::unexpected(attempts.error());
    PrintAttempt a {0,
                    cardId,
                    static_cast<int>(attempts->toLongLong() + 1),
                    printer,
                    at,
                    operatorId,
                    QStringLiteral("submitted"),
                    reprintReason};
    if (auto r =
            m_db.run(QStringLiteral(
                         "INSERT INTO print_log (card_id, attempt, printer, at, operator_id, outcome, reprint_reason) "
                         "VALUES (?, ?, ?, ?, ?, 'submitted', ?)"),
                     {cardId, a.attempt, printer, at, operatorId,
                      reprintReason.isEmpty() ? QVariant() : QVariant(reprintReason)});
        !r)
        return std::unexpected(r.error());
    a.id = m_db.lastInsertId();
    return a;
}

Result<std::optional<CardStore::AttemptOfCard>> CardStore::printAttempt(qint64 attemptId)
{
    std::optional<AttemptOfCard> out;
    auto r = m_db.each(QStringLiteral("SELECT l.id, l.card_id, l.attempt, l.printer, l.at, l.operator_id, l.outcome, "
                                      "l.reprint_reason, c.card_number "
                                      "FROM print_log l JOIN cards c ON c.id = l.card_id WHERE l.id = ?"),
                       {attemptId}, [&](const Statement &row) {
                           out = AttemptOfCard {attemptFromRow(row), row.text(8)};
                       });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

Result<void> CardStore::setPrintOutcome(qint64 attemptId, const QString &outcome)
{
    return m_db.run(QStringLiteral("UPDATE print_log SET outcome = ? WHERE id = ?"), {outcome, attemptId});
}

Result<HeldRows> CardStore::cardsHeld()
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(created_at) FROM cards"));
}

Result<std::set<qint64>> CardStore::enrollmentsWithCards()
{
    return enrollmentIds(m_db, QStringLiteral("SELECT enrollment_id FROM cards"));
}

Result<qint64> CardStore::countCardsFor(const std::vector<qint64> &enrollmentIds)
{
    return countForEnrollments(m_db, QStringLiteral("SELECT count(*) FROM cards WHERE enrollment_id IN (%1)"),
                               enrollmentIds);
}

Result<HeldRows> CardStore::printAttemptsHeld()
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(at) FROM print_log"));
}

Result<std::set<qint64>> CardStore::enrollmentsWithPrintAttempts()
{
    return enrollmentIds(m_db,
                         QStringLiteral("SELECT c.enrollment_id FROM print_log l JOIN cards c ON c.id = l.card_id"));
}

Result<qint64> CardStore::countPrintAttemptsFor(const std::vector<qint64> &enrollmentIds)
{
    return countForEnrollments(
        m_db,
        QStringLiteral(
            "SELECT count(*) FROM print_log l JOIN cards c ON c.id = l.card_id WHERE c.enrollment_id IN (%1)"),
        enrollmentIds);
}

Result<std::map<qint64, CardStore::CardsOfEnrollment>> CardStore::cardsByEnrollment()
{
    std::map<qint64, CardsOfEnrollment> out;
    if (auto r = m_db.each(QStringLiteral("SELECT enrollment_id, sum(print_count > 0), sum(expires_on IS NULL), "
                                          "max(expires_on) FROM cards GROUP BY enrollment_id"),
                           {},
                           [&](const Statement &row) {
                               out[row.integer(0)] = {row.integer(1), row.integer(2), row.text(3)};
                           });
        !r)
        return std::unexpected(r.error());
    return out;
}

} // namespace tessera
