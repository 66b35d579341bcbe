#include "core/store/Database.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <cstdio>
#include <random>
#include <set>

#include <signal.h>
#include <sys/types.h>

using namespace tessera;
using namespace tessera::test;

// A writer is SIGKILLed at a random commit; the reopened store must hold every transaction
// it reported committed, whole, and no part of any other. SIGKILL cannot be caught, so the
// store sees exactly what a crash of the application leaves behind (WAL, synchronous=FULL).

namespace {

constexpr int kRowsPerTransaction = 6;
constexpr auto kKeyVariable = "TESSERA_TEST_CRASH_KEY";

// Child mode: crash-writer STORE. Opens (or creates) the store with the raw key from the
// environment and commits numbered transactions until it is killed, reporting each one on
// stdout only after COMMIT has returned.
int crashWriter(int argc, char **argv)
{
    if (argc < 3)
        return 64;
    const QString path = QString::fromLocal8Bit(argv[2]);
    const QByteArray raw = QByteArray::fromHex(qgetenv(kKeyVariable));
    const SecureBuffer key = SecureBuffer::fromBytes(
        {reinterpret_cast<const unsigned char *>(raw.constData()), static_cast<std::size_t>(raw.size())});
    auto db = Database::open(path, key, CipherSettings {},
                             QFile::exists(path) ? Database::Mode::OpenExisting : Database::Mode::Create);
    if (!db) {
        std::fprintf(stderr, "open: %s\n", qPrintable(db.error().message));
        return 1;
    }
    if (auto r = db->exec(QStringLiteral("CREATE TABLE IF NOT EXISTS crash_rows ("
                                         "txn INTEGER NOT NULL, part INTEGER NOT NULL, payload BLOB NOT NULL, "
                                         "PRIMARY KEY (txn, part))"));
        !r) {
        std::fprintf(stderr, "create: %s\n", qPrintable(r.error().message));
        return 1;
    }
    auto last = db->scalar(QStringLiteral("SELECT coalesce(max(txn), 0) FROM crash_rows"));
    if (!last)
        return 1;
    // Bounded so that a parent that never kills us cannot leave a runaway process.
    for (qint64 txn = last->toLongLong() + 1; txn < last->toLongLong() + 100000; ++txn) {
        auto r = db->transaction([&]() -> Result<void> {
            for (int part = 0; part < kRowsPerTransaction; ++part)
                // Payloads of a few hundred to a few thousand bytes spread a transaction over
                // several pages, and the WAL over auto-checkpoints.
                if (auto ins = db->run(
                        QStringLiteral("INSERT INTO crash_rows (txn, part, payload) VALUES (?, ?, randomblob(?))"),
                        {txn, part, 200 + ((txn * 7 + part * 131) % 3000)});
                    !ins)
                    return ins;
            return {};
        });
        if (!r) {
            std::fprintf(stderr, "commit: %s\n", qPrintable(r.error().message));
            return 1;
        }
        std::printf("committed %lld\n", static_cast<long long>(txn));
        std::fflush(stdout);
    }
    return 0;
}

const RegisterChildMode registerWriter("crash-writer", crashWriter);

} // namespace

TEST_CASE("A store killed mid-write keeps every reported commit whole and nothing partial", "[store][crash]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString store = dir.filePath(QStringLiteral("crash.db"));
    const SecureBuffer key = SecureBuffer::random(32);
    const SecureBuffer hex = key.toHex();

    const unsigned seed = 20260105;
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> commitsBeforeKill(1, 25);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kKeyVariable),
               QString::fromLatin1(reinterpret_cast<const char *>(hex.data()), static_cast<qsizetype>(hex.size())));

    std::set<qint64> reported; // every "committed N" the writers printed
    std::set<qint64> durable;  // what must be in the store from now on
    constexpr int kRounds = 24;
    for (int round = 0; round < kRounds; ++round) {
        const int k = commitsBeforeKill(rng);
        INFO("round " << round << ", kill after " << k << " commits");

        QProcess child;
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("crash-writer"), store});
        REQUIRE(child.waitForStarted(10000));

        auto takeLines = [&](int &seen) {
            while (child.canReadLine()) {
                const QByteArray line = child.readLine().trimmed();
                REQUIRE(line.startsWith("committed "));
                bool ok = false;
                const qint64 txn = line.mid(10).toLongLong(&ok);
                REQUIRE(ok);
                reported.insert(txn);
                ++seen;
            }
        };
        int seen = 0;
        const QDeadlineTimer deadline(30000);
        while (seen < k) {
            if (!child.waitForReadyRead(static_cast<int>(deadline.remainingTime()))) {
                FAIL("the writer stopped before " << k << " commits: " << child.readAllStandardError().toStdString());
            }
            takeLines(seen);
        }
        REQUIRE(::kill(static_cast<pid_t>(child.processId()), SIGKILL) == 0);
        REQUIRE(child.waitForFinished(10000));
        CHECK(child.exitStatus() == QProcess::CrashExit);
        takeLines(seen); // lines written between our last read and the kill were committed too
        durable.insert(reported.begin(), reported.end());

        auto db = Database::open(store, key, CipherSettings {}, Database::Mode::OpenExisting);
        REQUIRE(db);
        auto problems = db->integrityProblems();
        REQUIRE(problems);
        CHECK(problems->isEmpty());

        auto stmt = db->prepare(QStringLiteral("SELECT txn, count(*) FROM crash_rows GROUP BY txn ORDER BY txn"));
        REQUIRE(stmt);
        std::set<qint64> present;
        while (true) {
            auto row = stmt->next();
            REQUIRE(row);
            if (!*row)
                break;
            const qint64 txn = stmt->integer(0);
            INFO("transaction " << txn);
            CHECK(stmt->integer(1) == kRowsPerTransaction); // whole, never partial
            present.insert(txn);
        }
        // Everything reported, and everything found whole in an earlier round, is still there.
        for (qint64 txn : durable) {
            INFO("durable transaction " << txn);
            CHECK(present.contains(txn));
        }
        // Beyond that, only the one transaction in flight at the kill may have committed
        // without being reported.
        const qint64 lastReported = *reported.rbegin();
        for (qint64 txn : present) {
            INFO("present transaction " << txn);
            CHECK((durable.contains(txn) || txn == lastReported + 1));
        }
        durable.insert(present.begin(), present.end());
    }
    CHECK(reported.size() >= static_cast<std::size_t>(kRounds));
}
