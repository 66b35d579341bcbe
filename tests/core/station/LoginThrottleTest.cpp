#include "core/station/LoginThrottle.h"
#include "core/station/Station.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <map>

using namespace tessera;
using namespace tessera::test;

namespace {

// Named, so that a failing assertion prints the name and not the text.
constexpr const char *kWrongPassword = "wrong guess number x";
constexpr const char *kGuessedPassword = "hunter2 is my guess";

Result<std::unique_ptr<Station>> login(TestStation &t, const QString &user, const SecureBuffer &password)
{
    return Station::login(t.path(), user, password, t.clock);
}

ErrorCode codeOf(const Result<std::unique_ptr<Station>> &r)
{
    REQUIRE_FALSE(r);
    return r.error().code;
}

// Audit events after the next successful sign-in, counted by (event, object).
std::map<std::pair<QString, QString>, int> loginEvents(TestStation &t)
{
    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(admin);
    auto entries = (*admin)->audit().entries();
    REQUIRE(entries);
    std::map<std::pair<QString, QString>, int> out;
    for (const AuditEntry &e : *entries)
        if (e.event.startsWith(QStringLiteral("login.")) && e.event != QStringLiteral("login.succeeded")) {
            CHECK(e.operatorId == 0);
            CHECK(e.details.contains(QStringLiteral("occurred_at")));
            ++out[{e.event, e.object}];
        }
    auto v = (*admin)->audit().verify();
    REQUIRE(v);
    CHECK(v->ok);
    return out;
}

} // namespace

TEST_CASE("Five failures lock a user name out until the lock-out period has passed", "[station][throttle]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const LoginPolicy policy; // 5 failures, 300 s
    REQUIRE(policy.maxFailures == 5);

    for (int i = 1; i < policy.maxFailures; ++i) {
        INFO("failure " << i);
        CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kWrongPassword))) == ErrorCode::AuthFailed);
        t.clock.advance(10);
    }
    auto fifth = login(t, QStringLiteral("clerk1"), secret(kWrongPassword));
    CHECK(codeOf(fifth) == ErrorCode::LockedOut);
    CHECK(fifth.error().message.contains(QStringLiteral("locked until")));

    // Even the right password is refused while the lock lasts.
    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kClerkPassword))) == ErrorCode::LockedOut);
    t.clock.advance(policy.lockoutSeconds - 1);
    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kClerkPassword))) == ErrorCode::LockedOut);
    t.clock.advance(1);
    auto ok = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(ok);

    // The lock is per user name: the administrator was never affected.
    CHECK(login(t, QStringLiteral("admin"), secret(kAdminPassword)));
}

TEST_CASE("Failures below the limit are forgotten after a successful sign-in", "[station][throttle]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 4; ++i)
            CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kWrongPassword))) == ErrorCode::AuthFailed);
        REQUIRE(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
    }
}

TEST_CASE("An unknown user name is throttled exactly like a known one", "[station][throttle]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    for (int i = 1; i <= 6; ++i) {
        auto known = login(t, QStringLiteral("clerk1"), secret(kWrongPassword));
        auto unknown = login(t, QStringLiteral("ghost"), secret(kWrongPassword));
        INFO("attempt " << i);
        REQUIRE_FALSE(known);
        REQUIRE_FALSE(unknown);
        CHECK(known.error().code == (i < 5 ? ErrorCode::AuthFailed : ErrorCode::LockedOut));
        CHECK(unknown.error().code == known.error().code);
        CHECK(unknown.error().message == known.error().message);
    }
    t.clock.advance(LoginPolicy {}.lockoutSeconds);
    CHECK(codeOf(login(t, QStringLiteral("ghost"), secret(kWrongPassword))) == ErrorCode::AuthFailed);
}

TEST_CASE("Failed attempts reach the audit log at the next sign-in, without names or passwords",
          "[station][throttle][audit]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    for (int i = 0; i < 5; ++i)
        (void)login(t, QStringLiteral("clerk1"), secret(kGuessedPassword));
    (void)login(t, QStringLiteral("clerk1"), secret(kClerkPassword)); // refused while locked
    for (int i = 0; i < 2; ++i)
        (void)login(t, QStringLiteral("mallory"), secret(kGuessedPassword));

    const auto events = loginEvents(t);
    const QString object = operatorObject(clerk);
    CHECK(events.at({QStringLiteral("login.failed"), object}) == 5);
    CHECK(events.at({QStringLiteral("login.locked_out"), object}) == 1);
    CHECK(events.at({QStringLiteral("login.refused_while_locked"), object}) == 1);
    CHECK(events.at({QStringLiteral("login.failed"), QStringLiteral("operator:unknown")}) == 2);
    CHECK(events.size() == 4);

    auto admin = login(t, QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(admin);
    auto entries = (*admin)->audit().entries();
    REQUIRE(entries);
    for (const AuditEntry &e : *entries) {
        const QString text = e.object + QString::fromUtf8(QJsonDocument(e.details).toJson());
        INFO("entry " << e.seq);
        CHECK_FALSE(text.contains(QStringLiteral("clerk1")));
        CHECK_FALSE(text.contains(QStringLiteral("mallory")));
        CHECK_FALSE(text.contains(QStringLiteral("hunter2")));
        CHECK_FALSE(text.contains(QStringLiteral("lantern")));
    }
    // Flushed once: a further sign-in adds no second copy.
    CHECK(loginEvents(t) == events);
}

TEST_CASE("The lock-out policy is configurable and kept in the key file", "[station][throttle]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    TESSERA_REQUIRE_OK(t.station->setLoginPolicy({3, 60}));
    auto slots = KeySlotFile::load(StationPaths {t.path()}.keys());
    REQUIRE(slots);
    CHECK(slots->loginPolicy() == LoginPolicy {3, 60});

    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kWrongPassword))) == ErrorCode::AuthFailed);
    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kWrongPassword))) == ErrorCode::AuthFailed);
    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kWrongPassword))) == ErrorCode::LockedOut);
    t.clock.advance(59);
    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kClerkPassword))) == ErrorCode::LockedOut);
    t.clock.advance(1);
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));

    for (const LoginPolicy &bad :
         {LoginPolicy {2, 60}, LoginPolicy {21, 60}, LoginPolicy {5, 59}, LoginPolicy {5, 86401}}) {
        auto r = t.station->setLoginPolicy(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
    }
    auto clerk = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(clerk);
    auto denied = (*clerk)->setLoginPolicy({10, 600});
    REQUIRE_FALSE(denied);
    CHECK(denied.error().code == ErrorCode::PermissionDenied);
    CHECK(KeySlotFile::load(StationPaths {t.path()}.keys())->loginPolicy() == LoginPolicy {3, 60});
}

TEST_CASE("Unlocking a locked session is throttled like a sign-in", "[station][throttle]")
{
    TestStation t;
    for (int i = 1; i < 5; ++i) {
        auto r = t.station->unlockSession(QStringLiteral("admin"), secret(kWrongPassword));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::AuthFailed);
    }
    auto fifth = t.station->unlockSession(QStringLiteral("admin"), secret(kWrongPassword));
    REQUIRE_FALSE(fifth);
    CHECK(fifth.error().code == ErrorCode::LockedOut);
    auto right = t.station->unlockSession(QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE_FALSE(right);
    CHECK(right.error().code == ErrorCode::LockedOut);
    t.clock.advance(LoginPolicy {}.lockoutSeconds);
    CHECK(t.station->unlockSession(QStringLiteral("admin"), secret(kAdminPassword)));
}

TEST_CASE("A password reset by an administrator ends a lock-out", "[station][throttle]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    for (int i = 0; i < 5; ++i)
        (void)login(t, QStringLiteral("clerk1"), secret(kWrongPassword));
    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kClerkPassword))) == ErrorCode::LockedOut);
    const SecureBuffer next = secret("reset by the administrator");
    TESSERA_REQUIRE_OK(t.station->resetPassword(clerk, next));
    CHECK(login(t, QStringLiteral("clerk1"), next));
}

TEST_CASE("The throttle file holds slot ids, never user names", "[station][throttle]")
{
    TestStation t;
    (void)login(t, QStringLiteral("someone.unknown"), secret(kWrongPassword));
    const QByteArray bytes = readFile(StationPaths {t.path()}.throttle());
    REQUIRE_FALSE(bytes.isEmpty());
    CHECK_FALSE(bytes.contains("someone"));
    CHECK_FALSE(bytes.contains("wrong guess"));
}

namespace {

// Puts a directory where the file at `path` would be: writing it fails then, for root too
// (chmod does not stop root). Whatever the file held is gone, as if it had been deleted.
void blockWith(const QString &path)
{
    QFile::remove(path);
    REQUIRE(QDir().mkpath(path + QStringLiteral("/blocked")));
}

void unblock(const QString &path)
{
    REQUIRE(QDir(path).removeRecursively());
}

void requireNotRecordable(const Error &error)
{
    CHECK(error.code == ErrorCode::Io);
    CHECK(error.message.contains(QStringLiteral("cannot be written")));
    CHECK(error.message.contains(QStringLiteral("administrator")));
}

} // namespace

TEST_CASE("A throttle file that cannot be written refuses every sign-in: guessing is not unlimited",
          "[station][throttle]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    const QString throttle = StationPaths {t.path()}.throttle();
    blockWith(throttle);

    // Far more guesses than the policy allows: none is answered "wrong password", which would
    // tell a guesser the one that is not.
    for (int i = 0; i < 3 * LoginPolicy {}.maxFailures; ++i) {
        INFO("guess " << i);
        auto r = login(t, QStringLiteral("clerk1"), secret(kWrongPassword));
        REQUIRE_FALSE(r);
        requireNotRecordable(r.error());
    }
    // The right password does not sign in either while failures cannot be counted.
    auto right = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE_FALSE(right);
    requireNotRecordable(right.error());

    unblock(throttle);
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
}

TEST_CASE("A lock-out holds when the throttle can no longer be written, and no sign-in follows it",
          "[station][throttle]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    for (int i = 0; i < LoginPolicy {}.maxFailures; ++i)
        (void)login(t, QStringLiteral("clerk1"), secret(kWrongPassword));
    // The file stays readable, but its lock (and so every update) cannot be taken.
    const QString lock = StationPaths {t.path()}.throttle() + QStringLiteral(".lock");
    blockWith(lock);

    CHECK(codeOf(login(t, QStringLiteral("clerk1"), secret(kClerkPassword))) == ErrorCode::LockedOut);
    t.clock.advance(LoginPolicy {}.lockoutSeconds);
    // The lock-out is over, but a failure now could not be counted: refused before the password.
    auto afterLock = login(t, QStringLiteral("clerk1"), secret(kWrongPassword));
    REQUIRE_FALSE(afterLock);
    requireNotRecordable(afterLock.error());
    auto right = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE_FALSE(right);
    requireNotRecordable(right.error());

    unblock(lock);
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
}

TEST_CASE("Unlocking a session fails closed like a sign-in when the throttle cannot be written", "[station][throttle]")
{
    TestStation t;
    const QString throttle = StationPaths {t.path()}.throttle();
    blockWith(throttle);
    for (int i = 0; i < 2 * LoginPolicy {}.maxFailures; ++i) {
        auto r = t.station->unlockSession(QStringLiteral("admin"), secret(kWrongPassword));
        REQUIRE_FALSE(r);
        requireNotRecordable(r.error());
    }
    auto right = t.station->unlockSession(QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE_FALSE(right);
    requireNotRecordable(right.error());
    unblock(throttle);
    CHECK(t.station->unlockSession(QStringLiteral("admin"), secret(kAdminPassword)));
}
