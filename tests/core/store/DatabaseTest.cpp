#include "core/store/Database.h"
#include "core/store/Schema.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace tessera;
using namespace tessera::test;

namespace {

Database createStore(const QString &path, const SecureBuffer &key)
{
    auto db = Database::open(path, key, CipherSettings {}, Database::Mode::Create);
    if (!db)
        FAIL(db.error().message.toStdString());
    return std::move(*db);
}

qint64 integer(Database &db, const QString &sql)
{
    auto v = db.scalar(sql);
    if (!v)
        FAIL(v.error().message.toStdString());
    return v->toLongLong();
}

// A plain, unencrypted SQLite file written by the sqlcipher tool without a key.
void writePlainSqlite(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("sqlcipher"), {QStringLiteral("-batch"), path});
    REQUIRE(p.waitForStarted());
    p.write("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);\nINSERT INTO meta VALUES ('a', 'b');\n");
    p.closeWriteChannel();
    REQUIRE(p.waitForFinished(30000));
    REQUIRE(p.exitCode() == 0);
    REQUIRE(readFile(path).startsWith("SQLite format 3"));
}

} // namespace

TEST_CASE("A store refuses to open with a wrong key", "[store][database]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.db"));
    const SecureBuffer key = SecureBuffer::random(32);
    {
        Database db = createStore(path, key);
        REQUIRE(db.exec(QStringLiteral("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42);")));
    }
    auto wrong = Database::open(path, SecureBuffer::random(32), CipherSettings {}, Database::Mode::OpenExisting);
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::StoreCorrupt);
    CHECK(wrong.error().message.contains(QStringLiteral("could not be read with this key")));

    // Different cipher settings are as good as a wrong key: they must come from the key file.
    CipherSettings otherPages;
    otherPages.pageSize = 1024;
    CHECK_FALSE(Database::open(path, key, otherPages, Database::Mode::OpenExisting));

    auto right = Database::open(path, key, CipherSettings {}, Database::Mode::OpenExisting);
    REQUIRE(right);
    CHECK(integer(*right, QStringLiteral("SELECT x FROM t")) == 42);
    CHECK_FALSE(right->cipherVersion().isEmpty());
}

TEST_CASE("A store refuses a key that is not 32 bytes, a missing file and an existing one to create",
          "[store][database]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.db"));
    auto shortKey = Database::open(path, SecureBuffer::random(16), CipherSettings {}, Database::Mode::Create);
    REQUIRE_FALSE(shortKey);
    CHECK(shortKey.error().code == ErrorCode::Crypto);
    CHECK_FALSE(QFile::exists(path));

    auto missing = Database::open(path, SecureBuffer::random(32), CipherSettings {}, Database::Mode::OpenExisting);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::StoreMissing);
    CHECK_FALSE(QFile::exists(path));

    (void)createStore(path, SecureBuffer::random(32));
    auto again = Database::open(path, SecureBuffer::random(32), CipherSettings {}, Database::Mode::Create);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::AlreadyExists);
}

TEST_CASE("A plain unencrypted SQLite file is refused and left untouched", "[store][database]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plain.db"));
    writePlainSqlite(path);
    const QByteArray before = readFile(path);

    auto db = Database::open(path, SecureBuffer::random(32), CipherSettings {}, Database::Mode::OpenExisting);
    REQUIRE_FALSE(db);
    CHECK(db.error().code == ErrorCode::StoreCorrupt);
    CHECK(db.error().message.contains(QStringLiteral("not a Tessera store")));
    CHECK(readFile(path) == before);
}

TEST_CASE("A station whose store was swapped for a plain SQLite file does not open", "[store][database]")
{
    TestStation t;
    const QString store = StationPaths {t.path()}.store();
    t.station.reset();
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(store + suffix);
    writePlainSqlite(store);

    auto s = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == ErrorCode::StoreCorrupt);
}

TEST_CASE("Migrations bring a new store to the latest schema and are idempotent", "[store][schema]")
{
    QTemporaryDir dir;
    Database db = createStore(dir.filePath(QStringLiteral("s.db")), SecureBuffer::random(32));
    CHECK(integer(db, QStringLiteral("PRAGMA user_version")) == 0);
    REQUIRE(migrate(db));
    CHECK(integer(db, QStringLiteral("PRAGMA user_version")) == latestSchemaVersion());
    CHECK(integer(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN ('meta', 'operators', 'audit')"))
          == 3);
    REQUIRE(migrate(db));
    CHECK(integer(db, QStringLiteral("PRAGMA user_version")) == latestSchemaVersion());
}

TEST_CASE("A migration that fails half-way is rolled back as a whole", "[store][schema]")
{
    QTemporaryDir dir;
    Database db = createStore(dir.filePath(QStringLiteral("s.db")), SecureBuffer::random(32));
    // Migration 1 creates meta and operators before audit; a table already named audit makes
    // it fail after the first two statements have run.
    REQUIRE(db.exec(QStringLiteral("CREATE TABLE audit (x INTEGER)")));

    auto r = migrate(db);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.contains(QStringLiteral("Schema migration 1 failed and was rolled back")));
    CHECK(integer(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN ('meta', 'operators')")) == 0);
    CHECK(integer(db, QStringLiteral("PRAGMA user_version")) == 0);
    // And the connection is usable afterwards: no transaction was left open.
    CHECK(db.exec(QStringLiteral("BEGIN; COMMIT;")));
}

TEST_CASE("A store with a newer schema version is refused with a message", "[store][schema]")
{
    QTemporaryDir dir;
    Database db = createStore(dir.filePath(QStringLiteral("s.db")), SecureBuffer::random(32));
    const int newer = latestSchemaVersion() + 1;
    REQUIRE(db.exec(QStringLiteral("PRAGMA user_version = %1").arg(newer)));
    auto r = migrate(db);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::StoreCorrupt);
    CHECK(r.error().message.contains(QStringLiteral("newer Tessera (schema %1").arg(newer)));
    CHECK(integer(db, QStringLiteral("PRAGMA user_version")) == newer);
}

TEST_CASE("A station whose store has a newer schema refuses to sign in", "[store][schema]")
{
    TestStation t;
    REQUIRE(t.station->database().exec(QStringLiteral("PRAGMA user_version = %1").arg(latestSchemaVersion() + 5)));
    t.station.reset();
    auto s = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == ErrorCode::StoreCorrupt);
    CHECK(s.error().message.contains(QStringLiteral("newer Tessera")));
}

TEST_CASE("A transaction commits all of its body or, when the body fails, none of it", "[store][database]")
{
    QTemporaryDir dir;
    Database db = createStore(dir.filePath(QStringLiteral("s.db")), SecureBuffer::random(32));
    REQUIRE(db.exec(QStringLiteral("CREATE TABLE t (x INTEGER UNIQUE)")));

    REQUIRE(db.transaction([&]() -> Result<void> {
        for (int i = 0; i < 3; ++i)
            if (auto r = db.run(QStringLiteral("INSERT INTO t VALUES (?)"), {i}); !r)
                return r;
        return {};
    }));
    CHECK(integer(db, QStringLiteral("SELECT count(*) FROM t")) == 3);

    auto failed = db.transaction([&]() -> Result<void> {
        if (auto r = db.run(QStringLiteral("INSERT INTO t VALUES (10)")); !r)
            return r;
        return db.run(QStringLiteral("INSERT INTO t VALUES (0)")); // violates UNIQUE
    });
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == ErrorCode::AlreadyExists);
    CHECK(integer(db, QStringLiteral("SELECT count(*) FROM t")) == 3);
    CHECK(integer(db, QStringLiteral("SELECT count(*) FROM t WHERE x = 10")) == 0);

    auto refused = db.transaction([]() -> Result<void> { return fail(ErrorCode::InvalidInput, QStringLiteral("no")); });
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == QStringLiteral("no"));
}

TEST_CASE("A new store passes the integrity check and keeps its settings", "[store][database]")
{
    QTemporaryDir dir;
    Database db = createStore(dir.filePath(QStringLiteral("s.db")), SecureBuffer::random(32));
    REQUIRE(migrate(db));
    auto problems = db.integrityProblems();
    REQUIRE(problems);
    CHECK(problems->isEmpty());
    auto mode = db.scalar(QStringLiteral("PRAGMA journal_mode"));
    REQUIRE(mode);
    CHECK(mode->toString() == QStringLiteral("wal"));
    CHECK(integer(db, QStringLiteral("PRAGMA foreign_keys")) == 1);
    CHECK(integer(db, QStringLiteral("PRAGMA secure_delete")) == 1);
    CHECK(integer(db, QStringLiteral("PRAGMA synchronous")) == 2); // FULL
}
