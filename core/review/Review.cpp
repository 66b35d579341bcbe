#include "core/review/Review.h"

#include "core/enrollment/SealedValueStore.h"
#include "core/review/BatchStore.h"
#include "core/station/Operator.h"
#include "core/station/StationInfo.h"
#include "core/util/DateText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <set>

namespace tessera {

namespace {

QString decisionState(DecisionKind k)
{
    switch (k) {
    case DecisionKind::Approve:
        return QStringLiteral("approved");
    case DecisionKind::Reject:
        return QStringLiteral("rejected");
    case DecisionKind::Return:
        return QStringLiteral("returned");
    }
    return {};
}

QJsonObject countsJson(const QMap<QString, int> &counts)
{
    QJsonObject o;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QMap<QString, int> countsFrom(const QJsonObject &o)
{
    QMap<QString, int> m;
    for (auto it = o.begin(); it != o.end(); ++it)
        m.insert(it.key(), it.value().toInt());
    return m;
}

QJsonObject reportJson(const BatchReport &r)
{
    QJsonObject byClerk;
    for (auto it = r.byClerk.begin(); it != r.byClerk.end(); ++it)
        byClerk.insert(it.key(), countsJson(it.value()));
    QJsonObject cards;
    for (auto it = r.cards.begin(); it != r.cards.end(); ++it)
        cards.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonObject labels;
    for (auto it = r.reasonLabels.begin(); it != r.reasonLabels.end(); ++it)
        labels.insert(it.key(), it.value());
    return {{QStringLiteral("day"), r.day.toString(Qt::ISODate)},
            {QStringLiteral("station"), r.stationName},
            {QStringLiteral("code"), r.stationCode},
            {QStringLiteral("closed_at"), r.closedAt},
            {QStringLiteral("closed_by"), r.closedBy},
            {QStringLiteral("by_decision"), countsJson(r.byDecision)},
            {QStringLiteral("by_clerk"), byClerk},
            {QStringLiteral("by_reason"), countsJson(r.byReason)},
            {QStringLiteral("reason_labels"), labels},
            {QStringLiteral("cards"), cards}};
}

BatchReport reportFrom(const QJsonObject &o, const QByteArray &head)
{
    BatchReport r;
    r.day = QDate::fromString(o.value(QStringLiteral("day")).toString(), Qt::ISODate);
    r.stationName = o.value(QStringLiteral("station")).toString();
    r.stationCode = o.value(QStringLiteral("code")).toString();
    r.closedAt = o.value(QStringLiteral("closed_at")).toString();
    r.closedBy = o.value(QStringLiteral("closed_by")).toString();
    r.byDecision = countsFrom(o.value(QStringLiteral("by_decision")).toObject());
    const QJsonObject byClerk = o.value(QStringLiteral("by_clerk")).toObject();
    for (auto it = byClerk.begin(); it != byClerk.end(); ++it)
        r.byClerk.insert(it.key(), countsFrom(it.value().toObject()));
    r.byReason = countsFrom(o.value(QStringLiteral("by_reason")).toObject());
    const QJsonObject labels = o.value(QStringLiteral("reason_labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        r.reasonLabels.insert(it.key(), it.value().toString());
    const QJsonObject cards = o.value(QStringLiteral("cards")).toObject();
    for (auto it = cards.begin(); it != cards.end(); ++it) {
        QStringList list;
        for (const QJsonValue v : it.value().toArray())
            list << v.toString();
        r.cards.insert(it.key(), list);
    }
    r.auditHead = head;
    return r;
}

// The day's counts by decision, clerk and reason, and its card numbers. Two owners: the day's
// enrollments, and the user names of the clerks who submitted them.
Result<void> countDay(Database &db, const QDate &day, BatchReport &report)
{
    auto outcomes = EnrollmentStore(db).batchOutcomes(day);
    if (!outcomes)
        return std::unexpected(outcomes.error());
    auto clerks = operatorUsernames(db);
    if (!clerks)
        return std::unexpected(clerks.error());
    for (const EnrollmentStore::BatchOutcome &o : *outcomes) {
        const auto clerk = clerks->constFind(o.submittedBy);
        if (clerk == clerks->cend())
            continue; // as the join did: every submission names its clerk, who is never deleted
        report.byDecision[o.state] += 1;
        report.byClerk[*clerk][o.state] += 1;
        report.cards[o.state] << o.cardNumber;
        if (o.state == QLatin1String("rejected"))
            report.byReason[o.rejectReason] += 1;
    }
    return {};
}

} // namespace

bool isAllowedTransition(EnrollmentState from, EnrollmentState to)
{
    using S = EnrollmentState;
    struct Edge {
        S from;
        S to;
    };
    static constexpr Edge kEdges[] = {
        {S::Draft, S::Submitted},    {S::Returned, S::Submitted}, {S::Submitted, S::Approved},
        {S::Submitted, S::Rejected}, {S::Submitted, S::Returned},
    };
    return std::any_of(std::begin(kEdges), std::end(kEdges),
                       [&](const Edge &e) { return e.from == from && e.to == to; });
}

bool Review::needsAttention(const QStringList &flags)
{
    // Unknown flags count as needing attention, so a new one is never bulk-approved by default.
    // "narrow_margin" was recorded by older versions on every enrollment that met its points
    // exactly (nearly all of them): it carries nothing to look at.
    return std::any_of(flags.begin(), flags.end(), [](const QString &f) {
        return !f.startsWith(QLatin1String("caretaker:")) && f != QLatin1String("narrow_margin");
    });
}

bool Review::needsPhotoConfirmation(const QStringList &flags)
{
    return flags.contains(QStringLiteral("no_photo"));
}

Review::Review(StationAccess access, Programme programme)
    : m_access(access)
    , m_programme(std::move(programme))
{
}

Result<void> Review::requireSupervisor()
{
    return m_access.session.requireRole(Role::Supervisor);
}

Result<std::vector<BatchSummary>> Review::openBatches()
{
    if (auto r = requireSupervisor(); !r)
        return std::unexpected(r.error());
    const QDate today = m_access.clock.now().toLocalTime().date();
    QMap<QDate, BatchSummary> days;
    days[today].day = today;
    // Two owners: the enrollments' counts per day, less the days the batches say are closed.
    auto counts = EnrollmentStore(m_access.db).countsByBatchDay();
    if (!counts)
        return std::unexpected(counts.error());
    auto closedDays = BatchStore(m_access.db).closedDays();
    if (!closedDays)
        return std::unexpected(closedDays.error());
    const std::set<QDate> closed(closedDays->begin(), closedDays->end());
    for (const EnrollmentStore::BatchDayCount &c : *counts) {
        if (closed.contains(c.day))
            continue;
        days[c.day].day = c.day;
        days[c.day].byState.insert(c.state, c.count);
    }
    days[today].closed = closed.contains(today);
    std::vector<BatchSummary> out(days.begin(), days.end());
    std::reverse(out.begin(), out.end());
    return out;
}

Result<std::vector<EnrollmentSummary>> Review::batch(const QDate &day)
{
    if (auto r = requireSupervisor(); !r)
        return std::unexpected(r.error());
    auto ids = EnrollmentStore(m_access.db).idsInBatch(day);
    if (!ids)
        return std::unexpected(ids.error());
    Enrollments enrollments(m_access, m_programme);
    std::vector<EnrollmentSummary> out;
    for (qint64 id : *ids) {
        auto rec = enrollments.record(id);
        if (!rec)
            return std::unexpected(rec.error());
        out.push_back(rec->summary);
    }
    return out;
}

Result<std::vector<EnrollmentEvent>> Review::history(qint64 enrollmentId)
{
    return EnrollmentStore(m_access.db).events(enrollmentId);
}

Result<std::vector<qint64>> Review::unflaggedPending(const QDate &day)
{
    auto all = batch(day);
    if (!all)
        return std::unexpected(all.error());
    std::vector<qint64> out;
    for (const EnrollmentSummary &s : *all)
        if (s.state == EnrollmentState::Submitted && !needsAttention(s.flags))
            out.push_back(s.id);
    return out;
}

Result<int> Review::decide(const std::vector<Decision> &decisions, const SecureBuffer &password)
{
    return decideAs(decisions,
                    [&](const Operator &me) { return m_access.session.verifyPassword(me.username, password); });
}

Result<int> Review::decideVerified(const std::vector<Decision> &decisions, Session::PasswordCheck checked)
{
    return decideAs(decisions, finishing(checked));
}

Result<void> Review::requirePhotoOrConfirmation(EnrollmentStore &enrollments, qint64 id, const QString &card)
{
    auto summary = enrollments.summary(id);
    if (!summary)
        return std::unexpected(summary.error());
    if (*summary && needsPhotoConfirmation((*summary)->flags))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1 has no photo: approving it needs your confirmation that its card may go "
                                   "without one (or return it to the clerk for a photo).")
                        .arg(card));
    return {};
}

Review::PasswordStep Review::finishing(Session::PasswordCheck &checked)
{
    return [this, &checked](const Operator &me) -> Result<Operator> {
        // A check begun for another name proves nothing about the signed-in supervisor.
        if (checked.username().trimmed() != me.username)
            return fail(ErrorCode::PermissionDenied,
                        QStringLiteral("The password checked is not %1's.").arg(me.username));
        return m_access.session.finishPasswordCheck(std::move(checked));
    };
}

Result<int> Review::decideAs(const std::vector<Decision> &decisions, const PasswordStep &checkPassword)
{
    if (auto r = requireSupervisor(); !r)
        return std::unexpected(r.error());
    if (decisions.empty())
        return 0;
    const Operator me = m_access.session.currentOperator();
    if (auto who = checkPassword(me); !who)
        return std::unexpected(who.error());
    Database &db = m_access.db;
    EnrollmentStore enrollments(db);
    const auto &rejectCodes = m_programme.reasonCodes.value(QStringLiteral("reject"));
    const QString now = isoUtc(m_access.clock.now());
    auto done = db.transaction([&]() -> Result<void> {
        for (const Decision &d : decisions) {
            auto found = enrollments.decisionSubject(d.enrollmentId);
            if (!found)
                return std::unexpected(found.error());
            if (!*found)
                return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment %1.").arg(d.enrollmentId));
            const EnrollmentStore::DecisionSubject &s = **found;
            const QString card =
                s.cardNumber.isEmpty() ? QStringLiteral("enrollment %1").arg(d.enrollmentId) : s.cardNumber;
            const QString to = decisionState(d.kind);
            if (!isAllowedTransition(s.state, *stateFromName(to)))
                return fail(
                    ErrorCode::InvalidInput,
                    QStringLiteral("%1 is %2, not pending review; it cannot be %3.").arg(card, stateName(s.state), to));
            if (s.createdBy == me.id || s.submittedBy == me.id)
                return fail(ErrorCode::PermissionDenied,
                            QStringLiteral("%1 was entered by you; another supervisor must decide on it (four eyes).")
                                .arg(card));
            if (d.kind == DecisionKind::Reject
                && std::none_of(rejectCodes.begin(), rejectCodes.end(),
                                [&](const Choice &c) { return c.code == d.reasonCode; }))
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("%1: choose one of the programme's reasons for rejecting.").arg(card));
            if (d.kind == DecisionKind::Approve && !d.confirmedNoPhoto)
                if (auto r = requirePhotoOrConfirmation(enrollments, d.enrollmentId, card); !r)
                    return r;
            if (d.kind == DecisionKind::Return && d.note.trimmed().isEmpty())
                return fail(ErrorCode::InvalidInput, QStringLiteral("%1: say what the clerk must correct.").arg(card));
            if (d.note.size() > 500)
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("%1: keep the note under 500 characters.").arg(card));
            const QString reason = d.kind == DecisionKind::Reject ? d.reasonCode : QString();
            if (auto r = enrollments.recordDecision(d.enrollmentId, *stateFromName(to),
                                                    {now, me.id, to, reason, d.note.trimmed()});
                !r)
                return r;
            // The document dates were kept sealed so that a return reopens the record eligible;
            // a final decision has no more use for them.
            if (d.kind != DecisionKind::Return)
                if (auto r = SealedValueStore(db).remove(d.enrollmentId, SealedKind::DraftDocuments); !r)
                    return r;
            // The note stays with the record; the audit entry carries only the code.
            QJsonObject details;
            if (!reason.isEmpty())
                details.insert(QStringLiteral("reason"), reason);
            auto e = m_access.audit.append(me.id, QStringLiteral("enrollment.") + to,
                                           QStringLiteral("enrollment:%1").arg(d.enrollmentId), details);
            if (!e)
                return std::unexpected(e.error());
        }
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return static_cast<int>(decisions.size());
}

Result<BatchReport> Review::closeDay(const QDate &day, const SecureBuffer &password)
{
    return closeDayAs(day, [&](const Operator &me) { return m_access.session.verifyPassword(me.username, password); });
}

Result<BatchReport> Review::closeDayVerified(const QDate &day, Session::PasswordCheck checked)
{
    return closeDayAs(day, finishing(checked));
}

Result<BatchReport> Review::closeDayAs(const QDate &day, const PasswordStep &checkPassword)
{
    if (auto r = requireSupervisor(); !r)
        return std::unexpected(r.error());
    const QString dayText = day.toString(Qt::ISODate); // the audit's object; messages show shownDay
    const QString shownDay = displayDate(day);
    Database &db = m_access.db;
    BatchStore batches(db);
    auto already = batches.isClosed(day);
    if (!already)
        return std::unexpected(already.error());
    if (*already)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 is already closed.").arg(shownDay));
    auto pending = EnrollmentStore(db).pendingInBatch(day);
    if (!pending)
        return std::unexpected(pending.error());
    if (*pending > 0)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 still has enrollments pending review (%2); decide on them before closing the day.")
                .arg(shownDay)
                .arg(*pending));
    const Operator me = m_access.session.currentOperator();
    if (auto who = checkPassword(me); !who)
        return std::unexpected(who.error());
    auto info = readStationInfo(m_access.db);
    if (!info)
        return std::unexpected(info.error());

    BatchReport report;
    report.day = day;
    report.stationName = info->name;
    report.stationCode = info->code;
    report.closedAt = isoUtc(m_access.clock.now());
    report.closedBy = me.username;
    if (auto r = countDay(db, day, report); !r)
        return std::unexpected(r.error());
    for (const Choice &c : m_programme.reasonCodes.value(QStringLiteral("reject")))
        if (report.byReason.contains(c.code))
            report.reasonLabels.insert(c.code, c.label.in(QStringLiteral("en")));
    auto done = db.transaction([&]() -> Result<void> {
        auto e = m_access.audit.append(me.id, QStringLiteral("batch.closed"), QStringLiteral("batch:") + dayText,
                                       {{QStringLiteral("counts"), countsJson(report.byDecision)}});
        if (!e)
            return std::unexpected(e.error());
        report.auditHead = e->hash;
        return batches.close({day, report.closedAt, me.id, report.auditHead,
                              QString::fromUtf8(QJsonDocument(reportJson(report)).toJson(QJsonDocument::Compact))});
    });
    if (!done)
        return std::unexpected(done.error());
    return report;
}

Result<BatchReport> Review::report(const QDate &day)
{
    if (auto r = requireSupervisor(); !r)
        return std::unexpected(r.error());
    auto closed = BatchStore(m_access.db).closed(day);
    if (!closed)
        return std::unexpected(closed.error());
    if (!*closed)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("%1 is not closed; it has no report yet.").arg(displayDate(day)));
    return reportFrom(QJsonDocument::fromJson((*closed)->reportJson.toUtf8()).object(), (*closed)->auditHead);
}

} // namespace tessera
