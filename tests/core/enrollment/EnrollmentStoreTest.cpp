#include "core/enrollment/EnrollmentStore.h"

#include "core/enrollment/SealedValueStore.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

namespace {

const QString kAt = QStringLiteral("2026-11-23T15:00:00Z");

Attestation passport(qint64 clerk)
{
    return {QStringLiteral("passport"),
            {{QStringLiteral("identity"), 3}},
            true,
            false,
            false,
            false,
            QStringLiteral("2026.1"),
            clerk,
            kAt,
            false};
}

EnrollmentStore::Submission submission(const QString &cardNumber, const QByteArray &duplicateKey, qint64 clerk)
{
    return {cardNumber,   QStringLiteral("adult"),           QStringLiteral("2031-11-23"), kAt,
            duplicateKey, {QStringLiteral("narrow_margin")}, QDate(2026, 11, 23),          clerk};
}

} // namespace

TEST_CASE("EnrollmentStore: a draft's row, stored fields and attestations, rewritten whole", "[enrollment][store]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    EnrollmentStore store(t.station->database());
    CHECK_FALSE(store.summary(1).value());
    CHECK_FALSE(store.state(1).value());
    CHECK_FALSE(store.rulesUsed(1).value());

    const qint64 id = store.insertDraft(QStringLiteral("points-based"), QStringLiteral("2026.1"), admin, kAt).value();
    auto s = store.summary(id).value();
    REQUIRE(s);
    CHECK(s->state == EnrollmentState::Draft);
    CHECK(s->createdBy == admin);
    CHECK(s->createdAt == kAt);
    CHECK(s->cardNumber.isEmpty());
    CHECK(s->displayName.isEmpty());
    CHECK(store.state(id).value() == EnrollmentState::Draft);
    CHECK(store.rulesUsed(id).value()->programmeId == QStringLiteral("points-based"));

    TESSERA_REQUIRE_OK(store.addField(id, QStringLiteral("given_names"), QStringLiteral("Ana María")));
    TESSERA_REQUIRE_OK(store.addField(id, QStringLiteral("family_name"), QStringLiteral("Test")));
    TESSERA_REQUIRE_OK(store.addField(id, QStringLiteral("birth_date"), QStringLiteral("1980-01-01")));
    CHECK(store.displayName(id).value() == QStringLiteral("Ana María Test")); // given names first
    CHECK(store.storedField(id, QStringLiteral("birth_date")).value() == QStringLiteral("1980-01-01"));
    CHECK(store.storedField(id, QStringLiteral("gender")).value().isEmpty());
    CHECK(store.storedFields(id).value().size() == 3);

    TESSERA_REQUIRE_OK(store.addAttestation(id, passport(admin), QByteArray("fingerprint")));
    Attestation payStub = passport(admin);
    payStub.documentType = QStringLiteral("pay_stub");
    payStub.points = {{QStringLiteral("residence"), 1}, {QStringLiteral("identity"), 0}};
    TESSERA_REQUIRE_OK(store.addAttestation(id, payStub, QByteArray()));
    const std::vector<Attestation> attestations = store.attestations(id).value();
    REQUIRE(attestations.size() == 2);
    CHECK(attestations[0].documentType == QStringLiteral("passport"));
    CHECK(attestations[0].fingerprinted); // that there is one; the bytes are not read back
    CHECK(attestations[0].counted);
    CHECK(attestations[1].points == payStub.points);
    CHECK_FALSE(attestations[1].fingerprinted);

    TESSERA_REQUIRE_OK(store.recordSaved(id, QStringLiteral("2026-11-23T15:05:00Z"),
                                         {QStringLiteral("points-based"), QStringLiteral("2026.2")},
                                         {QStringLiteral("caretaker:parent")}));
    s = store.summary(id).value();
    CHECK(s->updatedAt == QStringLiteral("2026-11-23T15:05:00Z"));
    CHECK(s->rulesVersion == QStringLiteral("2026.2"));
    CHECK(s->flags == QStringList {QStringLiteral("caretaker:parent")});
    CHECK(s->displayName == QStringLiteral("Ana María Test"));

    TESSERA_REQUIRE_OK(store.clearContents(id));
    CHECK(store.storedFields(id).value().isEmpty());
    CHECK(store.attestations(id).value().empty());
    CHECK(store.summary(id).value()); // the row itself stays

    TESSERA_REQUIRE_OK(store.remove(id));
    CHECK_FALSE(store.summary(id).value());
}

TEST_CASE("EnrollmentStore: submission, duplicates, request keys and history", "[enrollment][store]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    const qint64 clerk = t.addOperator(QStringLiteral("carla"), Role::Clerk);
    EnrollmentStore store(t.station->database());
    const QString programme = QStringLiteral("points-based");
    const QString version = QStringLiteral("2026.1");
    const qint64 first = store.insertDraft(programme, version, admin, kAt).value();
    const qint64 second = store.insertDraft(programme, version, clerk, QStringLiteral("2026-11-23T16:00:00Z")).value();
    const QByteArray person("same person");
    TESSERA_REQUIRE_OK(store.addAttestation(first, passport(admin), QByteArray("document")));
    TESSERA_REQUIRE_OK(store.rememberRequest(QByteArray("request"), first));

    // Drafts are nobody's duplicate, and have no card number to give a repeated request.
    CHECK(store.submittedWithDocument(QByteArray("document"), second).value().empty());
    CHECK(store.cardNumberForRequest(QByteArray("request")).value().isEmpty());

    TESSERA_REQUIRE_OK(store.recordSubmitted(first, submission(QStringLiteral("MS1-000001-X"), person, admin)));
    auto s = store.summary(first).value();
    CHECK(s->state == EnrollmentState::Submitted);
    CHECK(s->cardNumber == QStringLiteral("MS1-000001-X"));
    CHECK(s->cardLayout == QStringLiteral("adult"));
    CHECK(s->cardExpiry == QStringLiteral("2031-11-23"));
    CHECK(s->submittedAt == kAt);
    CHECK(s->flags == QStringList {QStringLiteral("narrow_margin")});
    CHECK(store.cardNumber(first).value() == QStringLiteral("MS1-000001-X"));
    CHECK(store.idForCardNumber(QStringLiteral("MS1-000001-X")).value() == first);
    CHECK_FALSE(store.idForCardNumber(QStringLiteral("MS1-000002-X")).value());
    CHECK(store.cardNumberForRequest(QByteArray("request")).value() == QStringLiteral("MS1-000001-X"));
    CHECK(store.cardNumberForRequest(QByteArray("other request")).value().isEmpty());

    const auto byPerson = store.submittedWithDuplicateKey(person, second).value();
    REQUIRE(byPerson.size() == 1);
    CHECK(byPerson[0].id == first);
    CHECK(byPerson[0].cardNumber == QStringLiteral("MS1-000001-X"));
    CHECK(store.submittedWithDuplicateKey(person, first).value().empty()); // not its own duplicate
    CHECK(store.submittedWithDocument(QByteArray("document"), second).value().size() == 1);
    CHECK(store.submittedWithDocument(QByteArray("another document"), second).value().empty());

    // Most recently updated first; by state and by clerk.
    CHECK(store.ids(std::nullopt, std::nullopt).value() == std::vector<qint64> {second, first});
    CHECK(store.ids(EnrollmentState::Draft, std::nullopt).value() == std::vector<qint64> {second});
    CHECK(store.ids(std::nullopt, admin).value() == std::vector<qint64> {first});

    CHECK(store.lastEventAt(first, QStringLiteral("rejected")).value().isEmpty());
    TESSERA_REQUIRE_OK(store.addEvent(first, {kAt, admin, QStringLiteral("submitted"), QString(), QString()}));
    TESSERA_REQUIRE_OK(
        store.addEvent(first,
                       {QStringLiteral("2026-11-24T09:00:00Z"), admin, QStringLiteral("rejected"),
                        QStringLiteral("insufficient"), QStringLiteral("the pay stub is older than 60 days")}));
    CHECK(store.lastEventAt(first, QStringLiteral("rejected")).value() == QStringLiteral("2026-11-24T09:00:00Z"));
    auto facts = store.retentionFacts().value();
    REQUIRE(facts.size() == 2);
    CHECK(facts[0].id == first);
    CHECK(facts[0].state == QStringLiteral("submitted"));
    CHECK(facts[0].rejectedAt == QStringLiteral("2026-11-24T09:00:00Z"));
    CHECK(facts[0].notes == 1); // an empty note is no note
    CHECK(facts[1].rejectedAt.isEmpty());
    TESSERA_REQUIRE_OK(store.clearEventNotes(first));
    CHECK(store.retentionFacts().value()[0].notes == 0);
    CHECK(store.lastEventAt(first, QStringLiteral("rejected")).value() == QStringLiteral("2026-11-24T09:00:00Z"));

    // Deleting the enrollment takes its request key and history with it.
    TESSERA_REQUIRE_OK(store.remove(first));
    CHECK(store.cardNumberForRequest(QByteArray("request")).value().isEmpty());
    CHECK(store.lastEventAt(first, QStringLiteral("rejected")).value().isEmpty());
}

TEST_CASE("SealedValueStore: one key per enrollment, boxes by kind, destroyed together", "[enrollment][store]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    Database &db = t.station->database();
    const qint64 id =
        EnrollmentStore(db).insertDraft(QStringLiteral("points-based"), QStringLiteral("2026.1"), admin, kAt).value();
    SealedValueStore store(db);
    CHECK_FALSE(store.dataKey(id).value());
    CHECK_FALSE(store.get(id, SealedKind::PrintedOnly).value());
    CHECK(store.heldByEnrollment().value().empty());

    const SecureBuffer key = SecureBuffer::random(32);
    TESSERA_REQUIRE_OK(store.addDataKey(id, key, kAt));
    auto back = store.dataKey(id).value();
    REQUIRE(back);
    CHECK(QByteArray(reinterpret_cast<const char *>(back->data()), static_cast<qsizetype>(back->size()))
          == QByteArray(reinterpret_cast<const char *>(key.data()), static_cast<qsizetype>(key.size())));
    CHECK_FALSE(store.addDataKey(id, key, kAt)); // one key per enrollment

    TESSERA_REQUIRE_OK(store.put(id, SealedKind::PrintedOnly, QByteArray("box 1"), kAt));
    TESSERA_REQUIRE_OK(store.put(id, SealedKind::PrintedOnly, QByteArray("box 2"), kAt)); // replaces
    TESSERA_REQUIRE_OK(store.put(id, SealedKind::DraftDocuments, QByteArray("documents"), kAt));
    CHECK(store.get(id, SealedKind::PrintedOnly).value() == QByteArray("box 2"));
    auto held = store.heldByEnrollment().value();
    REQUIRE(held.size() == 1);
    CHECK(held[id].keyCreatedAt == kAt);
    CHECK(held[id].sealedValues == 2);

    TESSERA_REQUIRE_OK(store.remove(id, SealedKind::DraftDocuments));
    CHECK_FALSE(store.get(id, SealedKind::DraftDocuments).value());
    CHECK(store.get(id, SealedKind::PrintedOnly).value());

    TESSERA_REQUIRE_OK(store.destroy(id));
    CHECK_FALSE(store.dataKey(id).value());
    CHECK_FALSE(store.get(id, SealedKind::PrintedOnly).value());
    CHECK(store.heldByEnrollment().value().empty());
}
