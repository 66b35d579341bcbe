// Sign-in (password or recovery key), verifying a password during a session, lock, unlock
// and sign-out.

#include "core/station/Station.h"

#include "core/station/LoginThrottle.h"
#include "core/station/Station_p.h"
#include "core/store/Schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tessera {

using namespace stationDetail;

namespace {

// station.keys.next, when a re-key was cut short after PRAGMA rekey and it is this store's.
std::optional<KeySlotFile> loadNextKeyFile(const StationPaths &paths, const QByteArray &storeId)
{
    if (!QFile::exists(paths.nextKeys()))
        return std::nullopt;
    auto next = KeySlotFile::load(paths.nextKeys());
    if (!next || next->storeId() != storeId)
        return std::nullopt;
    return std::move(*next);
}

// The slot opened (the password is right) but no key it leads to opens the store: the key
// file is older than the store's key (a copy from before a re-key), or the store is damaged.
Error storeNotOpenedError(const StationPaths &paths, const KeySlotFile &slots, const Error &openError)
{
    // A plain SQLite file or one shorter than a page is no store at all: say that. Any other
    // file that the slot's key does not open is, most likely, newer than the key file. (An
    // empty file, a FIFO or a device was refused by Database::open with its own reason, and is
    // never opened here: a FIFO would block.)
    const QFileInfo info(paths.store());
    if (!info.isFile() || info.size() == 0)
        return openError;
    QFile store(paths.store());
    const QByteArray head = store.open(QIODevice::ReadOnly) ? store.read(slots.cipher().pageSize) : QByteArray();
    if (head.startsWith("SQLite format 3") || head.size() < slots.cipher().pageSize)
        return openError;
    return Error {ErrorCode::Integrity,
                  QStringLiteral(
                      "The key file %1 is not the one this store was last used with: the password is right, but the "
                      "store key it leads to (key epoch %2) is older than the store's, so this is an older copy of "
                      "station.keys from before a re-key, and sign-in is refused (removed operators and old passwords "
                      "must not come back). The recovery key cannot help with this copy either: put back the "
                      "station.keys Tessera last wrote, or restore the latest backup (its store and key file belong "
                      "together). If no key file was replaced, the store itself is damaged: restore the latest backup.")
                      .arg(paths.keys())
                      .arg(slots.epoch())};
}

// The key file of the station in `paths`, with the plain answer when there is no station.
Result<KeySlotFile> loadKeyFileToSignIn(const StationPaths &paths)
{
    auto slots = KeySlotFile::load(paths.keys());
    if (!slots && slots.error().code == ErrorCode::StoreMissing && !QFile::exists(paths.store()))
        return fail(ErrorCode::StoreMissing,
                    QStringLiteral("There is no station in %1. Set one up first.").arg(paths.dir));
    return slots;
}

// Unlocks `username`'s slot unless the name is locked out; a wrong password is counted and
// may lock the name out.
Result<KeySlotFile::SlotKeys> unlockThrottled(LoginThrottle &throttle, const KeySlotFile &slots,
                                              const QString &username, const SecureBuffer &password)
{
    const QString slotId = slots.slotIdFor(username);
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
    auto keys = slots.unlockSlot(username, password);
    if (keys || keys.error().code != ErrorCode::AuthFailed)
        return keys;
    auto locked = throttle.recordFailure(slotId);
    if (!locked)
        return std::unexpected(locked.error());
    if (*locked)
        return fail(ErrorCode::LockedOut,
                    QStringLiteral("The user name or the password is not right, and there have been too many attempts: "
                                   "this user name is locked until %1 UTC.")
                        .arg((*locked)->toString(QStringLiteral("HH:mm"))));
    return keys;
}

} // namespace

Result<std::unique_ptr<Station>> Station::openUnlocked(const StationPaths &paths, KeySlotFile slots,
                                                       KeySlotFile::SlotKeys keys, const SlotUnlocker &unlockAgain,
                                                       bool recovery, const Clock &clock)
{
    // station.keys first; station.keys.next when a re-key was cut short after PRAGMA rekey.
    std::optional<KeySlotFile> next = loadNextKeyFile(paths, slots.storeId());
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
        if (auto r = station->checkOpenedStore(i == 1, recovery); !r)
            return std::unexpected(r.error());
        return station;
    }
    if (firstError)
        return std::unexpected(storeNotOpenedError(paths, slots, *firstError));
    return fail(ErrorCode::StoreCorrupt,
                QStringLiteral("The key file %1 holds no store key for this slot.").arg(paths.keys()));
}

Result<void> Station::checkOpenedStore(bool fromNext, bool recovery)
{
    if (recovery) {
        m_session.m_recovery = true;
        signedIn() = Operator {
            0, kRecoveryUsername, QStringLiteral("Recovery key"), Role::Administrator, false, false, {}, {}, {}, true};
    }
    if (auto r = checkKeyFile(m_slots, fromNext, recovery); !r)
        return r;
    return checkOperatorsKey(m_slotKeys);
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

Result<std::unique_ptr<Station>> Station::login(const QString &dir, const QString &username,
                                                const SecureBuffer &password, const Clock &clock)
{
    const StationPaths paths {QDir(dir).absolutePath()};
    auto slots = loadKeyFileToSignIn(paths);
    if (!slots)
        return std::unexpected(slots.error());
    LoginThrottle throttle(paths.throttle(), slots->loginPolicy(), clock);
    const QString slotId = slots->slotIdFor(username);
    auto keys = unlockThrottled(throttle, *slots, username, password);
    if (!keys)
        return std::unexpected(keys.error());
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
    if (auto r = reloadKeyFile(); !r)
        return std::unexpected(r.error());
    LoginThrottle throttle(m_paths.throttle(), m_slots.loginPolicy(), m_clock);
    if (auto r = refuseWhileLocked(throttle, m_slots.slotIdFor(username)); !r)
        return std::unexpected(r.error());
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
    auto keys = acceptUnlocked(throttle, slotId, slots, std::move(*check.keys()));
    if (!keys)
        return std::unexpected(keys.error());
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

Result<void> Station::reloadKeyFile()
{
    // Another process may have changed a password (or re-keyed) since we opened; a file the
    // store does not know is refused like at sign-in.
    if (auto probe = m_db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master")); !probe)
        if (auto followed = followRekey(); !followed)
            return followed;
    auto fresh = KeySlotFile::load(m_paths.keys());
    if (!fresh || fresh->storeId() != m_slots.storeId())
        return {};
    auto current = m_settings.keysFingerprint();
    if (!current)
        return std::unexpected(current.error());
    if (*current != fresh->fingerprint())
        return std::unexpected(rollback(m_paths.keys()));
    m_slots = std::move(*fresh);
    return {};
}

Result<void> Station::refuseWhileLocked(LoginThrottle &throttle, const QString &slotId)
{
    const auto until = throttle.lockedUntil(slotId);
    if (!until)
        return std::unexpected(until.error());
    if (!*until)
        return {};
    (void)throttle.recordRefusedWhileLocked(slotId);
    (void)flushPendingLoginEvents();
    return fail(ErrorCode::LockedOut,
                QStringLiteral("Too many failed attempts. This user name is locked until %1 UTC.")
                    .arg((*until)->toString(QStringLiteral("HH:mm"))));
}

Result<KeySlotFile::SlotKeys> Station::acceptUnlocked(LoginThrottle &throttle, const QString &slotId,
                                                      const KeySlotFile &slots, Result<KeySlotFile::SlotKeys> keys)
{
    std::optional<SecureBuffer> key;
    if (keys)
        if (auto k = slots.storeKeyFor(*keys))
            key = std::move(*k);
    if (key && key->equals(m_storeKey))
        return keys;
    if (!keys && keys.error().code != ErrorCode::AuthFailed)
        return keys;
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

Result<void> Station::recordTakenOver()
{
    return record(QStringLiteral("session.taken_over"), operatorObject(signedIn().id));
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

} // namespace tessera
