// Backups and restores SIGKILLed at every step where a crash leaves files behind (issue 16):
// nothing left may hold a store that a purge would miss, and every operation can be run again.
#include "core/backup/Backup.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr const char *kBackupPassword = "backup drawer key 2026";

QString usb(const TestStation &t)
{
    return t.dir.path() + QStringLiteral("/usb");
}

RestoreOptions restoreTo(const QString &backup, const QString &target, bool force = false)
{
    RestoreOptions o;
    o.backupPath = backup;
    o.targetDir = target;
    o.username = QStringLiteral("admin");
    o.password = secret(kAdminPassword);
    o.backupPassword = secret(kBackupPassword);
    o.force = force;
    return o;
}

// Every file in a folder, hidden ones too.
QStringList filesIn(const QString &dir)
{
    QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    return names;
}

// Files that hold (or are) a copy of a store, other than the store itself.
QStringList storeCopies(const QString &dir)
{
    QStringList copies;
    for (const QString &f : filesIn(dir))
        if (f.endsWith(QLatin1String(".tmp")) || f.contains(QLatin1String(".restoring"))
            || f.contains(QLatin1String(".restore-check")))
            copies << f;
    return copies;
}

qint64 markers(Station &s)
{
    auto n = s.database().scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key LIKE 'crash-marker-%'"));
    REQUIRE(n);
    return n->toLongLong();
}

} // namespace

TEST_CASE("A restore into an empty folder killed at any step can be run again, and leaves no copy of the store",
          "[backup][restore][crash]")
{
    // Where a restore can die: after its verified copy is written; before either file's
    // rename (the key file's, then the store's); between the key file and the store.
    const std::vector<std::pair<const char *, int>> points {{"restore.after-export", 1},
                                                            {"atomic-file.before-rename", 1},
                                                            {"restore.between-key-file-and-store", 1},
                                                            {"atomic-file.before-rename", 2}};
    for (const auto &[point, occurrence] : points) {
        TestStation t;
        REQUIRE(
            t.station->database().run(QStringLiteral("INSERT INTO meta (key, value) VALUES ('crash-marker-1', 'x')")));
        auto made =
            createBackup(t.station->access(), t.station->paths(), {usb(t), 0, secret(kBackupPassword), std::nullopt});
        REQUIRE(made);
        t.station.reset();
        const QString target = t.dir.path() + QStringLiteral("/restored");
        INFO("killed at " << point << " #" << occurrence);
        REQUIRE(killedAt(point, occurrence, [&] { (void)restoreBackup(restoreTo(made->file.path, target), t.clock); }));

        // The restore, again, without --force: it works, the administrator signs in, and nothing
        // but the station's own files is left in the folder.
        auto again = restoreBackup(restoreTo(made->file.path, target), t.clock);
        TESSERA_REQUIRE_OK(again);
        CHECK(storeCopies(target).isEmpty());
        auto station = Station::login(target, QStringLiteral("admin"), secret(kAdminPassword), t.clock);
        TESSERA_REQUIRE_OK(station);
        CHECK(markers(**station) == 1);
    }
}

TEST_CASE("A restore killed before the store's rename leaves a copy that the next opening removes",
          "[backup][restore][crash]")
{
    TestStation t;
    REQUIRE(t.station->database().run(QStringLiteral("INSERT INTO meta (key, value) VALUES ('crash-marker-1', 'x')")));
    auto made =
        createBackup(t.station->access(), t.station->paths(), {usb(t), 0, secret(kBackupPassword), std::nullopt});
    REQUIRE(made);
    t.station.reset();
    // Into the live station (confirmed), killed with the whole restored store written under
    // its temporary name: the reviewers' ".station.db.<hex>.tmp" with applicant data.
    REQUIRE(killedAt("atomic-file.before-rename", 2,
                     [&] { (void)restoreBackup(restoreTo(made->file.path, t.path(), true), t.clock); }));
    const QStringList left = storeCopies(t.path());
    REQUIRE(left.size() == 1);
    CHECK(left.first().startsWith(QLatin1String(".station.db.")));
    CHECK(QFileInfo(t.path() + QLatin1Char('/') + left.first()).size() > 0);

    // Signing in (which a purge needs first) removes it.
    auto station = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    TESSERA_REQUIRE_OK(station);
    CHECK(storeCopies(t.path()).isEmpty());
}

TEST_CASE("An empty store is replaced by a confirmed restore", "[backup][restore]")
{
    TestStation t;
    auto made =
        createBackup(t.station->access(), t.station->paths(), {usb(t), 0, secret(kBackupPassword), std::nullopt});
    REQUIRE(made);
    t.station.reset();
    const StationPaths p {t.path()};
    for (const QString &f : QStringList {p.store() + QStringLiteral("-wal"), p.store() + QStringLiteral("-shm")})
        QFile::remove(f);
    QFile store(p.store());
    REQUIRE(store.open(QIODevice::WriteOnly | QIODevice::Truncate));
    store.close();

    auto refused = restoreBackup(restoreTo(made->file.path, t.path()), t.clock);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("--force")));
    CHECK(refused.error().message.contains(QStringLiteral("empty")));
    TESSERA_REQUIRE_OK(restoreBackup(restoreTo(made->file.path, t.path(), true), t.clock));
    TESSERA_REQUIRE_OK(Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock));
}

TEST_CASE("A backup killed before it is complete leaves partial files that the next backup removes",
          "[backup][rotation][crash]")
{
    for (const char *point : {"backup.after-export", "backup.before-rename"}) {
        INFO("killed at " << point);
        TestStation t;
        t.station.reset();
        REQUIRE(killedAt(point, 1, [&] {
            auto s = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
            if (s)
                (void)createBackup((*s)->access(), (*s)->paths(), {usb(t), 0, secret(kBackupPassword), std::nullopt});
        }));
        QStringList partials = QDir(usb(t)).entryList({QStringLiteral("*.partial")}, QDir::Files);
        REQUIRE(partials.size() == 1);
        CHECK(listBackups(usb(t)).empty());

        t.clock.advance(60);
        auto s = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
        REQUIRE(s);
        auto made = createBackup((*s)->access(), (*s)->paths(), {usb(t), 5, secret(kBackupPassword), std::nullopt});
        TESSERA_REQUIRE_OK(made);
        // Only the complete backup's three files are left.
        const QString base = QFileInfo(made->file.path).completeBaseName();
        const QStringList left = filesIn(usb(t));
        CHECK(left
              == QStringList({base + QStringLiteral(".keys"), base + QStringLiteral(".station-keys"),
                              base + QStringLiteral(".tdb")}));
    }
}
