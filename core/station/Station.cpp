#include "station/Station.h"

#include "cards/IssuerKey.h"

#include "station/LoginThrottle.h"
#include "station/PasswordPolicy.h"
#include "store/AtomicFile.h"
#include "store/Schema.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

#include <chrono>

namespace tessera {

using namespace std::chrono_literals;

namespace {

constexpr int kDefaultAutoLockSeconds = 300;
const QString kRecoveryUsername = QStringLiteral("recovery");

Result<void> validateUsername(const QString &username)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z][A-Za-z0-9._-]{1,31}$"));
    if (!re.match(username).hasMatch())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("User name: use 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter."));
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

} // namespace

QString operatorObject(qint64 id)
{
    return QStringLiteral("operator:%1").arg(id);
}

Station::Station(StationPaths paths, Database db, SecureBuffer storeKey, KeySlotFile slots, const Clock &clock)
    : m_paths(std::move(paths))
    , m_db(std::move(db))
    , m_storeKey(std::move(storeKey))
    , m_slots(std::move(slots))
    , m_clock(clock)
    , m_audit(m_db, clock)
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
    const StationPaths p{dir};
    return QFile::exists(p.store()) || QFile::exists(p.keys());
}

Result<Station::Created> Station::create(const QString &dir, Setup setup, const Clock &clock)
{
    setup.stationName = setup.stationName.trimmed();
    setup.stationCode = setup.stationCode.trimmed().toUpper();
    setup.adminUsername = setup.adminUsername.trimmed();
    if (setup.stationName.isEmpty() || setup.stationName.size() > 80)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Station name: enter 1 to 80 characters."));
    static const QRegularExpression codeRe(QStringLiteral("^[A-Z0-9]{2,8}$"));
    if (!codeRe.match(setup.stationCode).hasMatch())
        return fail(ErrorCode::InvalidInput, QStringLiteral("Station code: use 2 to 8 letters or digits (it appears in card numbers)."));
    if (auto r = validateUsername(setup.adminUsername); !r)
        return std::unexpected(r.error());
    if (auto r = validateDisplayName(setup.adminDisplayName); !r)
        return std::unexpected(r.error());
    if (auto r = checkNewPassword(setup.adminPassword, {setup.adminUsername, setup.stationName}); !r)
        return std::unexpected(r.error());

    const StationPaths paths{QDir(dir).absolutePath()};
    if (existsAt(paths.dir))
        return fail(ErrorCode::AlreadyExists,
                    QStringLiteral("A station already exists in %1. Open it, or choose an empty folder.").arg(paths.dir));
    if (!QDir().mkpath(paths.dir))
        return fail(ErrorCode::Io, QStringLiteral("The folder %1 could not be created.").arg(paths.dir));
    QFile::setPermissions(paths.dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    // Not value_or(calibrateKdf(…)): its argument is evaluated even when parameters were
    // given, which would spend two 256 MiB derivations on every set-up for nothing.
    const crypto::KdfParams kdf = setup.slotKdf ? *setup.slotKdf : crypto::calibrateKdf(500ms);
    SecureBuffer storeKey = SecureBuffer::random(crypto::kKeyBytes);
    SecureBuffer recoveryKey = SecureBuffer::random(crypto::kKeyBytes);
    KeySlotFile slots = KeySlotFile::createNew(CipherSettings{});
    if (auto r = slots.setPasswordSlot(setup.adminUsername, setup.adminPassword, storeKey, kdf); !r)
        return std::unexpected(r.error());
    slots.setRecoverySlot(recoveryKey, storeKey);

    auto removeAll = [&] {
        for (const QString &f : QStringList{paths.store(), paths.store() + QStringLiteral("-wal"), paths.store() + QStringLiteral("-shm"), paths.keys()})
            QFile::remove(f);
    };
    auto db = Database::open(paths.store(), storeKey, slots.cipher(), Database::Mode::Create);
    if (!db)
        return std::unexpected(db.error());
    if (auto r = migrate(*db); !r) {
        removeAll();
        return std::unexpected(r.error());
    }
    const QString now = isoUtc(clock.now());
    const CipherSettings &c = slots.cipher();
    const Roles adminRoles = setup.demo ? Roles(Role::Administrator) | Role::Supervisor | Role::Clerk : Roles(Role::Administrator);
    auto stored = db->transaction([&]() -> Result<void> {
        const std::pair<QString, QString> meta[] = {
            {QStringLiteral("station_name"), setup.stationName},
            {QStringLiteral("station_code"), setup.stationCode},
            {QStringLiteral("store_id"), QString::fromLatin1(slots.storeId().toHex())},
            {QStringLiteral("created_at"), now},
            {QStringLiteral("cipher_page_size"), QString::number(c.pageSize)},
            {QStringLiteral("cipher_kdf_iter"), QString::number(c.kdfIterations)},
            {QStringLiteral("cipher_hmac_algorithm"), c.hmacAlgorithm},
            {QStringLiteral("cipher_kdf_algorithm"), c.kdfAlgorithm},
            {QStringLiteral("cipher_version_at_creation"), db->cipherVersion()},
            {QStringLiteral("slot_kdf_ops"), QString::number(kdf.opsLimit)},
            {QStringLiteral("slot_kdf_mem"), QString::number(kdf.memLimitBytes)},
            {QStringLiteral("auto_lock_seconds"), QString::number(kDefaultAutoLockSeconds)},
            {QStringLiteral("demo"), setup.demo ? QStringLiteral("1") : QStringLiteral("0")},
        };
        for (const auto &[k, v] : meta)
            if (auto r = db->run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"), {k, v}); !r)
                return r;
        if (auto r = db->run(QStringLiteral("INSERT INTO operators (username, display_name, roles, created_at, password_changed_at) "
                                            "VALUES (?, ?, ?, ?, ?)"),
                             {setup.adminUsername, setup.adminDisplayName.trimmed(), adminRoles.toInt(), now, now});
            !r)
            return r;
        AuditLog log(*db, clock);
        if (auto r = log.append(db->lastInsertId(), QStringLiteral("station.created"), QStringLiteral("station"),
                                {{QStringLiteral("schema"), latestSchemaVersion()},
                                 {QStringLiteral("cipher"), db->cipherVersion()},
                                 {QStringLiteral("demo"), setup.demo}});
            !r)
            return std::unexpected(r.error());
        return {};
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
    auto station = std::unique_ptr<Station>(new Station(paths, std::move(*db), std::move(storeKey), std::move(slots), clock));
    auto op = station->loadOperator(QStringLiteral("username"), setup.adminUsername);
    if (!op)
        return std::unexpected(op.error());
    station->m_operator = *op;
    if (auto r = station->record(QStringLiteral("login.succeeded"), operatorObject(op->id)); !r)
        return std::unexpected(r.error());
    // The card issuer key is made with the station (older stations get theirs on first use).
    if (auto r = IssuerKey::ensure(*station); !r)
        return std::unexpected(r.error());
    return Created{std::move(station), crypto::encodeRecoveryKey(recoveryKey)};
}

Result<std::unique_ptr<Station>> Station::openUnlocked(const QString &dir, KeySlotFile slots, SecureBuffer key,
                                                       const Clock &clock)
{
    const StationPaths paths{QDir(dir).absolutePath()};
    auto db = Database::open(paths.store(), key, slots.cipher(), Database::Mode::OpenExisting);
    if (!db)
        return std::unexpected(db.error());
    if (auto r = migrate(*db); !r)
        return std::unexpected(r.error());
    return std::unique_ptr<Station>(new Station(paths, std::move(*db), std::move(key), std::move(slots), clock));
}

Result<std::unique_ptr<Station>> Station::login(const QString &dir, const QString &username, const SecureBuffer &password,
                                                const Clock &clock)
{
    const StationPaths paths{QDir(dir).absolutePath()};
    auto slots = KeySlotFile::load(paths.keys());
    if (!slots) {
        if (slots.error().code == ErrorCode::StoreMissing && !QFile::exists(paths.store()))
            return fail(ErrorCode::StoreMissing, QStringLiteral("There is no station in %1. Set one up first.").arg(paths.dir));
        return std::unexpected(slots.error());
    }
    LoginThrottle throttle(paths.throttle(), slots->loginPolicy(), clock);
    const QString slotId = slots->slotIdFor(username);
    if (const auto until = throttle.lockedUntil(slotId)) {
        (void)throttle.recordRefusedWhileLocked(slotId);
        return fail(ErrorCode::LockedOut,
                    QStringLiteral("Too many failed attempts. This user name is locked until %1 UTC; ask an administrator if you "
                                   "have forgotten the password.").arg(until->toString(QStringLiteral("HH:mm"))));
    }
    auto key = slots->unlockWithPassword(username, password);
    if (!key) {
        if (key.error().code != ErrorCode::AuthFailed)
            return std::unexpected(key.error());
        auto locked = throttle.recordFailure(slotId);
        if (locked && *locked)
            return fail(ErrorCode::LockedOut,
                        QStringLiteral("The user name or the password is not right, and there have been too many attempts: "
                                       "this user name is locked until %1 UTC.").arg((*locked)->toString(QStringLiteral("HH:mm"))));
        return std::unexpected(key.error());
    }
    auto station = openUnlocked(dir, std::move(*slots), std::move(*key), clock);
    if (!station)
        return station;
    Station &s = **station;
    auto op = s.loadOperator(QStringLiteral("username"), username.trimmed());
    if (!op || op->disabled)
        return fail(ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right."));
    s.m_operator = *op;
    (void)throttle.recordSuccess(slotId);
    if (auto r = s.flushPendingLoginEvents(); !r)
        return std::unexpected(r.error());
    if (auto r = s.record(QStringLiteral("login.succeeded"), operatorObject(op->id)); !r)
        return std::unexpected(r.error());
    return station;
}

Result<std::unique_ptr<Station>> Station::openWithRecoveryKey(const QString &dir, const SecureBuffer &recoveryKey,
                                                              const Clock &clock)
{
    const StationPaths paths{QDir(dir).absolutePath()};
    auto slots = KeySlotFile::load(paths.keys());
    if (!slots)
        return std::unexpected(slots.error());
    auto raw = crypto::decodeRecoveryKey(recoveryKey);
    if (!raw)
        return std::unexpected(raw.error());
    auto key = slots->unlockWithRecoveryKey(*raw);
    if (!key)
        return std::unexpected(key.error());
    auto station = openUnlocked(dir, std::move(*slots), std::move(*key), clock);
    if (!station)
        return station;
    Station &s = **station;
    s.m_operator = Operator{0, kRecoveryUsername, QStringLiteral("Recovery key"), Role::Administrator, false, false, {}, {}};
    if (auto r = s.flushPendingLoginEvents(); !r)
        return std::unexpected(r.error());
    if (auto r = s.record(QStringLiteral("recovery.used"), QStringLiteral("station")); !r)
        return std::unexpected(r.error());
    return station;
}

Result<void> Station::record(const QString &event, const QString &object, const QJsonObject &details)
{
    auto e = m_audit.append(m_operator.id, event, object, details);
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
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key});
    if (!v)
        return std::unexpected(v.error());
    return v->toString();
}

Result<void> Station::setMeta(const QString &key, const QString &value)
{
    // Not an UPSERT (ON CONFLICT … DO UPDATE): that needs SQLite 3.24, and Debian 12's
    // SQLCipher 3.4 is built on SQLite 3.15. meta has no other columns to lose to REPLACE.
    return m_db.run(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"), {key, value});
}

crypto::KdfParams Station::slotKdf()
{
    const auto ops = meta(QStringLiteral("slot_kdf_ops"));
    const auto mem = meta(QStringLiteral("slot_kdf_mem"));
    crypto::KdfParams p{ops ? ops->toULongLong() : 0, mem ? mem->toULongLong() : 0};
    if (p.opsLimit == 0 || p.memLimitBytes == 0)
        p = crypto::calibrateKdf(500ms);
    return p;
}

Result<void> Station::changeSlots(const std::function<Result<void>(KeySlotFile &)> &change, const std::function<Result<void>()> &record)
{
    auto lock = FileLock::acquire(m_paths.keys());
    if (!lock)
        return std::unexpected(lock.error());
    auto fresh = KeySlotFile::load(m_paths.keys());
    if (!fresh)
        return std::unexpected(fresh.error());
    if (fresh->storeId() != m_slots.storeId())
        return fail(ErrorCode::StoreCorrupt, QStringLiteral("The key file beside the store belongs to another station; nothing was changed."));
    if (auto r = change(*fresh); !r)
        return r;
    auto done = m_db.transaction([&]() -> Result<void> {
        if (auto r = record(); !r)
            return r;
        return fresh->save(m_paths.keys());
    });
    if (done)
        m_slots = std::move(*fresh);
    return done;
}

Result<StationInfo> Station::info()
{
    StationInfo i;
    auto get = [&](const char *key) { return meta(QString::fromLatin1(key)).value_or(QString()); };
    i.name = get("station_name");
    i.code = get("station_code");
    i.storeId = get("store_id");
    i.createdAt = get("created_at");
    i.autoLockSeconds = get("auto_lock_seconds").toInt();
    i.demo = get("demo") == QLatin1String("1");
    i.slotKdf = crypto::KdfParams{get("slot_kdf_ops").toULongLong(), get("slot_kdf_mem").toULongLong()};
    auto version = m_db.scalar(QStringLiteral("PRAGMA user_version"));
    if (!version)
        return std::unexpected(version.error());
    i.schemaVersion = static_cast<int>(version->toLongLong());
    i.cipherVersion = m_db.cipherVersion();
    i.cipher = m_slots.cipher();
    i.loginPolicy = m_slots.loginPolicy();
    i.operatorSlots = m_slots.passwordSlotCount();
    return i;
}

Result<void> Station::requireRole(Role role)
{
    if (!isRecoverySession()) {
        auto fresh = operatorById(m_operator.id);
        if (!fresh)
            return std::unexpected(fresh.error());
        if (fresh->disabled)
            return fail(ErrorCode::PermissionDenied,
                        QStringLiteral("%1 was disabled by an administrator; sign out.").arg(m_operator.username));
        m_operator.roles = fresh->roles;
    }
    if (!hasRole(role))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("This needs the %1 role, which %2 does not have.").arg(roleNames(role).value(0), m_operator.username));
    return {};
}

Result<Operator> Station::loadOperator(const QString &where, const QVariant &value)
{
    auto stmt = m_db.prepare(QStringLiteral("SELECT id, username, display_name, roles, disabled, must_change_password, "
                                            "created_at, password_changed_at FROM operators WHERE %1 = ?").arg(where));
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto b = stmt->bind({value}); !b)
        return std::unexpected(b.error());
    auto row = stmt->next();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no such operator."));
    return Operator{stmt->integer(0),
                    stmt->text(1),
                    stmt->text(2),
                    Roles::fromInt(static_cast<int>(stmt->integer(3))),
                    stmt->integer(4) != 0,
                    stmt->integer(5) != 0,
                    stmt->text(6),
                    stmt->text(7)};
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
    // Re-read the key file: another process may have changed a password since we opened.
    if (auto fresh = KeySlotFile::load(m_paths.keys()))
        m_slots = std::move(*fresh);
    LoginThrottle throttle(m_paths.throttle(), m_slots.loginPolicy(), m_clock);
    const QString slotId = m_slots.slotIdFor(username);
    if (const auto until = throttle.lockedUntil(slotId)) {
        (void)throttle.recordRefusedWhileLocked(slotId);
        (void)flushPendingLoginEvents();
        return fail(ErrorCode::LockedOut, QStringLiteral("Too many failed attempts. This user name is locked until %1 UTC.")
                                              .arg(until->toString(QStringLiteral("HH:mm"))));
    }
    auto key = m_slots.unlockWithPassword(username, password);
    if (!key || !key->equals(m_storeKey)) {
        if (key || key.error().code == ErrorCode::AuthFailed) {
            auto locked = throttle.recordFailure(slotId);
            (void)flushPendingLoginEvents();
            if (locked && *locked)
                return fail(ErrorCode::LockedOut, QStringLiteral("The user name or the password is not right, and this user "
                                                                 "name is now locked until %1 UTC.")
                                                      .arg((*locked)->toString(QStringLiteral("HH:mm"))));
            return fail(ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right."));
        }
        return std::unexpected(key.error());
    }
    (void)throttle.recordSuccess(slotId);
    auto op = loadOperator(QStringLiteral("username"), username.trimmed());
    if (!op || op->disabled)
        return fail(ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right."));
    return op;
}

Result<void> Station::recordLocked()
{
    return record(QStringLiteral("session.locked"), operatorObject(m_operator.id));
}

Result<Operator> Station::unlockSession(const QString &username, const SecureBuffer &password)
{
    auto who = verifyPassword(username, password);
    if (!who)
        return who;
    if (who->id != m_operator.id && !who->roles.testFlag(Role::Supervisor))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("Only %1 or a supervisor can unlock this session.").arg(m_operator.displayName));
    if (auto r = record(QStringLiteral("session.unlocked"), operatorObject(m_operator.id),
                       {{QStringLiteral("by_operator"), who->id}});
        !r)
        return std::unexpected(r.error());
    return who;
}

Result<void> Station::logout()
{
    return record(QStringLiteral("logout"), operatorObject(m_operator.id));
}

Result<Operator> Station::addOperator(NewOperator op)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session can only reset passwords."));
    if (auto r = requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    op.username = op.username.trimmed();
    if (auto r = validateUsername(op.username); !r)
        return std::unexpected(r.error());
    if (auto r = validateDisplayName(op.displayName); !r)
        return std::unexpected(r.error());
    if (!op.roles || op.roles.toInt() > 7)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Roles: choose at least one of clerk, supervisor, administrator."));
    if (loadOperator(QStringLiteral("username"), op.username))
        return fail(ErrorCode::AlreadyExists, QStringLiteral("User name: %1 is already taken.").arg(op.username));
    auto info = this->info();
    if (auto r = checkNewPassword(op.password, {op.username, info ? info->name : QString()}); !r)
        return std::unexpected(r.error());
    const QString now = isoUtc(m_clock.now());
    const crypto::KdfParams kdf = slotKdf();
    qint64 id = 0;
    auto done = changeSlots([&](KeySlotFile &slots) { return slots.setPasswordSlot(op.username, op.password, m_storeKey, kdf); },
                            [&]() -> Result<void> {
                                if (auto r = m_db.run(QStringLiteral("INSERT INTO operators (username, display_name, roles, must_change_password, "
                                                                     "created_at, password_changed_at) VALUES (?, ?, ?, 1, ?, ?)"),
                                                      {op.username, op.displayName.trimmed(), op.roles.toInt(), now, now});
                                    !r)
                                    return r;
                                id = m_db.lastInsertId();
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
    if (auto r = requireRole(Role::Administrator); !r)
        return r;
    auto op = operatorById(id);
    if (!op)
        return std::unexpected(op.error());
    if (op->id == m_operator.id)
        return fail(ErrorCode::InvalidInput, QStringLiteral("You cannot disable yourself; ask another administrator."));
    if (op->disabled)
        return {};
    if (op->roles.testFlag(Role::Administrator)) {
        auto admins = m_db.scalar(QStringLiteral("SELECT count(*) FROM operators WHERE disabled = 0 AND (roles & 4) != 0"));
        if (!admins)
            return std::unexpected(admins.error());
        if (admins->toLongLong() <= 1)
            return fail(ErrorCode::InvalidInput, QStringLiteral("This is the last administrator; add another before disabling this one."));
    }
    // Removing the slot is what really disables: without it the password opens nothing.
    return changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            slots.removePasswordSlot(op->username);
            return {};
        },
        [&]() -> Result<void> {
            if (auto r = m_db.run(QStringLiteral("UPDATE operators SET disabled = 1 WHERE id = ?"), {id}); !r)
                return r;
            return record(QStringLiteral("operator.disabled"), operatorObject(id));
        });
}

Result<void> Station::resetPassword(qint64 id, const SecureBuffer &newPassword)
{
    if (auto r = requireRole(Role::Administrator); !r)
        return r;
    auto op = operatorById(id);
    if (!op)
        return std::unexpected(op.error());
    if (op->id == m_operator.id)
        return fail(ErrorCode::InvalidInput, QStringLiteral("To change your own password, use Change password."));
    auto info = this->info();
    if (auto r = checkNewPassword(newPassword, {op->username, info ? info->name : QString()}); !r)
        return r;
    const QString now = isoUtc(m_clock.now());
    const crypto::KdfParams kdf = slotKdf();
    auto done = changeSlots([&](KeySlotFile &slots) { return slots.setPasswordSlot(op->username, newPassword, m_storeKey, kdf); },
                            [&]() -> Result<void> {
                                if (auto r = m_db.run(QStringLiteral("UPDATE operators SET must_change_password = 1, disabled = 0, "
                                                                     "password_changed_at = ? WHERE id = ?"),
                                                      {now, id});
                                    !r)
                                    return r;
                                return record(QStringLiteral("operator.password_reset"), operatorObject(id),
                                              {{QStringLiteral("re_enabled"), op->disabled}});
                            });
    if (!done)
        return done;
    // A new password from an administrator also ends a lock-out of that user name.
    (void)LoginThrottle(m_paths.throttle(), m_slots.loginPolicy(), m_clock).recordSuccess(m_slots.slotIdFor(op->username));
    return {};
}

Result<void> Station::changeOwnPassword(const SecureBuffer &current, const SecureBuffer &next)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session has no password to change."));
    if (auto who = verifyPassword(m_operator.username, current); !who)
        return fail(who.error().code, who.error().code == ErrorCode::AuthFailed
                                          ? QStringLiteral("Current password: that is not your current password.")
                                          : who.error().message);
    auto info = this->info();
    if (auto r = checkNewPassword(next, {m_operator.username, info ? info->name : QString()}); !r)
        return r;
    if (current.equals(next))
        return fail(ErrorCode::InvalidInput, QStringLiteral("New password: choose a password different from the current one."));
    const QString now = isoUtc(m_clock.now());
    const crypto::KdfParams kdf = slotKdf();
    auto done = changeSlots([&](KeySlotFile &slots) { return slots.setPasswordSlot(m_operator.username, next, m_storeKey, kdf); },
                            [&]() -> Result<void> {
                                if (auto r = m_db.run(QStringLiteral("UPDATE operators SET must_change_password = 0, password_changed_at = ? "
                                                                     "WHERE id = ?"),
                                                      {now, m_operator.id});
                                    !r)
                                    return r;
                                return record(QStringLiteral("operator.password_changed"), operatorObject(m_operator.id));
                            });
    if (!done)
        return done;
    m_operator.mustChangePassword = false;
    m_operator.passwordChangedAt = now;
    return {};
}

Result<void> Station::setAutoLockSeconds(int seconds)
{
    if (auto r = requireRole(Role::Administrator); !r)
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
    if (auto r = requireRole(Role::Administrator); !r)
        return r;
    if (policy.maxFailures < 3 || policy.maxFailures > 20 || policy.lockoutSeconds < 60 || policy.lockoutSeconds > 86400)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Login lock-out: allow 3 to 20 failures and lock for 1 minute to 24 hours."));
    return changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            slots.setLoginPolicy(policy);
            return {};
        },
        [&]() -> Result<void> {
            return record(QStringLiteral("settings.changed"), QStringLiteral("setting:login_policy"),
                          {{QStringLiteral("max_failures"), policy.maxFailures}, {QStringLiteral("lockout_seconds"), policy.lockoutSeconds}});
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
    if (recorded("cipher_page_size") != QString::number(c.pageSize) || recorded("cipher_hmac_algorithm") != c.hmacAlgorithm
        || recorded("cipher_kdf_algorithm") != c.kdfAlgorithm)
        problems->append(QStringLiteral("The cipher settings recorded in the store differ from the key file's."));
    if (auto r = record(QStringLiteral("store.checked"), QStringLiteral("station"),
                       {{QStringLiteral("problems"), static_cast<qint64>(problems->size())}});
        !r)
        return std::unexpected(r.error());
    return problems;
}

} // namespace tessera
