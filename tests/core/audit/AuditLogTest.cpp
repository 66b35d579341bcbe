#include "core/audit/AuditLog.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace tessera;
using namespace tessera::test;

namespace {

// Named, so that a failing assertion prints the name and not the text.
constexpr const char *kWrongPassword1 = "niepoprawne hasło 1";
constexpr const char *kWrongPassword2 = "niepoprawne hasło 2";
constexpr const char *kWrongPassword3 = "niepoprawne hasło 3";

// A station with at least `n` audit entries (set-up and sign-in make the first two).
void appendUntil(TestStation &t, qint64 n)
{
    auto count = t.station->audit().count();
    REQUIRE(count);
    for (qint64 i = *count; i < n; ++i) {
        t.clock.advance(60);
        REQUIRE(t.station->audit().append(1, QStringLiteral("test.event"), QStringLiteral("test:%1").arg(i + 1),
                                          {{QStringLiteral("n"), i + 1}}));
    }
}

void dropGuards(Database &db)
{
    REQUIRE(db.exec(QStringLiteral("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")));
}

AuditVerification verified(TestStation &t)
{
    auto v = t.station->audit().verify();
    REQUIRE(v);
    return *v;
}

QString entryText(const AuditEntry &e)
{
    return e.event + QLatin1Char('|') + e.object + QLatin1Char('|')
        + QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
}

} // namespace

TEST_CASE("Audit entries form a hash chain from the genesis hash", "[audit]")
{
    TestStation t;
    appendUntil(t, 6);
    auto entries = t.station->audit().entries();
    REQUIRE(entries);
    REQUIRE(entries->size() == 6);
    QByteArray prev = AuditLog::genesis();
    qint64 seq = 1;
    for (const AuditEntry &e : *entries) {
        INFO("entry " << e.seq);
        CHECK(e.seq == seq++);
        CHECK(e.prevHash == prev);
        CHECK(e.hash.size() == 32);
        CHECK(AuditLog::computeHash(e) == e.hash);
        prev = e.hash;
    }
    CHECK(entries->front().event == QStringLiteral("station.created"));
    CHECK(entries->at(1).event == QStringLiteral("login.succeeded"));
    // Time comes from the injected clock.
    CHECK(entries->back().at == isoUtc(t.clock.now()));

    auto head = t.station->audit().head();
    REQUIRE(head);
    CHECK(*head == prev);
    auto some = t.station->audit().entries(3, 2);
    REQUIRE(some);
    REQUIRE(some->size() == 2);
    CHECK(some->front().seq == 3);
}

TEST_CASE("Each field of an entry is covered by its hash", "[audit]")
{
    TestStation t;
    appendUntil(t, 3);
    auto entries = t.station->audit().entries();
    REQUIRE(entries);
    const AuditEntry e = entries->back();
    auto differs = [&](auto change) {
        AuditEntry copy = e;
        change(copy);
        return AuditLog::computeHash(copy) != e.hash;
    };
    CHECK(differs([](AuditEntry &c) { c.at = QStringLiteral("2020-01-01T00:00:00Z"); }));
    CHECK(differs([](AuditEntry &c) { c.operatorId += 1; }));
    CHECK(differs([](AuditEntry &c) { c.event += QLatin1Char('x'); }));
    CHECK(differs([](AuditEntry &c) { c.object += QLatin1Char('x'); }));
    CHECK(differs([](AuditEntry &c) { c.details.insert(QStringLiteral("n"), 99); }));
    CHECK(differs([](AuditEntry &c) { c.prevHash[0] = static_cast<char>(c.prevHash[0] ^ 1); }));
}

TEST_CASE("An intact log verifies, with the head the log reports", "[audit]")
{
    TestStation t;
    CHECK(verified(t).ok); // two entries from set-up
    appendUntil(t, 8);
    const AuditVerification v = verified(t);
    CHECK(v.ok);
    CHECK(v.entries == 8);
    CHECK(v.firstBadSeq == 0);
    CHECK(v.problem.isEmpty());
    auto head = t.station->audit().head();
    REQUIRE(head);
    CHECK(v.head == *head);
}

TEST_CASE("The append-only triggers refuse UPDATE and DELETE on the audit table", "[audit]")
{
    TestStation t;
    appendUntil(t, 4);
    Database &db = t.station->database();
    auto update = db.run(QStringLiteral("UPDATE audit SET details = '{}' WHERE seq = 3"));
    REQUIRE_FALSE(update);
    CHECK(update.error().message.contains(QStringLiteral("append-only")));
    auto remove = db.run(QStringLiteral("DELETE FROM audit WHERE seq = 3"));
    REQUIRE_FALSE(remove);
    CHECK(remove.error().message.contains(QStringLiteral("append-only")));
    CHECK(verified(t).ok);
    CHECK(*t.station->audit().count() == 4);
}

TEST_CASE("Tampering is found and the first bad entry is named", "[audit][tamper]")
{
    // The triggers are a guard against mistakes, not a defence: someone with the key can
    // drop them. The chain is what catches it.
    TestStation t;
    appendUntil(t, 6);
    Database &db = t.station->database();
    dropGuards(db);

    SECTION("an entry changed")
    {
        REQUIRE(db.run(QStringLiteral("UPDATE audit SET details = '{\"n\":333}' WHERE seq = 3")));
        const AuditVerification v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 3);
        CHECK(v.problem.contains(QStringLiteral("Entry 3")));
        CHECK(v.problem.contains(QStringLiteral("changed")));
    }
    SECTION("an entry's time changed")
    {
        REQUIRE(db.run(QStringLiteral("UPDATE audit SET at = '2025-12-31T23:59:59Z' WHERE seq = 4")));
        const AuditVerification v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 4);
        CHECK(v.problem.contains(QStringLiteral("changed")));
    }
    SECTION("an entry deleted")
    {
        REQUIRE(db.run(QStringLiteral("DELETE FROM audit WHERE seq = 3")));
        const AuditVerification v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 4);
        CHECK(v.problem.contains(QStringLiteral("Entry 3 is missing")));
    }
    SECTION("an entry deleted and the rest renumbered")
    {
        REQUIRE(db.run(QStringLiteral("DELETE FROM audit WHERE seq = 3")));
        REQUIRE(db.run(QStringLiteral("UPDATE audit SET seq = seq - 1 WHERE seq > 3")));
        const AuditVerification v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 3);
        CHECK(v.problem.contains(QStringLiteral("does not follow")));
    }
    SECTION("the first entry deleted")
    {
        REQUIRE(db.run(QStringLiteral("DELETE FROM audit WHERE seq = 1")));
        const AuditVerification v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.problem.contains(QStringLiteral("Entry 1 is missing")));
    }
    SECTION("two entries swapped")
    {
        REQUIRE(
            db.exec(QStringLiteral("UPDATE audit SET seq = -3 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; "
                                   "UPDATE audit SET seq = 4 WHERE seq = -3;")));
        const AuditVerification v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 3);
        CHECK(v.problem.contains(QStringLiteral("Entry 3")));
        CHECK(v.problem.contains(QStringLiteral("does not follow")));
    }
    SECTION("an entry rewritten with a recomputed hash")
    {
        // Without the key a forger can recompute the changed entry's own hash, but not the
        // next entry's link to it.
        auto entries = t.station->audit().entries(3, 1);
        REQUIRE(entries);
        AuditEntry forged = entries->front();
        forged.details = QJsonObject {{QStringLiteral("n"), 42}};
        forged.hash = AuditLog::computeHash(forged);
        REQUIRE(db.run(QStringLiteral("UPDATE audit SET details = ?, hash = ? WHERE seq = 3"),
                       {QString::fromUtf8(QJsonDocument(forged.details).toJson(QJsonDocument::Compact)), forged.hash}));
        const AuditVerification v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 4);
        CHECK(v.problem.contains(QStringLiteral("does not follow entry 3")));
    }
}

TEST_CASE("Dropping entries from the end keeps the chain valid but changes the head", "[audit][tamper]")
{
    // What the chain alone cannot see; why `audit verify --head` exists.
    TestStation t;
    appendUntil(t, 6);
    const QByteArray notedHead = verified(t).head;
    dropGuards(t.station->database());
    REQUIRE(t.station->database().run(QStringLiteral("DELETE FROM audit WHERE seq >= 5")));
    const AuditVerification v = verified(t);
    CHECK(v.ok);
    CHECK(v.entries == 4);
    CHECK(v.head != notedHead);
}

TEST_CASE("No audit entry carries an operator's name, user name or password", "[audit][privacy]")
{
    TestStation t;
    const QString username = QStringLiteral("zwasowska");
    const QString displayName = QString::fromUtf8("Zofia Wąsowska");
    const SecureBuffer firstPassword = secret("wiosenny deszcz nad wisłą");
    const SecureBuffer ownPassword = secret("żółta łódź pod mostem");
    const SecureBuffer resetPassword = secret("granatowe niebo nocą");

    auto added = t.station->addOperator({username, displayName, Role::Clerk | Role::Supervisor, firstPassword.copy()});
    REQUIRE(added);
    {
        // Failed attempts (hers and an unknown name), a sign-in, a password change.
        CHECK_FALSE(Station::login(t.path(), username, secret(kWrongPassword1), t.clock));
        CHECK_FALSE(Station::login(t.path(), QStringLiteral("mallory.unknown"), secret(kWrongPassword2), t.clock));
        auto zofia = Station::login(t.path(), username, firstPassword, t.clock);
        REQUIRE(zofia);
        REQUIRE((*zofia)->changeOwnPassword(firstPassword, ownPassword));
        CHECK_FALSE((*zofia)->unlockSession(username, secret(kWrongPassword3)));
        REQUIRE((*zofia)->recordLocked());
        REQUIRE((*zofia)->unlockSession(username, ownPassword));
        REQUIRE((*zofia)->logout());
    }
    REQUIRE(t.station->disableOperator(added->id));
    REQUIRE(t.station->resetPassword(added->id, resetPassword));
    REQUIRE(t.station->setLoginPolicy({4, 120}));
    TESSERA_REQUIRE_OK(t.station->setAutoLockSeconds(120));
    REQUIRE(t.station->check());
    // The failures above are flushed into the log at the next successful sign-in.
    auto again = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
    REQUIRE(again);

    auto entries = (*again)->audit().entries();
    REQUIRE(entries);
    REQUIRE(entries->size() > 12);
    const QStringList forbidden {username,
                                 QStringLiteral("Zofia"),
                                 QString::fromUtf8("Wąsowska"),
                                 QStringLiteral("mallory"),
                                 QStringLiteral("wiosenny"),
                                 QString::fromUtf8("łódź"),
                                 QStringLiteral("granatowe"),
                                 QStringLiteral("niepoprawne"),
                                 QStringLiteral("Ada Admin")};
    QStringList events;
    for (const AuditEntry &e : *entries) {
        const QString text = entryText(e);
        events << e.event;
        for (const QString &word : forbidden) {
            INFO("entry " << e.seq << " (" << e.event.toStdString() << ")");
            CHECK_FALSE(text.contains(word, Qt::CaseInsensitive));
        }
    }
    // The session above really was recorded: the check is not vacuous.
    for (const char *expected : {"operator.added", "login.failed", "operator.password_changed", "session.locked",
                                 "session.unlocked", "logout", "operator.disabled", "operator.password_reset"})
        CHECK(events.contains(QString::fromLatin1(expected)));
    CHECK(verified(t).ok);
}

TEST_CASE("Retention truncates the oldest entries behind a checkpoint and the log still verifies", "[audit][retention]")
{
    TestStation t;
    appendUntil(t, 10); // one minute apart
    auto all = t.station->audit().entries();
    REQUIRE(all);
    const QDateTime cutoff = fromIsoUtc(all->at(5).at); // entries 1..5 are older than entry 6
    AuditLog &log = t.station->audit();

    auto plan = log.planTruncationBefore(cutoff);
    REQUIRE(plan);
    CHECK(plan->removed == 5);
    CHECK(plan->throughSeq == 5);
    CHECK(plan->throughHash == all->at(4).hash);
    CHECK(*log.count() == 10); // planning changes nothing

    Database &db = t.station->database();
    // Without a checkpoint the trigger still refuses.
    CHECK_FALSE(db.run(QStringLiteral("DELETE FROM audit WHERE seq = 1")));

    AuditTruncation done;
    TESSERA_REQUIRE_OK(db.transaction([&]() -> Result<void> {
        auto r = log.truncateBefore(cutoff, 0, 30);
        if (!r)
            return std::unexpected(r.error());
        done = *r;
        return {};
    }));
    CHECK(done.removed == 5);
    auto left = log.entries();
    REQUIRE(left);
    REQUIRE(left->size() == 6);
    CHECK(left->front().seq == 6);
    const AuditEntry &receipt = left->back();
    CHECK(receipt.event == QStringLiteral("audit.truncated"));
    CHECK(receipt.details.value(QStringLiteral("count")).toInteger() == 5);
    CHECK(receipt.details.value(QStringLiteral("through_seq")).toInteger() == 5);

    AuditVerification v = verified(t);
    CHECK(v.ok);
    CHECK(v.truncatedThrough == 5);
    CHECK(v.entries == 6);

    // The administrator's viewer pages newest first from the head, whatever went before.
    auto newest = log.latest(3);
    REQUIRE(newest);
    REQUIRE(newest->size() == 3);
    CHECK(newest->front().seq == receipt.seq);
    CHECK(newest->back().seq == receipt.seq - 2);
    auto everything = log.latest(100);
    REQUIRE(everything);
    CHECK(everything->size() == 6);
    CHECK(everything->back().seq == 6);

    // Entries behind the checkpoint are gone; the ones after it stay protected.
    CHECK_FALSE(db.run(QStringLiteral("DELETE FROM audit WHERE seq = 6")));
    CHECK_FALSE(db.run(QStringLiteral("DELETE FROM audit_checkpoints")));

    SECTION("a second truncation moves the start again and still verifies")
    {
        t.clock.advance(3600);
        TESSERA_REQUIRE_OK(db.transaction([&]() -> Result<void> {
            auto r = log.truncateBefore(t.clock.now().addSecs(-60), 0, 30);
            if (!r)
                return std::unexpected(r.error());
            CHECK(r->removed == 6); // 6..11, including the first checkpoint entry
            return {};
        }));
        v = verified(t);
        INFO(v.problem.toStdString());
        CHECK(v.ok);
        CHECK(v.entries == 1);
        CHECK(v.truncatedThrough == 11);
    }
    SECTION("deleting more than the checkpoint covers is found")
    {
        dropGuards(db);
        REQUIRE(db.run(QStringLiteral("DELETE FROM audit WHERE seq = 6")));
        v = verified(t);
        CHECK_FALSE(v.ok);
        CHECK(v.problem.contains(QStringLiteral("Entry 1 is missing")));
    }
    SECTION("a forged checkpoint hash is found")
    {
        dropGuards(db);
        REQUIRE(db.run(QStringLiteral("UPDATE audit SET prev_hash = ? WHERE seq = 6"), {QByteArray(32, 'x')}));
        v = verified(t);
        CHECK_FALSE(v.ok);
    }
}

TEST_CASE("The audit log reports what it holds, what is older than a time, and when work was last done",
          "[audit][holdings]")
{
    TestStation t;
    AuditLog &log = t.station->audit();
    const auto setUp = log.entries().value();
    REQUIRE_FALSE(setUp.empty());
    CHECK(log.held().value().count == static_cast<qint64>(setUp.size()));
    CHECK(log.held().value().oldest == setUp.front().at);

    t.clock.advance(3600);
    const QDateTime workAt = t.clock.now();
    REQUIRE(log.append(1, QStringLiteral("enrollment.approved"), QStringLiteral("enrollment:1")));
    // Comings and goings, checks and backups are not work: a restore must not take them for it.
    t.clock.advance(3600);
    for (const char *event :
         {"login.succeeded", "session.locked", "logout", "recovery.used", "store.checked", "backup.created"})
        REQUIRE(log.append(1, QString::fromLatin1(event), QStringLiteral("station")));
    CHECK(log.lastWorkAt().value() == isoUtc(workAt));

    CHECK(log.countBefore(workAt).value() == static_cast<qint64>(setUp.size()));
    CHECK(log.countBefore(workAt.addSecs(1)).value() == static_cast<qint64>(setUp.size()) + 1);
    CHECK(log.held().value().count == static_cast<qint64>(setUp.size()) + 7);
}
