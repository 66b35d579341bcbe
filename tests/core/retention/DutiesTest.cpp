#include "core/retention/Duties.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace tessera;
using namespace tessera::test;

TEST_CASE("Printed-only values go when the programme's holding period ends, card or no card",
          "[retention][printed-only]")
{
    TestStation t;
    t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    auto programme = installProgramme(
        t.station->access(), readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    REQUIRE(programme);
    REQUIRE(programme->periods.printedOnlyMaxDays == 60);
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    auto clerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(clerk);
    Enrollments e((*clerk)->access(), *programme);
    EnrollmentDraft d = eligibleDraft(QStringLiteral("Ana"));
    givePhoto((*clerk)->access(), *programme, d);
    TESSERA_REQUIRE_OK(e.submit(d));

    t.clock.advance(59LL * 86400);
    auto early = runScheduledDuties((*clerk)->access());
    REQUIRE(early);
    CHECK(early->printedOnlyDestroyed == 0);
    CHECK(e.record(d.id)->printedOnlyHeld);

    t.clock.advance(86400);
    auto due = runScheduledDuties((*clerk)->access());
    REQUIRE(due);
    CHECK(due->printedOnlyDestroyed == 1);
    auto rec = e.record(d.id);
    REQUIRE(rec);
    CHECK_FALSE(rec->printedOnlyHeld);
    CHECK(rec->storedFields.value(QStringLiteral("given_names")) == QStringLiteral("Ana")); // stored class stays
    auto again = runScheduledDuties((*clerk)->access());
    REQUIRE(again);
    CHECK(again->printedOnlyDestroyed == 0);

    auto entries = (*clerk)->audit().entries();
    REQUIRE(entries);
    // One receipt for the class, as the station, with the count and no personal data.
    auto receipts = std::count_if(entries->begin(), entries->end(), [](const AuditEntry &a) {
        return a.event == QStringLiteral("retention.purged") && a.operatorId == 0
            && a.details.value(QStringLiteral("class")).toString() == QStringLiteral("printed_only")
            && a.details.value(QStringLiteral("count")).toInteger() == 1
            && a.details.value(QStringLiteral("days")).toInt() == 60;
    });
    CHECK(receipts == 1);
}

TEST_CASE("The scheduled duties remove an idle draft with its photo, as the station, and leave a receipt",
          "[retention][scheduled]")
{
    TestStation t;
    t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    auto programme = installProgramme(
        t.station->access(), readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    REQUIRE(programme);
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    auto clerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(clerk);
    EnrollmentDraft d;
    d.applicant.givenNames = QStringLiteral("Idle");
    TESSERA_REQUIRE_OK(Enrollments((*clerk)->access(), *programme).saveDraft(d));
    QImage image(300, 400, QImage::Format_RGB888);
    image.fill(QColor(120, 130, 140));
    auto jpeg = encodeJpeg(image, 40 * 1024);
    REQUIRE(jpeg);
    PhotoAssessment passed;
    for (const char *check : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure", "illumination",
                              "background", "resolution"})
        passed.checks.push_back(PhotoCheck {QString::fromLatin1(check), 1.0, 2.0, true, QString()});
    passed.acceptable = true;
    TESSERA_REQUIRE_OK(EnrollmentPhotos((*clerk)->access(), *programme).setPhoto(d.id, *jpeg, passed, {}, true));

    t.clock.advance(14LL * 86400 - 60);
    auto early = runScheduledDuties((*clerk)->access());
    REQUIRE(early);
    CHECK(early->purge.total() == 0);
    t.clock.advance(60);
    auto due = runScheduledDuties((*clerk)->access());
    REQUIRE(due);
    CHECK(due->purge.count(QStringLiteral("drafts")) == 1);
    CHECK(due->purge.compacted);
    auto photos = (*clerk)->database().scalar(QStringLiteral("SELECT count(*) FROM enrollment_photos"));
    REQUIRE(photos);
    CHECK(photos->toLongLong() == 0);

    auto entries = (*clerk)->audit().entries();
    REQUIRE(entries);
    auto receipts = std::count_if(entries->begin(), entries->end(), [](const AuditEntry &a) {
        return a.event == QStringLiteral("retention.purged") && a.operatorId == 0
            && a.details.value(QStringLiteral("class")).toString() == QStringLiteral("drafts")
            && a.details.value(QStringLiteral("count")).toInteger() == 1
            && a.details.value(QStringLiteral("photos")).toInteger() == 1
            && a.details.value(QStringLiteral("trigger")).toString() == QStringLiteral("scheduled");
    });
    CHECK(receipts == 1);
}
