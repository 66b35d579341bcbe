#include "core/backup/Backup.h"
#include "core/store/Schema.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr const char *kBackupPassword = "backup drawer key 2026";

QString backupDir(const TestStation &t)
{
    return t.dir.path() + QStringLiteral("/usb");
}

BackupResult backUp(TestStation &t, int keep = 0)
{
    auto r = createBackup(t.station->access(), t.station->paths(),
                          {backupDir(t), keep, secret(kBackupPassword), std::nullopt});
    if (!r)
        FAIL(r.error().message.toStdString());
    return *r;
}

RestoreOptions restoreTo(const QString &backup, const QString &target)
{
    RestoreOptions o;
    o.backupPath = backup;
    o.targetDir = target;
    o.username = QStringLiteral("admin");
    o.password = secret(kAdminPassword);
    o.backupPassword = secret(kBackupPassword);
    return o;
}

QByteArray hashOf(const QString &station)
{
    const StationPaths p {station};
    const QByteArray all = readFile(p.store()) + readFile(p.store() + QStringLiteral("-wal")) + readFile(p.keys());
    return QCryptographicHash::hash(all, QCryptographicHash::Sha256);
}

qint64 count(Station &s, const char *sql)
{
    auto n = s.database().scalar(QString::fromLatin1(sql));
    REQUIRE(n);
    return n->toLongLong();
}

} // namespace

TEST_CASE("A backup restores on a second station folder, where the operators sign in as before", "[backup][restore]")
{
    TestStation t;
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    REQUIRE(
        t.station->database().run(QStringLiteral("INSERT INTO meta (key, value) VALUES ('probe', 'Backupmarker')")));
    const BackupResult made = backUp(t);
    CHECK(made.file.complete);
    CHECK(QFile::exists(made.file.path));
    CHECK(made.file.path.contains(QStringLiteral("/usb/tessera-")));

    // Its own key: the station key does not open it; it is not plain SQLite either.
    bool opened = true;
    sqlcipherQuery(made.file.path, t.rawKey(), QStringLiteral("SELECT count(*) FROM meta;"), &opened);
    CHECK_FALSE(opened);
    CHECK_FALSE(readFile(made.file.path).startsWith("SQLite format 3"));

    auto entries = t.station->audit().entries();
    REQUIRE(entries);
    CHECK(entries->back().event == QStringLiteral("backup.created"));
    CHECK(entries->back().details.value(QStringLiteral("enrollments")).toInteger() == 0);

    const QString second = t.dir.path() + QStringLiteral("/second");
    auto restored = restoreBackup(restoreTo(made.file.path, second), t.clock);
    if (!restored)
        FAIL(restored.error().message.toStdString());
    CHECK_FALSE(restored->replacedExisting);
    CHECK(restored->schemaVersion == latestSchemaVersion());

    auto clerk = Station::login(second, QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(clerk);
    auto probe = (*clerk)->database().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'probe'"));
    REQUIRE(probe);
    CHECK(probe->toString() == QStringLiteral("Backupmarker"));
    auto verified = (*clerk)->audit().verify();
    REQUIRE(verified);
    CHECK(verified->ok);
    auto restoredEntries = (*clerk)->audit().entries();
    REQUIRE(restoredEntries);
    bool receipt = false;
    for (const AuditEntry &e : *restoredEntries)
        receipt = receipt || e.event == QStringLiteral("backup.restored");
    CHECK(receipt);
    // The append-only guards came along.
    CHECK_FALSE((*clerk)->database().run(QStringLiteral("DELETE FROM audit WHERE seq = 1")));
    auto problems = (*clerk)->check();
    REQUIRE(problems);
    CHECK(problems->isEmpty());
}

TEST_CASE("A damaged backup is refused and the station is untouched", "[backup][restore]")
{
    TestStation t;
    for (int i = 0; i < 50; ++i)
        REQUIRE(t.station->audit().append(1, QStringLiteral("test.event"), QStringLiteral("test:%1").arg(i), {}));
    const BackupResult made = backUp(t);
    t.station.reset();
    const QByteArray before = hashOf(t.path());

    SECTION("bytes changed in the middle of the copy")
    {
        QFile f(made.file.path);
        REQUIRE(f.open(QIODevice::ReadWrite));
        REQUIRE(f.size() > 3 * 4096);
        f.seek(2 * 4096 + 100);
        f.write(QByteArray(64, '\x5a'));
        f.close();
    }
    SECTION("the copy cut short")
    {
        QFile f(made.file.path);
        REQUIRE(f.resize(f.size() - 4096));
    }
    SECTION("its key file missing")
    {
        REQUIRE(QFile::remove(made.file.path.left(made.file.path.size() - 4) + QStringLiteral(".keys")));
    }
    RestoreOptions o = restoreTo(made.file.path, t.path());
    o.force = true; // even forced
    auto r = restoreBackup(o, t.clock);
    REQUIRE_FALSE(r);
    CHECK((r.error().message.contains(QStringLiteral("Nothing was changed"))
           || r.error().message.contains(QStringLiteral("cannot be restored"))));
    CHECK(hashOf(t.path()) == before);
    CHECK_FALSE(QFile::exists(StationPaths {t.path()}.store() + QStringLiteral(".restoring")));
    CHECK_FALSE(QFile::exists(StationPaths {t.path()}.store() + QStringLiteral(".restore-check")));
}

TEST_CASE("A wrong backup password or a non-administrator cannot restore", "[backup][restore]")
{
    TestStation t;
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    const BackupResult made = backUp(t);
    const QString second = t.dir.path() + QStringLiteral("/second");

    RestoreOptions wrong = restoreTo(made.file.path, second);
    wrong.backupPassword = secret("not the backup password");
    auto r = restoreBackup(wrong, t.clock);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::AuthFailed);

    RestoreOptions clerk = restoreTo(made.file.path, second);
    clerk.username = QStringLiteral("carla");
    clerk.password = secret(kClerkPassword);
    r = restoreBackup(clerk, t.clock);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::PermissionDenied);
    CHECK_FALSE(Station::existsAt(second));

    // And making one is for administrators, with a real password.
    auto asClerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(asClerk);
    auto refused = createBackup((*asClerk)->access(), (*asClerk)->paths(),
                                {backupDir(t), 0, secret(kBackupPassword), std::nullopt});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::PermissionDenied);
    auto weak = createBackup(t.station->access(), t.station->paths(), {backupDir(t), 0, secret("short"), std::nullopt});
    REQUIRE_FALSE(weak);
    CHECK(weak.error().code == ErrorCode::InvalidInput);
}

TEST_CASE("A newer store is not overwritten without confirmation", "[backup][restore]")
{
    TestStation t;
    const BackupResult made = backUp(t);
    t.clock.advance(3600);
    REQUIRE(t.station->database().run(
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('later', 'work after the backup')")));
    REQUIRE(t.station->audit().append(1, QStringLiteral("test.work"), QStringLiteral("test:1"), {}));
    t.station.reset();
    t.clock.advance(60);
    const QByteArray before = hashOf(t.path());

    auto refused = restoreBackup(restoreTo(made.file.path, t.path()), t.clock);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("newer")));
    // The check signed in (one audit entry) but replaced nothing: the later work is there.
    auto still = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE(still);
    CHECK((*still)->database().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'later'"))->toString()
          == QStringLiteral("work after the backup"));
    still->reset();
    (void)before;

    RestoreOptions forced = restoreTo(made.file.path, t.path());
    forced.force = true;
    auto done = restoreBackup(forced, t.clock);
    if (!done)
        FAIL(done.error().message.toStdString());
    CHECK(done->replacedExisting);
    auto back = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE(back);
    CHECK((*back)->database().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'later'"))->isNull());
}

TEST_CASE("Rotation keeps the newest N backups, and the list finds them", "[backup][rotation]")
{
    TestStation t;
    for (int i = 0; i < 4; ++i) {
        t.clock.advance(3600);
        backUp(t, 2);
    }
    const std::vector<BackupFile> list = listBackups(backupDir(t));
    REQUIRE(list.size() == 2);
    CHECK(list.front().createdAt == t.clock.now());
    CHECK(list.back().createdAt == t.clock.now().addSecs(-3600));
    CHECK(list.front().complete);
    CHECK(QDir(backupDir(t)).entryList(QDir::Files).size() == 6);
    auto folders = backupFolders(t.station->database());
    REQUIRE(folders);
    CHECK(*folders == QStringList {QDir(backupDir(t)).absolutePath()});
    CHECK(count(*t.station, "SELECT count(*) FROM audit WHERE event = 'backup.created'") == 4);
    CHECK(listBackups(t.dir.path() + QStringLiteral("/not-plugged-in")).empty());
}
