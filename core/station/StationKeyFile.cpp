#include "core/station/Station.h"

#include "core/crypto/Signing.h"
#include "core/station/Station_p.h"
#include "core/store/AtomicFile.h"

#include <QFile>

namespace tessera {

using namespace stationDetail;

// How the key file and the store stay in step (issue 16).
//
// The store records, in its meta table, the fingerprint of the one key file it belongs to
// (keys_fingerprint), and while a change is under way the fingerprint of the file about to
// replace it (keys_fingerprint_next). A sign-in accepts station.keys only when its
// fingerprint is one of the two; any other file (an older station.keys put back, a backup's
// key file copied in) is refused, so that old passwords and removed operators stay out.
//
// A change of slots (add, reset, own password, login policy), under the key-file lock:
//   1. commit keys_fingerprint_next = fp(new file)
//   2. in one transaction: the operator rows and the audit entry; write station.keys
//      atomically; keys_fingerprint = fp(new file), next cleared; commit
// A crash before 2 leaves the old file, which still matches; a crash inside 2 after the file
// was written leaves the new file, which matches "next" and is promoted at the next sign-in.
//
// A re-key, under the same lock, with the new store key K' and the new file F' (epoch + 1,
// K' sealed to every live slot's public key):
//   1. commit keys_fingerprint_next = fp(F')
//   2. write F' to station.keys.next (atomically)
//   3. PRAGMA rekey K' (one SQLite transaction: the file is wholly under K or under K')
//   4. commit (under K') keys_fingerprint = fp(F'), next cleared, rekey_due cleared, the
//      audit entry
//   5. rename station.keys.next over station.keys
// A sign-in unwraps the operator's slot once and tries the store key sealed in station.keys,
// then the one in station.keys.next: before 3 the first opens the store (a leftover .next is
// deleted), after 3 only the second does, and it matches "next" (before 4) or the store's
// fingerprint (after 4); the sign-in then finishes steps 4 and 5. Disabling an operator and an
// administrator's password reset set rekey_due in their own transaction, so that a crash
// between the change and its re-key is completed by the next sign-in.
//
// Changing one's own password does not re-key: the slot keeps its key pair (only its
// wrapping changes), so a copy of the old slot with the old password yields the same key the
// operator legitimately holds. An operator whose old password may be known to someone else
// asks an administrator for a reset, which gives the slot a new key pair and re-keys.

namespace {

std::function<void(const char *)> &stepHook()
{
    static std::function<void(const char *)> hook;
    return hook;
}

// An upgrade from key file version 1: the signed-in administrator's record gets their new
// slot, every other operator loses theirs (and must have their password reset), and every
// record is signed with the new operators key. Returns the others' ids.
Result<std::vector<qint64>> moveOperatorsToUpgrade(Database &db, const QByteArray &storeId, qint64 selfId,
                                                   const QByteArray &adminSlot, const SecureBuffer &operatorsSecret)
{
    std::vector<qint64> ids;
    if (auto r = db.each(QStringLiteral("SELECT id FROM operators"), {},
                         [&](const Statement &row) { ids.push_back(row.integer(0)); });
        !r)
        return std::unexpected(r.error());
    std::vector<qint64> needReset;
    for (qint64 id : ids) {
        const bool self = id == selfId;
        if (auto r = db.run(QStringLiteral("UPDATE operators SET slot_public_key = ?, must_change_password = "
                                           "CASE WHEN ? THEN must_change_password ELSE 1 END WHERE id = ?"),
                            {self ? QVariant(adminSlot) : QVariant(), self, id});
            !r)
            return std::unexpected(r.error());
        if (auto r = signOperatorRow(db, storeId, id, operatorsSecret); !r)
            return std::unexpected(r.error());
        if (!self)
            needReset.push_back(id);
    }
    return needReset;
}

// Step 4 of an upgrade (as of a re-key): the store records the new key file, pins its
// operators key and forgets the "next" values.
Result<void> recordUpgradedKeyFile(Database &db, const QString &fingerprint, const QByteArray &operatorsPublicKey,
                                   int epoch, const QDateTime &now)
{
    for (const auto &[key, value] :
         {std::pair {kMetaFingerprint, fingerprint},
          std::pair {kMetaOperatorsKey, QString::fromLatin1(operatorsPublicKey.toHex())},
          std::pair {kMetaEpoch, QString::number(epoch)}, std::pair {kMetaRekeyedAt, isoUtc(now)}})
        if (auto r = setMetaOf(db, key, value); !r)
            return r;
    return db.run(QStringLiteral("DELETE FROM meta WHERE key IN (?, ?)"),
                  {kMetaFingerprintNext, kMetaOperatorsKeyNext});
}

} // namespace

namespace stationDetail {

void step(const char *name)
{
    if (const auto &hook = stepHook())
        hook(name);
}

Error rollback(const QString &keysPath)
{
    return Error {ErrorCode::Integrity,
                  QStringLiteral(
                      "The key file %1 is not the one this store was last used with: it is an older copy or has been "
                      "replaced, so sign-in is refused (old passwords and removed operators must not come back). Put "
                      "back the station.keys Tessera last wrote (from a backup made after the last re-key), or sign in "
                      "with the recovery key from the recovery sheet, which accepts this key file, re-keys the store "
                      "and records it; then reset the passwords of the operators it lets in.")
                      .arg(keysPath)};
}

} // namespace stationDetail

void Station::setStepHookForTests(std::function<void(const char *step)> hook)
{
    stepHook() = std::move(hook);
}

Result<void> Station::checkKeyFile(const KeySlotFile &file, bool fromNext, bool recovery)
{
    auto current = meta(kMetaFingerprint);
    auto next = meta(kMetaFingerprintNext);
    auto pinned = meta(kMetaOperatorsKey);
    if (!current || !next || !pinned)
        return std::unexpected(!current ? current.error() : !next ? next.error() : pinned.error());
    if (file.isLegacy() && !pinned->isEmpty())
        return std::unexpected(
            Error {ErrorCode::Integrity,
                   rollback(m_paths.keys()).message
                       + QStringLiteral(" (It is in the old format, version 1, but this store has been upgraded.)")});
    const QString fp = QString::fromLatin1(file.fingerprint().toHex());
    if (fp == *current && !fromNext) {
        if (QFile::exists(m_paths.nextKeys())) {
            // A re-key that stopped before PRAGMA rekey: its side file opens nothing. Under the
            // lock, so that a re-key under way in another process is not disturbed.
            auto lock = FileLock::acquire(m_paths.keys());
            if (lock && m_db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master")))
                QFile::remove(m_paths.nextKeys());
        }
        return {};
    }
    if (fp == *current || (!next->isEmpty() && fp == *next)) {
        // A change or re-key that stopped after its new file was in place: finish it.
        auto lock = FileLock::acquire(m_paths.keys());
        if (!lock)
            return std::unexpected(lock.error());
        auto pinNext = meta(kMetaOperatorsKeyNext);
        if (!pinNext)
            return std::unexpected(pinNext.error());
        auto done = m_db.transaction([&]() -> Result<void> {
            if (auto r = setMeta(kMetaFingerprint, fp); !r)
                return r;
            if (auto r = setMeta(kMetaEpoch, QString::number(file.epoch())); !r)
                return r;
            // An upgrade from version 1 that stopped after its PRAGMA rekey pins its key now.
            if (!pinNext->isEmpty() && QByteArray::fromHex(pinNext->toLatin1()) == file.operatorsKey()) {
                if (auto r = setMeta(kMetaOperatorsKey, *pinNext); !r)
                    return r;
                if (auto r = m_db.run(QStringLiteral("DELETE FROM meta WHERE key = ?"), {kMetaOperatorsKeyNext}); !r)
                    return r;
            }
            if (!fromNext)
                return {};
            if (auto r = setMeta(kMetaRekeyedAt, isoUtc(m_clock.now())); !r)
                return r;
            return record(QStringLiteral("store.rekeyed"), QStringLiteral("station"),
                          {{QStringLiteral("epoch"), file.epoch()}, {QStringLiteral("completed_at_sign_in"), true}});
        });
        if (!done)
            return done;
        if (fromNext)
            return renameDurably(m_paths.nextKeys(), m_paths.keys());
        return {};
    }
    if (current->isEmpty()) {
        // A store from before fingerprints: it adopts the key file it opens with.
        return m_db.transaction([&]() -> Result<void> {
            if (auto r = setMeta(kMetaFingerprint, fp); !r)
                return r;
            return setMeta(kMetaEpoch, QString::number(file.epoch()));
        });
    }
    if (recovery) {
        // The recovery key outranks the fingerprint: it accepts this key file, and the
        // sign-in re-keys the store (rekey_due), so that any other copy stops opening it.
        return m_db.transaction([&]() -> Result<void> {
            if (auto r = setMeta(kMetaFingerprint, fp); !r)
                return r;
            if (auto r = setMeta(kMetaRekeyDue, QStringLiteral("1")); !r)
                return r;
            return record(QStringLiteral("keys.file_accepted"), QStringLiteral("station"),
                          {{QStringLiteral("epoch"), file.epoch()}});
        });
    }
    return std::unexpected(rollback(m_paths.keys()));
}

Result<void> Station::checkOperatorsKey(const KeySlotFile::SlotKeys &keys)
{
    if (m_slots.isLegacy())
        return {};
    auto pinned = meta(kMetaOperatorsKey);
    if (!pinned)
        return std::unexpected(pinned.error());
    const QByteArray inFile = m_slots.operatorsKey();
    if (pinned->isEmpty() || QByteArray::fromHex(pinned->toLatin1()) != inFile)
        return std::unexpected(
            altered(QStringLiteral("the operators key in the key file is not the one the store was made with")));
    if (keys.operatorsKey != inFile)
        return std::unexpected(altered(QStringLiteral("this key slot was made under another operators key")));
    return {};
}

Result<void> Station::completeDueRekey()
{
    auto due = meta(kMetaRekeyDue);
    if (!due)
        return std::unexpected(due.error());
    if (due->isEmpty() || m_slots.isLegacy())
        return {};
    return rekeyNow(QStringLiteral("completing_earlier_change"));
}

Result<void> Station::requireRecordedKeyFile(const KeySlotFile &file)
{
    auto recorded = meta(kMetaFingerprint);
    if (!recorded)
        return std::unexpected(recorded.error());
    if (QString::fromLatin1(file.fingerprint().toHex()) != *recorded)
        return std::unexpected(rollback(m_paths.keys()));
    return {};
}

Result<void> Station::changeSlots(const std::function<Result<void>(KeySlotFile &)> &change,
                                  const std::function<Result<void>()> &record)
{
    auto lock = FileLock::acquire(m_paths.keys());
    if (!lock)
        return std::unexpected(lock.error());
    auto fresh = KeySlotFile::load(m_paths.keys());
    if (!fresh)
        return std::unexpected(fresh.error());
    if (fresh->storeId() != m_slots.storeId())
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("The key file beside the store belongs to another station; nothing was changed."));
    if (auto r = requireRecordedKeyFile(*fresh); !r)
        return r;
    if (auto r = change(*fresh); !r)
        return r;
    const QString fp = QString::fromLatin1(fresh->fingerprint().toHex());
    // Step 1 of the protocol at the top of this file: the store will accept the new file.
    if (auto r = m_db.transaction([&] { return setMeta(kMetaFingerprintNext, fp); }); !r)
        return r;
    step("slots-next-recorded");
    auto done = m_db.transaction([&]() -> Result<void> {
        if (auto r = record(); !r)
            return r;
        if (auto r = fresh->save(m_paths.keys()); !r)
            return r;
        step("slots-file-written");
        if (auto r = setMeta(kMetaFingerprint, fp); !r)
            return r;
        return m_db.run(QStringLiteral("DELETE FROM meta WHERE key = ?"), {kMetaFingerprintNext});
    });
    if (done)
        m_slots = std::move(*fresh);
    return done;
}

Result<void> Station::rekey(const QString &reason)
{
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    if (m_slots.isLegacy())
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("This station's key file is in the old format (version 1), which cannot be re-keyed. "
                           "Upgrade it first: tessera-cli store upgrade-keys."));
    return rekeyNow(reason);
}

Result<void> Station::rekeyNow(const QString &reason)
{
    // The protocol at the top of this file, steps 1 to 5.
    auto lock = FileLock::acquire(m_paths.keys());
    if (!lock)
        return std::unexpected(lock.error());
    auto fresh = KeySlotFile::load(m_paths.keys());
    if (!fresh)
        return std::unexpected(fresh.error());
    if (fresh->storeId() != m_slots.storeId())
        return std::unexpected(rollback(m_paths.keys()));
    if (auto r = requireRecordedKeyFile(*fresh); !r)
        return r;
    SecureBuffer newKey = SecureBuffer::random(crypto::kKeyBytes);
    fresh->resealStoreKey(newKey);
    const QString fp = QString::fromLatin1(fresh->fingerprint().toHex());
    if (auto r = m_db.transaction([&] { return setMeta(kMetaFingerprintNext, fp); }); !r)
        return r;
    step("rekey-next-recorded");
    if (auto r = writeFileAtomically(m_paths.nextKeys(), fresh->toJson()); !r)
        return r;
    step("rekey-next-written");
    if (auto r = m_db.rekey(newKey); !r)
        return r;
    m_storeKey = std::move(newKey);
    step("rekey-store-rekeyed");
    auto recorded = m_db.transaction([&]() -> Result<void> {
        if (auto r = setMeta(kMetaFingerprint, fp); !r)
            return r;
        if (auto r = setMeta(kMetaEpoch, QString::number(fresh->epoch())); !r)
            return r;
        if (auto r = setMeta(kMetaRekeyedAt, isoUtc(m_clock.now())); !r)
            return r;
        if (auto r =
                m_db.run(QStringLiteral("DELETE FROM meta WHERE key IN (?, ?)"), {kMetaFingerprintNext, kMetaRekeyDue});
            !r)
            return r;
        return record(QStringLiteral("store.rekeyed"), QStringLiteral("station"),
                      {{QStringLiteral("epoch"), fresh->epoch()}, {QStringLiteral("reason"), reason}});
    });
    if (!recorded)
        return recorded;
    step("rekey-recorded");
    if (auto r = renameDurably(m_paths.nextKeys(), m_paths.keys()); !r)
        return r;
    m_slots = std::move(*fresh);
    return {};
}

Result<std::vector<qint64>> Station::upgradeKeys(const SecureBuffer &password, const SecureBuffer &recoveryKey)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("Upgrading the key file needs an administrator's own sign-in."));
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    if (!m_slots.isLegacy())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("This station's key file is already in the current format."));
    auto raw = crypto::decodeRecoveryKey(recoveryKey);
    if (!raw)
        return std::unexpected(raw.error());
    auto lock = FileLock::acquire(m_paths.keys());
    if (!lock)
        return std::unexpected(lock.error());
    auto legacy = KeySlotFile::load(m_paths.keys());
    if (!legacy)
        return std::unexpected(legacy.error());
    if (!legacy->isLegacy())
        return std::unexpected(rollback(m_paths.keys()));
    if (auto r = requireRecordedKeyFile(*legacy); !r)
        return std::unexpected(r.error());
    if (auto k = legacy->unlockWithRecoveryKey(*raw); !k || !k->equals(m_storeKey))
        return fail(ErrorCode::AuthFailed,
                    QStringLiteral("That recovery key does not open this station; nothing was changed."));
    if (auto k = legacy->unlockWithPassword(signedIn().username, password); !k || !k->equals(m_storeKey))
        return fail(ErrorCode::AuthFailed,
                    QStringLiteral("Password: that is not your current password; nothing was changed."));

    // The new file, and the records as they will be signed.
    SecureBuffer newKey = SecureBuffer::random(crypto::kKeyBytes);
    const crypto::SigningKeyPair operatorsKey = crypto::generateSigningKeyPair();
    KeySlotFile upgraded = KeySlotFile::upgradeOf(*legacy);
    upgraded.setOperatorsKey(operatorsKey.publicKey);
    auto adminSlot =
        upgraded.setPasswordSlot(signedIn().username, password, newKey, slotKdf(), &operatorsKey.secretKey);
    if (!adminSlot)
        return std::unexpected(adminSlot.error());
    upgraded.setRecoverySlot(*raw, newKey, &operatorsKey.secretKey);
    const QString fp = QString::fromLatin1(upgraded.fingerprint().toHex());
    std::vector<qint64> needReset;
    // Steps as in a re-key (top of this file); the pin waits in operators_public_key_next
    // until the store is under the new key, so that the version 1 file opens until then.
    auto prepared = m_db.transaction([&]() -> Result<void> {
        auto others =
            moveOperatorsToUpgrade(m_db, upgraded.storeId(), signedIn().id, *adminSlot, operatorsKey.secretKey);
        if (!others)
            return std::unexpected(others.error());
        needReset = std::move(*others);
        if (auto r = setMeta(kMetaOperatorsKeyNext, QString::fromLatin1(operatorsKey.publicKey.toHex())); !r)
            return r;
        return setMeta(kMetaFingerprintNext, fp);
    });
    if (!prepared)
        return std::unexpected(prepared.error());
    step("upgrade-prepared");
    if (auto r = writeFileAtomically(m_paths.nextKeys(), upgraded.toJson()); !r)
        return std::unexpected(r.error());
    if (auto r = m_db.rekey(newKey); !r)
        return std::unexpected(r.error());
    m_storeKey = std::move(newKey);
    step("upgrade-store-rekeyed");
    auto recorded = m_db.transaction([&]() -> Result<void> {
        if (auto r = recordUpgradedKeyFile(m_db, fp, operatorsKey.publicKey, upgraded.epoch(), m_clock.now()); !r)
            return r;
        return record(QStringLiteral("keys.upgraded"), QStringLiteral("station"),
                      {{QStringLiteral("version"), upgraded.version()},
                       {QStringLiteral("operators_needing_reset"), static_cast<qint64>(needReset.size())}});
    });
    if (!recorded)
        return std::unexpected(recorded.error());
    if (auto r = renameDurably(m_paths.nextKeys(), m_paths.keys()); !r)
        return std::unexpected(r.error());
    m_slots = std::move(upgraded);
    auto keys = m_slots.unlockSlot(signedIn().username, password);
    if (!keys)
        return std::unexpected(keys.error());
    m_slotKeys = std::move(*keys);
    auto self = operatorById(signedIn().id);
    if (self)
        signedIn() = *self;
    return needReset;
}

Result<void> Station::followRekey()
{
    auto fresh = KeySlotFile::load(m_paths.keys());
    if (!fresh || fresh->storeId() != m_slots.storeId() || fresh->epoch() == m_slots.epoch())
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("The store can no longer be read with this session's key."));
    auto key = fresh->storeKeyFor(m_slotKeys);
    if (!key)
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral(
                        "%1 was disabled by an administrator or had their password reset since signing in (their key "
                        "slot is gone); sign out.")
                        .arg(signedIn().username));
    auto db = Database::open(m_paths.store(), *key, fresh->cipher(), Database::Mode::OpenExisting);
    if (!db)
        return std::unexpected(db.error());
    auto current = metaOf(*db, kMetaFingerprint);
    if (!current)
        return std::unexpected(current.error());
    if (QString::fromLatin1(fresh->fingerprint().toHex()) != *current)
        return std::unexpected(rollback(m_paths.keys()));
    // m_audit refers to m_db, which stays the same object.
    m_db = std::move(*db);
    m_storeKey = std::move(*key);
    m_slots = std::move(*fresh);
    return {};
}

} // namespace tessera
