// The review page's queue without widgets: what may be queued, what a new batch drops, and what
// "approve all unflagged" would add.
#include "core/review/DecisionQueue.h"

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

constexpr qint64 kSupervisor = 7;
constexpr qint64 kClerk = 3;

EnrollmentSummary row(qint64 id, EnrollmentState state, qint64 createdBy = kClerk)
{
    EnrollmentSummary s;
    s.id = id;
    s.state = state;
    s.createdBy = createdBy;
    s.cardNumber = QStringLiteral("C-%1").arg(id);
    return s;
}

DecisionQueue dayOf(std::vector<EnrollmentSummary> rows)
{
    DecisionQueue q(kSupervisor);
    q.setRows(std::move(rows));
    return q;
}

} // namespace

TEST_CASE("only a pending enrollment someone else entered takes a decision")
{
    DecisionQueue q = dayOf({row(1, EnrollmentState::Submitted), row(2, EnrollmentState::Approved),
                             row(3, EnrollmentState::Submitted, kSupervisor)});
    CHECK(q.refusal(0) == DecisionQueue::Refusal::None);
    CHECK(q.refusal(1) == DecisionQueue::Refusal::AlreadyDecided);
    CHECK(q.refusal(2) == DecisionQueue::Refusal::OwnEnrollment);
    CHECK(q.refusal(3) == DecisionQueue::Refusal::NoSuchRow);
    CHECK(q.refusal(-1) == DecisionQueue::Refusal::NoSuchRow);

    CHECK(q.queue({1, DecisionKind::Approve, {}, {}}));
    CHECK_FALSE(q.queue({2, DecisionKind::Approve, {}, {}}));
    CHECK_FALSE(q.queue({3, DecisionKind::Approve, {}, {}}));
    CHECK_FALSE(q.queue({99, DecisionKind::Approve, {}, {}}));
    CHECK(q.size() == 1);
    REQUIRE(q.pending(1) != nullptr);
    CHECK(q.pending(2) == nullptr);
}

TEST_CASE("a second decision on an enrollment replaces the first, and decisions come out by id")
{
    DecisionQueue q = dayOf({row(5, EnrollmentState::Submitted), row(4, EnrollmentState::Submitted)});
    REQUIRE(q.queue({5, DecisionKind::Approve, {}, {}}));
    REQUIRE(q.queue({4, DecisionKind::Return, {}, QStringLiteral("photo")}));
    REQUIRE(q.queue({5, DecisionKind::Reject, QStringLiteral("documents-insufficient"), {}}));
    const auto all = q.decisions();
    REQUIRE(all.size() == 2);
    CHECK(all[0].enrollmentId == 4);
    CHECK(all[0].note == QStringLiteral("photo"));
    CHECK(all[1].enrollmentId == 5);
    CHECK(all[1].kind == DecisionKind::Reject);
    q.clear();
    CHECK(q.empty());
}

TEST_CASE("new rows drop the decisions on enrollments that are gone or already decided")
{
    DecisionQueue q = dayOf(
        {row(1, EnrollmentState::Submitted), row(2, EnrollmentState::Submitted), row(3, EnrollmentState::Submitted)});
    REQUIRE(q.queue({1, DecisionKind::Approve, {}, {}}));
    REQUIRE(q.queue({2, DecisionKind::Approve, {}, {}}));
    REQUIRE(q.queue({3, DecisionKind::Approve, {}, {}}));
    // Another supervisor decided 2 meanwhile; 3 belongs to another day now shown.
    q.setRows({row(1, EnrollmentState::Submitted), row(2, EnrollmentState::Approved)});
    CHECK(q.size() == 1);
    CHECK(q.pending(1) != nullptr);
    CHECK(q.pending(2) == nullptr);
    CHECK(q.pending(3) == nullptr);
}

TEST_CASE("the first row to look at is the first one still to decide")
{
    DecisionQueue q = dayOf({row(1, EnrollmentState::Approved), row(2, EnrollmentState::Submitted, kSupervisor),
                             row(3, EnrollmentState::Submitted), row(4, EnrollmentState::Submitted)});
    CHECK(q.firstUndecided() == 2);
    REQUIRE(q.queue({3, DecisionKind::Approve, {}, {}}));
    CHECK(q.firstUndecided() == 3);
    REQUIRE(q.queue({4, DecisionKind::Approve, {}, {}}));
    CHECK(q.firstUndecided() == -1);
    CHECK(q.rowOf(4) == 3);
    CHECK(q.rowOf(42) == -1);
}

TEST_CASE("approve all unflagged adds only what this supervisor may still approve on this day")
{
    DecisionQueue q = dayOf({row(1, EnrollmentState::Submitted), row(2, EnrollmentState::Submitted, kSupervisor),
                             row(3, EnrollmentState::Submitted), row(4, EnrollmentState::Submitted)});
    REQUIRE(q.queue({3, DecisionKind::Reject, QStringLiteral("documents-insufficient"), {}}));
    // 9 is another day's enrollment: not in the rows shown.
    CHECK(q.bulkApprovable({1, 2, 3, 4, 9}) == std::vector<qint64> {1, 4});
}
