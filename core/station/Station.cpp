#include "core/station/Station.h"

#include "core/crypto/Signing.h"
#include "core/station/LoginThrottle.h"
#include "core/station/PasswordPolicy.h"
#include "core/store/AtomicFile.h"
#include "core/store/Schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <chrono>

namespace tessera {

using namespace std::chrono_literals;

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

constexpr int kDefaultAutoLockSeconds = 300;
const QString kRecoveryUsername = QStringLiteral("recovery");
const QString kMetaFingerprint = QStringLiteral("keys_fingerprint");
const QString kMetaFingerprintNext = QStringLiteral("keys_fingerprint_next");
const QString kMetaEpoch = QStringLiteral("keys_epoch");
const QString kMetaRekeyedAt = QStringLiteral("keys_rekeyed_at");
const QString kMetaRekeyDue = QStringLiteral("rekey_due");
const QString kMetaOperatorsKey = QStringLiteral("operators_public_key");
const QString kMetaOperatorsKeyNext = QStringLiteral("operators_public_key_next");

std::function<void(const char *)> &stepHook()
{
    static std::function<void(const char *)> hook;
    return hook;
}

void step(const char *name)
{
    if (const auto &hook = stepHook())
        hook(name);
}

Result<void> validateUsername(const QString &username)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z][A-Za-z0-9._-]{1,31}$"));
    if (!re.match(username).hasMatch())
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral(
                "User name: use 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter."));
    if (username.compare(kRecoveryUsername, Qt::CaseInsensitive) == 0)
        return fail(ErrorCode::InvalidInput, QStringLiteral("User name: \"recovery\" is reserved; choose another."));
    return {};
}

Result<void> validateDisplayName(const QString &name)
{
    if (name.trimmed().isEmpty() || name.trimmed().size() > 80)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Full name: enter 1 to 80 characters."));
    return {};
}

// What the operators key signs for each operator: everything a sign-in or a role check
// relies on, bound to this store.
QByteArray operatorRecordMessage(const QByteArray &storeId, qint64 id, const QString &username, int roles,
                                 bool disabled, const QByteArray &slotPublicKey)
{
    return QByteArrayLiteral("tessera-operator-record-v1\n") + storeId.toHex() + '\n' + QByteArray::number(id) + '\n'
        + username.trimmed().toCaseFolded().toUtf8() + '\n' + QByteArray::number(roles) + '\n' + (disabled ? "1" : "0")
        + '\n' + slotPublicKey.toHex();
}

Error altered(const QString &what)
{
    return Error {
        ErrorCode::Integrity,
        QStringLiteral("The operator records have been altered outside Tessera (%1). Nothing is granted on them: an "
                       "administrator should run tessera-cli store check and restore the station from a backup made "
                       "before the change.")
            .arg(what)};
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

Result<QString> metaOf(Database &db, const QString &key)
{
    auto v = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key});
    if (!v)
        return std::unexpected(v.error());
    return v->toString();
}

Result<void> setMetaOf(Database &db, const QString &key, const QString &value)
{
    // Not an UPSERT (ON CONFLICT … DO UPDATE): that needs SQLite 3.24, and Debian 12's
    // SQLCipher 3.4 is built on SQLite 3.15. meta has no other columns to lose to REPLACE.
    return db.run(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"), {key, value});
}

Result<void> signOperatorRow(Database &db, const QByteArray &storeId, qint64 id, const SecureBuffer &operatorsSecret)
{
    auto stmt =
        db.prepare(QStringLiteral("SELECT username, roles, disabled, slot_public_key FROM operators WHERE id = ?"));
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto b = stmt->bind({id}); !b)
        return b;
    auto row = stmt->next();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no such operator."));
    const QByteArray message = operatorRecordMessage(storeId, id, stmt->text(0), static_cast<int>(stmt->integer(1)),
                                                     stmt->integer(2) != 0, stmt->blob(3));
    auto signature = crypto::sign(operatorsSecret, message);
    if (!signature)
        return std::unexpected(signature.error());
    return db.run(QStringLiteral("UPDATE operators SET record_signature = ? WHERE id = ?"), {*signature, id});
}

// Trims the set-up's names and checks them and the administrator's password.
Result<void> normalizeSetup(Station::Setup &setup)
{
    setup.stationName = setup.stationName.trimmed();
    setup.stationCode = setup.stationCode.trimmed().toUpper();
    setup.adminUsername = setup.adminUsername.trimmed();
    if (setup.stationName.isEmpty() || setup.stationName.size() > 80)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Station name: enter 1 to 80 characters."));
    static const QRegularExpression codeRe(QStringLiteral("^[A-Z0-9]{2,8}$"));
    if (!codeRe.match(setup.stationCode).hasMatch())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Station code: use 2 to 8 letters or digits (it appears in card numbers)."));
    if (auto r = validateUsername(setup.adminUsername); !r)
        return r;
    if (auto r = validateDisplayName(setup.adminDisplayName); !r)
        return r;
    if (auto r = checkNewPassword(setup.adminPassword, {setup.adminUsername, setup.stationName}); !r)
        return r;
    return {};
}

// What a new store records in its set-up transaction: the station's facts, the key file's
// fingerprint and epoch, the first administrator (signed) and the audit entry.
Result<void> recordNewStation(Database &db, const Station::Setup &setup, const KeySlotFile &slots,
                              const crypto::KdfParams &kdf, const QByteArray &operatorsPublicKey,
                              const SecureBuffer &operatorsSecret, const QByteArray &adminSlot, const Clock &clock)
{
    const QString now = isoUtc(clock.now());
    const CipherSettings &c = slots.cipher();
    const Roles adminRoles =
        setup.demo ? Roles(Role::Administrator) | Role::Supervisor | Role::Clerk : Roles(Role::Administrator);
    const std::pair<QString, QString> meta[] = {
        {QStringLiteral("station_name"), setup.stationName},
        {QStringLiteral("station_code"), setup.stationCode},
        {QStringLiteral("store_id"), QString::fromLatin1(slots.storeId().toHex())},
        {QStringLiteral("created_at"), now},
        {QStringLiteral("cipher_page_size"), QString::number(c.pageSize)},
        {QStringLiteral("cipher_kdf_iter"), QString::number(c.kdfIterations)},
        {QStringLiteral("cipher_hmac_algorithm"), c.hmacAlgorithm},
        {QStringLiteral("cipher_kdf_algorithm"), c.kdfAlgorithm},
        {QStringLiteral("cipher_version_at_creation"), db.cipherVersion()},
        {QStringLiteral("slot_kdf_ops"), QString::number(kdf.opsLimit)},
        {QStringLiteral("slot_kdf_mem"), QString::number(kdf.memLimitBytes)},
        {QStringLiteral("auto_lock_seconds"), QString::number(kDefaultAutoLockSeconds)},
        {QStringLiteral("demo"), setup.demo ? QStringLiteral("1") : QStringLiteral("0")},
        {kMetaOperatorsKey, QString::fromLatin1(operatorsPublicKey.toHex())},
        {kMetaFingerprint, QString::fromLatin1(slots.fingerprint().toHex())},
        {kMetaEpoch, QString::number(slots.epoch())},
    };
    for (const auto &[k, v] : meta)
        if (auto r = db.run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"), {k, v}); !r)
            return r;
    if (auto r = db.run(
            QStringLiteral("INSERT INTO operators (username, display_name, roles, created_at, password_changed_at, "
                           "slot_public_key) VALUES (?, ?, ?, ?, ?, ?)"),
            {setup.adminUsername, setup.adminDisplayName.trimmed(), adminRoles.toInt(), now, now, adminSlot});
        !r)
        return r;
    const qint64 adminId = db.lastInsertId();
    if (auto r = signOperatorRow(db, slots.storeId(), adminId, operatorsSecret); !r)
        return r;
    AuditLog log(db, clock);
    if (auto r = log.append(adminId, QStringLiteral("station.created"), QStringLiteral("station"),
                            {{QStringLiteral("schema"), latestSchemaVersion()},
                             {QStringLiteral("cipher"), db.cipherVersion()},
                             {QStringLiteral("demo"), setup.demo}});
        !r)
        return std::unexpected(r.error());
    return {};
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

QString operatorObject(qint64 id)
{
    return QStringLiteral("operator:%1").arg(id);
}

void Station::setStepHookForTests(std::function<void(const char *step)> hook)
{
    stepHook() = std::move(hook);
}

Station::Station(StationPaths paths, Database db, SecureBuffer storeKey, KeySlotFile slots, const Clock &clock)
    : m_paths(std::move(paths))
    , m_db(std::move(db))
    , m_storeKey(std::move(storeKey))
    , m_slots(std::move(slots))
    , m_clock(clock)
    , m_audit(m_db, clock)
    , m_session(*this, Operator {}, false)
{
}

Station::~Station() = default;

QString Station::defaultDirectory()
{
    const QString fromEnv = qEnvironmentVariable("TESSERA_STATION");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/tessera/station");
}

bool Station::existsAt(const QString &dir)
{
    const StationPaths p {dir};
    return QFile::exists(p.store()) || QFile::exists(p.keys());
}

Result<Station::Created> Station::create(const QString &dir, Setup setup, const Clock &clock)
{
    if (auto r = normalizeSetup(setup); !r)
        return std::unexpected(r.error());

    const StationPaths paths {QDir(dir).absolutePath()};
    if (existsAt(paths.dir))
        return fail(
            ErrorCode::AlreadyExists,
            QStringLiteral("A station already exists in %1. Open it, or choose an empty folder.").arg(paths.dir));
    if (!QDir().mkpath(paths.dir))
        return fail(ErrorCode::Io, QStringLiteral("The folder %1 could not be created.").arg(paths.dir));
    QFile::setPermissions(paths.dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    // Not value_or(calibrateKdf(…)): its argument is evaluated even when parameters were
    // given, which would spend two 256 MiB derivations on every set-up for nothing.
    const crypto::KdfParams kdf = setup.slotKdf ? *setup.slotKdf : crypto::calibrateKdf(500ms);
    SecureBuffer storeKey = SecureBuffer::random(crypto::kKeyBytes);
    SecureBuffer recoveryKey = SecureBuffer::random(crypto::kKeyBytes);
    // The operators key: signs operator records; its secret is sealed to administrators'
    // slots and the recovery slot only.
    const crypto::SigningKeyPair operatorsKey = crypto::generateSigningKeyPair();
    KeySlotFile slots = KeySlotFile::createNew(CipherSettings {});
    slots.setOperatorsKey(operatorsKey.publicKey);
    auto adminSlot =
        slots.setPasswordSlot(setup.adminUsername, setup.adminPassword, storeKey, kdf, &operatorsKey.secretKey);
    if (!adminSlot)
        return std::unexpected(adminSlot.error());
    slots.setRecoverySlot(recoveryKey, storeKey, &operatorsKey.secretKey);

    auto removeAll = [&] {
        for (const QString &f : QStringList {paths.store(), paths.store() + QStringLiteral("-wal"),
                                             paths.store() + QStringLiteral("-shm"), paths.keys()})
            QFile::remove(f);
    };
    auto db = Database::open(paths.store(), storeKey, slots.cipher(), Database::Mode::Create);
    if (!db)
        return std::unexpected(db.error());
    if (auto r = migrate(*db); !r) {
        removeAll();
        return std::unexpected(r.error());
    }
    auto stored = db->transaction([&] {
        return recordNewStation(*db, setup, slots, kdf, operatorsKey.publicKey, operatorsKey.secretKey, *adminSlot,
                                clock);
    });
    if (!stored) {
        removeAll();
        return std::unexpected(stored.error());
    }
    // The key file is written last: until it exists the half-made store opens for nobody.
    if (auto r = slots.save(paths.keys()); !r) {
        removeAll();
        return std::unexpected(r.error());
    }
    auto adminKeys = slots.unlockSlot(setup.adminUsername, setup.adminPassword);
    if (!adminKeys)
        return std::unexpected(adminKeys.error());
    auto station =
        std::unique_ptr<Station>(new Station(paths, std::move(*db), std::move(storeKey), std::move(slots), clock));
    station->m_slotKeys = std::move(*adminKeys);
    auto op = station->loadOperator(QStringLiteral("username"), setup.adminUsername);
    if (!op)
        return std::unexpected(op.error());
    station->signedIn() = *op;
    if (auto r = station->record(QStringLiteral("login.succeeded"), operatorObject(op->id)); !r)
        return std::unexpected(r.error());
    return Created {std::move(station), crypto::encodeRecoveryKey(recoveryKey)};
}

Result<std::unique_ptr<Station>> Station::openUnlocked(const StationPaths &paths, KeySlotFile slots,
                                                       KeySlotFile::SlotKeys keys, const SlotUnlocker &unlockAgain,
                                                       bool recovery, const Clock &clock)
{
    // station.keys first; station.keys.next when a re-key was cut short after PRAGMA rekey.
    std::optional<KeySlotFile> next;
    if (QFile::exists(paths.nextKeys()))
        if (auto n = KeySlotFile::load(paths.nextKeys()); n && n->storeId() == slots.storeId())
            next = std::move(*n);
    std::optional<Error> firstError;
    for (int i = 0; i < 2; ++i) {
        KeySlotFile *file = i == 0 ? &slots : (next ? &*next : nullptr);
        if (!file)
            break;
        auto key = file->storeKeyFor(keys);
        if (!key && i == 1) {
            auto again = unlockAgain(*file);
            if (!again)
                continue;
            keys = std::move(*again);
            key = file->storeKeyFor(keys);
        }
        if (!key)
            continue;
        auto db = Database::open(paths.store(), *key, file->cipher(), Database::Mode::OpenExisting);
        if (!db) {
            if (db.error().code != ErrorCode::StoreCorrupt)
                return std::unexpected(db.error());
            firstError = firstError.value_or(db.error());
            continue;
        }
        if (auto r = migrate(*db); !r)
            return std::unexpected(r.error());
        auto station =
            std::unique_ptr<Station>(new Station(paths, std::move(*db), std::move(*key), std::move(*file), clock));
        station->m_slotKeys = std::move(keys);
        if (recovery) {
            station->m_session.m_recovery = true;
            station->signedIn() = Operator {
                0,   kRecoveryUsername, QStringLiteral("Recovery key"), Role::Administrator, false, false, {}, {}, {},
                true};
        }
        if (auto r = station->checkKeyFile(station->m_slots, i == 1, recovery); !r)
            return std::unexpected(r.error());
        if (auto r = station->checkOperatorsKey(station->m_slotKeys); !r)
            return std::unexpected(r.error());
        return station;
    }
    // The slot opened (the password is right) but no key it leads to opens the store: the key
    // file is older than the store's key (a copy from before a re-key), or the store is damaged.
    if (firstError) {
        // A plain SQLite file or one shorter than a page is no store at all: say that. Any
        // other file that the slot's key does not open is, most likely, newer than the key file.
        // (An empty file, a FIFO or a device was refused by Database::open with its own reason,
        // and is never opened here: a FIFO would block.)
        const QFileInfo info(paths.store());
        if (!info.isFile() || info.size() == 0)
            return std::unexpected(*firstError);
        QFile store(paths.store());
        const QByteArray head = store.open(QIODevice::ReadOnly) ? store.read(slots.cipher().pageSize) : QByteArray();
        if (head.startsWith("SQLite format 3") || head.size() < slots.cipher().pageSize)
            return std::unexpected(*firstError);
        return fail(
            ErrorCode::Integrity,
            QStringLiteral(
                "The key file %1 is not the one this store was last used with: the password is right, but the "
                "store key it leads to (key epoch %2) is older than the store's, so this is an older copy of "
                "station.keys from before a re-key, and sign-in is refused (removed operators and old passwords "
                "must not come back). The recovery key cannot help with this copy either: put back the "
                "station.keys Tessera last wrote, or restore the latest backup (its store and key file belong "
                "together). If no key file was replaced, the store itself is damaged: restore the latest backup.")
                .arg(paths.keys())
                .arg(slots.epoch()));
    }
    return fail(ErrorCode::StoreCorrupt,
                QStringLiteral("The key file %1 holds no store key for this slot.").arg(paths.keys()));
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

Result<void> Station::finishSignIn(const QString &username)
{
    auto op = loadOperator(QStringLiteral("username"), username.trimmed());
    if (!op || op->disabled)
        return fail(ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right."));
    if (!op->recordVerified)
        return std::unexpected(
            altered(QStringLiteral("%1 does not match its administrators' signature").arg(operatorObject(op->id))));
    if (signsOperators() && op->slotPublicKey != m_slotKeys.publicKey)
        return std::unexpected(
            altered(QStringLiteral("the key slot of %1 is not the one its record names").arg(operatorObject(op->id))));
    signedIn() = *op;
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

Result<std::unique_ptr<Station>> Station::login(const QString &dir, const QString &username,
                                                const SecureBuffer &password, const Clock &clock)
{
    const StationPaths paths {QDir(dir).absolutePath()};
    auto slots = KeySlotFile::load(paths.keys());
    if (!slots) {
        if (slots.error().code == ErrorCode::StoreMissing && !QFile::exists(paths.store()))
            return fail(ErrorCode::StoreMissing,
                        QStringLiteral("There is no station in %1. Set one up first.").arg(paths.dir));
        return std::unexpected(slots.error());
    }
    LoginThrottle throttle(paths.throttle(), slots->loginPolicy(), clock);
    const QString slotId = slots->slotIdFor(username);
    const auto until = throttle.lockedUntil(slotId);
    if (!until)
        return std::unexpected(until.error());
    if (*until) {
        (void)throttle.recordRefusedWhileLocked(slotId);
        return fail(ErrorCode::LockedOut,
                    QStringLiteral(
                        "Too many failed attempts. This user name is locked until %1 UTC; ask an administrator if you "
                        "have forgotten the password.")
                        .arg((*until)->toString(QStringLiteral("HH:mm"))));
    }
    // Fail closed: where a failure could not be counted, guessing would go on without limit,
    // so no password is tried at all.
    if (auto r = throttle.requireRecordable(); !r)
        return std::unexpected(r.error());
    auto keys = slots->unlockSlot(username, password);
    if (!keys) {
        if (keys.error().code != ErrorCode::AuthFailed)
            return std::unexpected(keys.error());
        auto locked = throttle.recordFailure(slotId);
        if (!locked)
            return std::unexpected(locked.error());
        if (*locked)
            return fail(
                ErrorCode::LockedOut,
                QStringLiteral("The user name or the password is not right, and there have been too many attempts: "
                               "this user name is locked until %1 UTC.")
                    .arg((*locked)->toString(QStringLiteral("HH:mm"))));
        return std::unexpected(keys.error());
    }
    auto station = openUnlocked(
        paths, std::move(*slots), std::move(*keys),
        [&](const KeySlotFile &file) { return file.unlockSlot(username, password); }, false, clock);
    if (!station)
        return station;
    Station &s = **station;
    if (auto r = s.finishSignIn(username); !r)
        return std::unexpected(r.error());
    (void)throttle.recordSuccess(slotId);
    if (auto r = s.flushPendingLoginEvents(); !r)
        return std::unexpected(r.error());
    if (auto r = s.record(QStringLiteral("login.succeeded"), operatorObject(s.signedIn().id)); !r)
        return std::unexpected(r.error());
    if (auto r = s.completeDueRekey(); !r)
        return std::unexpected(r.error());
    return station;
}

Result<std::unique_ptr<Station>> Station::openWithRecoveryKey(const QString &dir, const SecureBuffer &recoveryKey,
                                                              const Clock &clock)
{
    const StationPaths paths {QDir(dir).absolutePath()};
    auto slots = KeySlotFile::load(paths.keys());
    if (!slots)
        return std::unexpected(slots.error());
    auto raw = crypto::decodeRecoveryKey(recoveryKey);
    if (!raw)
        return std::unexpected(raw.error());
    auto keys = slots->unlockRecoverySlot(*raw);
    if (!keys)
        return std::unexpected(keys.error());
    auto station = openUnlocked(
        paths, std::move(*slots), std::move(*keys),
        [&](const KeySlotFile &file) { return file.unlockRecoverySlot(*raw); }, true, clock);
    if (!station)
        return station;
    Station &s = **station;
    if (auto r = s.flushPendingLoginEvents(); !r)
        return std::unexpected(r.error());
    if (auto r = s.record(QStringLiteral("recovery.used"), QStringLiteral("station")); !r)
        return std::unexpected(r.error());
    if (auto r = s.completeDueRekey(); !r)
        return std::unexpected(r.error());
    return station;
}

Result<void> Station::record(const QString &event, const QString &object, const QJsonObject &details)
{
    auto e = m_audit.append(signedIn().id, event, object, details);
    if (!e)
        return std::unexpected(e.error());
    return {};
}

Result<void> Station::flushPendingLoginEvents()
{
    LoginThrottle throttle(m_paths.throttle(), m_slots.loginPolicy(), m_clock);
    auto pending = throttle.takePendingEvents();
    if (!pending)
        return std::unexpected(pending.error());
    if (pending->events.empty() && pending->dropped == 0)
        return {};
    auto ops = operators();
    if (!ops)
        return std::unexpected(ops.error());
    return m_db.transaction([&]() -> Result<void> {
        for (const LoginThrottle::PendingEvent &e : pending->events) {
            QString object = QStringLiteral("operator:unknown");
            for (const Operator &op : *ops)
                if (m_slots.slotIdFor(op.username) == e.slotId)
                    object = operatorObject(op.id);
            if (auto r = m_audit.append(0, e.event, object, {{QStringLiteral("occurred_at"), e.at}}); !r)
                return std::unexpected(r.error());
        }
        if (pending->dropped > 0)
            if (auto r = m_audit.append(0, QStringLiteral("login.events_dropped"), QStringLiteral("station"),
                                        {{QStringLiteral("count"), pending->dropped}});
                !r)
                return std::unexpected(r.error());
        return {};
    });
}

Result<QString> Station::meta(const QString &key)
{
    return metaOf(m_db, key);
}

Result<void> Station::setMeta(const QString &key, const QString &value)
{
    return setMetaOf(m_db, key, value);
}

crypto::KdfParams Station::slotKdf()
{
    const auto ops = meta(QStringLiteral("slot_kdf_ops"));
    const auto mem = meta(QStringLiteral("slot_kdf_mem"));
    crypto::KdfParams p {ops ? ops->toULongLong() : 0, mem ? mem->toULongLong() : 0};
    if (p.opsLimit == 0 || p.memLimitBytes == 0)
        p = crypto::calibrateKdf(500ms);
    return p;
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

Result<SecureBuffer> Station::operatorsSecret()
{
    return m_slots.operatorsSecretFor(m_slotKeys);
}

Result<void> Station::signOperator(qint64 id, const SecureBuffer &operatorsSecret)
{
    return signOperatorRow(m_db, m_slots.storeId(), id, operatorsSecret);
}

Result<QStringList> Station::operatorRecordProblems()
{
    QStringList problems;
    if (m_slots.isLegacy()) {
        problems << QStringLiteral(
            "station.keys is in the old format (version 1): operator records are not signed and disabling "
            "an operator does not re-key the store. Upgrade it: tessera-cli store upgrade-keys.");
        return problems;
    }
    auto current = meta(kMetaFingerprint);
    auto pinned = meta(kMetaOperatorsKey);
    if (!current || !pinned)
        return std::unexpected(!current ? current.error() : pinned.error());
    auto onDisk = KeySlotFile::load(m_paths.keys());
    if (!onDisk)
        problems << onDisk.error().message;
    else if (QString::fromLatin1(onDisk->fingerprint().toHex()) != *current)
        problems << QStringLiteral(
            "station.keys does not match the key file this store was last used with (it is an older copy or "
            "has been replaced); sign-in through it is refused. Put back the file Tessera last wrote, or "
            "sign in with the recovery key to accept it and re-key.");
    else if (onDisk->operatorsKey() != QByteArray::fromHex(pinned->toLatin1()))
        problems << QStringLiteral("The operators key in station.keys is not the one pinned in the store.");
    if (QByteArray::fromHex(pinned->toLatin1()) != m_slotKeys.operatorsKey && !m_slotKeys.operatorsKey.isEmpty())
        problems << QStringLiteral(
            "The operators key pinned in the store is not the one this operator's key slot was made under: "
            "the store has been altered outside Tessera.");
    auto ops = operators();
    if (!ops)
        return std::unexpected(ops.error());
    for (const Operator &op : *ops)
        if (!op.recordVerified)
            problems << QStringLiteral(
                            "The record of %1 does not match its administrators' signature: the operator records have "
                            "been altered outside Tessera.")
                            .arg(operatorObject(op.id));
    return problems;
}

Result<StationInfo> Station::info()
{
    auto i = readStationInfo(m_db);
    if (!i)
        return i;
    i->cipher = m_slots.cipher();
    i->loginPolicy = m_slots.loginPolicy();
    i->operatorSlots = m_slots.passwordSlotCount();
    i->keyFileVersion = m_slots.version();
    i->keyEpoch = m_slots.epoch();
    return i;
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

Result<Operator> Station::reloadOperator(const Session &session)
{
    if (!session.isRecovery() || !m_slotKeys.publicKey.isEmpty()) {
        // Another process may have re-keyed the store since this session opened it: follow
        // with this session's own slot, which a disabled or reset operator no longer has.
        if (auto probe = m_db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master")); !probe)
            if (auto followed = followRekey(); !followed)
                return std::unexpected(followed.error());
    }
    if (session.isRecovery())
        return session.currentOperator();
    auto fresh = operatorById(session.operatorId());
    if (!fresh)
        return fresh;
    if (!fresh->recordVerified)
        return std::unexpected(
            altered(QStringLiteral("%1 does not match its administrators' signature").arg(operatorObject(fresh->id))));
    return fresh;
}

Result<Operator> Station::loadOperator(const QString &where, const QVariant &value)
{
    auto stmt = m_db.prepare(
        QStringLiteral("SELECT id, username, display_name, roles, disabled, must_change_password, "
                       "created_at, password_changed_at, slot_public_key, record_signature FROM operators WHERE %1 = ?")
            .arg(where));
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto b = stmt->bind({value}); !b)
        return std::unexpected(b.error());
    auto row = stmt->next();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no such operator."));
    Operator op {stmt->integer(0),      stmt->text(1),
                 stmt->text(2),         Roles::fromInt(static_cast<int>(stmt->integer(3))),
                 stmt->integer(4) != 0, stmt->integer(5) != 0,
                 stmt->text(6),         stmt->text(7),
                 stmt->blob(8),         true};
    if (signsOperators())
        op.recordVerified =
            crypto::verifySignature(m_slots.operatorsKey(),
                                    operatorRecordMessage(m_slots.storeId(), op.id, op.username, op.roles.toInt(),
                                                          op.disabled, op.slotPublicKey),
                                    stmt->blob(9));
    return op;
}
Result<Operator> Station::operatorById(qint64 id)
{
    return loadOperator(QStringLiteral("id"), id);
}

Result<std::vector<Operator>> Station::operators()
{
    std::vector<qint64> ids;
    if (auto r = m_db.each(QStringLiteral("SELECT id FROM operators ORDER BY username"), {},
                           [&](const Statement &row) { ids.push_back(row.integer(0)); });
        !r)
        return std::unexpected(r.error());
    std::vector<Operator> out;
    for (qint64 id : ids) {
        auto op = operatorById(id);
        if (!op)
            return std::unexpected(op.error());
        out.push_back(*op);
    }
    return out;
}

Result<Operator> Station::verifyPassword(const QString &username, const SecureBuffer &password)
{
    auto check = beginPasswordCheck(username);
    if (!check)
        return std::unexpected(check.error());
    check->unlock(password);
    return finishPasswordCheck(std::move(*check));
}

Result<Session::PasswordCheck> Station::beginPasswordCheck(const QString &username)
{
    // Re-read the key file: another process may have changed a password (or re-keyed) since
    // we opened; a file the store does not know is refused like at sign-in.
    if (auto probe = m_db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master")); !probe)
        if (auto followed = followRekey(); !followed)
            return std::unexpected(followed.error());
    if (auto fresh = KeySlotFile::load(m_paths.keys()); fresh && fresh->storeId() == m_slots.storeId()) {
        auto current = meta(kMetaFingerprint);
        if (!current)
            return std::unexpected(current.error());
        if (QString::fromLatin1(fresh->fingerprint().toHex()) != *current)
            return std::unexpected(rollback(m_paths.keys()));
        m_slots = std::move(*fresh);
    }
    LoginThrottle throttle(m_paths.throttle(), m_slots.loginPolicy(), m_clock);
    const QString slotId = m_slots.slotIdFor(username);
    const auto until = throttle.lockedUntil(slotId);
    if (!until)
        return std::unexpected(until.error());
    if (*until) {
        (void)throttle.recordRefusedWhileLocked(slotId);
        (void)flushPendingLoginEvents();
        return fail(ErrorCode::LockedOut,
                    QStringLiteral("Too many failed attempts. This user name is locked until %1 UTC.")
                        .arg((*until)->toString(QStringLiteral("HH:mm"))));
    }
    // Fail closed, as at sign-in.
    if (auto r = throttle.requireRecordable(); !r)
        return std::unexpected(r.error());
    return Session::PasswordCheck(username, m_slots);
}

Result<Operator> Station::finishPasswordCheck(Session::PasswordCheck check)
{
    if (!check.keys())
        return fail(ErrorCode::Internal,
                    QStringLiteral("A password check was finished before the password was tried."));
    const QString &username = check.username();
    // The slots the password was tried against: the key file may have been re-read since.
    const KeySlotFile &slots = check.slots();
    LoginThrottle throttle(m_paths.throttle(), slots.loginPolicy(), m_clock);
    const QString slotId = slots.slotIdFor(username);
    auto &keys = *check.keys();
    std::optional<SecureBuffer> key;
    if (keys)
        if (auto k = slots.storeKeyFor(*keys))
            key = std::move(*k);
    if (!key || !key->equals(m_storeKey)) {
        if (keys || keys.error().code == ErrorCode::AuthFailed) {
            auto locked = throttle.recordFailure(slotId);
            if (!locked)
                return std::unexpected(locked.error());
            (void)flushPendingLoginEvents();
            if (*locked)
                return fail(ErrorCode::LockedOut,
                            QStringLiteral("The user name or the password is not right, and this user "
                                           "name is now locked until %1 UTC.")
                                .arg((*locked)->toString(QStringLiteral("HH:mm"))));
            return fail(ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right."));
        }
        return std::unexpected(keys.error());
    }
    (void)throttle.recordSuccess(slotId);
    auto op = loadOperator(QStringLiteral("username"), username.trimmed());
    if (!op || op->disabled)
        return fail(ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right."));
    if (!op->recordVerified || (signsOperators() && op->slotPublicKey != keys->publicKey))
        return std::unexpected(
            altered(QStringLiteral("%1 does not match its administrators' signature").arg(operatorObject(op->id))));
    if (op->id == signedIn().id && !isRecoverySession())
        m_slotKeys = std::move(*keys);
    return op;
}

Result<void> Station::recordLocked()
{
    return record(QStringLiteral("session.locked"), operatorObject(signedIn().id));
}

Result<Operator> Station::unlockSession(const QString &username, const SecureBuffer &password)
{
    return unlockedBy(verifyPassword(username, password));
}

Result<Operator> Station::unlockSession(Session::PasswordCheck checked)
{
    return unlockedBy(finishPasswordCheck(std::move(checked)));
}

Result<Operator> Station::unlockedBy(Result<Operator> who)
{
    if (!who)
        return who;
    if (who->id != signedIn().id && !who->roles.testFlag(Role::Supervisor))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("Only %1 or a supervisor can unlock this session.").arg(signedIn().displayName));
    if (auto r = record(QStringLiteral("session.unlocked"), operatorObject(signedIn().id),
                        {{QStringLiteral("by_operator"), who->id}});
        !r)
        return std::unexpected(r.error());
    return who;
}

Result<void> Station::logout()
{
    return record(QStringLiteral("logout"), operatorObject(signedIn().id));
}

Result<Operator> Station::addOperator(NewOperator op)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session can only reset passwords."));
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    op.username = op.username.trimmed();
    if (auto r = validateUsername(op.username); !r)
        return std::unexpected(r.error());
    if (auto r = validateDisplayName(op.displayName); !r)
        return std::unexpected(r.error());
    if (!op.roles || op.roles.toInt() > 7)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Roles: choose at least one of clerk, supervisor, administrator."));
    if (loadOperator(QStringLiteral("username"), op.username))
        return fail(ErrorCode::AlreadyExists, QStringLiteral("User name: %1 is already taken.").arg(op.username));
    auto info = this->info();
    if (auto r = checkNewPassword(op.password, {op.username, info ? info->name : QString()}); !r)
        return std::unexpected(r.error());
    std::optional<SecureBuffer> secret;
    if (signsOperators()) {
        auto s = operatorsSecret();
        if (!s)
            return std::unexpected(s.error());
        secret = std::move(*s);
    }
    const QString now = isoUtc(m_clock.now());
    const crypto::KdfParams kdf = slotKdf();
    qint64 id = 0;
    QByteArray publicKey;
    auto done = changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            auto pk = slots.setPasswordSlot(op.username, op.password, m_storeKey, kdf,
                                            secret && op.roles.testFlag(Role::Administrator) ? &*secret : nullptr);
            if (!pk)
                return std::unexpected(pk.error());
            publicKey = *pk;
            return {};
        },
        [&]() -> Result<void> {
            if (auto r = m_db.run(
                    QStringLiteral("INSERT INTO operators (username, display_name, roles, must_change_password, "
                                   "created_at, password_changed_at, slot_public_key) VALUES (?, ?, ?, 1, ?, ?, ?)"),
                    {op.username, op.displayName.trimmed(), op.roles.toInt(), now, now,
                     publicKey.isEmpty() ? QVariant() : QVariant(publicKey)});
                !r)
                return r;
            id = m_db.lastInsertId();
            if (secret)
                if (auto r = signOperator(id, *secret); !r)
                    return r;
            return record(QStringLiteral("operator.added"), operatorObject(id),
                          {{QStringLiteral("roles"), roleNames(op.roles).join(QLatin1Char(','))}});
        });
    if (!done)
        return std::unexpected(done.error());
    return operatorById(id);
}

Result<void> Station::disableOperator(qint64 id)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session can only reset passwords."));
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    auto op = operatorById(id);
    if (!op)
        return std::unexpected(op.error());
    if (op->id == signedIn().id)
        return fail(ErrorCode::InvalidInput, QStringLiteral("You cannot disable yourself; ask another administrator."));
    if (!op->recordVerified)
        return std::unexpected(
            altered(QStringLiteral("%1 does not match its administrators' signature; it grants nothing as it is, "
                                   "and it is not signed again")
                        .arg(operatorObject(op->id))));
    if (op->disabled)
        return {};
    if (op->roles.testFlag(Role::Administrator)) {
        auto admins =
            m_db.scalar(QStringLiteral("SELECT count(*) FROM operators WHERE disabled = 0 AND (roles & ?) != 0"),
                        {static_cast<int>(Role::Administrator)});
        if (!admins)
            return std::unexpected(admins.error());
        if (admins->toLongLong() <= 1)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("This is the last administrator; add another before disabling this one."));
    }
    std::optional<SecureBuffer> secret;
    if (signsOperators()) {
        auto s = operatorsSecret();
        if (!s)
            return std::unexpected(s.error());
        secret = std::move(*s);
    }
    // Removing the slot is what disables for this key file; the re-key that follows makes
    // every older copy of the slot (an old station.keys, a backup's) open nothing live.
    auto done = changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            slots.removePasswordSlot(op->username);
            return {};
        },
        [&]() -> Result<void> {
            if (auto r = m_db.run(QStringLiteral("UPDATE operators SET disabled = 1 WHERE id = ?"), {id}); !r)
                return r;
            if (secret) {
                if (auto r = signOperator(id, *secret); !r)
                    return r;
                if (auto r = setMeta(kMetaRekeyDue, QStringLiteral("1")); !r)
                    return r;
            }
            return record(QStringLiteral("operator.disabled"), operatorObject(id));
        });
    if (!done || !secret)
        return done;
    step("disable-before-rekey");
    return rekeyNow(QStringLiteral("operator_disabled"));
}

Result<void> Station::resetPassword(qint64 id, const SecureBuffer &newPassword)
{
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    auto op = operatorById(id);
    if (!op)
        return std::unexpected(op.error());
    if (op->id == signedIn().id)
        return fail(ErrorCode::InvalidInput, QStringLiteral("To change your own password, use Change password."));
    if (!op->recordVerified)
        return std::unexpected(
            altered(QStringLiteral("%1 does not match its administrators' signature; it grants nothing as it is, "
                                   "and it is not signed again")
                        .arg(operatorObject(op->id))));
    auto info = this->info();
    if (auto r = checkNewPassword(newPassword, {op->username, info ? info->name : QString()}); !r)
        return r;
    std::optional<SecureBuffer> secret;
    if (signsOperators()) {
        auto s = operatorsSecret();
        if (!s)
            return std::unexpected(s.error());
        secret = std::move(*s);
    }
    const QString now = isoUtc(m_clock.now());
    const crypto::KdfParams kdf = slotKdf();
    QByteArray publicKey;
    auto done = changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            // A new key pair: the old one may be known with the old password.
            auto pk = slots.setPasswordSlot(op->username, newPassword, m_storeKey, kdf,
                                            secret && op->roles.testFlag(Role::Administrator) ? &*secret : nullptr);
            if (!pk)
                return std::unexpected(pk.error());
            publicKey = *pk;
            return {};
        },
        [&]() -> Result<void> {
            if (auto r = m_db.run(QStringLiteral("UPDATE operators SET must_change_password = 1, disabled = 0, "
                                                 "password_changed_at = ?, slot_public_key = ? WHERE id = ?"),
                                  {now, publicKey.isEmpty() ? QVariant() : QVariant(publicKey), id});
                !r)
                return r;
            if (secret) {
                if (auto r = signOperator(id, *secret); !r)
                    return r;
                if (auto r = setMeta(kMetaRekeyDue, QStringLiteral("1")); !r)
                    return r;
            }
            return record(QStringLiteral("operator.password_reset"), operatorObject(id),
                          {{QStringLiteral("re_enabled"), op->disabled}});
        });
    if (!done)
        return done;
    // A new password from an administrator also ends a lock-out of that user name.
    (void)LoginThrottle(m_paths.throttle(), m_slots.loginPolicy(), m_clock)
        .recordSuccess(m_slots.slotIdFor(op->username));
    if (!secret)
        return {};
    step("reset-before-rekey");
    return rekeyNow(QStringLiteral("password_reset"));
}

Result<void> Station::changeOwnPassword(const SecureBuffer &current, const SecureBuffer &next)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session has no password to change."));
    if (auto who = verifyPassword(signedIn().username, current); !who)
        return fail(who.error().code,
                    who.error().code == ErrorCode::AuthFailed
                        ? QStringLiteral("Current password: that is not your current password.")
                        : who.error().message);
    auto info = this->info();
    if (auto r = checkNewPassword(next, {signedIn().username, info ? info->name : QString()}); !r)
        return r;
    if (current.equals(next))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("New password: choose a password different from the current one."));
    const QString now = isoUtc(m_clock.now());
    const crypto::KdfParams kdf = slotKdf();
    // The same key pair under the new password (see "Changing one's own password" at the top).
    auto done = changeSlots(
        [&](KeySlotFile &slots) {
            return slots.rewrapPasswordSlot(signedIn().username, m_slotKeys, next, kdf, m_storeKey);
        },
        [&]() -> Result<void> {
            if (auto r =
                    m_db.run(QStringLiteral("UPDATE operators SET must_change_password = 0, password_changed_at = ? "
                                            "WHERE id = ?"),
                             {now, signedIn().id});
                !r)
                return r;
            return record(QStringLiteral("operator.password_changed"), operatorObject(signedIn().id));
        });
    if (!done)
        return done;
    signedIn().mustChangePassword = false;
    signedIn().passwordChangedAt = now;
    return {};
}

Result<void> Station::setAutoLockSeconds(int seconds)
{
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    if (seconds < 30 || seconds > 3600)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Auto-lock: choose between 30 seconds and 60 minutes."));
    return m_db.transaction([&]() -> Result<void> {
        if (auto r = setMeta(QStringLiteral("auto_lock_seconds"), QString::number(seconds)); !r)
            return r;
        return record(QStringLiteral("settings.changed"), QStringLiteral("setting:auto_lock_seconds"),
                      {{QStringLiteral("value"), seconds}});
    });
}

Result<void> Station::setLoginPolicy(const LoginPolicy &policy)
{
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    if (policy.maxFailures < 3 || policy.maxFailures > 20 || policy.lockoutSeconds < 60
        || policy.lockoutSeconds > 86400)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Login lock-out: allow 3 to 20 failures and lock for 1 minute to 24 hours."));
    return changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            slots.setLoginPolicy(policy);
            return {};
        },
        [&]() -> Result<void> {
            return record(QStringLiteral("settings.changed"), QStringLiteral("setting:login_policy"),
                          {{QStringLiteral("max_failures"), policy.maxFailures},
                           {QStringLiteral("lockout_seconds"), policy.lockoutSeconds}});
        });
}

Result<QStringList> Station::check()
{
    auto problems = m_db.integrityProblems();
    if (!problems)
        return problems;
    if (m_db.cipherVersion().isEmpty())
        problems->append(QStringLiteral("The store is not opened through SQLCipher."));
    QFile f(m_paths.store());
    if (f.open(QIODevice::ReadOnly) && f.read(16).startsWith("SQLite format 3"))
        problems->append(QStringLiteral("The store file begins with the plain SQLite header: it is not encrypted."));
    const CipherSettings &c = m_slots.cipher();
    auto recorded = [&](const char *key) { return meta(QString::fromLatin1(key)).value_or(QString()); };
    if (recorded("cipher_page_size") != QString::number(c.pageSize)
        || recorded("cipher_hmac_algorithm") != c.hmacAlgorithm || recorded("cipher_kdf_algorithm") != c.kdfAlgorithm)
        problems->append(QStringLiteral("The cipher settings recorded in the store differ from the key file's."));
    auto keyProblems = operatorRecordProblems();
    if (!keyProblems)
        return std::unexpected(keyProblems.error());
    problems->append(*keyProblems);
    if (auto r = record(QStringLiteral("store.checked"), QStringLiteral("station"),
                        {{QStringLiteral("problems"), static_cast<qint64>(problems->size())}});
        !r)
        return std::unexpected(r.error());
    return problems;
}

} // namespace tessera
