// What a crash, a full disk or a second process leaves for the store to meet at open (issue 16).
#include "core/store/Database.h"
#include "tests/support/CliResult.h"
#include "tests/support/StorePages.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

#include <csignal>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace tessera;
using namespace tessera::test;

TEST_CASE("An empty store file is refused as damaged, with the way back, and never made into a new store",
          "[store][damage]")
{
    TestStation t;
    t.station.reset();
    const StationPaths p {t.path()};
    for (const QString &f : QStringList {p.store() + QStringLiteral("-wal"), p.store() + QStringLiteral("-shm")})
        QFile::remove(f);
    QFile store(p.store());
    REQUIRE(store.open(QIODevice::WriteOnly | QIODevice::Truncate));
    store.close();

    auto r = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::StoreCorrupt);
    CHECK(r.error().message.contains(QStringLiteral("empty")));
    CHECK(r.error().message.contains(QStringLiteral("restore")));
    CHECK_FALSE(r.error().message.contains(QStringLiteral("password")));
    CHECK(QFileInfo(p.store()).size() == 0);
    CHECK_FALSE(QFile::exists(p.store() + QStringLiteral("-wal")));

    // The CLI says the same, with the station-error exit code.
    const CliResult cli = runCli({QStringLiteral("store"), QStringLiteral("info"), QStringLiteral("--store"), t.path(),
                                  QStringLiteral("--as"), QStringLiteral("admin")},
                                 t.clock, QByteArray(kAdminPassword) + "\n");
    CHECK(cli.code != 0);
    CHECK(cli.err.contains(QStringLiteral("empty")));
    CHECK_FALSE(cli.err.contains(QStringLiteral("password is not right")));
    CHECK(QFileInfo(p.store()).size() == 0);
}

TEST_CASE("A store that is a FIFO is refused at once, without blocking", "[store][damage]")
{
    TestStation t;
    t.station.reset();
    const StationPaths p {t.path()};
    REQUIRE(QFile::remove(p.store()));
    QFile::remove(p.store() + QStringLiteral("-wal"));
    QFile::remove(p.store() + QStringLiteral("-shm"));
    REQUIRE(::mkfifo(QFile::encodeName(p.store()).constData(), 0600) == 0);
    auto r = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::StoreCorrupt);
}

TEST_CASE("Values deleted before a crash are not left in the journal once the store is open again",
          "[store][crash][wal]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.db"));
    const SecureBuffer key = SecureBuffer::random(32);
    {
        auto db = Database::open(path, key, CipherSettings {}, Database::Mode::Create);
        REQUIRE(db);
        REQUIRE(db->exec(QStringLiteral("CREATE TABLE t (v TEXT)")));
    }
    // A child writes a value, deletes it (secure_delete overwrites it in the new page, but the
    // WAL keeps the frame with the old page) and is killed before any checkpoint: a purge that
    // crashed before it could empty the journal.
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto db = Database::open(path, key, CipherSettings {}, Database::Mode::OpenExisting);
        if (!db || !db->exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0"))
            || !db->run(QStringLiteral("INSERT INTO t VALUES ('PURGED-VALUE-4711')"))
            || !db->run(QStringLiteral("DELETE FROM t")))
            _exit(1);
        ::raise(SIGKILL);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(decryptStorePages(path, key).walFrames.contains("PURGED-VALUE-4711"));

    // Opening it again (and staying open, as the desktop does all day) empties the journal first.
    auto db = Database::open(path, key, CipherSettings {}, Database::Mode::OpenExisting);
    REQUIRE(db);
    const DecryptedStore after = decryptStorePages(path, key);
    CHECK(after.walFrameCount == 0);
    CHECK_FALSE(after.contains("PURGED-VALUE-4711"));
    auto n = db->scalar(QStringLiteral("SELECT count(*) FROM t"));
    REQUIRE(n);
    CHECK(n->toLongLong() == 0);
}

TEST_CASE("Many commands writing to one station at once all succeed", "[store][concurrency]")
{
    TestStation t;
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    t.station.reset();
    const QString pw = t.dir.filePath(QStringLiteral("admin.pw"));
    {
        QFile f(pw);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(kAdminPassword) + "\n");
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // Each command signs in (a write: the audit entry and the throttle file) and writes again
    // in its own transaction (disabling and enabling an operator are audited changes).
    constexpr int kWriters = 24;
    std::vector<std::unique_ptr<QProcess>> writers;
    for (int i = 0; i < kWriters; ++i) {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env);
        const QString action = i % 2 == 0 ? QStringLiteral("store") : QStringLiteral("audit");
        const QString what = i % 2 == 0 ? QStringLiteral("check") : QStringLiteral("verify");
        p->start(QStringLiteral(TESSERA_CLI_PATH),
                 {action, what, QStringLiteral("--store"), t.path(), QStringLiteral("--as"), QStringLiteral("admin"),
                  QStringLiteral("--password-file"), pw});
        writers.push_back(std::move(p));
    }
    int failed = 0;
    for (auto &p : writers) {
        REQUIRE(p->waitForFinished(120000));
        if (p->exitStatus() != QProcess::NormalExit || p->exitCode() != 0) {
            ++failed;
            UNSCOPED_INFO(p->readAllStandardError().toStdString());
        }
    }
    CHECK(failed == 0);
    auto s = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE(s);
    auto logins = (*s)->database().scalar(QStringLiteral("SELECT count(*) FROM audit WHERE event = 'login.succeeded'"));
    REQUIRE(logins);
    CHECK(logins->toLongLong() >= kWriters + 2);
}
