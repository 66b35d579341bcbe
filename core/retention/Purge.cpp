#include "core/retention/Purge.h"

#include "core/util/CrashPoint.h"

#include "core/cards/CardStore.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/PhotoStore.h"
#include "core/enrollment/SealedValueStore.h"
#include "core/programme/ProgrammeStore.h"
#include "core/store/StationSettings.h"

#include <map>
#include <optional>
#include <set>

namespace tessera {

namespace {

using namespace purge_class;

const char *const kClassOrder[] = {kPrintedOnly, kDrafts, kRejected, kCardsReduced, kCardsRemoved, kAudit};

bool deletesWhole(const QString &dataClass)
{
    return dataClass == QLatin1String(kDrafts) || dataClass == QLatin1String(kRejected)
        || dataClass == QLatin1String(kCardsRemoved);
}

int daysFor(const RetentionPeriods &p, const QString &dataClass)
{
    if (dataClass == QLatin1String(kPrintedOnly))
        return p.printedOnlyMaxDays;
    if (dataClass == QLatin1String(kDrafts))
        return p.draftIdleDays;
    if (dataClass == QLatin1String(kRejected))
        return p.rejectedDays;
    if (dataClass == QLatin1String(kCardsRemoved))
        return p.afterExpiryDays;
    if (dataClass == QLatin1String(kAudit))
        return p.auditDays;
    return 0;
}

// What to do now: per enrollment, a whole deletion when one is due (it takes everything
// else with it), otherwise each due reduction.
std::map<QString, std::vector<qint64>> dueNow(const std::vector<RetentionItem> &items, const QDateTime &now)
{
    std::set<qint64> whole;
    std::map<QString, std::vector<qint64>> out;
    for (const RetentionItem &i : items)
        if (i.due <= now && deletesWhole(i.dataClass) && whole.insert(i.enrollmentId).second)
            out[i.dataClass].push_back(i.enrollmentId);
    for (const RetentionItem &i : items)
        if (i.due <= now && !deletesWhole(i.dataClass) && !whole.contains(i.enrollmentId))
            out[i.dataClass].push_back(i.enrollmentId);
    return out;
}

// With secure_delete the deleted values are overwritten in their pages, so emptying the WAL
// (which still holds copies of the old pages) is what erases them. VACUUM, which rewrites the
// whole file (seconds on a year's store), only runs when `rebuild` asks for it.
Result<void> compact(Database &db, PurgeReport &report, bool rebuild)
{
    // Checkpoint first so VACUUM starts from a short WAL, then again so the rebuilt pages are
    // in the main file and the WAL (which held copies of the old pages) is cut to nothing.
    auto checkpoint = [&]() -> Result<bool> {
        bool busy = false;
        auto r = db.each(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), {},
                         [&](const Statement &row) { busy = row.integer(0) != 0; });
        if (!r)
            return std::unexpected(r.error());
        return !busy;
    };
    crashPoint("purge.before-checkpoint");
    auto first = checkpoint();
    if (!first)
        return std::unexpected(first.error());
    if (!rebuild) {
        report.compacted = *first;
        if (!report.compacted)
            report.compactionProblem =
                QStringLiteral("Another Tessera window or command had the store open, so the journal could not be "
                               "emptied; purged values may remain in the journal file until the next purge.");
        return {};
    }
    if (auto r = db.exec(QStringLiteral("VACUUM")); !r)
        return r;
    report.rebuilt = true;
    auto second = checkpoint();
    if (!second)
        return std::unexpected(second.error());
    report.compacted = *first && *second;
    if (!report.compacted)
        report.compactionProblem =
            QStringLiteral("Another Tessera window or command had the store open, so the journal could not be "
                           "emptied; purged values may remain in the journal file until the next purge.");
    return {};
}

// When each of the enrollment's retention classes falls due (RetentionItem), from its row, its
// key and sealed values, and its cards.
void scheduleEnrollment(const EnrollmentStore::RetentionFacts &e, const SealedValueStore::Held &sealed,
                        const CardStore::CardsOfEnrollment &cards, const RetentionPeriods &p,
                        std::vector<RetentionItem> &items)
{
    const bool hasCard = e.state == QLatin1String("approved") && cards.printed > 0;
    if (!sealed.keyCreatedAt.isEmpty() || (hasCard && sealed.sealedValues > 0)) {
        // A card exists: the printed-only values have done their job.
        const QDateTime due =
            hasCard ? fromIsoUtc(e.updatedAt) : fromIsoUtc(sealed.keyCreatedAt).addDays(p.printedOnlyMaxDays);
        items.push_back({e.id, QString::fromLatin1(hasCard ? kCardsReduced : kPrintedOnly), due});
    } else if (hasCard && e.notes > 0) {
        items.push_back({e.id, QString::fromLatin1(kCardsReduced), fromIsoUtc(e.updatedAt)});
    }
    if (e.state == QLatin1String("draft") || e.state == QLatin1String("returned"))
        items.push_back({e.id, QString::fromLatin1(kDrafts), fromIsoUtc(e.updatedAt).addDays(p.draftIdleDays)});
    if (e.state == QLatin1String("rejected"))
        items.push_back({e.id, QString::fromLatin1(kRejected),
                         fromIsoUtc(e.rejectedAt.isEmpty() ? e.updatedAt : e.rejectedAt).addDays(p.rejectedDays)});
    if (hasCard && cards.withoutExpiry == 0) {
        // The latest card of the enrollment (a renewal is a new card of the same enrollment).
        const QDate expiry = QDate::fromString(cards.lastExpiry, Qt::ISODate);
        // Kept through the last day of expiry + N; gone from the next day on.
        if (expiry.isValid())
            items.push_back({e.id, QString::fromLatin1(kCardsRemoved),
                             QDateTime(expiry.addDays(p.afterExpiryDays + 1), QTime(0, 0), Qt::UTC)});
    }
}

// Deletes what is due: a whole enrollment (fields, key, sealed values, attestations, events,
// the photo and the cards with their print log go by cascade), or its sealed values and key;
// a reduced card record also loses the supervisors' notes.
Result<void> deleteDue(Database &db, const std::map<QString, std::vector<qint64>> &due)
{
    EnrollmentStore enrollments(db);
    SealedValueStore sealed(db);
    for (const auto &[dataClass, ids] : due) {
        for (qint64 id : ids) {
            if (auto r = deletesWhole(dataClass) ? enrollments.remove(id) : sealed.destroy(id); !r)
                return r;
            if (dataClass == QLatin1String(kCardsReduced))
                if (auto r = enrollments.clearEventNotes(id); !r)
                    return r;
        }
    }
    return {};
}

} // namespace

qint64 PurgeReport::total() const
{
    qint64 n = 0;
    for (const PurgeCount &c : classes)
        n += c.count;
    return n;
}

qint64 PurgeReport::count(const QString &dataClass) const
{
    for (const PurgeCount &c : classes)
        if (c.dataClass == dataClass)
            return c.count;
    return 0;
}

Result<std::vector<RetentionItem>> retentionSchedule(Database &db)
{
    auto enrollments = EnrollmentStore(db).retentionFacts();
    auto sealed = SealedValueStore(db).heldByEnrollment();
    auto cards = CardStore(db).cardsByEnrollment();
    if (!enrollments || !sealed || !cards)
        return std::unexpected(!enrollments ? enrollments.error() : !sealed ? sealed.error() : cards.error());

    std::map<QString, RetentionPeriods> periods;
    std::vector<RetentionItem> items;
    for (const EnrollmentStore::RetentionFacts &e : *enrollments) {
        const QString key = e.rules.programmeId + QLatin1Char('|') + e.rules.rulesVersion;
        if (!periods.contains(key)) {
            auto p = programmeVersion(db, e.rules.programmeId, e.rules.rulesVersion);
            if (!p)
                return std::unexpected(p.error());
            periods[key] = p->periods;
        }
        const auto heldSealed = sealed->find(e.id);
        const auto heldCards = cards->find(e.id);
        scheduleEnrollment(e, heldSealed == sealed->end() ? SealedValueStore::Held {} : heldSealed->second,
                           heldCards == cards->end() ? CardStore::CardsOfEnrollment {} : heldCards->second,
                           periods[key], items);
    }
    return items;
}

Result<PurgeReport> runPurge(StationAccess access, PurgeOptions options)
{
    const Clock &clock = access.clock;
    if (options.onDemand)
        if (auto r = access.session.requireRole(Role::Administrator); !r)
            return std::unexpected(r.error());
    const QDateTime now = clock.now();
    auto active = activeProgramme(access.db);
    if (!active)
        return std::unexpected(active.error());
    const RetentionPeriods activePeriods = *active ? (*active)->periods : RetentionPeriods {};

    auto schedule = retentionSchedule(access.db);
    if (!schedule)
        return std::unexpected(schedule.error());
    const std::map<QString, std::vector<qint64>> due = dueNow(*schedule, now);
    Database &db = access.db;
    AuditLog &audit = access.audit;
    // Without an active programme there is no audit period, and the log is not touched.
    const std::optional<QDateTime> auditCutoff =
        *active ? std::optional(now.addDays(-activePeriods.auditDays)) : std::nullopt;

    PurgeReport report;
    report.dryRun = options.dryRun;
    for (const char *c : kClassOrder) {
        const QString name = QString::fromLatin1(c);
        const auto it = due.find(name);
        PurgeCount count {name, it == due.end() ? 0 : static_cast<qint64>(it->second.size()),
                          daysFor(activePeriods, name)};
        if (it != due.end() && deletesWhole(name)) {
            auto photos = PhotoStore(db).countFor(it->second);
            auto cards = CardStore(db).countCardsFor(it->second);
            auto attempts = CardStore(db).countPrintAttemptsFor(it->second);
            if (!photos || !cards || !attempts)
                return std::unexpected(!photos ? photos.error() : !cards ? cards.error() : attempts.error());
            count.photos = *photos;
            count.cards = *cards;
            count.printAttempts = *attempts;
        }
        report.classes.push_back(count);
    }
    if (auditCutoff) {
        auto plan = audit.planTruncationBefore(*auditCutoff);
        if (!plan)
            return std::unexpected(plan.error());
        report.classes.back().count = plan->removed;
    }
    if (options.dryRun)
        return report;
    if (report.total() == 0 && !options.onDemand) {
        auto pending = StationSettings(db).retentionCompactionPending();
        if (!pending)
            return std::unexpected(pending.error());
        if (!*pending)
            return report;
    }

    const qint64 actor = options.onDemand ? access.session.currentOperator().id : 0;
    auto done = db.transaction([&]() -> Result<void> {
        if (auto r = deleteDue(db, due); !r)
            return r;
        for (const PurgeCount &c : report.classes) {
            if (c.dataClass == QLatin1String(kAudit))
                continue;
            if (c.count == 0 && !options.onDemand)
                continue;
            auto e = audit.append(actor, QStringLiteral("retention.purged"), QStringLiteral("retention"),
                                  {{QStringLiteral("class"), c.dataClass},
                                   {QStringLiteral("count"), c.count},
                                   {QStringLiteral("days"), c.days},
                                   {QStringLiteral("photos"), c.photos},
                                   {QStringLiteral("cards"), c.cards},
                                   {QStringLiteral("print_attempts"), c.printAttempts},
                                   {QStringLiteral("trigger"),
                                    options.onDemand ? QStringLiteral("on_demand") : QStringLiteral("scheduled")}});
            if (!e)
                return std::unexpected(e.error());
        }
        // The log last, so that this purge's own receipts are never what it removes.
        if (auditCutoff && report.classes.back().count > 0) {
            auto t = audit.truncateBefore(*auditCutoff, actor, activePeriods.auditDays);
            if (!t)
                return std::unexpected(t.error());
            report.classes.back().count = t->removed;
        } else if (options.onDemand) {
            auto e = audit.append(actor, QStringLiteral("retention.purged"), QStringLiteral("retention"),
                                  {{QStringLiteral("class"), QString::fromLatin1(kAudit)},
                                   {QStringLiteral("count"), 0},
                                   {QStringLiteral("days"), activePeriods.auditDays},
                                   {QStringLiteral("trigger"), QStringLiteral("on_demand")}});
            if (!e)
                return std::unexpected(e.error());
        }
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    // The deletions are committed whatever happens here: a store another process is busy with
    // cannot be vacuumed this moment, so a flag asks the next purge to compact it.
    StationSettings settings(db);
    auto pending = settings.retentionCompactionPending();
    if (!pending)
        return std::unexpected(pending.error());
    if (report.total() > 0 || *pending) {
        // Rebuild the file when an administrator asked for the purge or a quarter of it is free
        // pages; a scheduled purge of a few records only empties the journal.
        auto pages = db.scalar(QStringLiteral("PRAGMA page_count"));
        auto free = db.scalar(QStringLiteral("PRAGMA freelist_count"));
        if (!pages || !free)
            return std::unexpected(!pages ? pages.error() : free.error());
        const bool rebuild = options.onDemand || free->toLongLong() * 4 >= pages->toLongLong();
        auto r = compact(db, report, rebuild);
        if (!r) {
            report.compacted = false;
            report.compactionProblem =
                QStringLiteral("The store file could not be compacted now (%1); purged values may remain in free "
                               "pages until the next purge compacts it.")
                    .arg(r.error().message);
        }
        if (report.compacted == *pending) {
            if (auto f = settings.setRetentionCompactionPending(!report.compacted); !f)
                return std::unexpected(f.error());
        }
    }
    return report;
}

} // namespace tessera
