#include "core/enrollment/EnrollmentStore.h"

#include "core/enrollment/SealedValueStore.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

// The reads and the decision write that Review, the holdings report and backups use.

namespace {

const QString kAt = QStringLiteral("2026-11-23T15:00:00Z");
const QString kLater = QStringLiteral("2026-11-23T16:00:00Z");
const QDate kDay(2026, 11, 23);

EnrollmentStore::Submission submittedOn(const QDate &day, const QString &cardNumber, const QString &at, qint64 clerk)
{
    return {cardNumber, QStringLiteral("adult"), QString(), at, cardNumber.toLatin1(), {}, day, clerk};
}

} // namespace

TEST_CASE("EnrollmentStore: a batch day's enrollments, decisions on them and their history", "[enrollment][store]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    const qint64 clerk = t.addOperator(QStringLiteral("carla"), Role::Clerk);
    EnrollmentStore store(t.station->database());
    auto draft = [&] { return store.insertDraft(QStringLiteral("p"), QStringLiteral("1"), clerk, kAt).value(); };
    const qint64 first = draft();
    const qint64 second = draft();
    const qint64 nextDay = draft();
    const qint64 stillDraft = draft();
    TESSERA_REQUIRE_OK(store.recordSubmitted(first, submittedOn(kDay, QStringLiteral("MS1-000002"), kLater, clerk)));
    TESSERA_REQUIRE_OK(store.recordSubmitted(second, submittedOn(kDay, QStringLiteral("MS1-000001"), kAt, clerk)));
    TESSERA_REQUIRE_OK(
        store.recordSubmitted(nextDay, submittedOn(kDay.addDays(1), QStringLiteral("MS1-000003"), kAt, clerk)));

    auto counts = store.countsByBatchDay().value();
    REQUIRE(counts.size() == 2); // drafts have no batch day
    std::sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.day < b.day; });
    CHECK(counts[0].day == kDay);
    CHECK(counts[0].state == QStringLiteral("submitted"));
    CHECK(counts[0].count == 2);
    CHECK(counts[1].count == 1);
    CHECK(store.idsInBatch(kDay).value() == std::vector<qint64> {second, first}); // in submission order
    CHECK(store.pendingInBatch(kDay).value() == 2);

    CHECK_FALSE(store.decisionSubject(9999).value());
    auto subject = store.decisionSubject(first).value();
    REQUIRE(subject);
    CHECK(subject->state == EnrollmentState::Submitted);
    CHECK(subject->cardNumber == QStringLiteral("MS1-000002"));
    CHECK(subject->createdBy == clerk);
    CHECK(subject->submittedBy == clerk);

    TESSERA_REQUIRE_OK(store.recordDecision(
        first, EnrollmentState::Rejected,
        {kLater, admin, QStringLiteral("rejected"), QStringLiteral("documents-insufficient"), QString()}));
    TESSERA_REQUIRE_OK(
        store.recordDecision(second, EnrollmentState::Approved, {kLater, admin, QStringLiteral("approved"), {}, {}}));
    CHECK(store.state(first).value() == EnrollmentState::Rejected);
    CHECK(store.summary(first).value()->updatedAt == kLater);
    CHECK(store.pendingInBatch(kDay).value() == 0);
    const auto history = store.events(first).value();
    REQUIRE(history.size() == 1);
    CHECK(history[0].operatorId == admin);
    CHECK(history[0].reason == QStringLiteral("documents-insufficient"));
    CHECK(history[0].note.isEmpty());

    // The day's report reads them in card-number order, with the reason of a rejection.
    const auto outcomes = store.batchOutcomes(kDay).value();
    REQUIRE(outcomes.size() == 2);
    CHECK(outcomes[0].cardNumber == QStringLiteral("MS1-000001"));
    CHECK(outcomes[0].state == QStringLiteral("approved"));
    CHECK(outcomes[0].rejectReason.isEmpty());
    CHECK(outcomes[1].state == QStringLiteral("rejected"));
    CHECK(outcomes[1].rejectReason == QStringLiteral("documents-insufficient"));
    CHECK(outcomes[1].submittedBy == clerk);

    CHECK(store.count().value() == 4);
    const auto decided = store.createdInStates({EnrollmentState::Approved, EnrollmentState::Rejected}).value();
    REQUIRE(decided.size() == 2);
    CHECK(decided[0].id == first);
    CHECK(decided[1].id == second);
    CHECK(decided[0].createdAt == kAt);
    CHECK(store.createdInStates({EnrollmentState::Draft}).value().front().id == stillDraft);
    CHECK(store.createdInStates({EnrollmentState::Returned}).value().empty());
}

TEST_CASE("EnrollmentStore and SealedValueStore report what they hold", "[enrollment][store][holdings]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    Database &db = t.station->database();
    EnrollmentStore store(db);
    SealedValueStore sealed(db);
    CHECK(store.heldFieldNames().value().isEmpty());
    CHECK(store.fieldsHeld().value().count == 0);
    CHECK(store.attestationsHeld().value().oldest.isEmpty());
    CHECK(sealed.held(SealedKind::PrintedOnly).value().count == 0);

    const qint64 early = store.insertDraft(QStringLiteral("p"), QStringLiteral("1"), admin, kAt).value();
    const qint64 late = store.insertDraft(QStringLiteral("p"), QStringLiteral("1"), admin, kLater).value();
    TESSERA_REQUIRE_OK(store.addField(late, QStringLiteral("given_names"), QStringLiteral("Ana")));
    TESSERA_REQUIRE_OK(store.addField(late, QStringLiteral("family_name"), QStringLiteral("Test")));
    TESSERA_REQUIRE_OK(store.addField(early, QStringLiteral("given_names"), QStringLiteral("Ben")));
    CHECK(store.heldFieldNames().value() == QStringList {QStringLiteral("family_name"), QStringLiteral("given_names")});
    CHECK(store.fieldsHeld().value().count == 3);
    CHECK(store.fieldsHeld().value().oldest == kAt); // their enrollment's creation
    TESSERA_REQUIRE_OK(store.addEvent(late, {kLater, admin, QStringLiteral("returned"), {}, QStringLiteral("note")}));
    CHECK(store.eventsHeld().value().count == 1);
    CHECK(store.eventsHeld().value().oldest == kLater);

    TESSERA_REQUIRE_OK(sealed.addDataKey(early, SecureBuffer::random(32), kAt));
    TESSERA_REQUIRE_OK(sealed.addDataKey(late, SecureBuffer::random(32), kAt));
    TESSERA_REQUIRE_OK(sealed.put(early, SealedKind::PrintedOnly, QByteArray("box"), kLater));
    TESSERA_REQUIRE_OK(sealed.put(late, SealedKind::PrintedOnly, QByteArray("box"), kAt));
    TESSERA_REQUIRE_OK(sealed.put(late, SealedKind::DraftDocuments, QByteArray("dates"), kLater));
    CHECK(sealed.enrollmentsHolding(SealedKind::PrintedOnly).value() == std::set<qint64> {early, late});
    CHECK(sealed.enrollmentsHolding(SealedKind::DraftDocuments).value() == std::set<qint64> {late});
    CHECK(sealed.held(SealedKind::PrintedOnly).value().count == 2);
    CHECK(sealed.held(SealedKind::PrintedOnly).value().oldest == kAt);
    CHECK(sealed.held(SealedKind::DraftDocuments).value().oldest == kLater);
}
