#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/store/Database.h"
#include "core/store/HeldRows.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QString>
#include <map>
#include <optional>
#include <set>

namespace tessera {

// What an enrollment holds sealed under its own key (crypto-shredding): the printed-only
// field values until the card is printed, and an enrollment's document dates from its first
// save until the supervisor's final decision (approve or reject; a return keeps them).
enum class SealedKind { PrintedOnly, DraftDocuments };
// The stored names ("printed_only", "draft_documents"), also bound into each box's AAD.
QString sealedKindName(SealedKind kind);

// The owner of the enrollment_keys and sealed_values tables: one random data key per
// enrollment and the boxes sealed under it. Sealing and opening are the caller's
// (Enrollments); this class only keeps the bytes, and destroys key and boxes together so that
// a copy of a box elsewhere opens for nobody. No role checks and no audit. Times are ISO 8601
// UTC strings. Refers to the Database it is given, which must outlive it; not thread-safe (as
// Database).
class SealedValueStore {
public:
    explicit SealedValueStore(Database &db)
        : m_db(db)
    {
    }

    // The enrollment's data key; none when it has none (never had one, or it was destroyed).
    Result<std::optional<SecureBuffer>> dataKey(qint64 enrollmentId);
    // Keeps a new data key for an enrollment that has none.
    Result<void> addDataKey(qint64 enrollmentId, const SecureBuffer &key, const QString &createdAt);

    // Keeps `box` (sealed by the caller under the enrollment's data key) as the enrollment's
    // value of that kind, replacing an earlier one.
    Result<void> put(qint64 enrollmentId, SealedKind kind, const QByteArray &box, const QString &sealedAt);
    // None when the enrollment holds no value of that kind.
    Result<std::optional<QByteArray>> get(qint64 enrollmentId, SealedKind kind);
    Result<void> remove(qint64 enrollmentId, SealedKind kind);
    // Destroys the enrollment's sealed values and then its key. secure_delete is on for the
    // store, so the freed pages are overwritten; without the key a copy of a box elsewhere
    // opens for nobody.
    Result<void> destroy(qint64 enrollmentId);

    // What retention needs to know of each enrollment that has a key or a sealed value.
    struct Held {
        QString keyCreatedAt; // empty: no key
        qint64 sealedValues = 0;
    };
    Result<std::map<qint64, Held>> heldByEnrollment();

    // Reads for review, holdings and backup (branch batchstore): below this line.
    // For the holdings report: the enrollments that hold a value of that kind; how many values
    // of that kind there are, and when the oldest was sealed.
    Result<std::set<qint64>> enrollmentsHolding(SealedKind kind);
    Result<HeldRows> held(SealedKind kind);

private:
    Database &m_db;
};

} // namespace tessera
