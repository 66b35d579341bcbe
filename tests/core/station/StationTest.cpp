#include "core/station/Station.h"
#include "core/store/Schema.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>

using namespace tessera;
using namespace tessera::test;

namespace {

Result<std::unique_ptr<Station>> login(TestStation &t, const QString &user, const SecureBuffer &password)
{
    return Station::login(t.path(), user, password, t.clock);
}

SecureBuffer keyThroughSlot(TestStation &t, const QString &user, const SecureBuffer &password)
{
    auto slots = KeySlotFile::load(StationPaths {t.path()}.keys());
    REQUIRE(slots);
    auto key = slots->unlockWithPassword(user, password);
    REQUIRE(key);
    return std::move(*key);
}

QStringList temporaryFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.tmp"), QStringLiteral(".*.tmp")},
                               QDir::Files | QDir::Hidden | QDir::System);
}

} // namespace

TEST_CASE("A new station signs its administrator in and describes itself", "[station]")
{
    TestStation t;
    CHECK(t.station->session().currentOperator().username == QStringLiteral("admin"));
    CHECK(t.station->session().hasRole(Role::Administrator));
    CHECK_FALSE(t.station->session().hasRole(Role::Clerk));
    CHECK_FALSE(t.station->session().isRecovery());
    CHECK(Station::existsAt(t.path()));

    auto info = t.station->info();
    REQUIRE(info);
    CHECK(info->name == QStringLiteral("Test Counter"));
    CHECK(info->code == QStringLiteral("TC1"));
    CHECK(info->schemaVersion == latestSchemaVersion());
    CHECK_FALSE(info->cipherVersion.isEmpty());
    CHECK(info->slotKdf == fastKdf());
    CHECK(info->operatorSlots == 1);
    CHECK(info->loginPolicy == LoginPolicy {});
    CHECK(info->storeId.size() == 32);
    // Read through StationSettings in their stored text forms (issue 14).
    CHECK(info->createdAt == isoUtc(t.clock.now()));
    CHECK(info->autoLockSeconds == 300);
    CHECK_FALSE(info->demo);
    CHECK(info->keyEpoch == 1);
    CHECK(info->lastRekeyAt.isEmpty());

    auto problems = t.station->check();
    REQUIRE(problems);
    CHECK(problems->isEmpty());
}

TEST_CASE("A station is not created over another or with bad set-up values", "[station]")
{
    TestStation t;
    Station::Setup again;
    again.stationName = QStringLiteral("Other");
    again.stationCode = QStringLiteral("OT1");
    again.adminUsername = QStringLiteral("admin2");
    again.adminDisplayName = QStringLiteral("Other Admin");
    again.adminPassword = secret(kClerkPassword);
    again.slotKdf = fastKdf();
    auto over = Station::create(t.path(), std::move(again), t.clock);
    REQUIRE_FALSE(over);
    CHECK(over.error().code == ErrorCode::AlreadyExists);

    QTemporaryDir dir;
    auto setup = [] {
        Station::Setup s;
        s.stationName = QStringLiteral("Counter");
        s.stationCode = QStringLiteral("C1");
        s.adminUsername = QStringLiteral("boss");
        s.adminDisplayName = QStringLiteral("The Boss");
        s.adminPassword = secret(kClerkPassword);
        s.slotKdf = fastKdf();
        return s;
    };
    Station::Setup badCode = setup();
    badCode.stationCode = QStringLiteral("C");
    auto r1 = Station::create(dir.filePath(QStringLiteral("s")), std::move(badCode), t.clock);
    REQUIRE_FALSE(r1);
    CHECK(r1.error().message.contains(QStringLiteral("Station code")));
    Station::Setup weak = setup();
    weak.adminPassword = secret("short");
    auto r2 = Station::create(dir.filePath(QStringLiteral("s")), std::move(weak), t.clock);
    REQUIRE_FALSE(r2);
    CHECK(r2.error().code == ErrorCode::InvalidInput);
    CHECK_FALSE(Station::existsAt(dir.filePath(QStringLiteral("s"))));
}

TEST_CASE("Signing in needs the right password; a wrong one and an unknown name look the same", "[station][login]")
{
    TestStation t;
    auto ok = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(ok);
    CHECK((*ok)->session().currentOperator().username == QStringLiteral("admin"));

    auto wrong = login(t, QStringLiteral("admin"), secret(kClerkPassword));
    auto unknown = login(t, QStringLiteral("nobody"), secret(kAdminPassword));
    REQUIRE_FALSE(wrong);
    REQUIRE_FALSE(unknown);
    CHECK(wrong.error().code == ErrorCode::AuthFailed);
    CHECK(unknown.error().code == ErrorCode::AuthFailed);
    CHECK(wrong.error().message == unknown.error().message);

    QTemporaryDir empty;
    auto none = Station::login(empty.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE_FALSE(none);
    CHECK(none.error().code == ErrorCode::StoreMissing);
}

TEST_CASE("The recovery key opens the station for password resets only", "[station][recovery]")
{
    TestStation t;
    auto r = Station::openWithRecoveryKey(t.path(), SecureBuffer::fromText(t.recoveryKey.toLower()), t.clock);
    REQUIRE(r);
    Station &s = **r;
    CHECK(s.session().isRecovery());

    auto add = s.addOperator(
        {QStringLiteral("intruder"), QStringLiteral("In Truder"), Role::Administrator, secret(kClerkPassword)});
    REQUIRE_FALSE(add);
    CHECK(add.error().code == ErrorCode::PermissionDenied);

    // The forgotten administrator password is replaced; the new one opens the station.
    const SecureBuffer fresh = secret("a forgotten password replaced");
    auto ops = s.operators();
    REQUIRE(ops);
    REQUIRE(ops->size() == 1);
    TESSERA_REQUIRE_OK(s.resetPassword(ops->front().id, fresh));
    CHECK_FALSE(login(t, QStringLiteral("admin"), secret(kAdminPassword)));
    auto admin = login(t, QStringLiteral("admin"), fresh);
    REQUIRE(admin);
    CHECK((*admin)->session().currentOperator().mustChangePassword);

    auto entries = (*admin)->audit().entries();
    REQUIRE(entries);
    bool recorded = false;
    for (const AuditEntry &e : *entries)
        recorded = recorded || e.event == QStringLiteral("recovery.used");
    CHECK(recorded);
}

TEST_CASE("A wrong or mistyped recovery key is refused", "[station][recovery]")
{
    TestStation t;
    const SecureBuffer other = crypto::encodeRecoveryKey(SecureBuffer::random(32));
    auto wrong = Station::openWithRecoveryKey(t.path(), other, t.clock);
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::AuthFailed);

    auto garbled = Station::openWithRecoveryKey(t.path(), SecureBuffer::fromText(t.recoveryKey.left(20)), t.clock);
    REQUIRE_FALSE(garbled);
    CHECK(garbled.error().code == ErrorCode::InvalidInput);
}

TEST_CASE("An administrator's password reset gives the slot a new key pair and re-keys the store",
          "[station][keyslots]")
{
    TestStation t;
    const SecureBuffer storeKey = t.rawKey();
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    CHECK(keyThroughSlot(t, QStringLiteral("clerk1"), secret(kClerkPassword)).equals(storeKey));

    const SecureBuffer next = secret("new lantern for the clerk");
    TESSERA_REQUIRE_OK(t.station->resetPassword(clerk, next));

    auto old = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE_FALSE(old);
    CHECK(old.error().code == ErrorCode::AuthFailed);
    auto fresh = login(t, QStringLiteral("clerk1"), next);
    REQUIRE(fresh);
    CHECK((*fresh)->session().currentOperator().mustChangePassword);
    const SecureBuffer rekeyed = t.rawKey();
    CHECK_FALSE(rekeyed.equals(storeKey));
    CHECK(keyThroughSlot(t, QStringLiteral("clerk1"), next).equals(rekeyed));
    CHECK(temporaryFiles(t.path()).isEmpty());

    auto own = t.station->resetPassword(t.station->session().currentOperator().id, next);
    REQUIRE_FALSE(own);
    CHECK(own.error().code == ErrorCode::InvalidInput);
    auto weak = t.station->resetPassword(clerk, secret("password1234"));
    REQUIRE_FALSE(weak);
    CHECK(weak.error().code == ErrorCode::InvalidInput);
    CHECK(login(t, QStringLiteral("clerk1"), next)); // the refused reset changed nothing
}

TEST_CASE("Changing one's own password rewraps the slot and keeps the store key", "[station][keyslots]")
{
    TestStation t;
    const SecureBuffer storeKey = t.rawKey();
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    auto clerk = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(clerk);
    Station &s = **clerk;
    CHECK(s.session().currentOperator().mustChangePassword);

    const SecureBuffer next = secret("my very own lantern");
    auto wrongCurrent = s.changeOwnPassword(secret("not the password at all"), next);
    REQUIRE_FALSE(wrongCurrent);
    CHECK(wrongCurrent.error().code == ErrorCode::AuthFailed);
    CHECK(wrongCurrent.error().message.contains(QStringLiteral("Current password")));
    auto same = s.changeOwnPassword(secret(kClerkPassword), secret(kClerkPassword));
    REQUIRE_FALSE(same);
    CHECK(same.error().code == ErrorCode::InvalidInput);
    auto weak = s.changeOwnPassword(secret(kClerkPassword), secret("clerk1 has a long password"));
    REQUIRE_FALSE(weak);
    CHECK(weak.error().code == ErrorCode::InvalidInput);

    TESSERA_REQUIRE_OK(s.changeOwnPassword(secret(kClerkPassword), next));
    CHECK_FALSE(s.session().currentOperator().mustChangePassword);
    CHECK_FALSE(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
    auto again = login(t, QStringLiteral("clerk1"), next);
    REQUIRE(again);
    CHECK_FALSE((*again)->session().currentOperator().mustChangePassword);
    CHECK(keyThroughSlot(t, QStringLiteral("clerk1"), next).equals(storeKey));
    CHECK(temporaryFiles(t.path()).isEmpty());
}

TEST_CASE("A station with a damaged or newer key file refuses to sign in and says why", "[station][keyslots]")
{
    TestStation t;
    const QString keys = StationPaths {t.path()}.keys();
    SECTION("damaged")
    {
        QFile f(keys);
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"format\": \"tessera-station-keys\", \"version\": 1, \"store_id\": ");
        f.close();
        auto s = login(t, QStringLiteral("admin"), secret(kAdminPassword));
        REQUIRE_FALSE(s);
        CHECK(s.error().code == ErrorCode::StoreCorrupt);
        CHECK(s.error().message.contains(keys));
        CHECK(s.error().message.contains(QStringLiteral("not valid JSON")));
    }
    SECTION("newer")
    {
        QByteArray bytes = readFile(keys);
        bytes.replace("\"version\": 2", "\"version\": 9");
        QFile f(keys);
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
        f.close();
        auto s = login(t, QStringLiteral("admin"), secret(kAdminPassword));
        REQUIRE_FALSE(s);
        CHECK(s.error().code == ErrorCode::StoreCorrupt);
        CHECK(s.error().message.contains(QStringLiteral("newer Tessera (version 9)")));
    }
}

TEST_CASE("Station settings are kept and changes are audited", "[station]")
{
    TestStation t;
    TESSERA_REQUIRE_OK(t.station->setAutoLockSeconds(120));
    auto info = t.station->info();
    REQUIRE(info);
    CHECK(info->autoLockSeconds == 120);
    auto tooShort = t.station->setAutoLockSeconds(5);
    REQUIRE_FALSE(tooShort);
    CHECK(tooShort.error().code == ErrorCode::InvalidInput);

    auto again = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(again);
    auto reread = (*again)->info();
    REQUIRE(reread);
    CHECK(reread->autoLockSeconds == 120);
}

TEST_CASE("A locked session resumes for its operator or a supervisor, not for another clerk", "[station][session]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    t.addOperator(QStringLiteral("clerk2"), Role::Clerk);
    t.addOperator(QStringLiteral("super1"), Role::Supervisor);
    auto clerk = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(clerk);
    Station &s = **clerk;
    TESSERA_REQUIRE_OK(s.recordLocked());

    auto other = s.unlockSession(QStringLiteral("clerk2"), secret(kClerkPassword));
    REQUIRE_FALSE(other);
    CHECK(other.error().code == ErrorCode::PermissionDenied);
    auto wrong = s.unlockSession(QStringLiteral("clerk1"), secret(kAdminPassword));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::AuthFailed);
    auto supervisor = s.unlockSession(QStringLiteral("super1"), secret(kClerkPassword));
    REQUIRE(supervisor);
    CHECK(supervisor->username == QStringLiteral("super1"));
    auto self = s.unlockSession(QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(self);
    CHECK(s.session().currentOperator().username == QStringLiteral("clerk1"));
}

TEST_CASE("Key-slot changes from two sessions at once are both kept", "[station][slots]")
{
    // The desktop keeps an administrator signed in for hours; meanwhile a clerk changes their
    // password from the CLI. When the administrator then adds an operator, the clerk's new
    // password must survive: each change re-reads the slot file instead of writing back an
    // old copy.
    TestStation t;
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    auto carla = login(t, QStringLiteral("carla"), secret(kClerkPassword));
    REQUIRE(carla);
    TESSERA_REQUIRE_OK((*carla)->changeOwnPassword(secret(kClerkPassword), secret("amber lamps at dusk")));
    t.addOperator(QStringLiteral("sam"), Role::Supervisor); // through the administrator's older session
    CHECK(login(t, QStringLiteral("carla"), secret("amber lamps at dusk")));
    CHECK_FALSE(login(t, QStringLiteral("carla"), secret(kClerkPassword)));
    CHECK(login(t, QStringLiteral("sam"), secret(kClerkPassword)));

    // And the other way round: the clerk's session, opened before sam existed, changes its
    // password again without removing sam's slot.
    TESSERA_REQUIRE_OK((*carla)->changeOwnPassword(secret("amber lamps at dusk"), secret("copper kettle singing")));
    CHECK(login(t, QStringLiteral("sam"), secret(kClerkPassword)));
    CHECK(login(t, QStringLiteral("carla"), secret("copper kettle singing")));
}
