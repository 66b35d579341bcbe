#include "core/station/Station.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

namespace {

// Named, so that a failing assertion prints the name and not the text.
constexpr const char *kOtherPassword = "a new password for clerk two";

Result<std::unique_ptr<Station>> login(TestStation &t, const QString &user, const SecureBuffer &password)
{
    return Station::login(t.path(), user, password, t.clock);
}

Station::NewOperator newOperator(const QString &username, Roles roles = Role::Clerk)
{
    return {username, QStringLiteral("Some Person"), roles, secret(kClerkPassword)};
}

} // namespace

TEST_CASE("Roles parse from and print as their machine names", "[station][operators]")
{
    CHECK(roleNames(Role::Clerk | Role::Administrator)
          == QStringList {QStringLiteral("clerk"), QStringLiteral("administrator")});
    CHECK(parseRoles(QStringLiteral("clerk, Supervisor")) == std::optional<Roles>(Role::Clerk | Role::Supervisor));
    CHECK_FALSE(parseRoles(QStringLiteral("clerk,janitor")));
    CHECK_FALSE(parseRoles(QString()));
    CHECK_FALSE(parseRoles(QStringLiteral(",")));
}

TEST_CASE("An administrator adds operators who must choose their own password", "[station][operators]")
{
    TestStation t;
    auto added = t.station->addOperator(newOperator(QStringLiteral("clerk1"), Role::Clerk | Role::Supervisor));
    REQUIRE(added);
    CHECK(added->username == QStringLiteral("clerk1"));
    CHECK(added->roles == (Role::Clerk | Role::Supervisor));
    CHECK(added->mustChangePassword);
    CHECK_FALSE(added->disabled);
    CHECK(added->createdAt == isoUtc(t.clock.now()));

    auto ops = t.station->operators();
    REQUIRE(ops);
    CHECK(ops->size() == 2);
    CHECK(t.station->info()->operatorSlots == 2);
    auto clerk = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(clerk);
    CHECK((*clerk)->session().hasRole(Role::Supervisor));
}

TEST_CASE("A clerk cannot manage operators or settings", "[station][operators][roles]")
{
    TestStation t;
    const qint64 other = t.addOperator(QStringLiteral("clerk2"), Role::Clerk);
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk | Role::Supervisor);
    auto clerk = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(clerk);
    Station &s = **clerk;

    auto add = s.addOperator(newOperator(QStringLiteral("clerk3")));
    REQUIRE_FALSE(add);
    CHECK(add.error().code == ErrorCode::PermissionDenied);
    CHECK(add.error().message.contains(QStringLiteral("administrator")));
    CHECK(s.disableOperator(other).error().code == ErrorCode::PermissionDenied);
    CHECK(s.resetPassword(other, secret(kOtherPassword)).error().code == ErrorCode::PermissionDenied);
    CHECK(s.setAutoLockSeconds(600).error().code == ErrorCode::PermissionDenied);
    CHECK(t.station->operators()->size() == 3);
    CHECK(login(t, QStringLiteral("clerk2"), secret(kClerkPassword)));
}

TEST_CASE("Disabling an operator removes their key slot", "[station][operators]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    REQUIRE(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));

    TESSERA_REQUIRE_OK(t.station->disableOperator(clerk));
    auto slots = KeySlotFile::load(StationPaths {t.path()}.keys());
    REQUIRE(slots);
    CHECK_FALSE(slots->hasPasswordSlot(QStringLiteral("clerk1")));
    CHECK(slots->passwordSlotCount() == 1);
    auto refused = login(t, QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::AuthFailed);
    auto op = t.station->operatorById(clerk);
    REQUIRE(op);
    CHECK(op->disabled);
    // Disabling twice is harmless.
    CHECK(t.station->disableOperator(clerk));
}

TEST_CASE("A disabled operator is re-enabled by a password reset", "[station][operators]")
{
    TestStation t;
    const qint64 clerk = t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    TESSERA_REQUIRE_OK(t.station->disableOperator(clerk));
    const SecureBuffer next = secret("welcome back to the counter");
    TESSERA_REQUIRE_OK(t.station->resetPassword(clerk, next));
    auto op = t.station->operatorById(clerk);
    REQUIRE(op);
    CHECK_FALSE(op->disabled);
    CHECK(op->mustChangePassword);
    CHECK_FALSE(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
    CHECK(login(t, QStringLiteral("clerk1"), next));
}

TEST_CASE("An administrator cannot disable themselves", "[station][operators]")
{
    TestStation t;
    auto r = t.station->disableOperator(t.station->session().currentOperator().id);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidInput);
    CHECK(r.error().message.contains(QStringLiteral("cannot disable yourself")));
    CHECK(login(t, QStringLiteral("admin"), secret(kAdminPassword)));
}

TEST_CASE("A disabled operator's open session loses its powers at the next action", "[station][operators]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    const qint64 second = t.addOperator(QStringLiteral("admin2"), Role::Administrator);
    auto other = login(t, QStringLiteral("admin2"), secret(kClerkPassword));
    REQUIRE(other);
    // admin disables admin2 while admin2 is still signed in elsewhere; admin2's session then
    // tries to disable admin, which would leave the station without an administrator.
    TESSERA_REQUIRE_OK(t.station->disableOperator(second));
    auto r = (*other)->disableOperator(admin);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::PermissionDenied);
    CHECK(r.error().message.contains(QStringLiteral("was disabled by an administrator")));
    auto added = (*other)->addOperator(
        {QStringLiteral("mallory"), QStringLiteral("M"), Role::Administrator, secret(kClerkPassword)});
    REQUIRE_FALSE(added);
    CHECK(added.error().code == ErrorCode::PermissionDenied);
    CHECK(login(t, QStringLiteral("admin"), secret(kAdminPassword)));
}

TEST_CASE("A user name is taken once, whatever its case", "[station][operators]")
{
    TestStation t;
    t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
    for (const QString &name :
         {QStringLiteral("clerk1"), QStringLiteral("CLERK1"), QStringLiteral(" Clerk1 "), QStringLiteral("Admin")}) {
        INFO(name.toStdString());
        auto r = t.station->addOperator(newOperator(name));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::AlreadyExists);
    }
    CHECK(t.station->operators()->size() == 2);
    CHECK(login(t, QStringLiteral("clerk1"), secret(kClerkPassword)));
}

TEST_CASE("Operators with bad names, roles or passwords are refused and leave no slot", "[station][operators]")
{
    TestStation t;
    for (const QString &name : {QStringLiteral("a"), QStringLiteral("1clerk"), QStringLiteral("has space"),
                                QStringLiteral("recovery"), QString::fromUtf8("zoé"), QString(40, QLatin1Char('x'))}) {
        INFO(name.toStdString());
        auto r = t.station->addOperator(newOperator(name));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
        CHECK(r.error().message.startsWith(QStringLiteral("User name")));
    }
    auto noName =
        t.station->addOperator({QStringLiteral("clerk1"), QStringLiteral("   "), Role::Clerk, secret(kClerkPassword)});
    REQUIRE_FALSE(noName);
    CHECK(noName.error().message.startsWith(QStringLiteral("Full name")));
    auto noRoles =
        t.station->addOperator({QStringLiteral("clerk1"), QStringLiteral("Clara"), Roles(), secret(kClerkPassword)});
    REQUIRE_FALSE(noRoles);
    CHECK(noRoles.error().message.startsWith(QStringLiteral("Roles")));
    auto weak = t.station->addOperator(
        {QStringLiteral("clerk1"), QStringLiteral("Clara"), Role::Clerk, secret("qwertyuiop123")});
    REQUIRE_FALSE(weak);
    CHECK(weak.error().code == ErrorCode::InvalidInput);

    auto slots = KeySlotFile::load(StationPaths {t.path()}.keys());
    REQUIRE(slots);
    CHECK(slots->passwordSlotCount() == 1);
    CHECK(t.station->operators()->size() == 1);
}

TEST_CASE("Other modules read operators' user names and an enabled operator's roles", "[station][operators]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    const qint64 clerk = t.addOperator(QStringLiteral("carla"), Role::Clerk | Role::Supervisor);
    Database &db = t.station->database();

    const auto names = operatorUsernames(db).value();
    CHECK(names.value(admin) == QStringLiteral("admin"));
    CHECK(names.value(clerk) == QStringLiteral("carla"));
    CHECK(enabledOperatorRoles(db, QStringLiteral("carla")).value() == (Role::Clerk | Role::Supervisor));
    CHECK_FALSE(enabledOperatorRoles(db, QStringLiteral("nobody")).value());
    CHECK(operatorsHeld(db).value().count == 2);

    TESSERA_REQUIRE_OK(t.station->disableOperator(clerk));
    CHECK_FALSE(enabledOperatorRoles(db, QStringLiteral("carla")).value());       // disabled: no roles
    CHECK(operatorUsernames(db).value().value(clerk) == QStringLiteral("carla")); // still named in old records
}
