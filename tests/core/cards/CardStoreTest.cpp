#include "core/cards/CardStore.h"

#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

namespace {

// An enrollment to hang cards on (the table's foreign key needs one).
qint64 oneDraft(TestStation &t)
{
    REQUIRE(installProgramme(t.station->access(),
                             readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"))));
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    auto clerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(clerk);
    auto programme = activeProgramme((*clerk)->database());
    REQUIRE(programme);
    REQUIRE(programme->has_value());
    Enrollments enrollments((*clerk)->access(), **programme);
    EnrollmentDraft d;
    d.applicant.givenNames = QStringLiteral("Ana");
    d.applicant.familyName = QStringLiteral("Test");
    TESSERA_REQUIRE_OK(enrollments.saveDraft(d));
    return d.id;
}

} // namespace

TEST_CASE("CardStore: a card's states, its print log and what the holdings report counts", "[cards][store]")
{
    TestStation t;
    const qint64 enrollment = oneDraft(t);
    const qint64 admin = t.station->session().currentOperator().id;
    CardStore store(t.station->database());
    CHECK_FALSE(store.byNumber(QStringLiteral("MS1-000001-X")).value());

    auto id = store.insert({QStringLiteral("MS1-000001-X"), enrollment, QStringLiteral("adult"), QDate(2026, 11, 23),
                            QDate(2031, 11, 23), 0, QStringLiteral("2026-11-23T15:00:00Z"), admin});
    REQUIRE(id);
    auto card = store.byNumber(QStringLiteral("MS1-000001-X")).value();
    REQUIRE(card);
    CHECK(card->id == *id);
    CHECK(card->state == CardState::Approved);
    CHECK(card->expiresOn == QDate(2031, 11, 23));
    CHECK(card->replacesCardId == 0);
    CHECK(store.list(CardState::Approved).value().size() == 1);
    CHECK(store.list(CardState::Printed).value().empty());

    auto first =
        store.addPrintAttempt(*id, QStringLiteral("PDF"), QStringLiteral("2026-11-23T15:01:00Z"), admin, QString());
    REQUIRE(first);
    CHECK(first->attempt == 1);
    CHECK(first->outcome == QStringLiteral("submitted"));
    auto found = store.printAttempt(first->id).value();
    REQUIRE(found);
    CHECK(found->cardNumber == QStringLiteral("MS1-000001-X"));
    TESSERA_REQUIRE_OK(store.setPrintOutcome(first->id, QStringLiteral("confirmed")));
    TESSERA_REQUIRE_OK(store.recordPrinted(*id, false, QDate(2026, 11, 24), QStringLiteral("2026-11-24T09:00:00Z")));
    auto second = store.addPrintAttempt(*id, QStringLiteral("PDF"), QStringLiteral("2026-11-25T09:00:00Z"), admin,
                                        QStringLiteral("damaged"));
    REQUIRE(second);
    CHECK(second->attempt == 2);
    TESSERA_REQUIRE_OK(store.recordPrinted(*id, true, QDate(2026, 11, 25), QStringLiteral("2026-11-25T09:01:00Z")));
    card = store.byNumber(QStringLiteral("MS1-000001-X")).value();
    CHECK(card->state == CardState::Printed);
    CHECK(card->printCount == 2);
    CHECK(card->reprintCount == 1);
    CHECK(card->issuedOn == QDate(2026, 11, 24)); // the first confirmed print fixed it
    const auto log = store.printLog(*id).value();
    REQUIRE(log.size() == 2);
    CHECK(log[0].outcome == QStringLiteral("confirmed"));
    CHECK(log[1].reprintReason == QStringLiteral("damaged"));

    // A move from a state the card is no longer in changes nothing.
    TESSERA_REQUIRE_OK(
        store.setState(*id, CardState::Approved, CardState::Revoked, QStringLiteral("2026-11-26T09:00:00Z")));
    CHECK(store.byNumber(QStringLiteral("MS1-000001-X")).value()->state == CardState::Printed);
    TESSERA_REQUIRE_OK(
        store.setState(*id, CardState::Printed, CardState::Issued, QStringLiteral("2026-11-26T09:00:00Z")));
    CHECK(store.byNumber(QStringLiteral("MS1-000001-X")).value()->handedOverAt
          == QStringLiteral("2026-11-26T09:00:00Z"));
    CHECK(store.expiringBefore(QDate(2031, 11, 23)).value().empty());
    CHECK(store.expiringBefore(QDate(2031, 11, 24)).value().size() == 1);
    CHECK(store.withdrawnNumbers().value().isEmpty());
    TESSERA_REQUIRE_OK(store.setState(*id, CardState::Issued, CardState::Lost, QStringLiteral("2026-12-01T09:00:00Z")));
    CHECK(store.withdrawnNumbers().value() == QStringList {QStringLiteral("MS1-000001-X")});

    CHECK(store.cardsHeld().value().count == 1);
    CHECK(store.cardsHeld().value().oldest == QStringLiteral("2026-11-23T15:00:00Z"));
    CHECK(store.printAttemptsHeld().value().count == 2);
    CHECK(store.enrollmentsWithCards().value() == std::set<qint64> {enrollment});
    CHECK(store.enrollmentsWithPrintAttempts().value() == std::set<qint64> {enrollment});
    CHECK(store.countCardsFor({enrollment}).value() == 1);
    CHECK(store.countPrintAttemptsFor({enrollment}).value() == 2);
    CHECK(store.countPrintAttemptsFor({enrollment + 1}).value() == 0);
}

TEST_CASE("CardStore: what retention needs of each enrollment's cards", "[cards][store]")
{
    TestStation t;
    const qint64 enrollment = oneDraft(t);
    const qint64 admin = t.station->session().currentOperator().id;
    CardStore store(t.station->database());
    CHECK(store.cardsByEnrollment().value().empty());

    const QString at = QStringLiteral("2026-11-23T15:00:00Z");
    const qint64 first = store
                             .insert({QStringLiteral("MS1-000001-X"), enrollment, QStringLiteral("adult"),
                                      QDate(2026, 11, 23), QDate(2031, 11, 23), 0, at, admin})
                             .value();
    TESSERA_REQUIRE_OK(store.recordPrinted(first, false, QDate(2026, 11, 23), at));
    auto held = store.cardsByEnrollment().value();
    REQUIRE(held.size() == 1);
    CHECK(held[enrollment].printed == 1);
    CHECK(held[enrollment].withoutExpiry == 0);
    CHECK(held[enrollment].lastExpiry == QStringLiteral("2031-11-23"));

    // A renewal: a second card of the same enrollment, not printed yet, expiring later.
    TESSERA_REQUIRE_OK(store.insert({QStringLiteral("MS1-000002-X"), enrollment, QStringLiteral("adult"),
                                     QDate(2031, 11, 1), QDate(2036, 11, 1), first, at, admin}));
    held = store.cardsByEnrollment().value();
    CHECK(held[enrollment].printed == 1);
    CHECK(held[enrollment].lastExpiry == QStringLiteral("2036-11-01"));

    // A card that does not expire.
    TESSERA_REQUIRE_OK(store.insert({QStringLiteral("MS1-000003-X"), enrollment, QStringLiteral("adult"),
                                     QDate(2031, 11, 1), std::nullopt, first, at, admin}));
    CHECK(store.cardsByEnrollment().value()[enrollment].withoutExpiry == 1);
}
