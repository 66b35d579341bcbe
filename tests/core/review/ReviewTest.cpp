#include "core/review/Review.h"
#include "core/enrollment/Enrollments.h"
#include "core/enrollment/SealedValueStore.h"
#include "core/print/RejectionNotice.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Purge.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace tessera;
using namespace tessera::test;

namespace {

// Two clerks (one of them also a supervisor) and a supervisor, the points-based programme,
// and the day fixed by the clock.
struct Office {
    TestStation t;
    Programme programme;

    Office()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        auto p =
            installProgramme(t.station->access(),
                             readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
        REQUIRE(p);
        programme = *p;
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        t.addOperator(QStringLiteral("dev"), Roles(Role::Clerk) | Role::Supervisor);
        t.addOperator(QStringLiteral("sam"), Role::Supervisor);
    }

    std::unique_ptr<Station> as(const char *name)
    {
        auto s = Station::login(t.path(), QString::fromLatin1(name), secret(kClerkPassword), t.clock);
        REQUIRE(s);
        return std::move(*s);
    }

    // Submits an applicant with 6 points (4 when `exact`); returns the enrollment id.
    qint64 enroll(Station &clerk, const QString &given, bool narrow = false)
    {
        Enrollments e(clerk.access(), programme);
        EnrollmentDraft d = eligibleDraft(given, QStringLiteral("M"));
        if (narrow) // without the birth certificate the points are met exactly (4 of 4)
            d.documents.erase(d.documents.begin() + 1);
        givePhoto(clerk.access(), programme, d);
        TESSERA_REQUIRE_OK(e.submit(d));
        return d.id;
    }

    QString state(Station &s, qint64 id)
    {
        Enrollments e(s.access(), programme);
        auto rec = e.record(id);
        REQUIRE(rec);
        return stateName(rec->summary.state);
    }
};

} // namespace

TEST_CASE("The state machine allows exactly its five edges", "[review][states]")
{
    using S = EnrollmentState;
    const S all[] = {S::Draft, S::Submitted, S::Approved, S::Rejected, S::Returned};
    int allowed = 0;
    for (S from : all)
        for (S to : all) {
            const bool expected = (from == S::Draft && to == S::Submitted)
                || (from == S::Returned && to == S::Submitted)
                || (from == S::Submitted && (to == S::Approved || to == S::Rejected || to == S::Returned));
            INFO(stateName(from).toStdString() << " -> " << stateName(to).toStdString());
            CHECK(isAllowedTransition(from, to) == expected);
            allowed += isAllowedTransition(from, to) ? 1 : 0;
        }
    CHECK(allowed == 5);
}

TEST_CASE("Decided enrollments cannot be decided again", "[review][states]")
{
    Office o;
    auto carla = o.as("carla");
    const qint64 id = o.enroll(*carla, QStringLiteral("Ann"));
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    TESSERA_REQUIRE_OK(review.decide({{id, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));
    for (DecisionKind again : {DecisionKind::Approve, DecisionKind::Reject, DecisionKind::Return}) {
        auto r = review.decide({{id, again, QStringLiteral("documents-insufficient"), QStringLiteral("x")}},
                               secret(kClerkPassword));
        REQUIRE_FALSE(r);
        CHECK(r.error().message.contains(QStringLiteral("not pending review")));
    }
    CHECK(o.state(*sam, id) == QStringLiteral("approved"));
}

TEST_CASE("Four eyes: a supervisor never decides on an enrollment they entered", "[review][four-eyes]")
{
    Office o;
    auto dev = o.as("dev"); // clerk and supervisor
    const qint64 own = o.enroll(*dev, QStringLiteral("Bea"));
    Review asDev(dev->access(), o.programme);
    auto refused = asDev.decide({{own, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::PermissionDenied);
    CHECK(refused.error().message.contains(QStringLiteral("four eyes")));
    auto sam = o.as("sam");
    TESSERA_REQUIRE_OK(
        Review(sam->access(), o.programme).decide({{own, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));

    auto carla = o.as("carla");
    auto notSupervisor = Review(carla->access(), o.programme).openBatches();
    REQUIRE_FALSE(notSupervisor);
    CHECK(notSupervisor.error().code == ErrorCode::PermissionDenied);
}

TEST_CASE("A set of decisions is committed whole after one password, or not at all", "[review][decide]")
{
    Office o;
    auto carla = o.as("carla");
    const qint64 a = o.enroll(*carla, QStringLiteral("Ann"));
    const qint64 b = o.enroll(*carla, QStringLiteral("Bob"));
    const qint64 c = o.enroll(*carla, QStringLiteral("Cy"));
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);

    auto wrongPassword = review.decide({{a, DecisionKind::Approve, {}, {}}}, secret("not my password at all"));
    REQUIRE_FALSE(wrongPassword);
    CHECK(wrongPassword.error().code == ErrorCode::AuthFailed);

    // The third decision is invalid (a return needs a note): the first two must not land.
    auto partial = review.decide({{a, DecisionKind::Approve, {}, {}},
                                  {b, DecisionKind::Reject, QStringLiteral("documents-insufficient"), {}},
                                  {c, DecisionKind::Return, {}, QStringLiteral("   ")}},
                                 secret(kClerkPassword));
    REQUIRE_FALSE(partial);
    CHECK(partial.error().message.contains(QStringLiteral("say what the clerk must correct")));
    for (qint64 id : {a, b, c})
        CHECK(o.state(*sam, id) == QStringLiteral("submitted"));

    auto badReason =
        review.decide({{b, DecisionKind::Reject, QStringLiteral("looked-shifty"), {}}}, secret(kClerkPassword));
    REQUIRE_FALSE(badReason);
    CHECK(badReason.error().message.contains(QStringLiteral("programme's reasons")));

    auto applied = review.decide(
        {{a, DecisionKind::Approve, {}, {}},
         {b, DecisionKind::Reject, QStringLiteral("documents-insufficient"), QStringLiteral("bill was a copy")},
         {c, DecisionKind::Return, {}, QStringLiteral("Birth date typed as 1908; check it.")}},
        secret(kClerkPassword));
    TESSERA_REQUIRE_OK(applied);
    CHECK(*applied == 3);
    CHECK(o.state(*sam, a) == QStringLiteral("approved"));
    CHECK(o.state(*sam, b) == QStringLiteral("rejected"));
    CHECK(o.state(*sam, c) == QStringLiteral("returned"));

    auto entries = sam->audit().entries();
    REQUIRE(entries);
    for (const AuditEntry &e : *entries)
        CHECK_FALSE(QString::fromUtf8(QJsonDocument(e.details).toJson())
                        .contains(QStringLiteral("1908"))); // notes stay out of the audit
}

TEST_CASE("A returned enrollment goes back to its clerk, is corrected and resubmitted", "[review][return]")
{
    Office o;
    auto carla = o.as("carla");
    const qint64 id = o.enroll(*carla, QStringLiteral("Cy"));
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    TESSERA_REQUIRE_OK(review.decide({{id, DecisionKind::Return, {}, QStringLiteral("Family name misspelt")}},
                                     secret(kClerkPassword)));

    Enrollments clerk(carla->access(), o.programme);
    auto mine = clerk.list(EnrollmentState::Returned, true);
    REQUIRE(mine);
    REQUIRE(mine->size() == 1);
    // The clerk's queue says what to correct, and stops saying it once resubmitted.
    CHECK(mine->front().returnNote == QStringLiteral("Family name misspelt"));
    auto draft = clerk.loadDraft(id);
    REQUIRE(draft);
    draft->applicant.familyName = QStringLiteral("Testér");
    draft->documents[0].presented.expiry = QDate(2030, 1, 1); // dates are re-entered from the documents
    draft->documents[2].presented.issued = QDate(2026, 11, 1);
    o.t.clock.advance(86400);
    auto again = clerk.submit(*draft);
    TESSERA_REQUIRE_OK(again);
    auto rec = clerk.record(id);
    REQUIRE(rec);
    CHECK(rec->summary.state == EnrollmentState::Submitted);
    CHECK(rec->summary.flags.contains(QStringLiteral("resubmitted")));
    CHECK(rec->storedFields.value(QStringLiteral("family_name")) == QStringLiteral("Testér"));
    CHECK(rec->summary.returnNote.isEmpty());

    auto history = review.history(id);
    REQUIRE(history);
    QStringList events;
    for (const EnrollmentEvent &e : *history)
        events << e.event;
    CHECK(events
          == QStringList {QStringLiteral("submitted"), QStringLiteral("returned"), QStringLiteral("resubmitted")});
    CHECK(history->at(1).note == QStringLiteral("Family name misspelt"));

    // Resubmitted the next day, it belongs to the next day's batch.
    auto batches = review.openBatches();
    REQUIRE(batches);
    REQUIRE_FALSE(batches->empty());
    CHECK(batches->front().day == QDate(2026, 11, 24));
    CHECK(batches->front().byState.value(QStringLiteral("submitted")) == 1);
}

TEST_CASE("Bulk approval covers only pending records with nothing to look at", "[review][bulk]")
{
    Office o;
    auto carla = o.as("carla");
    const qint64 plain1 = o.enroll(*carla, QStringLiteral("Ann"));
    const qint64 plain2 = o.enroll(*carla, QStringLiteral("Bob"));
    // The usual minimum (a passport and a pay stub: 4 points of 4) is nothing to look at twice.
    const qint64 exact = o.enroll(*carla, QStringLiteral("Cy"), true);
    // Eligible only thanks to a passport expired in 2025, within its grace: flagged.
    Enrollments e(carla->access(), o.programme);
    EnrollmentDraft expired = eligibleDraft(QStringLiteral("Dee"), QStringLiteral("F"));
    expired.documents[0].presented.expiry = QDate(2025, 1, 1);
    givePhoto(carla->access(), o.programme, expired);
    TESSERA_REQUIRE_OK(e.submit(expired));
    // The same expired passport beside a valid driver licence changes nothing: not flagged.
    EnrollmentDraft spare = expired;
    spare.id = 0;
    spare.applicant.givenNames = QStringLiteral("Eve");
    spare.documents.push_back(
        {PresentedDocument {QStringLiteral("us-driver-licence"), QDate(2029, 1, 1), std::nullopt, true, false}, {}});
    givePhoto(carla->access(), o.programme, spare);
    TESSERA_REQUIRE_OK(e.submit(spare));

    CHECK(e.record(exact)->summary.flags.isEmpty());
    CHECK(e.record(expired.id)->summary.flags == QStringList {QStringLiteral("expired_document")});
    CHECK(e.record(spare.id)->summary.flags.isEmpty());
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    auto unflagged = review.unflaggedPending(QDate(2026, 11, 23));
    REQUIRE(unflagged);
    CHECK(*unflagged == std::vector<qint64> {plain1, plain2, exact, spare.id});
}

TEST_CASE("Which flags ask a supervisor to look twice, and which are information", "[review][bulk]")
{
    for (const char *attention :
         {"duplicate_override", "photo_override", "expired_document", "resubmitted", "a_flag_added_later"})
        CHECK(Review::needsAttention({QString::fromLatin1(attention)}));
    // A caretaker's relationship, and the "narrow margin" older versions put on nearly every record.
    CHECK_FALSE(Review::needsAttention({QStringLiteral("caretaker:parent"), QStringLiteral("narrow_margin")}));
    CHECK_FALSE(Review::needsAttention({}));
}

TEST_CASE("A returned enrollment keeps its document dates until the final decision, then they are gone",
          "[review][return][retention]")
{
    Office o;
    auto carla = o.as("carla");
    const qint64 returned = o.enroll(*carla, QStringLiteral("Ann"));
    const qint64 rejected = o.enroll(*carla, QStringLiteral("Bob"));
    const qint64 pending = o.enroll(*carla, QStringLiteral("Cy"));
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    TESSERA_REQUIRE_OK(review.decide({{returned, DecisionKind::Return, {}, QStringLiteral("Retake the photo")},
                                      {rejected, DecisionKind::Reject, QStringLiteral("documents-insufficient"), {}}},
                                     secret(kClerkPassword)));
    SealedValueStore sealed(o.t.station->database());
    CHECK_FALSE(sealed.get(rejected, SealedKind::DraftDocuments).value());
    CHECK(sealed.get(returned, SealedKind::DraftDocuments).value());

    // Reopened by the clerk: every document with its dates, eligible without re-entering any.
    Enrollments clerk(carla->access(), o.programme);
    auto draft = clerk.loadDraft(returned);
    REQUIRE(draft);
    const EnrollmentDraft original = eligibleDraft(QStringLiteral("Ann"), QStringLiteral("M"));
    REQUIRE(draft->documents.size() == original.documents.size());
    for (std::size_t i = 0; i < original.documents.size(); ++i) {
        CHECK(draft->documents[i].presented.typeId == original.documents[i].presented.typeId);
        CHECK(draft->documents[i].presented.expiry == original.documents[i].presented.expiry);
        CHECK(draft->documents[i].presented.issued == original.documents[i].presented.issued);
        CHECK(draft->documents[i].presented.machineReadable == original.documents[i].presented.machineReadable);
    }
    CHECK(clerk.assess(*draft).eligible);
    TESSERA_REQUIRE_OK(clerk.submit(*draft));
    CHECK(sealed.get(returned, SealedKind::DraftDocuments).value());

    // Approved: the dates go; the printed-only values stay for the card.
    TESSERA_REQUIRE_OK(review.decide({{returned, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));
    CHECK_FALSE(sealed.get(returned, SealedKind::DraftDocuments).value());
    CHECK(sealed.get(returned, SealedKind::PrintedOnly).value());

    // Still pending after printed_only_max_days (60): the purge destroys them with the key.
    CHECK(sealed.get(pending, SealedKind::DraftDocuments).value());
    o.t.clock.advance(61LL * 86400);
    TESSERA_REQUIRE_OK(runPurge(o.t.station->access(), PurgeOptions {false, false}));
    CHECK_FALSE(sealed.get(pending, SealedKind::DraftDocuments).value());
    CHECK_FALSE(sealed.dataKey(pending).value());
}

TEST_CASE("The day closes only with nothing pending, with a report that names no one", "[review][close]")
{
    Office o;
    auto carla = o.as("carla");
    auto dev = o.as("dev");
    const qint64 a = o.enroll(*carla, QStringLiteral("Ann"));
    const qint64 b = o.enroll(*carla, QStringLiteral("Bob"));
    const qint64 c = o.enroll(*dev, QStringLiteral("Cy"));
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    const QDate day(2026, 11, 23);

    auto early = review.closeDay(day, secret(kClerkPassword));
    REQUIRE_FALSE(early);
    CHECK(early.error().message.contains(QStringLiteral("enrollments pending review (3)")));

    TESSERA_REQUIRE_OK(review.decide({{a, DecisionKind::Approve, {}, {}},
                                      {b, DecisionKind::Reject, QStringLiteral("document-doubtful"), {}},
                                      {c, DecisionKind::Approve, {}, {}}},
                                     secret(kClerkPassword)));
    auto closed = review.closeDay(day, secret(kClerkPassword));
    TESSERA_REQUIRE_OK(closed);
    CHECK(closed->byDecision.value(QStringLiteral("approved")) == 2);
    CHECK(closed->byDecision.value(QStringLiteral("rejected")) == 1);
    CHECK(closed->byClerk.value(QStringLiteral("carla")).value(QStringLiteral("approved")) == 1);
    CHECK(closed->byClerk.value(QStringLiteral("dev")).value(QStringLiteral("approved")) == 1);
    CHECK(closed->byReason.value(QStringLiteral("document-doubtful")) == 1);
    CHECK(closed->reasonLabels.value(QStringLiteral("document-doubtful"))
          == QStringLiteral("A document could not be accepted as genuine"));
    CHECK(closed->cards.value(QStringLiteral("approved")).size() == 2);
    auto head = sam->audit().head();
    REQUIRE(head);
    CHECK(closed->auditHead == *head);
    CHECK(sam->audit().entries()->back().event == QStringLiteral("batch.closed"));

    auto stored = review.report(day);
    REQUIRE(stored);
    CHECK(stored->byDecision == closed->byDecision);
    CHECK(stored->auditHead == closed->auditHead);
    CHECK(stored->reasonLabels == closed->reasonLabels);
    const QString everything = closed->stationName + closed->closedBy
        + QStringList(closed->cards.value(QStringLiteral("approved"))).join(QLatin1Char(' '));
    for (const char *name : {"Ann", "Bob", "Tester"})
        CHECK_FALSE(everything.contains(QString::fromLatin1(name)));

    auto twice = review.closeDay(day, secret(kClerkPassword));
    REQUIRE_FALSE(twice);
    CHECK(twice.error().message.contains(QStringLiteral("already closed")));
}

TEST_CASE("The rejection notice takes the reason and day of the rejection, and only for rejected records",
          "[review][notice]")
{
    Office o;
    auto carla = o.as("carla");
    const qint64 rejected = o.enroll(*carla, QStringLiteral("Ana"));
    const qint64 approved = o.enroll(*carla, QStringLiteral("Bo"));
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    const QString reason = o.programme.reasonCodes.value(QStringLiteral("reject")).at(0).code;
    o.t.clock.set(QDateTime(QDate(2026, 11, 24), QTime(10, 0), Qt::UTC));
    TESSERA_REQUIRE_OK(review.decide({{rejected, DecisionKind::Reject, reason, QStringLiteral("internal remark")},
                                      {approved, DecisionKind::Approve, {}, {}}},
                                     secret(kClerkPassword)));
    Enrollments e(sam->access(), o.programme);

    auto rec = e.record(rejected);
    REQUIRE(rec);
    auto history = review.history(rejected);
    REQUIRE(history);
    auto notice =
        rejectionNoticeFor(*rec, *history, QStringLiteral("Hall"), QStringLiteral("H1"), QStringLiteral("es"));
    REQUIRE(notice);
    CHECK(notice->reasonCode == reason);
    CHECK(notice->decidedOn == QDate(2026, 11, 24));
    CHECK(notice->language == QStringLiteral("es"));
    CHECK(notice->cardNumber == rec->summary.cardNumber);

    auto other = e.record(approved);
    REQUIRE(other);
    auto otherHistory = review.history(approved);
    REQUIRE(otherHistory);
    auto refused = rejectionNoticeFor(*other, *otherHistory, QStringLiteral("Hall"), QStringLiteral("H1"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("was not rejected")));
}

TEST_CASE("A submission after the day was closed joins the next day's batch, not the closed one", "[review][close]")
{
    Office o;
    auto carla = o.as("carla");
    const qint64 early = o.enroll(*carla, QStringLiteral("Early"));
    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    TESSERA_REQUIRE_OK(review.decide({{early, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));
    TESSERA_REQUIRE_OK(review.closeDay(QDate(2026, 11, 23), secret(kClerkPassword)));

    o.t.clock.advance(600); // still the 23rd
    const qint64 late = o.enroll(*carla, QStringLiteral("Late"));
    auto batches = review.openBatches();
    REQUIRE(batches);
    REQUIRE(batches->size() == 2);
    CHECK(batches->front().day == QDate(2026, 11, 24));
    CHECK(batches->front().byState.value(QStringLiteral("submitted")) == 1);
    CHECK(batches->back().day == QDate(2026, 11, 23));
    CHECK(batches->back().closed);
    auto next = review.batch(QDate(2026, 11, 24));
    REQUIRE(next);
    REQUIRE(next->size() == 1);
    CHECK(next->front().id == late);
    // The closed day's report is as it was at closing.
    auto report = review.report(QDate(2026, 11, 23));
    REQUIRE(report);
    CHECK(report->byDecision.value(QStringLiteral("approved")) == 1);
}

TEST_CASE("Approving an enrollment without a photo needs the supervisor's confirmation", "[review][photo]")
{
    Office o;
    auto carla = o.as("carla");
    Enrollments e(carla->access(), o.programme);
    EnrollmentDraft d = eligibleDraft(QStringLiteral("Noa"), QStringLiteral("M"));
    d.noPhotoReason = QStringLiteral("religious-objection-to-photograph");
    TESSERA_REQUIRE_OK(e.submit(d));
    const qint64 withPhoto = o.enroll(*carla, QStringLiteral("Ola"));

    auto sam = o.as("sam");
    Review review(sam->access(), o.programme);
    auto batch = review.batch(QDate(2026, 11, 23));
    TESSERA_REQUIRE_OK(batch);
    REQUIRE(batch->size() == 2);
    for (const EnrollmentSummary &s : *batch) {
        CHECK(Review::needsPhotoConfirmation(s.flags) == (s.id == d.id));
        CHECK(Review::needsAttention(s.flags) == (s.id == d.id));
    }
    auto unflagged = review.unflaggedPending(QDate(2026, 11, 23));
    TESSERA_REQUIRE_OK(unflagged);
    CHECK(*unflagged == std::vector<qint64> {withPhoto}); // bulk approval never takes it

    // The bypass: approving it as any other, in a batch with one that has a photo. Nothing is applied.
    auto refused = review.decide({{withPhoto, DecisionKind::Approve, {}, {}}, {d.id, DecisionKind::Approve, {}, {}}},
                                 secret(kClerkPassword));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::InvalidInput);
    CHECK(refused.error().message.contains(QStringLiteral("has no photo")));
    CHECK(o.state(*sam, withPhoto) == QStringLiteral("submitted"));
    CHECK(o.state(*sam, d.id) == QStringLiteral("submitted"));

    Decision confirmed {d.id, DecisionKind::Approve, {}, {}};
    confirmed.confirmedNoPhoto = true;
    TESSERA_REQUIRE_OK(review.decide({confirmed}, secret(kClerkPassword)));
    CHECK(o.state(*sam, d.id) == QStringLiteral("approved"));
}
