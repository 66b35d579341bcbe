#pragma once

#include "core/station/StationAccess.h"
#include "core/util/Clock.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace tessera {

// The classes of data a purge removes, as named in receipts and in the holdings report.
namespace purge_class {
inline constexpr auto kPrintedOnly = "printed_only";   // sealed printed-only values and their key
inline constexpr auto kDrafts = "drafts";              // idle drafts (and enrollments returned for correction), whole
inline constexpr auto kRejected = "rejected";          // rejected enrollments, whole, N days after the decision
inline constexpr auto kCardsReduced = "cards_reduced"; // issued cards cut down to what replacement and renewal need
inline constexpr auto kCardsRemoved = "cards_removed"; // card records, whole, N days after the card's expiry
inline constexpr auto kAudit = "audit";                // audit entries older than audit_days
} // namespace purge_class

struct PurgeCount {
    QString dataClass; // one of purge_class
    qint64 count = 0;  // enrollments (or audit entries) removed or reduced
    int days = 0;      // the period applied, from the active programme (0: none active)
    // What went with the enrollments deleted whole (drafts, rejected, cards_removed): their
    // card photos, card records and print attempts. Counts only, as in the receipt.
    qint64 photos = 0;
    qint64 cards = 0;
    qint64 printAttempts = 0;
};

struct PurgeReport {
    bool dryRun = false;
    std::vector<PurgeCount> classes; // every class, in the order above, zero counts included
    bool compacted = false;          // the WAL was emptied (and the file vacuumed when `rebuilt`)
    bool rebuilt = false;            // VACUUM ran: on demand, or when a quarter of the file was free
    QString compactionProblem;       // why it was not, in plain words (empty when not needed)
    qint64 total() const;
    qint64 count(const QString &dataClass) const;
};

struct PurgeOptions {
    bool dryRun = false;
    // Scheduled runs (sign-in, daily) act as the station (operator 0) and leave receipts only
    // for classes with something removed; an on-demand run needs an administrator, acts as
    // them, and leaves a receipt for every class, zero or not.
    bool onDemand = false;
};

// One thing retention will do to one enrollment, and from when.
struct RetentionItem {
    qint64 enrollmentId = 0;
    QString dataClass; // purge_class, except kAudit
    QDateTime due;     // UTC; due when <= now
};
// Every retention action pending on the station's enrollments, due or not, by the periods of
// the programme version each enrollment was made under. Reads only.
Result<std::vector<RetentionItem>> retentionSchedule(Database &db);

// Applies every retention period of the programmes the station's enrollments were made
// under, as of the station clock's now():
//  - printed-only values: destroyed `printed_only_max_days` after they were first written,
//    and at once for an enrollment whose card exists (the card issue destroys them at print);
//  - drafts and returned enrollments untouched for `draft_idle_days`: deleted whole;
//  - rejected enrollments `rejected_days` after the decision: deleted whole (fields, sealed
//    values, attestations, events); the audit keeps its opaque entries and the receipt's count;
//  - enrollments with a printed card (CardStore::cardsByEnrollment): reduced to the card records, the
//    photo and stored fields (sealed values, keys and supervisors' free-text notes go);
//    deleted whole (photo, every card row and its print log with them) the day after the
//    latest `cards.expires_on` of the enrollment + `after_expiry_days`; an enrollment with a
//    card that has no expiry date is kept;
//  - audit entries older than the active programme's `audit_days`: removed behind a
//    checkpoint (AuditLog::truncateBefore), so the chain still verifies.
// Then, when anything went, checkpoints the WAL (TRUNCATE), so that with secure_delete the
// purged values are in no page of the store file nor its journal; an on-demand purge, or one
// that leaves a quarter of the file free, also VACUUMs to give the space back. Each class leaves one
// receipt ("retention.purged": class, count, days, and the photos, cards and print attempts
// that went with it; "audit.truncated" for the log). A dry run
// computes the same counts and changes nothing.
Result<PurgeReport> runPurge(StationAccess access, PurgeOptions options);

} // namespace tessera
