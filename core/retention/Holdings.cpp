#include "core/retention/Holdings.h"

#include "core/cards/CardStore.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/PhotoStore.h"
#include "core/enrollment/SealedValueStore.h"
#include "core/print/ApplicantText.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Purge.h"
#include "core/review/BatchStore.h"
#include "core/station/Operator.h"
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

QString days(int n)
{
    return n == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(n);
}

// What every section of the report works from.
struct ReportBasis {
    QDateTime now;
    std::vector<RetentionItem> schedule;
    RetentionPeriods periods;
    QString periodsNote;                  // follows a rule that names a period, when no programme is active
    const Programme *programme = nullptr; // the active one, which names the fields
};

// A field by its name, as the Holdings panel, the report and the review record show it.
QString heldFieldName(const Programme *programme, const QString &key)
{
    return programme ? fieldName(*programme, programme->languages.value(0), key)
                     : QString(key).replace(QLatin1Char('_'), QLatin1Char(' '));
}

// The purge classes that delete an enrollment whole, and all that is kept with it.
std::set<QString> deletedWithEnrollment()
{
    return {QString::fromLatin1(kDrafts), QString::fromLatin1(kRejected), QString::fromLatin1(kCardsRemoved)};
}

Holding heldRow(const QString &kind, const QString &what, const QString &rule, const HeldRows &held)
{
    return Holding {kind, what, held.count, held.oldest, rule, {}, 0};
}

// One state of an enrollment's life; approved ones are told apart by whether a card of theirs
// has been printed (CardStore knows).
struct EnrollmentKind {
    const char *kind;
    QString what;
    std::vector<EnrollmentState> states;
    std::optional<bool> printedCard; // approved only: with a printed card, or still without
    QString rule;
    std::set<QString> classes;
};

std::vector<EnrollmentKind> enrollmentKinds(const RetentionPeriods &p)
{
    using S = EnrollmentState;
    return {
        {"enrollments.draft",
         QStringLiteral("Enrollments not yet submitted (drafts, and enrollments returned for correction)"),
         {S::Draft, S::Returned},
         std::nullopt,
         QStringLiteral("Deleted whole after %1 without a change (the programme's period for idle drafts).")
             .arg(days(p.draftIdleDays)),
         {QString::fromLatin1(kDrafts)}},
        {"enrollments.pending",
         QStringLiteral("Enrollments waiting for a supervisor's decision"),
         {S::Submitted},
         std::nullopt,
         QStringLiteral("Kept until decided; then the rule of the decision applies."),
         {}},
        {"enrollments.approved",
         QStringLiteral("Approved enrollments waiting for their card"),
         {S::Approved},
         false,
         QStringLiteral("Kept until the card is printed; their printed-only values go after %1 at most.")
             .arg(days(p.printedOnlyMaxDays)),
         {}},
        {"enrollments.rejected",
         QStringLiteral("Rejected enrollments"),
         {S::Rejected},
         std::nullopt,
         QStringLiteral("Deleted whole (fields, attestations, decision notes) %1 after the decision (the programme's "
                        "period for rejected enrollments).")
             .arg(days(p.rejectedDays)),
         {QString::fromLatin1(kRejected)}},
        {"enrollments.cards",
         QStringLiteral("Enrollments whose card has been printed (card holders)"),
         {S::Approved},
         true,
         QStringLiteral("Reduced at once to what replacement and renewal need (stored fields, the photo, the card "
                        "records); deleted "
                        "whole %1 after their latest card's expiry (the programme's period after "
                        "expiry). Cards that do not expire are "
                        "kept while valid.")
             .arg(days(p.afterExpiryDays)),
         {QString::fromLatin1(kCardsRemoved)}},
    };
}

// Enrollments by state: how many, the oldest created, and when the next of them go.
Result<void> addEnrollments(Database &db, const ReportBasis &b, std::vector<Holding> &out)
{
    auto cards = CardStore(db).cardsByEnrollment();
    if (!cards)
        return std::unexpected(cards.error());
    EnrollmentStore enrollments(db);
    for (const EnrollmentKind &k : enrollmentKinds(b.periods)) {
        auto rows = enrollments.createdInStates(k.states);
        if (!rows)
            return std::unexpected(rows.error());
        std::set<qint64> ids;
        HeldRows held;
        for (const EnrollmentStore::Created &e : *rows) {
            const auto card = cards->find(e.id);
            if (k.printedCard && *k.printedCard != (card != cards->end() && card->second.printed > 0))
                continue;
            ids.insert(e.id);
            ++held.count;
            if (held.oldest.isEmpty() || e.createdAt < held.oldest)
                held.oldest = e.createdAt;
        }
        Holding row = heldRow(QString::fromLatin1(k.kind), k.what, k.rule + b.periodsNote, held);
        setNext(row, b.schedule, k.classes, b.now, ids);
        out.push_back(row);
    }
    return {};
}

// The applicant's stored fields, and the values sealed per enrollment.
Result<void> addApplicantData(Database &db, const ReportBasis &b, std::vector<Holding> &out)
{
    EnrollmentStore enrollments(db);
    auto fieldNames = enrollments.heldFieldNames();
    auto fields = enrollments.fieldsHeld();
    if (!fieldNames || !fields)
        return std::unexpected(!fieldNames ? fieldNames.error() : fields.error());
    QStringList names;
    for (const QString &key : *fieldNames)
        names << heldFieldName(b.programme, key);
    Holding row = heldRow(QStringLiteral("applicant_fields"),
                          QStringLiteral("Applicant details kept in the clear inside the encrypted store (fields: %1)")
                              .arg(fieldNames->isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))),
                          QStringLiteral("Kept with their enrollment and deleted with it."), *fields);
    setNext(row, b.schedule, deletedWithEnrollment(), b.now);
    out.push_back(row);

    struct Sealed {
        SealedKind kind;
        QString what;
        QString rule;
        std::set<QString> classes;
    };
    SealedValueStore sealed(db);
    for (const Sealed &k : std::vector<Sealed> {
             {SealedKind::PrintedOnly,
              QStringLiteral("Printed-only values (e.g. the address), sealed under a key of their own per enrollment"),
              QStringLiteral("Destroyed, key and all, when the card is printed, and after %1 at most (the programme's "
                             "period for printed-only values).")
                      .arg(days(b.periods.printedOnlyMaxDays))
                  + b.periodsNote,
              {QString::fromLatin1(kPrintedOnly), QString::fromLatin1(kCardsReduced), QString::fromLatin1(kDrafts),
               QString::fromLatin1(kRejected), QString::fromLatin1(kCardsRemoved)}},
             {SealedKind::DraftDocuments,
              QStringLiteral("Dates of documents presented for a draft or an enrollment awaiting its decision "
                             "(type, expiry and issue dates; never the number), sealed"),
              QStringLiteral("Deleted when a supervisor approves or rejects the enrollment (a return keeps them), "
                             "or with the draft."),
              {QString::fromLatin1(kDrafts), QString::fromLatin1(kPrintedOnly)}},
         }) {
        auto ids = sealed.enrollmentsHolding(k.kind);
        auto held = sealed.held(k.kind);
        if (!ids || !held)
            return std::unexpected(!ids ? ids.error() : held.error());
        Holding sealedRow = heldRow(sealedKindName(k.kind), k.what, k.rule, *held);
        setNext(sealedRow, b.schedule, k.classes, b.now, *ids);
        out.push_back(sealedRow);
    }
    return {};
}

// The enrollments among `held` that a purge of `classes` removes on `day` (an ISO date).
std::vector<qint64> goingOn(const QString &day, const ReportBasis &b, const std::set<QString> &classes,
                            const std::set<qint64> &held)
{
    std::vector<qint64> going;
    for (const RetentionItem &i : b.schedule)
        if (classes.contains(i.dataClass) && held.contains(i.enrollmentId)
            && std::max(i.due, b.now).toUTC().date().toString(Qt::ISODate) == day)
            going.push_back(i.enrollmentId);
    return going;
}

// What the photo station and the card issue store: kept with the enrollment (renewal and
// replacement print from them) and deleted with it. The next purge counts rows, not enrollments.
Result<void> addPerEnrollmentRows(Database &db, const ReportBasis &b, std::vector<Holding> &out)
{
    const RetentionPeriods &p = b.periods;
    const QString wholeRule =
        QStringLiteral(
            "deleted with their enrollment: drafts after %1 idle, rejected enrollments %2 after the decision, "
            "card holders %3 after their latest card's expiry.")
            .arg(days(p.draftIdleDays), days(p.rejectedDays), days(p.afterExpiryDays))
        + b.periodsNote;
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
    const std::set<QString> wholeClasses = deletedWithEnrollment();
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
        auto held = kind.enrollments();
        auto rows = kind.held();
        if (!held || !rows)
            return std::unexpected(!held ? held.error() : rows.error());
        Holding row = heldRow(kind.kind, kind.what, kind.rule, *rows);
        setNext(row, b.schedule, wholeClasses, b.now, *held);
        if (!row.nextPurge.isEmpty()) {
            auto n = kind.countFor(goingOn(row.nextPurge, b, wholeClasses, *held));
            if (!n)
                return std::unexpected(n.error());
            row.nextPurgeCount = *n;
        }
        out.push_back(row);
    }
    return {};
}

// Attestations and decisions: kept with their enrollment, deleted with it.
Result<void> addEnrollmentRecords(Database &db, const ReportBasis &b, std::vector<Holding> &out)
{
    EnrollmentStore enrollments(db);
    auto attestations = enrollments.attestationsHeld();
    auto events = enrollments.eventsHeld();
    if (!attestations || !events)
        return std::unexpected(!attestations ? attestations.error() : events.error());
    for (Holding row : {
             heldRow(QStringLiteral("attestations"),
                     QStringLiteral("Attestations: which document types were seen and what they scored (a keyed hash "
                                    "of the number where the programme asks for duplicate checks, from which the "
                                    "number cannot be recovered)"),
                     QStringLiteral("Kept with their enrollment and deleted with it."), *attestations),
             heldRow(QStringLiteral("decision_history"),
                     QStringLiteral("Decisions and corrections on enrollments (who, when, reason code, supervisor's "
                                    "note)"),
                     QStringLiteral(
                         "Kept with their enrollment and deleted with it; notes are removed when a card is issued."),
                     *events),
         }) {
        setNext(row, b.schedule, deletedWithEnrollment(), b.now);
        out.push_back(row);
    }
    return {};
}

// The audit log: its own period, counted from each entry's time.
Result<void> addAudit(AuditLog &audit, const ReportBasis &b, bool programmeActive, std::vector<Holding> &out)
{
    auto held = audit.held();
    if (!held)
        return std::unexpected(held.error());
    Holding row =
        heldRow(QStringLiteral("audit"),
                QStringLiteral("Audit log entries (what was done, by which operator number, when; no applicant data)"),
                QStringLiteral("Removed after %1 (the programme's period for audit entries), behind a checkpoint that "
                               "keeps the chain verifiable.")
                        .arg(days(b.periods.auditDays))
                    + b.periodsNote,
                *held);
    if (programmeActive && !row.oldest.isEmpty()) {
        const int auditDays = b.periods.auditDays;
        const QDateTime due = std::max(fromIsoUtc(row.oldest).addDays(auditDays), b.now);
        row.nextPurge = due.toUTC().date().toString(Qt::ISODate);
        // Everything that is due by the end of that day.
        auto n = audit.countBefore(QDateTime(due.toUTC().date().addDays(1), QTime(0, 0), Qt::UTC).addDays(-auditDays));
        if (!n)
            return std::unexpected(n.error());
        row.nextPurgeCount = *n;
    }
    out.push_back(row);
    return {};
}

// What the station keeps about itself: staff, closed days, rules files.
Result<void> addStationRecords(Database &db, std::vector<Holding> &out)
{
    auto operators = operatorsHeld(db);
    auto batches = BatchStore(db).held();
    auto programmes = programmesHeld(db);
    if (!operators || !batches || !programmes)
        return std::unexpected(!operators ? operators.error() : !batches ? batches.error() : programmes.error());
    out.push_back(heldRow(QStringLiteral("operators"),
                          QStringLiteral("Operators (staff user names, display names, roles)"),
                          QStringLiteral("Kept while the station exists; disabled operators stay, so the audit log can "
                                         "be read."),
                          *operators));
    out.push_back(heldRow(QStringLiteral("batch_reports"),
                          QStringLiteral("Closed-day batch reports (card numbers and counts per clerk; no names)"),
                          QStringLiteral("No programme period applies; kept."), *batches));
    out.push_back(heldRow(QStringLiteral("programmes"),
                          QStringLiteral("Programme rules files loaded (every version, to re-read old enrollments)"),
                          QStringLiteral("Kept."), *programmes));
    return {};
}

// The backups of this station in the folders it wrote to, newest first.
Result<void> addBackups(Database &db, const StationInfo &info, const QDateTime &now, Holdings &h)
{
    auto folders = backupFolders(db);
    if (!folders)
        return std::unexpected(folders.error());
    h.backupFolders = *folders;
    for (const QString &dir : *folders)
        for (const BackupFile &b : listBackups(dir))
            if (b.stationCode == info.code) {
                // The station key file saved beside the copy says at which key epoch it was made.
                const auto keys = KeySlotFile::load(b.path.chopped(4) + QStringLiteral(".station-keys"));
                const int epoch = keys ? keys->epoch() : 0;
                h.backups.push_back({b, b.createdAt.daysTo(now), epoch, keys && epoch < info.keyEpoch});
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
    return {};
}

// What the programme never asks for, and what no station ever holds.
void addNeverHeld(const std::optional<Programme> &active, Holdings &h)
{
    if (active)
        for (Field f : allFields())
            if (!active->collects(f)) {
                h.notCollected << fieldKey(f);
                h.notCollectedNames << heldFieldName(&*active, fieldKey(f));
            }
    h.neverHeld = {
        QStringLiteral("document numbers (only a keyed hash, where the programme asks for duplicate checks)"),
        QStringLiteral("images of documents, and the raw text of barcodes and passport MRZ lines"),
        QStringLiteral(
            "immigration status, citizenship, social security number, place of birth (the form has no such field)")};
}

} // namespace

Result<Holdings> holdingsReport(StationAccess access)
{
    if (auto r = access.session.requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    Database &db = access.db;
    auto info = readStationInfo(db);
    if (!info)
        return std::unexpected(info.error());
    auto active = activeProgramme(db);
    if (!active)
        return std::unexpected(active.error());
    auto schedule = retentionSchedule(db);
    if (!schedule)
        return std::unexpected(schedule.error());
    const ReportBasis basis {access.clock.now(), std::move(*schedule),
                             *active ? (*active)->periods : RetentionPeriods {},
                             *active ? QString() : QStringLiteral(" No programme is active, so no period applies yet."),
                             *active ? &**active : nullptr};

    Holdings h;
    h.stationName = info->name;
    h.stationCode = info->code;
    h.generatedAt = isoUtc(basis.now);
    if (*active) {
        h.programme = (*active)->id + QLatin1Char(' ') + (*active)->rulesVersion;
        h.programmeName = QStringLiteral("%1, rules version %2")
                              .arg((*active)->name.in((*active)->languages.value(0)), (*active)->rulesVersion);
    }
    for (const auto &section : std::vector<std::function<Result<void>()>> {
             [&] { return addEnrollments(db, basis, h.holdings); },
             [&] { return addApplicantData(db, basis, h.holdings); },
             [&] { return addPerEnrollmentRows(db, basis, h.holdings); },
             [&] { return addEnrollmentRecords(db, basis, h.holdings); },
             [&] { return addAudit(access.audit, basis, active->has_value(), h.holdings); },
             [&] { return addStationRecords(db, h.holdings); },
             [&] { return addBackups(db, *info, basis.now, h); },
         })
        if (auto r = section(); !r)
            return std::unexpected(r.error());
    addNeverHeld(*active, h);
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
    out += QStringLiteral("Programme: %1\n\n")
               .arg(h.programmeName.isEmpty() ? QStringLiteral("none active") : h.programmeName);
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
               .arg(h.notCollectedNames.isEmpty() ? QStringLiteral("(none)")
                                                  : h.notCollectedNames.join(QStringLiteral(", ")));
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
