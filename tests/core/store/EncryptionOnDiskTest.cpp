#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

TEST_CASE("A new store is encrypted on disk and opens in the sqlcipher tool with the raw key", "[store][encryption]")
{
    TestStation t;
    const QString marker = QStringLiteral("MARKER-7f3a9c-plaintext-probe");
    REQUIRE(t.station->database().run(QStringLiteral("INSERT INTO meta (key, value) VALUES ('probe', ?)"), {marker}));
    REQUIRE(t.station->database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));

    const QString store = StationPaths {t.path()}.store();
    const QByteArray bytes = readFile(store);
    REQUIRE(bytes.size() >= 4096);
    CHECK_FALSE(bytes.startsWith("SQLite format 3"));
    CHECK_FALSE(bytes.contains(marker.toUtf8()));
    CHECK_FALSE(readFile(store + QStringLiteral("-wal")).contains(marker.toUtf8()));

    bool ok = false;
    const QString out =
        sqlcipherQuery(store, t.rawKey(), QStringLiteral("SELECT value FROM meta WHERE key = 'probe';"), &ok);
    REQUIRE(ok);
    CHECK(out.contains(marker));
}

TEST_CASE("The sqlcipher tool cannot read the store with a wrong key", "[store][encryption]")
{
    TestStation t;
    bool ok = true;
    (void)sqlcipherQuery(StationPaths {t.path()}.store(), SecureBuffer::random(32),
                         QStringLiteral("SELECT count(*) FROM meta;"), &ok);
    CHECK_FALSE(ok);
}
