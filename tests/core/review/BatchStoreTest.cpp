#include "core/review/BatchStore.h"

#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

TEST_CASE("BatchStore closes a day once, keeps its report and audit head, and counts closed days",
          "[review][batch][store]")
{
    TestStation t;
    const qint64 admin = t.station->session().currentOperator().id;
    BatchStore store(t.station->database());
    const QDate first(2026, 11, 23);
    const QDate second(2026, 11, 24);
    CHECK_FALSE(store.isClosed(first).value());
    CHECK_FALSE(store.closed(first).value());
    CHECK(store.closedDays().value().empty());
    CHECK(store.held().value().count == 0);
    CHECK(store.held().value().oldest.isEmpty());

    const ClosedBatch batch {second, QStringLiteral("2026-11-24T18:00:00Z"), admin, QByteArray(32, '\x5a'),
                             QStringLiteral("{\"day\":\"2026-11-24\"}")};
    TESSERA_REQUIRE_OK(store.close(batch));
    TESSERA_REQUIRE_OK(store.close(
        {first, QStringLiteral("2026-11-23T18:00:00Z"), admin, QByteArray(32, '\x01'), QStringLiteral("{}")}));
    CHECK(store.isClosed(second).value());
    CHECK_FALSE(store.isClosed(second.addDays(1)).value());

    auto back = store.closed(second).value();
    REQUIRE(back);
    CHECK(back->day == second);
    CHECK(back->closedAt == batch.closedAt);
    CHECK(back->closedBy == admin);
    CHECK(back->auditHead == batch.auditHead);
    CHECK(back->reportJson == batch.reportJson);
    CHECK(store.closedDays().value() == std::vector<QDate> {first, second});

    // A day is closed once: its report is never replaced.
    CHECK_FALSE(store.close(
        {second, QStringLiteral("2026-11-25T09:00:00Z"), admin, QByteArray(32, '\x00'), QStringLiteral("{}")}));
    CHECK(store.closed(second).value()->reportJson == batch.reportJson);

    const HeldRows held = store.held().value();
    CHECK(held.count == 2);
    CHECK(held.oldest == QStringLiteral("2026-11-23T18:00:00Z"));
}
