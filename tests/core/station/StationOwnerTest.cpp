// A station's store has one owner thread: a call from another thread aborts the process (a bug,
// in every build), a hand-over moves the ownership explicitly, and a password check's slow step
// runs on another thread without the station. Its own executable, so that `make test-tsan`
// builds and runs it under ThreadSanitizer.
#include "core/station/Station.h"
#include "tests/support/TestSupport.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QProcess>
#include <catch2/catch.hpp>

#include <optional>
#include <thread>

using namespace tessera;
using namespace tessera::test;

namespace {

const QDateTime kNow(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC);

// Child mode: owner-call-from-another-thread STATION WHAT: signs in on the main thread, then
// makes one call from another thread ("store": a query on the Database; "session": the
// operator's roles; "released": a query on a Database released and adopted by no thread).
// Returns only when the owner check did not abort.
int callFromAnotherThread(int argc, char **argv)
{
    if (argc < 4)
        return 64;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ManualClock clock(kNow);
    auto admin =
        Station::login(QString::fromLocal8Bit(argv[2]), QStringLiteral("admin"), secret(kAdminPassword), clock);
    if (!admin)
        return 1;
    Station &station = **admin;
    const std::string what = argv[3];
    if (what == "released") {
        station.database().release();
        (void)station.database().scalar(QStringLiteral("SELECT 1"));
        return 0;
    }
    std::thread other([&] {
        if (what == "store")
            (void)station.database().scalar(QStringLiteral("SELECT count(*) FROM operators"));
        else
            (void)station.session().hasRole(Role::Administrator);
    });
    other.join();
    return 0;
}
const RegisterChildMode fromAnotherThread {"owner-call-from-another-thread", callFromAnotherThread};

QString runChild(const QString &station, const char *what, QProcess::ExitStatus &status)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("owner-call-from-another-thread"), station, QString::fromLatin1(what)});
    REQUIRE(child.waitForFinished(120000));
    status = child.exitStatus();
    return QString::fromLocal8Bit(child.readAllStandardError());
}

} // namespace

TEST_CASE("a station's store or session used from a thread that does not own it aborts, naming the call")
{
    TestStation ts;
    ts.station.reset(); // one connection to the store at a time, the child's
    struct Case {
        const char *what;
        const char *message;
    };
    for (const Case &c : {Case {"store",
                                "Database::scalar called on a thread that does not own the store "
                                "(another thread owns it)"},
                          Case {"session", "Session::currentOperator called on a thread that does not own the store"},
                          Case {"released",
                                "Database::scalar called on a thread that does not own the store (it "
                                "was released and not adopted)"}}) {
        QProcess::ExitStatus status = QProcess::NormalExit;
        const QString err = runChild(ts.path(), c.what, status);
        INFO(c.what << ": " << err.toStdString());
        CHECK(status == QProcess::CrashExit);
        CHECK(err.contains(QString::fromLatin1(c.message)));
    }
}

TEST_CASE("a Station opened on another thread is handed over to this one and used here")
{
    TestStation ts;
    const QString dir = ts.path();
    ts.station.reset();
    const std::thread::id here = std::this_thread::get_id();
    std::optional<Result<std::unique_ptr<Station>>> opened;
    bool ownedThereFirst = false;
    std::thread worker([&] {
        auto admin = Station::login(dir, QStringLiteral("admin"), secret(kAdminPassword), ts.clock);
        if (admin) {
            ownedThereFirst = (*admin)->database().isOwnedByCurrentThread();
            (*admin)->database().handOver(here);
        }
        opened.emplace(std::move(admin));
    });
    worker.join();
    REQUIRE(opened);
    REQUIRE(*opened);
    Station &station = ***opened;
    CHECK(ownedThereFirst);
    CHECK(station.database().isOwnedByCurrentThread());
    CHECK(station.session().hasRole(Role::Administrator));
    CHECK(station.info().has_value());
}

TEST_CASE("a Station lent to another thread comes back, and adopting one's own changes nothing")
{
    TestStation ts;
    Station &station = *ts.station;
    const std::thread::id here = std::this_thread::get_id();
    station.database().release();
    CHECK_FALSE(station.database().isOwnedByCurrentThread());
    bool ownedThere = false;
    bool readThere = false;
    std::thread worker([&] {
        station.database().adopt();
        ownedThere = station.database().isOwnedByCurrentThread();
        readThere = station.session().requireRole(Role::Administrator).has_value();
        station.database().handOver(here);
    });
    worker.join();
    CHECK(ownedThere);
    CHECK(readThere);
    CHECK(station.database().isOwnedByCurrentThread());
    station.database().adopt();
    CHECK(station.database().isOwnedByCurrentThread());
    CHECK(station.info().has_value());
}

TEST_CASE("a password check's slow step runs on another thread without the station, and is throttled like one")
{
    TestStation ts;
    ts.addOperator(QStringLiteral("sam"), Role::Supervisor);
    Session &session = ts.station->session();
    auto right = session.beginPasswordCheck(QStringLiteral("sam"));
    auto wrong = session.beginPasswordCheck(QStringLiteral("sam"));
    REQUIRE(right);
    REQUIRE(wrong);
    std::thread worker([&] {
        right->unlock(secret(kClerkPassword));
        wrong->unlock(secret("not the password"));
    });
    worker.join();
    auto who = session.finishPasswordCheck(std::move(*right));
    REQUIRE(who);
    CHECK(who->username == QStringLiteral("sam"));
    auto refused = session.finishPasswordCheck(std::move(*wrong));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::AuthFailed);

    // A check never tried proves nothing.
    auto untried = session.beginPasswordCheck(QStringLiteral("sam"));
    REQUIRE(untried);
    CHECK_FALSE(session.finishPasswordCheck(std::move(*untried)));
}

TEST_CASE("a new operator, a reset and one's own password change take keys derived on another thread")
{
    TestStation ts;
    Station &admin = *ts.station;
    const crypto::KdfParams kdf = admin.slotKdf();
    const SecureBuffer first = secret("maple tractor violin");
    const SecureBuffer second = secret("harbour pencil meadow");
    std::optional<Result<KeySlotFile::PasswordKey>> firstKey;
    std::optional<Result<KeySlotFile::PasswordKey>> secondKey;
    std::thread worker([&] {
        firstKey = KeySlotFile::derivePasswordKey(first, kdf);
        secondKey = KeySlotFile::derivePasswordKey(second, kdf);
    });
    worker.join();
    REQUIRE(*firstKey);
    REQUIRE(*secondKey);

    auto added = admin.addOperator({QStringLiteral("rosa"), QStringLiteral("Rosa"), Role::Clerk, first.copy()},
                                   std::move(**firstKey));
    REQUIRE(added);
    auto rosa = Station::login(ts.path(), QStringLiteral("rosa"), first, ts.clock);
    REQUIRE(rosa);
    rosa->reset();
    REQUIRE(admin.resetPassword(added->id, second, std::move(**secondKey)));
    CHECK_FALSE(Station::login(ts.path(), QStringLiteral("rosa"), first, ts.clock));
    rosa = Station::login(ts.path(), QStringLiteral("rosa"), second, ts.clock);
    REQUIRE(rosa);

    // Rosa changes her own password: her current one checked and the next one's key derived
    // on another thread, the change applied on hers.
    Station &own = **rosa;
    auto check = own.session().beginPasswordCheck(QStringLiteral("rosa"));
    REQUIRE(check);
    const SecureBuffer third = secret("lantern orchard cobalt");
    std::optional<Result<KeySlotFile::PasswordKey>> thirdKey;
    std::thread again([&] {
        check->unlock(second);
        thirdKey = KeySlotFile::derivePasswordKey(third, kdf);
    });
    again.join();
    REQUIRE(*thirdKey);
    REQUIRE(own.changeOwnPassword(second, third, std::move(*check), std::move(**thirdKey)));
    rosa->reset();
    CHECK(Station::login(ts.path(), QStringLiteral("rosa"), third, ts.clock));
}
