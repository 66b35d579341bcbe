#include "core/backup/Backup.h"
#include "core/crypto/Signing.h"
#include "core/retention/Holdings.h"
#include "core/station/Station.h"
#include "core/store/KeySlots.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <csignal>
#include <cstdio>

using namespace tessera;
using namespace tessera::test;

// Issue 16, part A: each test performs an attack that worked on 6c7c784.

namespace {

constexpr const char *kBackupPassword = "backup kettle on the shelf";
constexpr const char *kClerkNewPassword = "a clerk's own new lantern";

Result<std::unique_ptr<Station>> login(TestStation &t, const QString &user, const SecureBuffer &password)
{
    return Station::login(t.path(), user, password, t.clock);
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(f.write(bytes) == bytes.size());
}

QString writeSecretFile(const TestStation &t, const QString &name, const char *text)
{
    const QString path = t.dir.filePath(name);
    writeBytes(path, QByteArray(text) + '\n');
    return path;
}

// What an attacker holding an old key file and an old password gets: the store key that
// slot unwraps, as raw bytes.
SecureBuffer keyFromOldSlot(const QByteArray &keyFile, const QString &user, const char *password)
{
    auto slots = KeySlotFile::parse(keyFile, QStringLiteral("old.keys"));
    REQUIRE(slots);
    auto key = slots->unlockWithPassword(user, secret(password));
    REQUIRE(key); // the old slot still unwraps: the attack only fails at the store
    return std::move(*key);
}

bool opensStore(const TestStation &t, const SecureBuffer &key)
{
    return Database::open(StationPaths {t.path()}.store(), key, CipherSettings {}, Database::Mode::OpenExisting)
        .has_value();
}

} // namespace

TEST_CASE("A disabled operator's slot copied from an old station.keys or an older backup opens nothing live",
          "[station][keys][attack]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QByteArray oldKeys = readFile(StationPaths {t.path()}.keys());

    BackupOptions options;
    options.dir = t.dir.filePath(QStringLiteral("usb"));
    options.password = secret(kBackupPassword);
    auto backup = createBackup(t.station->access(), t.station->paths(), options);
    REQUIRE(backup);
    const QString backupKeys = backup->file.path.chopped(4) + QStringLiteral(".station-keys");
    const QByteArray backupStationKeys = readFile(backupKeys);
    REQUIRE_FALSE(backupStationKeys.isEmpty());

    TESSERA_REQUIRE_OK(t.station->disableOperator(clerk));

    const SecureBuffer live = t.rawKey();
    REQUIRE(opensStore(t, live));
    const SecureBuffer fromOldFile = keyFromOldSlot(oldKeys, QStringLiteral("clerk1"), kClerkPassword);
    const SecureBuffer fromBackup = keyFromOldSlot(backupStationKeys, QStringLiteral("clerk1"), kClerkPassword);
    CHECK_FALSE(fromOldFile.equals(live));
    CHECK_FALSE(fromBackup.equals(live));
    // Through the facade and through the sqlcipher tool, as the attacker would.
    CHECK_FALSE(opensStore(t, fromOldFile));
    CHECK_FALSE(opensStore(t, fromBackup));
    bool ok = true;
    (void)sqlcipherQuery(StationPaths {t.path()}.store(), fromOldFile,
                         QStringLiteral("SELECT count(*) FROM operators;"), &ok);
    CHECK_FALSE(ok);
    (void)sqlcipherQuery(StationPaths {t.path()}.store(), live, QStringLiteral("SELECT count(*) FROM operators;"), &ok);
    CHECK(ok);

    // The live file has no slot for the operator, and the re-key is in the audit log.
    auto slots = KeySlotFile::load(StationPaths {t.path()}.keys());
    REQUIRE(slots);
    CHECK_FALSE(slots->hasPasswordSlot(QStringLiteral("clerk1")));
    CHECK(slots->epoch() == 2);
    auto entries = t.station->audit().entries();
    REQUIRE(entries);
    CHECK(entries->back().event == QStringLiteral("store.rekeyed"));
    CHECK(entries->back().details.value(QStringLiteral("reason")).toString() == QStringLiteral("operator_disabled"));
    // The administrator's own session follows its own re-key.
    TESSERA_REQUIRE_OK(t.station->session().requireRole(Role::Administrator));
    CHECK(login(t, QStringLiteral("admin"), secret(kAdminPassword)));
}

TEST_CASE("An administrator's reset re-keys: the operator's old slot and old password open nothing live",
          "[station][keys][attack]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QByteArray oldKeys = readFile(StationPaths {t.path()}.keys());
    TESSERA_REQUIRE_OK(t.station->resetPassword(clerk, secret(kClerkNewPassword)));
    CHECK_FALSE(opensStore(t, keyFromOldSlot(oldKeys, QStringLiteral("clerk1"), kClerkPassword)));
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkNewPassword)));
}

TEST_CASE("An old station.keys put back after a re-key is refused at sign-in with the rollback message",
          "[station][keys][attack]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QString keysPath = StationPaths {t.path()}.keys();
    const QByteArray oldKeys = readFile(keysPath);
    TESSERA_REQUIRE_OK(t.station->disableOperator(clerk));

    writeBytes(keysPath, oldKeys);
    for (const auto &[user, password] :
         {std::pair {QStringLiteral("clerk1"), kClerkPassword}, std::pair {QStringLiteral("admin"), kAdminPassword}}) {
        auto s = login(t, user, secret(password));
        REQUIRE_FALSE(s);
        INFO(s.error().message.toStdString());
        CHECK(s.error().code == ErrorCode::Integrity);
        CHECK(s.error().message.contains(QStringLiteral("is not the one this store was last used with")));
        CHECK(s.error().message.contains(QStringLiteral("older copy of station.keys from before a re-key")));
    }
    // The administrator's session, open before the file was swapped, sees it in store check.
    auto problems = t.station->check();
    REQUIRE(problems);
    CHECK(problems->join(QLatin1Char('\n')).contains(QStringLiteral("station.keys does not match")));
}

TEST_CASE("An old station.keys put back without a re-key (an old own password) is refused, and store check sees it",
          "[station][keys][attack]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QString keysPath = StationPaths {t.path()}.keys();
    const QByteArray oldKeys = readFile(keysPath);
    {
        auto clerk = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
        REQUIRE(clerk);
        TESSERA_REQUIRE_OK((*clerk)->changeOwnPassword(secret(kClerkPassword), secret(kClerkNewPassword)));
    }
    writeBytes(keysPath, oldKeys);

    auto s = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE_FALSE(s);
    CHECK(s.error().code == ErrorCode::Integrity);
    CHECK(s.error().message.contains(QStringLiteral("is not the one this store was last used with")));
    CHECK(s.error().message.contains(QStringLiteral("sign in with the recovery key")));

    const QString adminPw = writeSecretFile(t, QStringLiteral("admin.pw"), kAdminPassword);
    const CliResult check =
        runCli({QStringLiteral("--store"), t.path(), QStringLiteral("store"), QStringLiteral("check"),
                QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"), adminPw},
               t.clock);
    CHECK(check.code != 0);
    CHECK(check.err.contains(QStringLiteral("is not the one this store was last used with")));
    auto problems = t.station->check();
    REQUIRE(problems);
    CHECK(problems->join(QLatin1Char('\n')).contains(QStringLiteral("station.keys does not match")));

    // The recovery path: the recovery key accepts this file and re-keys, so that the file
    // Tessera wrote last (and every other copy) stops opening the store.
    const QString recovery = writeSecretFile(t, QStringLiteral("recovery.txt"), t.recoveryKey.toLatin1().constData());
    const CliResult recovered = runCli({QStringLiteral("--store"), t.path(), QStringLiteral("store"),
                                        QStringLiteral("check"), QStringLiteral("--recovery-key-file"), recovery},
                                       t.clock);
    INFO(recovered.out.toStdString() << recovered.err.toStdString());
    CHECK(recovered.code == 0);
    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(admin);
    auto entries = (*admin)->audit().entries();
    REQUIRE(entries);
    QStringList events;
    for (const AuditEntry &e : *entries)
        events << e.event;
    CHECK(events.contains(QStringLiteral("keys.file_accepted")));
    CHECK(events.contains(QStringLiteral("store.rekeyed")));
}

TEST_CASE("A clerk who derives the store key and grants themselves roles in SQL is refused everywhere",
          "[station][keys][attack]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QString store = StationPaths {t.path()}.store();

    // The clerk, with the tools: their own slot gives the store key; sqlcipher does the rest.
    const SecureBuffer key =
        keyFromOldSlot(readFile(StationPaths {t.path()}.keys()), QStringLiteral("clerk1"), kClerkPassword);
    bool ok = false;
    (void)sqlcipherQuery(
        store, key,
        QStringLiteral("UPDATE operators SET roles = 7, must_change_password = 0 WHERE username = 'clerk1';"), &ok);
    REQUIRE(ok);

    // Adding an administrator through the CLI as the forged clerk.
    const QString clerkPw = writeSecretFile(t, QStringLiteral("clerk.pw"), kClerkPassword);
    const QString newPw = writeSecretFile(t, QStringLiteral("new.pw"), "mallory's chosen passphrase");
    const CliResult added =
        runCli({QStringLiteral("--store"), t.path(), QStringLiteral("user"), QStringLiteral("add"),
                QStringLiteral("mallory"), QStringLiteral("--name"), QStringLiteral("M"), QStringLiteral("--roles"),
                QStringLiteral("administrator"), QStringLiteral("--as"), QStringLiteral("clerk1"),
                QStringLiteral("--password-file"), clerkPw, QStringLiteral("--new-password-file"), newPw},
               t.clock);
    INFO(added.out.toStdString() << added.err.toStdString());
    CHECK(added.code != 0);
    CHECK(added.err.contains(QStringLiteral("the operator records have been altered outside Tessera"),
                             Qt::CaseInsensitive));
    auto mallory = t.station->operators();
    REQUIRE(mallory);
    CHECK(mallory->size() == 2);

    // Sign-in through the API is refused the same way.
    auto s = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE_FALSE(s);
    CHECK(s.error().code == ErrorCode::Integrity);
    CHECK(s.error().message.contains(QStringLiteral("altered outside Tessera")));

    // The administrator's audit verify and store check report it.
    const QString adminPw = writeSecretFile(t, QStringLiteral("admin.pw"), kAdminPassword);
    for (const QString &command : {QStringLiteral("audit verify"), QStringLiteral("store check")}) {
        const CliResult r = runCli(QStringList {QStringLiteral("--store"), t.path()} + command.split(QLatin1Char(' '))
                                       + QStringList {QStringLiteral("--as"), QStringLiteral("admin"),
                                                      QStringLiteral("--password-file"), adminPw},
                                   t.clock);
        INFO(command.toStdString() << ": " << r.out.toStdString() << r.err.toStdString());
        CHECK(r.code == 1);
        CHECK(r.out.contains(QStringLiteral("operator:2")));
        CHECK(r.out.contains(QStringLiteral("altered outside Tessera")));
    }
}

TEST_CASE("A clerk who also forges the operators key is found out at an administrator's sign-in",
          "[station][keys][attack]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const StationPaths paths {t.path()};
    t.station.reset();

    // The clerk makes an operators key of their own, pins it in the key file and the store,
    // wraps it into their own slot and signs a record that makes them administrator.
    auto slots = KeySlotFile::load(paths.keys());
    REQUIRE(slots);
    auto keys = slots->unlockSlot(QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(keys);
    auto storeKey = slots->storeKeyFor(*keys);
    REQUIRE(storeKey);
    const crypto::SigningKeyPair forged = crypto::generateSigningKeyPair();
    slots->setOperatorsKey(forged.publicKey);
    keys->operatorsKey = forged.publicKey;
    TESSERA_REQUIRE_OK(
        slots->rewrapPasswordSlot(QStringLiteral("clerk1"), *keys, secret(kClerkPassword), fastKdf(), *storeKey));
    TESSERA_REQUIRE_OK(slots->save(paths.keys()));
    {
        auto db = Database::open(paths.store(), *storeKey, CipherSettings {}, Database::Mode::OpenExisting);
        REQUIRE(db);
        TESSERA_REQUIRE_OK(db->run(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'operators_public_key'"),
                                   {QString::fromLatin1(forged.publicKey.toHex())}));
        TESSERA_REQUIRE_OK(db->run(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'keys_fingerprint'"),
                                   {QString::fromLatin1(slots->fingerprint().toHex())}));
        TESSERA_REQUIRE_OK(db->run(
            QStringLiteral("UPDATE operators SET roles = 7, must_change_password = 0 WHERE username = 'clerk1'")));
        auto id = db->scalar(QStringLiteral("SELECT id FROM operators WHERE username = 'clerk1'"));
        auto pk = db->scalar(QStringLiteral("SELECT slot_public_key FROM operators WHERE username = 'clerk1'"));
        REQUIRE(id);
        REQUIRE(pk);
        const QByteArray message = QByteArrayLiteral("tessera-operator-record-v1\n") + slots->storeId().toHex() + '\n'
            + QByteArray::number(id->toLongLong()) + "\nclerk1\n7\n0\n" + pk->toByteArray().toHex();
        auto signature = crypto::sign(forged.secretKey, message);
        REQUIRE(signature);
        TESSERA_REQUIRE_OK(db->run(
            QStringLiteral("UPDATE operators SET record_signature = ? WHERE username = 'clerk1'"), {*signature}));
    }

    // The administrator's slot was made under the real operators key, which the clerk cannot
    // rewrap: their sign-in refuses the station and says why.
    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE_FALSE(admin);
    CHECK(admin.error().code == ErrorCode::Integrity);
    CHECK(admin.error().message.contains(QStringLiteral("altered outside Tessera")));
    // So does the recovery key.
    auto recovery = Station::openWithRecoveryKey(t.path(), SecureBuffer::fromText(t.recoveryKey), t.clock);
    REQUIRE_FALSE(recovery);
    CHECK(recovery.error().message.contains(QStringLiteral("altered outside Tessera")));
}

TEST_CASE("Changes to operators are audited with ids and roles only", "[station][keys]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    TESSERA_REQUIRE_OK(t.station->resetPassword(clerk, secret(kClerkNewPassword)));
    TESSERA_REQUIRE_OK(t.station->disableOperator(clerk));
    TESSERA_REQUIRE_OK(t.station->rekey());
    auto entries = t.station->audit().entries();
    REQUIRE(entries);
    QStringList events;
    for (const AuditEntry &e : *entries) {
        events << e.event;
        const QByteArray details = QJsonDocument(e.details).toJson();
        CHECK_FALSE(details.contains("clerk1"));
        CHECK_FALSE(e.object.contains(QStringLiteral("clerk1")));
    }
    CHECK(events.count(QStringLiteral("store.rekeyed")) == 3);
    for (const char *event : {"operator.added", "operator.password_reset", "operator.disabled"})
        CHECK(events.contains(QString::fromLatin1(event)));
    auto info = t.station->info();
    REQUIRE(info);
    CHECK(info->keyEpoch == 4);
    CHECK(info->keyFileVersion == 2);
    CHECK(info->lastRekeyAt == isoUtc(t.clock.now()));
}

TEST_CASE("Only an administrator may re-key", "[station][keys]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    auto clerk = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(clerk);
    auto r = (*clerk)->rekey();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::PermissionDenied);
}

// --- Crash safety: a real SIGKILL between any two steps of a disable and its re-key. ---

namespace {

constexpr auto kAdminForChild = "admin";

// Child mode: rekey-crash DIR STEP [reset]. Signs in as admin, disables clerk1 (or resets
// clerk1's password to kClerkNewPassword) and is SIGKILLed when the step hook reports STEP.
int rekeyCrash(int argc, char **argv)
{
    if (argc < 4)
        return 64;
    const QString dir = QString::fromLocal8Bit(argv[2]);
    const std::string wanted = argv[3];
    const bool reset = argc > 4 && std::string(argv[4]) == "reset";
    ManualClock clock;
    auto station = Station::login(dir, QString::fromLatin1(kAdminForChild), secret(kAdminPassword), clock);
    if (!station) {
        std::fprintf(stderr, "login: %s\n", qPrintable(station.error().message));
        return 1;
    }
    Station::setStepHookForTests([&](const char *step) {
        if (wanted == step)
            ::raise(SIGKILL);
    });
    auto ops = (*station)->operators();
    if (!ops)
        return 1;
    for (const Operator &op : *ops)
        if (op.username == QLatin1String("clerk1"))
            if (auto r = reset ? (*station)->resetPassword(op.id, secret(kClerkNewPassword))
                               : (*station)->disableOperator(op.id);
                !r) {
                std::fprintf(stderr, "change: %s\n", qPrintable(r.error().message));
                return 1;
            }
    return 0;
}

const RegisterChildMode registerRekeyCrash("rekey-crash", rekeyCrash);

} // namespace

TEST_CASE("A disable and its re-key killed at any step leave a station that opens, and the re-key is finished",
          "[station][keys][crash]")
{
    const char *step =
        GENERATE("slots-next-recorded", "slots-file-written", "disable-before-rekey", "rekey-next-recorded",
                 "rekey-next-written", "rekey-store-rekeyed", "rekey-recorded", "none");
    INFO("killed at " << step);
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QByteArray oldKeys = readFile(StationPaths {t.path()}.keys());
    const SecureBuffer oldKey = t.rawKey();
    t.station.reset();

    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("rekey-crash"), t.path(), QString::fromLatin1(step)});
    REQUIRE(child.waitForStarted(10000));
    REQUIRE(child.waitForFinished(60000));
    INFO(child.readAllStandardError().toStdString());
    if (QByteArray(step) == "none")
        CHECK(child.exitCode() == 0);
    else
        CHECK(child.exitStatus() == QProcess::CrashExit);

    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    INFO((admin ? std::string() : admin.error().message.toStdString()));
    REQUIRE(admin);
    CHECK_FALSE(QFile::exists(StationPaths {t.path()}.nextKeys()));
    auto problems = (*admin)->check();
    REQUIRE(problems);
    CHECK(problems->isEmpty());
    auto clerk = (*admin)->operators();
    REQUIRE(clerk);
    const bool disabled = std::any_of(clerk->begin(), clerk->end(), [](const Operator &op) {
        return op.username == QLatin1String("clerk1") && op.disabled;
    });
    const bool before = QByteArray(step) == "slots-next-recorded" || QByteArray(step) == "slots-file-written";
    // Before its transaction committed the disable did not happen (an administrator repeats it);
    // from then on it did, and the sign-in above finished the re-key that was due.
    CHECK(disabled == !before);
    if (!before) {
        CHECK_FALSE(opensStore(t, keyFromOldSlot(oldKeys, QStringLiteral("clerk1"), kClerkPassword)));
        CHECK_FALSE(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
    } else {
        CHECK(opensStore(t, oldKey));
    }
}

TEST_CASE("A password reset killed before its re-key leaves the re-key due, and the next sign-in finishes it",
          "[station][keys][crash]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QByteArray oldKeys = readFile(StationPaths {t.path()}.keys());
    t.station.reset();

    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(
        QCoreApplication::applicationFilePath(),
        {QStringLiteral("rekey-crash"), t.path(), QStringLiteral("reset-before-rekey"), QStringLiteral("reset")});
    REQUIRE(child.waitForStarted(10000));
    REQUIRE(child.waitForFinished(60000));
    INFO(child.readAllStandardError().toStdString());
    CHECK(child.exitStatus() == QProcess::CrashExit);

    // The reset committed (the new password opens) but its re-key did not run: until a sign-in
    // finishes it, the old slot of a copied station.keys would still open the store.
    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    INFO((admin ? std::string() : admin.error().message.toStdString()));
    REQUIRE(admin);
    auto problems = (*admin)->check();
    REQUIRE(problems);
    CHECK(problems->isEmpty());
    CHECK_FALSE(opensStore(t, keyFromOldSlot(oldKeys, QStringLiteral("clerk1"), kClerkPassword)));
    CHECK_FALSE(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkNewPassword)));
}

TEST_CASE("The holdings report says which backups were made before the last re-key", "[station][keys]")
{
    TestStation t;
    BackupOptions options;
    options.dir = t.dir.filePath(QStringLiteral("usb"));
    options.password = secret(kBackupPassword);
    REQUIRE(createBackup(t.station->access(), t.station->paths(), options));
    t.clock.advance(5);
    TESSERA_REQUIRE_OK(t.station->rekey());
    t.clock.advance(5);
    REQUIRE(createBackup(t.station->access(), t.station->paths(), options));

    auto h = holdingsReport(t.station->access());
    REQUIRE(h);
    REQUIRE(h->backups.size() == 2);
    CHECK_FALSE(h->backups[0].beforeRekey); // newest first
    CHECK(h->backups[1].beforeRekey);
    CHECK(h->backups[1].keyEpoch == 1);
    CHECK(holdingsText(*h).contains(QStringLiteral("made before the last re-key")));
}

namespace {

// Turns a fresh station into one as 6c7c784 left it: a version 1 key file (the store key
// wrapped once per slot, XChaCha20-Poly1305 under Argon2id or the recovery key) and a store
// with no fingerprint, operators key or signatures.
void makeLegacy(TestStation &t, const std::vector<std::pair<QString, const char *>> &operators)
{
    const StationPaths paths {t.path()};
    const SecureBuffer key = t.rawKey();
    t.station.reset();
    auto current = KeySlotFile::load(paths.keys());
    REQUIRE(current);
    const QByteArray storeId = current->storeId();
    QJsonArray slots;
    auto slotFor = [&](const QString &id, const QString &kind, const SecureBuffer &wrappingKey,
                       const QByteArray &salt) {
        const QByteArray aad =
            QByteArrayLiteral("tessera-slot-v1|") + storeId + '|' + id.toLatin1() + '|' + kind.toLatin1();
        QJsonObject s {
            {QStringLiteral("id"), id},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("wrapped"), QString::fromLatin1(crypto::seal(wrappingKey, key.bytes(), aad).toBase64())}};
        if (!salt.isEmpty())
            s.insert(QStringLiteral("kdf"),
                     QJsonObject {{QStringLiteral("alg"), QStringLiteral("argon2id13")},
                                  {QStringLiteral("ops"), static_cast<qint64>(fastKdf().opsLimit)},
                                  {QStringLiteral("mem"), static_cast<qint64>(fastKdf().memLimitBytes)},
                                  {QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())}});
        slots.append(s);
    };
    for (const auto &[user, password] : operators) {
        const QByteArray salt = crypto::randomBytes(crypto::kSaltBytes);
        auto kek = crypto::deriveKey(secret(password), salt, fastKdf());
        REQUIRE(kek);
        slotFor(current->slotIdFor(user), QStringLiteral("operator"), *kek, salt);
    }
    auto raw = crypto::decodeRecoveryKey(SecureBuffer::fromText(t.recoveryKey));
    REQUIRE(raw);
    slotFor(QStringLiteral("recovery"), QStringLiteral("recovery"),
            crypto::keyedHash(*raw, QByteArrayLiteral("tessera-recovery-wrap-v1|") + storeId), {});
    const QJsonObject root {
        {QStringLiteral("format"), QStringLiteral("tessera-station-keys")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("store_id"), QString::fromLatin1(storeId.toHex())},
        {QStringLiteral("cipher"),
         QJsonObject {{QStringLiteral("page_size"), 4096},
                      {QStringLiteral("kdf_iter"), 64000},
                      {QStringLiteral("hmac_algorithm"), QStringLiteral("HMAC_SHA1")},
                      {QStringLiteral("kdf_algorithm"), QStringLiteral("PBKDF2_HMAC_SHA1")}}},
        {QStringLiteral("login_policy"),
         QJsonObject {{QStringLiteral("max_failures"), 5}, {QStringLiteral("lockout_seconds"), 300}}},
        {QStringLiteral("slots"), slots}};
    writeBytes(paths.keys(), QJsonDocument(root).toJson());
    auto db = Database::open(paths.store(), key, CipherSettings {}, Database::Mode::OpenExisting);
    REQUIRE(db);
    TESSERA_REQUIRE_OK(db->exec(
        QStringLiteral("DELETE FROM meta WHERE key IN ('keys_fingerprint', 'keys_epoch', 'operators_public_key'); "
                       "UPDATE operators SET slot_public_key = NULL, record_signature = NULL;")));
}

} // namespace

TEST_CASE("A station with a version 1 key file still opens, and store upgrade-keys moves it to version 2",
          "[station][keys]")
{
    TestStation t;
    const qint64 clerkId = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    makeLegacy(t, {{QStringLiteral("admin"), kAdminPassword}, {QStringLiteral("clerk1"), kClerkPassword}});
    const StationPaths paths {t.path()};
    const QByteArray legacyKeys = readFile(paths.keys());

    // The old format opens, for every operator, as before.
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(admin);
    auto problems = (*admin)->check();
    REQUIRE(problems);
    CHECK(problems->join(QLatin1Char('\n')).contains(QStringLiteral("old format (version 1)")));
    auto refused = (*admin)->rekey();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("upgrade-keys")));

    // The upgrade, through the CLI as an administrator would run it.
    admin->reset();
    const QString adminPw = writeSecretFile(t, QStringLiteral("admin.pw"), kAdminPassword);
    const QString recovery = writeSecretFile(t, QStringLiteral("recovery.txt"), t.recoveryKey.toLatin1().constData());
    const CliResult upgraded =
        runCli({QStringLiteral("--store"), t.path(), QStringLiteral("--json"), QStringLiteral("store"),
                QStringLiteral("upgrade-keys"), QStringLiteral("--with-recovery-key-file"), recovery,
                QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"), adminPw},
               t.clock);
    INFO(upgraded.out.toStdString() << upgraded.err.toStdString());
    REQUIRE(upgraded.code == 0);
    CHECK(upgraded.out.contains(QStringLiteral("operator:%1").arg(clerkId)));

    auto slots = KeySlotFile::load(paths.keys());
    REQUIRE(slots);
    CHECK(slots->version() == 2);
    CHECK_FALSE(slots->hasPasswordSlot(QStringLiteral("clerk1")));
    // The old slots open nothing live, and the old file put back is refused.
    CHECK_FALSE(opensStore(t, keyFromOldSlot(legacyKeys, QStringLiteral("clerk1"), kClerkPassword)));
    const QByteArray current = readFile(paths.keys());
    writeBytes(paths.keys(), legacyKeys);
    auto rolledBack = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE_FALSE(rolledBack);
    CHECK(rolledBack.error().code == ErrorCode::Integrity);
    writeBytes(paths.keys(), current);

    admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(admin);
    CHECK((*admin)->check()->isEmpty());
    CHECK_FALSE(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
    TESSERA_REQUIRE_OK((*admin)->resetPassword(clerkId, secret(kClerkNewPassword)));
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkNewPassword)));
    CHECK(Station::openWithRecoveryKey(t.path(), SecureBuffer::fromText(t.recoveryKey), t.clock));
}

namespace {

// Child mode: upgrade-crash DIR STEP RECOVERYKEY. Signs in as admin to a version 1 station,
// runs the upgrade and is SIGKILLed when the step hook reports STEP.
int upgradeCrash(int argc, char **argv)
{
    if (argc < 5)
        return 64;
    ManualClock clock;
    auto station =
        Station::login(QString::fromLocal8Bit(argv[2]), QStringLiteral("admin"), secret(kAdminPassword), clock);
    if (!station) {
        std::fprintf(stderr, "login: %s\n", qPrintable(station.error().message));
        return 1;
    }
    const std::string wanted = argv[3];
    Station::setStepHookForTests([&](const char *step) {
        if (wanted == step)
            ::raise(SIGKILL);
    });
    if (auto r = (*station)->upgradeKeys(secret(kAdminPassword), SecureBuffer::fromText(QString::fromLatin1(argv[4])));
        !r) {
        std::fprintf(stderr, "upgrade: %s\n", qPrintable(r.error().message));
        return 1;
    }
    return 0;
}

const RegisterChildMode registerUpgradeCrash("upgrade-crash", upgradeCrash);

} // namespace

TEST_CASE("An upgrade of a version 1 key file killed at any step leaves a station that opens", "[station][keys][crash]")
{
    const char *step = GENERATE("upgrade-prepared", "upgrade-store-rekeyed", "none");
    INFO("killed at " << step);
    TestStation t;
    makeLegacy(t, {{QStringLiteral("admin"), kAdminPassword}});
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("upgrade-crash"), t.path(), QString::fromLatin1(step), t.recoveryKey});
    REQUIRE(child.waitForStarted(10000));
    REQUIRE(child.waitForFinished(60000));
    INFO(child.readAllStandardError().toStdString());
    CHECK(child.exitStatus() == (QByteArray(step) == "none" ? QProcess::NormalExit : QProcess::CrashExit));

    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    INFO((admin ? std::string() : admin.error().message.toStdString()));
    REQUIRE(admin);
    CHECK_FALSE(QFile::exists(StationPaths {t.path()}.nextKeys()));
    auto info = (*admin)->info();
    REQUIRE(info);
    // Before the PRAGMA rekey the old format stays; after it the upgrade is finished.
    CHECK(info->keyFileVersion == (QByteArray(step) == "upgrade-prepared" ? 1 : 2));
    if (info->keyFileVersion == 2) {
        auto problems = (*admin)->check();
        REQUIRE(problems);
        CHECK(problems->isEmpty());
    }
    CHECK(Station::openWithRecoveryKey(t.path(), SecureBuffer::fromText(t.recoveryKey), t.clock));
}
