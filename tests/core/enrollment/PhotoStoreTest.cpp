#include "core/enrollment/PhotoStore.h"

#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace tessera;
using namespace tessera::test;

namespace {

// Two enrollments to hang photos on (the table's foreign key needs them).
std::vector<qint64> twoDrafts(TestStation &t)
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
    std::vector<qint64> ids;
    for (const char *name : {"Ana", "Ben"}) {
        EnrollmentDraft d;
        d.applicant.givenNames = QString::fromLatin1(name);
        d.applicant.familyName = QStringLiteral("Test");
        TESSERA_REQUIRE_OK(enrollments.saveDraft(d));
        ids.push_back(d.id);
    }
    return ids;
}

} // namespace

TEST_CASE("PhotoStore keeps one photo per enrollment, with its checks and overrides, and counts them",
          "[enrollment][photo][store]")
{
    TestStation t;
    const std::vector<qint64> ids = twoDrafts(t);
    PhotoStore store(t.station->database());
    CHECK_FALSE(store.get(ids[0]).value());
    CHECK_FALSE(store.hasOverrides(ids[0]).value());
    CHECK(store.held().value().count == 0);

    EnrollmentPhoto photo {
        QByteArray("\xFF\xD8 not decoded by the store"),
        QSize(413, 531),
        {PhotoCheck {QStringLiteral("sharpness"), std::nan(""), 100.0, false, QStringLiteral("not kept")},
         PhotoCheck {QStringLiteral("one_face"), 1.0, 1.0, true, QString()}},
        {{QStringLiteral("sharpness"), QStringLiteral("medical")}},
        false,
        QStringLiteral("2026-11-23T15:00:00Z"),
        t.station->session().currentOperator().id};
    TESSERA_REQUIRE_OK(store.put(ids[0], photo));
    auto back = store.get(ids[0]).value();
    REQUIRE(back);
    CHECK(back->jpeg == photo.jpeg);
    CHECK(back->size == photo.size);
    REQUIRE(back->checks.size() == 2);
    CHECK(std::isnan(back->checks[0].value)); // NaN is kept as null and read back as NaN
    CHECK(back->checks[0].message.isEmpty());
    CHECK(back->checks[1].pass);
    CHECK(back->overrides == photo.overrides);
    CHECK(back->capturedAt == photo.capturedAt);
    CHECK(back->capturedBy == t.station->session().currentOperator().id);
    CHECK(store.hasOverrides(ids[0]).value());

    // A retake replaces the photo: still one row.
    photo.overrides.clear();
    photo.automatic = true;
    TESSERA_REQUIRE_OK(store.put(ids[0], photo));
    CHECK_FALSE(store.hasOverrides(ids[0]).value());
    CHECK(store.get(ids[0]).value()->automatic);

    photo.capturedAt = QStringLiteral("2026-11-22T09:00:00Z");
    TESSERA_REQUIRE_OK(store.put(ids[1], photo));
    const HeldRows held = store.held().value();
    CHECK(held.count == 2);
    CHECK(held.oldest == QStringLiteral("2026-11-22T09:00:00Z"));
    CHECK(store.enrollmentsWithPhoto().value() == std::set<qint64> {ids[0], ids[1]});
    CHECK(store.countFor({ids[1]}).value() == 1);
    CHECK(store.countFor({}).value() == 0);
}
