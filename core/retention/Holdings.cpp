#include "core/retention/Holdings.h"

#include "core/cards/CardStore.h"
#include "core/enrollment/PhotoStore.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Purge.h"
#include "core/station/StationInfo.h"
#include "core/store/HeldRows.h"
#include "core/store/KeySlots.h"

#include <QJsonArray>

#include <functional>
#include <optional>
#include <set>

namespace tessera {

namespace {

using namespace purge_class;

// The earliest removal among `classes` (restricted to `ids` when given) and how many go that day.
void setNext(Holding &h, const std::vector<RetentionItem> &items, const std::set<QString> &classes,
             const QDateTime &now, const std::optional<std::set<qint64>> &ids = std::nullopt)
{
    std::optional<QDate> first;
    for (const RetentionItem &i : items) {
        if (!classes.contains(i.dataClass) || (ids && !ids->contains(i.enrollmentId)))
            continue;
        const QDate d = std::max(i.due, now).toUTC().date();
        if (!first || d < *first)
            first = d;
    }
    if (!first)
        return;
    h.nextPurge = first->toString(Qt::ISODate);
    std::set<qint64> going;
    for (const RetentionItem &i : items)
        if (classes.contains(i.dataClass) && (!ids || ids->contains(i.enrollmentId))
            && std::max(i.due, now).toUTC().date() == *first)
            going.insert(i.enrollmentId);
    h.nextPurgeCount = static_cast<qint64>(going.size());
}

// The enrollments that hold a sealed value of this kind.
Result<std::set<qint64>> sealedIds(Database &db, const QString &kind)
{
    std::set<qint64> ids;
    auto r = db.each(QStringLiteral("SELECT enrollment_id FROM sealed_values WHERE kind = ?"), {kind},
                     [&](const Statement &row) { ids.insert(row.integer(0)); });
    if (!r)
        return std::unexpected(r.error());
    return ids;
}

QString days(int n)
{
    return n == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(n);
}

} // namespace

Result<Holdings> holdingsReport(StationAccess access)
{
    const Clock &clock = access.clock;
    if (auto r = access.session.requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    Database &db = access.db;
    const QDateTime now = clock.now();
    auto info = readStationInfo(access.db);
    if (!info)
        return std::unexpected(info.error());
    auto active = activeProgramme(access.db);
    if (!active)
        return std::unexpected(active.error());
    const RetentionPeriods p = *active ? (*active)->periods : RetentionPeriods {};
    auto schedule = retentionSchedule(access.db);
    if (!schedule)
        return std::unexpected(schedule.error());

    Holdings h;
    h.stationName = info->name;
    h.stationCode = info->code;
    h.generatedAt = isoUtc(now);
    if (*active)
        h.programme = (*active)->id + QLatin1Char(' ') + (*active)->rulesVersion;
    const QString periodsNote =
        *active ? QString() : QStringLiteral(" No programme is active, so no period applies yet.");

    auto add = [&](Holding row, const QString &sql) -> Result<void> {
        auto s = heldRows(db, sql);
        if (!s)
            return std::unexpected(s.error());
        row.count = s->count;
        row.oldest = s->oldest;
        h.holdings.push_back(row);
        return {};
    };
    struct EnrollmentKind {
        const char *kind;
        QString what;
        QString where; // on enrollments e
        QString rule;
        std::set<QString> classes;
    };
    const std::vector<EnrollmentKind> kinds = {
        {"enrollments.draft",
         QStringLiteral("Enrollments not yet submitted (drafts, and enrollments returned for correction)"),
         QStringLiteral("e.state IN ('draft', 'returned')"),
         QStringLiteral("Deleted whole after %1 without a change (draft_idle_days).").arg(days(p.draftIdleDays)),
         {QString::fromLatin1(kDrafts)}},
        {"enrollments.pending",
         QStringLiteral("Enrollments waiting for a supervisor's decision"),
         QStringLiteral("e.state = 'submitted'"),
         QStringLiteral("Kept until decided; then the rule of the decision applies."),
         {}},
        {"enrollments.approved",
         QStringLiteral("Approved enrollments waiting for their card"),
         QStringLiteral("e.state = 'approved' AND NOT ") + QString::fromLatin1(kHasPrintedCardSql),
         QStringLiteral("Kept until the card is printed; their printed-only values go after %1 at most.")
             .arg(days(p.printedOnlyMaxDays)),
         {}},
        {"enrollments.rejected",
         QStringLiteral("Rejected enrollments"),
         QStringLiteral("e.state = 'rejected'"),
         QStringLiteral("Deleted whole (fields, attestations, decision notes) %1 after the decision (rejected_days).")
             .arg(days(p.rejectedDays)),
         {QString::fromLatin1(kRejected)}},
        {"enrollments.cards",
         QStringLiteral("Enrollments whose card has been printed (card holders)"),
         QStringLiteral("e.state = 'approved' AND ") + QString::fromLatin1(kHasPrintedCardSql),
         QStringLiteral("Reduced at once to what replacement and renewal need (stored fields, the photo, the card "
                        "records); deleted "
                        "whole %1 after their latest card's expiry (after_expiry_days). Cards that do not expire are "
                        "kept while valid.")
             .arg(days(p.afterExpiryDays)),
         {QString::fromLatin1(kCardsRemoved)}},
    };
    for (const EnrollmentKind &k : kinds) {
        Holding row {QString::fromLatin1(k.kind), k.what, 0, {}, k.rule + periodsNote, {}, 0};
        auto ids = enrollmentIds(db, QStringLiteral("SELECT e.id FROM enrollments e WHERE ") + k.where);
        if (!ids)
            return std::unexpected(ids.error());
        setNext(row, *schedule, k.classes, now, *ids);
        if (auto r = add(row, QStringLiteral("SELECT count(*), min(e.created_at) FROM enrollments e WHERE ") + k.where);
            !r)
            return std::unexpected(r.error());
    }

    QStringList heldFields;
    if (auto r = db.each(QStringLiteral("SELECT DISTINCT field FROM enrollment_fields ORDER BY field"), {},
                         [&](const Statement &row) { heldFields << row.text(0); });
        !r)
        return std::unexpected(r.error());
    {
        Holding row {QStringLiteral("applicant_fields"),
                     QStringLiteral("Applicant details kept in the clear inside the encrypted store (fields: %1)")
                         .arg(heldFields.isEmpty() ? QStringLiteral("none") : heldFields.join(QStringLiteral(", "))),
                     0,
                     {},
                     QStringLiteral("Kept with their enrollment and deleted with it."),
                     {},
                     0};
        setNext(row, *schedule,
                {QString::fromLatin1(kDrafts), QString::fromLatin1(kRejected), QString::fromLatin1(kCardsRemoved)},
                now);
        if (auto r = add(row,
                         QStringLiteral("SELECT count(*), min(e.created_at) FROM enrollment_fields f JOIN enrollments "
                                        "e ON e.id = f.enrollment_id"));
            !r)
            return std::unexpected(r.error());
    }
    {
        Holding row {
            QStringLiteral("printed_only"),
            QStringLiteral("Printed-only values (e.g. the address), sealed under a key of their own per enrollment"),
            0,
            {},
            QStringLiteral(
                "Destroyed, key and all, when the card is printed, and after %1 at most (printed_only_max_days).")
                    .arg(days(p.printedOnlyMaxDays))
                + periodsNote,
            {},
            0};
        auto held = sealedIds(db, QStringLiteral("printed_only"));
        if (!held)
            return std::unexpected(held.error());
        setNext(row, *schedule,
                {QString::fromLatin1(kPrintedOnly), QString::fromLatin1(kCardsReduced), QString::fromLatin1(kDrafts),
                 QString::fromLatin1(kRejected), QString::fromLatin1(kCardsRemoved)},
                now, *held);
        if (auto r = add(
                row,
                QStringLiteral("SELECT count(*), min(s.sealed_at) FROM sealed_values s WHERE s.kind = 'printed_only'"));
            !r)
            return std::unexpected(r.error());
    }
    {
        Holding row {
            QStringLiteral("draft_documents"),
            QStringLiteral(
                "Dates of documents presented for a draft (type, expiry and issue dates; never the number), sealed"),
            0,
            {},
            QStringLiteral("Deleted when the draft is submitted, or with the draft."),
            {},
            0};
        auto held = sealedIds(db, QStringLiteral("draft_documents"));
        if (!held)
            return std::unexpected(held.error());
        setNext(row, *schedule, {QString::fromLatin1(kDrafts), QString::fromLatin1(kPrintedOnly)}, now, *held);
        if (auto r = add(
                row,
                QStringLiteral("SELECT count(*), min(sealed_at) FROM sealed_values WHERE kind = 'draft_documents'"));
            !r)
            return std::unexpected(r.error());
    }
    // What the photo station and the card issue store: kept with the enrollment (renewal and
    // replacement print from them) and deleted with it. The next purge counts rows, not enrollments.
    const std::set<QString> wholeClasses {QString::fromLatin1(kDrafts), QString::fromLatin1(kRejected),
                                          QString::fromLatin1(kCardsRemoved)};
    const QString wholeRule =
        QStringLiteral(
            "deleted with their enrollment: drafts after %1 idle, rejected enrollments %2 after the decision, "
            "card holders %3 after their latest card's expiry.")
            .arg(days(p.draftIdleDays), days(p.rejectedDays), days(p.afterExpiryDays))
        + periodsNote;
    // Rows kept per enrollment by another module's store: what each holds, for which
    // enrollments, and how many rows a set of enrollments has.
    struct PerEnrollment {
        QString kind;
        QString what;
        QString rule;
        std::function<Result<HeldRows>()> held;
        std::function<Result<std::set<qint64>>()> enrollments;
        std::function<Result<qint64>(const std::vector<qint64> &)> countFor;
    };
    PhotoStore photos(db);
    CardStore cards(db);
    for (const PerEnrollment &kind : std::vector<PerEnrollment> {
             {QStringLiteral("photos"),
              QStringLiteral("Card photos: the final crop only (JPEG), with the automatic checks' results and override "
                             "reason codes"),
              QStringLiteral("One per enrollment, kept for printing, replacement and renewal; ") + wholeRule,
              [&] { return photos.held(); }, [&] { return photos.enrollmentsWithPhoto(); },
              [&](const std::vector<qint64> &ids) { return photos.countFor(ids); }},
             {QStringLiteral("cards"),
              QStringLiteral("Card records (card number, template, state, issue and expiry dates, print counts; what a "
                             "card shows is read "
                             "from the enrollment)"),
              QStringLiteral("Replacements and renewals are new records of the same enrollment; all are ") + wholeRule,
              [&] { return cards.cardsHeld(); }, [&] { return cards.enrollmentsWithCards(); },
              [&](const std::vector<qint64> &ids) { return cards.countCardsFor(ids); }},
             {QStringLiteral("print_log"),
              QStringLiteral("Print attempts (printer, time, operator number, outcome, reprint reason code)"),
              QStringLiteral("Kept with their card record and ") + wholeRule, [&] { return cards.printAttemptsHeld(); },
              [&] { return cards.enrollmentsWithPrintAttempts(); },
              [&](const std::vector<qint64> &ids) { return cards.countPrintAttemptsFor(ids); }},
         }) {
        Holding row {kind.kind, kind.what, 0, {}, kind.rule, {}, 0};
        auto held = kind.enrollments();
        if (!held)
            return std::unexpected(held.error());
        setNext(row, *schedule, wholeClasses, now, *held);
        if (!row.nextPurge.isEmpty()) {
            // The rows of the enrollments that go on that day.
            std::vector<qint64> going;
            for (const RetentionItem &i : *schedule)
                if (wholeClasses.contains(i.dataClass) && held->contains(i.enrollmentId)
                    && std::max(i.due, now).toUTC().date().toString(Qt::ISODate) == row.nextPurge)
                    going.push_back(i.enrollmentId);
            auto n = kind.countFor(going);
            if (!n)
                return std::unexpected(n.error());
            row.nextPurgeCount = *n;
        }
        auto rows = kind.held();
        if (!rows)
            return std::unexpected(rows.error());
        row.count = rows->count;
        row.oldest = rows->oldest;
        h.holdings.push_back(row);
    }
    for (const Holding &row : std::vector<Holding> {
             {QStringLiteral("attestations"),
              QStringLiteral(
                  "Attestations: which document types were seen and what they scored (a keyed hash of the number where "
                  "the programme asks for duplicate checks, from which the number cannot be recovered)"),
              0,
              {},
              QStringLiteral("Kept with their enrollment and deleted with it."),
              {},
              0},
             {QStringLiteral("decision_history"),
              QStringLiteral("Decisions and corrections on enrollments (who, when, reason code, supervisor's note)"),
              0,
              {},
              QStringLiteral(
                  "Kept with their enrollment and deleted with it; notes are removed when a card is issued."),
              {},
              0},
         }) {
        Holding r = row;
        setNext(r, *schedule,
                {QString::fromLatin1(kDrafts), QString::fromLatin1(kRejected), QString::fromLatin1(kCardsRemoved)},
                now);
        const QString sql = r.kind == QLatin1String("attestations")
            ? QStringLiteral("SELECT count(*), min(attested_at) FROM attestations")
            : QStringLiteral("SELECT count(*), min(at) FROM enrollment_events");
        if (auto a = add(r, sql); !a)
            return std::unexpected(a.error());
    }
    {
        Holding row {
            QStringLiteral("audit"),
            QStringLiteral("Audit log entries (what was done, by which operator number, when; no applicant data)"),
            0,
            {},
            QStringLiteral("Removed after %1 (audit_days), behind a checkpoint that keeps the chain verifiable.")
                    .arg(days(p.auditDays))
                + periodsNote,
            {},
            0};
        if (auto r = add(row, QStringLiteral("SELECT count(*), min(at) FROM audit")); !r)
            return std::unexpected(r.error());
        Holding &added = h.holdings.back();
        if (*active && !added.oldest.isEmpty()) {
            const QDateTime due = std::max(fromIsoUtc(added.oldest).addDays(p.auditDays), now);
            added.nextPurge = due.toUTC().date().toString(Qt::ISODate);
            auto n = db.scalar(
                QStringLiteral("SELECT count(*) FROM audit WHERE at < ?"),
                {isoUtc(QDateTime(due.toUTC().date().addDays(1), QTime(0, 0), Qt::UTC).addDays(-p.auditDays))});
            if (!n)
                return std::unexpected(n.error());
            added.nextPurgeCount = n->toLongLong();
        }
    }
    for (const auto &[kind, what, rule, sql] : std::vector<std::tuple<QString, QString, QString, QString>> {
             {QStringLiteral("operators"), QStringLiteral("Operators (staff user names, display names, roles)"),
              QStringLiteral("Kept while the station exists; disabled operators stay, so the audit log can be read."),
              QStringLiteral("SELECT count(*), min(created_at) FROM operators")},
             {QStringLiteral("batch_reports"),
              QStringLiteral("Closed-day batch reports (card numbers and counts per clerk; no names)"),
              QStringLiteral("No programme period applies; kept."),
              QStringLiteral("SELECT count(*), min(closed_at) FROM batches")},
             {QStringLiteral("programmes"),
              QStringLiteral("Programme rules files loaded (every version, to re-read old enrollments)"),
              QStringLiteral("Kept."), QStringLiteral("SELECT count(*), min(loaded_at) FROM programmes")},
         }) {
        if (auto r = add(Holding {kind, what, 0, {}, rule, {}, 0}, sql); !r)
            return std::unexpected(r.error());
    }

    if (*active)
        for (Field f : allFields())
            if (!(*active)->collects(f))
                h.notCollected << fieldKey(f);
    h.neverHeld = {
        QStringLiteral("document numbers (only a keyed hash, where the programme asks for duplicate checks)"),
        QStringLiteral("images of documents, and the raw text of barcodes and passport MRZ lines"),
        QStringLiteral(
            "immigration status, citizenship, social security number, place of birth (the form has no such field)")};

    auto folders = backupFolders(access.db);
    if (!folders)
        return std::unexpected(folders.error());
    h.backupFolders = *folders;
    for (const QString &dir : *folders)
        for (const BackupFile &b : listBackups(dir))
            if (b.stationCode == info->code) {
                // The station key file saved beside the copy says at which key epoch it was made.
                const auto keys = KeySlotFile::load(b.path.chopped(4) + QStringLiteral(".station-keys"));
                const int epoch = keys ? keys->epoch() : 0;
                h.backups.push_back({b, b.createdAt.daysTo(now), epoch, keys && epoch < info->keyEpoch});
            }
    std::sort(h.backups.begin(), h.backups.end(),
              [](const HeldBackup &a, const HeldBackup &b) { return a.file.createdAt > b.file.createdAt; });
    h.backupStatement = QStringLiteral("A backup is a copy of the whole store as it was when it was made. A backup "
                                       "made before a purge still holds what that purge "
                                       "removed, until the backup is rotated away or destroyed. Backups are encrypted "
                                       "under their own key and need the backup "
                                       "password (or the recovery key) to open. Folders on media that is not plugged "
                                       "in cannot be listed here. A backup made "
                                       "before the store was last re-keyed keeps the key slots of its time: restoring "
                                       "it lets back in the operators and "
                                       "passwords of that time, including operators disabled since.");
    h.spool = printSpoolState();
    return h;
}

QJsonObject holdingsJson(const Holdings &h)
{
    QJsonArray rows;
    for (const Holding &r : h.holdings)
        rows.append(
            QJsonObject {{QStringLiteral("kind"), r.kind},
                         {QStringLiteral("what"), r.what},
                         {QStringLiteral("count"), r.count},
                         {QStringLiteral("oldest"), r.oldest.isEmpty() ? QJsonValue() : QJsonValue(r.oldest)},
                         {QStringLiteral("rule"), r.rule},
                         {QStringLiteral("next_purge"), r.nextPurge.isEmpty() ? QJsonValue() : QJsonValue(r.nextPurge)},
                         {QStringLiteral("next_purge_count"), r.nextPurgeCount}});
    QJsonArray backups;
    for (const HeldBackup &b : h.backups)
        backups.append(QJsonObject {{QStringLiteral("file"), b.file.path},
                                    {QStringLiteral("created_at"), isoUtc(b.file.createdAt)},
                                    {QStringLiteral("age_days"), b.ageDays},
                                    {QStringLiteral("bytes"), b.file.bytes},
                                    {QStringLiteral("complete"), b.file.complete},
                                    {QStringLiteral("key_epoch"), b.keyEpoch},
                                    {QStringLiteral("made_before_rekey"), b.beforeRekey}});
    return {{QStringLiteral("station"), h.stationName},
            {QStringLiteral("code"), h.stationCode},
            {QStringLiteral("generated_at"), h.generatedAt},
            {QStringLiteral("programme"), h.programme},
            {QStringLiteral("holdings"), rows},
            {QStringLiteral("not_collected"), QJsonArray::fromStringList(h.notCollected)},
            {QStringLiteral("never_held"), QJsonArray::fromStringList(h.neverHeld)},
            {QStringLiteral("backup_folders"), QJsonArray::fromStringList(h.backupFolders)},
            {QStringLiteral("backups"), backups},
            {QStringLiteral("backup_statement"), h.backupStatement},
            {QStringLiteral("print_spool"),
             QJsonObject {{QStringLiteral("reachable"), h.spool.reachable},
                          {QStringLiteral("card_jobs_with_document"), h.spool.cardJobsKept},
                          {QStringLiteral("card_jobs_listed"), h.spool.cardJobsInHistory},
                          {QStringLiteral("preserve_job_files"), h.spool.preserveJobFiles},
                          {QStringLiteral("preserve_job_history"), h.spool.preserveJobHistory},
                          {QStringLiteral("statement"), h.spool.statement}}}};
}

QString holdingsText(const Holdings &h)
{
    QString out;
    out += QStringLiteral("What station %1 (%2) holds, as of %3\n").arg(h.stationName, h.stationCode, h.generatedAt);
    out += QStringLiteral("Programme: %1\n\n").arg(h.programme.isEmpty() ? QStringLiteral("none active") : h.programme);
    for (const Holding &r : h.holdings) {
        out += QStringLiteral("%1\n  %2 record(s)").arg(r.what).arg(r.count);
        if (!r.oldest.isEmpty())
            out += QStringLiteral(", oldest %1").arg(r.oldest);
        out += QLatin1Char('\n');
        if (!r.nextPurge.isEmpty())
            out += QStringLiteral("  next purge: %1 (%2 go)\n").arg(r.nextPurge).arg(r.nextPurgeCount);
        out += QStringLiteral("  %1\n\n").arg(r.rule);
    }
    out += QStringLiteral("Never collected under this programme: %1\n")
               .arg(h.notCollected.isEmpty() ? QStringLiteral("(none)") : h.notCollected.join(QStringLiteral(", ")));
    out += QStringLiteral("Never held by any Tessera station:\n");
    for (const QString &n : h.neverHeld)
        out += QStringLiteral("  - %1\n").arg(n);
    out += QStringLiteral("\nBackups");
    if (h.backups.empty())
        out +=
            QStringLiteral(": none found%1\n")
                .arg(h.backupFolders.isEmpty() ? QString()
                                               : QStringLiteral(" in ") + h.backupFolders.join(QStringLiteral(", ")));
    else
        out += QStringLiteral(":\n");
    for (const HeldBackup &b : h.backups)
        out += QStringLiteral("  %1  made %2, %3 day(s) old%4\n")
                   .arg(b.file.path, isoUtc(b.file.createdAt))
                   .arg(b.ageDays)
                   .arg(b.beforeRekey ? QStringLiteral(", made before the last re-key (key epoch %1)").arg(b.keyEpoch)
                                      : QString());
    out += QLatin1Char('\n') + h.backupStatement + QLatin1Char('\n');
    out += QStringLiteral("\nPrint spool\n  ") + h.spool.statement + QLatin1Char('\n');
    return out;
}

} // namespace tessera
