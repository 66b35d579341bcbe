#pragma once

#include "station/Station.h"
#include "util/Clock.h"

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

// The enrollment states in which a card exists (printed or issued, and its later life).
// The rule for issued cards applies to an enrollment in any of these states that has a
// `card_expiry` date; states this build's schema does not have yet simply match nothing.
const QStringList &cardStates();

struct PurgeCount {
    QString dataClass; // one of purge_class
    qint64 count = 0;  // enrollments (or audit entries) removed or reduced
    int days = 0;      // the period applied, from the active programme (0: none active)
};

struct PurgeReport {
    bool dryRun = false;
    std::vector<PurgeCount> classes; // every class, in the order above, zero counts included
    bool compacted = false;          // the WAL was checkpointed and the file vacuumed
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
Result<std::vector<RetentionItem>> retentionSchedule(Station &station);

// Applies every retention period of the programmes the station's enrollments were made
// under, as of `clock.now()`:
//  - printed-only values: destroyed `printed_only_max_days` after they were first written,
//    and at once for an enrollment whose card exists (the card issue destroys them at print);
//  - drafts and returned enrollments untouched for `draft_idle_days`: deleted whole;
//  - rejected enrollments `rejected_days` after the decision: deleted whole (fields, sealed
//    values, attestations, events); the audit keeps its opaque entries and the receipt's count;
//  - enrollments with a card (cardStates()): reduced to the card record and stored fields
//    (sealed values, keys and supervisors' free-text notes go); deleted whole the day after
//    `card_expiry` + `after_expiry_days`;
//  - audit entries older than the active programme's `audit_days`: removed behind a
//    checkpoint (AuditLog::truncateBefore), so the chain still verifies.
// Then, when anything went, checkpoints the WAL (TRUNCATE) and VACUUMs, so that with
// secure_delete the purged values are in no page of the store file. Each class leaves one
// receipt ("retention.purged": class, count, days; "audit.truncated" for the log). A dry run
// computes the same counts and changes nothing.
Result<PurgeReport> runPurge(Station &station, const Clock &clock, PurgeOptions options);

} // namespace tessera
