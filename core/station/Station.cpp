// Set-up, the station's own settings, the audit record and StationInfo (Station.h says
// which file holds which concern).

#include "core/station/Station.h"

#include "core/crypto/Signing.h"
#include "core/station/PasswordPolicy.h"
#include "core/station/Station_p.h"
#include "core/store/Schema.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

#include <chrono>

namespace tessera {

using namespace stationDetail;

using namespace std::chrono_literals;

namespace {

constexpr int kDefaultAutoLockSeconds = 300;

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

} // namespace

namespace stationDetail {

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

} // namespace stationDetail

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

Result<void> Station::record(const QString &event, const QString &object, const QJsonObject &details)
{
    auto e = m_audit.append(signedIn().id, event, object, details);
    if (!e)
        return std::unexpected(e.error());
    return {};
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

} // namespace tessera
