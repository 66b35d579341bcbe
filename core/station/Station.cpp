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

// The keys a new station is made with: the store key, the recovery key, the operators key
// (it signs operator records; its secret is sealed to administrators' slots and the recovery
// slot only) and the key file holding the first administrator's slot and the recovery slot.
struct NewStationKeys {
    SecureBuffer storeKey;
    SecureBuffer recoveryKey;
    crypto::SigningKeyPair operatorsKey;
    KeySlotFile slots;
    QByteArray adminSlot; // the administrator's slot public key, as their record names it
};

Result<NewStationKeys> makeStationKeys(const Station::Setup &setup, const crypto::KdfParams &kdf)
{
    NewStationKeys k {SecureBuffer::random(crypto::kKeyBytes),
                      SecureBuffer::random(crypto::kKeyBytes),
                      crypto::generateSigningKeyPair(),
                      KeySlotFile::createNew(CipherSettings {}),
                      {}};
    k.slots.setOperatorsKey(k.operatorsKey.publicKey);
    auto adminSlot =
        k.slots.setPasswordSlot(setup.adminUsername, setup.adminPassword, k.storeKey, kdf, &k.operatorsKey.secretKey);
    if (!adminSlot)
        return std::unexpected(adminSlot.error());
    k.adminSlot = *adminSlot;
    k.slots.setRecoverySlot(k.recoveryKey, k.storeKey, &k.operatorsKey.secretKey);
    return k;
}

Result<void> makeStationFolder(const StationPaths &paths)
{
    if (Station::existsAt(paths.dir))
        return fail(
            ErrorCode::AlreadyExists,
            QStringLiteral("A station already exists in %1. Open it, or choose an empty folder.").arg(paths.dir));
    if (!QDir().mkpath(paths.dir))
        return fail(ErrorCode::Io, QStringLiteral("The folder %1 could not be created.").arg(paths.dir));
    QFile::setPermissions(paths.dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

// What a new store records in its set-up transaction: the station's facts, the key file's
// fingerprint and epoch, the first administrator (signed) and the audit entry.
Result<void> recordNewStation(Database &db, const Station::Setup &setup, const NewStationKeys &keys,
                              const crypto::KdfParams &kdf, const Clock &clock)
{
    const QDateTime now = clock.now();
    const Roles adminRoles =
        setup.demo ? Roles(Role::Administrator) | Role::Supervisor | Role::Clerk : Roles(Role::Administrator);
    const KeySlotFile &slots = keys.slots;
    const StationCreation creation {setup.stationName,
                                    setup.stationCode,
                                    slots.storeId(),
                                    now,
                                    slots.cipher(),
                                    db.cipherVersion(),
                                    kdf,
                                    kDefaultAutoLockSeconds,
                                    setup.demo,
                                    slots.operatorsKey(),
                                    slots.fingerprint(),
                                    slots.epoch()};
    if (auto r = StationSettings(db).recordCreation(creation); !r)
        return r;
    if (auto r = db.run(
            QStringLiteral("INSERT INTO operators (username, display_name, roles, created_at, password_changed_at, "
                           "slot_public_key) VALUES (?, ?, ?, ?, ?, ?)"),
            {setup.adminUsername, setup.adminDisplayName.trimmed(), adminRoles.toInt(), isoUtc(now), isoUtc(now),
             keys.adminSlot});
        !r)
        return r;
    const qint64 adminId = db.lastInsertId();
    if (auto r = signOperatorRow(db, slots.storeId(), adminId, keys.operatorsKey.secretKey); !r)
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

// Creates the store, records the new station in it, then writes the key file; on any failure
// removes what it wrote.
Result<Database> writeNewStation(const StationPaths &paths, const Station::Setup &setup, const NewStationKeys &keys,
                                 const crypto::KdfParams &kdf, const Clock &clock)
{
    auto removeAll = [&] {
        for (const QString &f : QStringList {paths.store(), paths.store() + QStringLiteral("-wal"),
                                             paths.store() + QStringLiteral("-shm"), paths.keys()})
            QFile::remove(f);
    };
    auto db = Database::open(paths.store(), keys.storeKey, keys.slots.cipher(), Database::Mode::Create);
    if (!db)
        return db;
    if (auto r = migrate(*db); !r) {
        removeAll();
        return std::unexpected(r.error());
    }
    if (auto r = db->transaction([&] { return recordNewStation(*db, setup, keys, kdf, clock); }); !r) {
        removeAll();
        return std::unexpected(r.error());
    }
    // The key file is written last: until it exists the half-made store opens for nobody.
    if (auto r = keys.slots.save(paths.keys()); !r) {
        removeAll();
        return std::unexpected(r.error());
    }
    return db;
}

} // namespace

Station::Station(StationPaths paths, Database db, SecureBuffer storeKey, KeySlotFile slots, const Clock &clock)
    : m_paths(std::move(paths))
    , m_db(std::move(db))
    , m_settings(m_db)
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
    QString fromEnv = qEnvironmentVariable("TESSERA_STATION");
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
    if (auto r = makeStationFolder(paths); !r)
        return std::unexpected(r.error());
    // Not value_or(calibrateKdf(…)): its argument is evaluated even when parameters were
    // given, which would spend two 256 MiB derivations on every set-up for nothing.
    const crypto::KdfParams kdf = setup.slotKdf ? *setup.slotKdf : crypto::calibrateKdf(500ms);
    auto keys = makeStationKeys(setup, kdf);
    if (!keys)
        return std::unexpected(keys.error());
    auto db = writeNewStation(paths, setup, *keys, kdf, clock);
    if (!db)
        return std::unexpected(db.error());
    auto adminKeys = keys->slots.unlockSlot(setup.adminUsername, setup.adminPassword);
    if (!adminKeys)
        return std::unexpected(adminKeys.error());
    auto station = std::unique_ptr<Station>(
        new Station(paths, std::move(*db), std::move(keys->storeKey), std::move(keys->slots), clock));
    station->m_slotKeys = std::move(*adminKeys);
    auto op = station->loadOperator(QStringLiteral("username"), setup.adminUsername);
    if (!op)
        return std::unexpected(op.error());
    station->signedIn() = *op;
    if (auto r = station->record(QStringLiteral("login.succeeded"), operatorObject(op->id)); !r)
        return std::unexpected(r.error());
    return Created {std::move(station), crypto::encodeRecoveryKey(keys->recoveryKey)};
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

crypto::KdfParams Station::slotKdf()
{
    // A store that cannot say (or says zero) gets this machine's calibrated cost.
    if (auto kdf = m_settings.slotKdf(); kdf && *kdf)
        return **kdf;
    return crypto::calibrateKdf(500ms);
}

Result<void> Station::setAutoLockSeconds(int seconds)
{
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    if (seconds < 30 || seconds > 3600)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Auto-lock: choose between 30 seconds and 60 minutes."));
    return m_db.transaction([&]() -> Result<void> {
        if (auto r = m_settings.setAutoLockSeconds(seconds); !r)
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
