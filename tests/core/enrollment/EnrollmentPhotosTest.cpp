#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace tessera;
using namespace tessera::test;

namespace {

// A station with the points-based programme and a clerk "carla" signed in, one draft open.
struct PhotoCounter {
    TestStation t;
    std::unique_ptr<Station> clerk;
    Programme programme;
    std::unique_ptr<Enrollments> enrollments;
    std::unique_ptr<EnrollmentPhotos> photos;
    EnrollmentDraft draft;

    PhotoCounter()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        REQUIRE(
            installProgramme(t.station->access(),
                             readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"))));
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        t.addOperator(QStringLiteral("sam"), Role::Supervisor);
        clerk = signIn(QStringLiteral("carla"));
        auto active = activeProgramme(clerk->database());
        REQUIRE(active);
        REQUIRE(active->has_value());
        programme = **active;
        enrollments = std::make_unique<Enrollments>(clerk->access(), programme);
        photos = std::make_unique<EnrollmentPhotos>(clerk->access(), programme);
        draft.applicant.givenNames = QStringLiteral("Zofia");
        draft.applicant.familyName = QStringLiteral("Wąsowska");
        TESSERA_REQUIRE_OK(enrollments->saveDraft(draft));
    }

    std::unique_ptr<Station> signIn(const QString &name)
    {
        auto s = Station::login(t.path(), name, secret(kClerkPassword), t.clock);
        REQUIRE(s);
        return std::move(*s);
    }
};

// A card-sized JPEG with some structure, as the crop would be.
QByteArray cropJpeg(int maxBytes = 60 * 1024)
{
    QImage image(413, 531, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 3) % 256, ((x + y) * 5) % 256));
    auto jpeg = encodeJpeg(image, maxBytes);
    REQUIRE(jpeg);
    return *jpeg;
}

PhotoAssessment assessment(const QStringList &failing = {})
{
    PhotoAssessment a;
    for (const char *id : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure", "illumination",
                           "background", "resolution"}) {
        const QString name = QString::fromLatin1(id);
        a.checks.push_back(PhotoCheck {name, 1.0, 2.0, !failing.contains(name), QStringLiteral("ok")});
    }
    a.acceptable = failing.isEmpty();
    return a;
}

} // namespace

TEST_CASE("A draft keeps its card photo, the check summary and the overrides; the audit has codes only",
          "[enrollment][photo]")
{
    PhotoCounter c;
    auto none = c.photos->photo(c.draft.id);
    REQUIRE(none);
    CHECK_FALSE(none->has_value());

    const QByteArray jpeg = cropJpeg();
    TESSERA_REQUIRE_OK(c.photos->setPhoto(c.draft.id, jpeg, assessment({QStringLiteral("background")}),
                                          {{QStringLiteral("background"), QStringLiteral("religious-head-covering")}},
                                          false));

    // Signed in afresh (the draft resumed later): the photo is still there.
    auto again = c.signIn(QStringLiteral("carla"));
    EnrollmentPhotos photos(again->access(), c.programme);
    auto stored = photos.photo(c.draft.id);
    REQUIRE(stored);
    REQUIRE(stored->has_value());
    const EnrollmentPhoto &p = **stored;
    CHECK(p.jpeg == jpeg);
    CHECK(p.size == QSize(413, 531));
    CHECK(p.checks.size() == 9);
    CHECK(p.overrides.value(QStringLiteral("background")) == QStringLiteral("religious-head-covering"));
    CHECK_FALSE(p.automatic);
    CHECK(p.capturedBy == again->session().currentOperator().id);

    auto entries = again->audit().entries();
    REQUIRE(entries);
    int captured = 0;
    int overridden = 0;
    for (const AuditEntry &e : *entries) {
        const QString text = e.object + QString::fromUtf8(QJsonDocument(e.details).toJson());
        CHECK_FALSE(text.contains(QStringLiteral("Zofia"), Qt::CaseInsensitive));
        if (e.event == QLatin1String("photo.captured")) {
            ++captured;
            CHECK(e.object == QStringLiteral("enrollment:%1").arg(c.draft.id));
            CHECK(e.details.value(QStringLiteral("overrides")).toInteger() == 1);
            CHECK(e.details.value(QStringLiteral("bytes")).toInteger() == jpeg.size());
        }
        if (e.event == QLatin1String("photo.override")) {
            ++overridden;
            CHECK(e.details.value(QStringLiteral("check")).toString() == QStringLiteral("background"));
            CHECK(e.details.value(QStringLiteral("reason")).toString() == QStringLiteral("religious-head-covering"));
            CHECK(e.details.size() == 2);
        }
    }
    CHECK(captured == 1);
    CHECK(overridden == 1);

    // A retake replaces it; an automatic capture with every check passing needs no override.
    TESSERA_REQUIRE_OK(c.photos->setPhoto(c.draft.id, cropJpeg(30000), assessment(), {}, true));
    auto retaken = c.photos->photo(c.draft.id);
    REQUIRE(retaken);
    REQUIRE(retaken->has_value());
    CHECK((*retaken)->overrides.isEmpty());
    CHECK((*retaken)->automatic);
}

TEST_CASE("A photo is refused with the reason when a failing check is not overridden properly", "[enrollment][photo]")
{
    PhotoCounter c;
    const QByteArray jpeg = cropJpeg();
    const PhotoAssessment blurred = assessment({QStringLiteral("sharpness"), QStringLiteral("roll")});

    auto missing = c.photos->setPhoto(c.draft.id, jpeg, blurred,
                                      {{QStringLiteral("sharpness"), QStringLiteral("medical-condition")}}, false);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.contains(QStringLiteral("fails roll")));

    auto unknownCode = c.photos->setPhoto(c.draft.id, jpeg, blurred,
                                          {{QStringLiteral("sharpness"), QStringLiteral("because")},
                                           {QStringLiteral("roll"), QStringLiteral("medical-condition")}},
                                          false);
    REQUIRE_FALSE(unknownCode);
    CHECK(unknownCode.error().message.contains(QStringLiteral("programme's reasons")));

    auto passing = c.photos->setPhoto(c.draft.id, jpeg, assessment(),
                                      {{QStringLiteral("exposure"), QStringLiteral("medical-condition")}}, false);
    REQUIRE_FALSE(passing);
    CHECK(passing.error().message.contains(QStringLiteral("nothing to override")));

    auto notJpeg = c.photos->setPhoto(c.draft.id, QByteArray("\x89PNG\r\n\x1a\n", 8), assessment(), {}, false);
    REQUIRE_FALSE(notJpeg);
    CHECK(notJpeg.error().message.contains(QStringLiteral("JPEG")));

    QByteArray tooLarge = jpeg;
    tooLarge.append(QByteArray(c.programme.photo.maxJpegBytes, 'x'));
    auto large = c.photos->setPhoto(c.draft.id, tooLarge, assessment(), {}, false);
    REQUIRE_FALSE(large);
    CHECK(large.error().message.contains(QStringLiteral("budget")));

    QByteArray damaged = jpeg.left(200);
    CHECK_FALSE(c.photos->setPhoto(c.draft.id, damaged, assessment(), {}, false));

    auto none = c.photos->photo(c.draft.id);
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
}

TEST_CASE("Supervisors see a photo but do not set it; a discarded draft loses it", "[enrollment][photo]")
{
    PhotoCounter c;
    TESSERA_REQUIRE_OK(c.photos->setPhoto(c.draft.id, cropJpeg(), assessment(), {}, true));
    auto sam = c.signIn(QStringLiteral("sam"));
    EnrollmentPhotos asSupervisor(sam->access(), c.programme);
    auto seen = asSupervisor.photo(c.draft.id);
    REQUIRE(seen);
    CHECK(seen->has_value());
    auto denied = asSupervisor.setPhoto(c.draft.id, cropJpeg(), assessment(), {}, true);
    REQUIRE_FALSE(denied);
    CHECK(denied.error().code == ErrorCode::PermissionDenied);

    TESSERA_REQUIRE_OK(c.enrollments->discardDraft(c.draft.id));
    auto rows = c.clerk->database().scalar(QStringLiteral("SELECT count(*) FROM enrollment_photos"));
    REQUIRE(rows);
    CHECK(rows->toInt() == 0);
}

TEST_CASE("An enrollment submitted with an overridden photo check is flagged for the supervisor", "[enrollment][photo]")
{
    PhotoCounter c;
    // The saved draft made eligible: same record, same names.
    EnrollmentDraft d = eligibleDraft(c.draft.applicant.givenNames);
    d.id = c.draft.id;
    d.applicant.familyName = c.draft.applicant.familyName;
    TESSERA_REQUIRE_OK(c.enrollments->saveDraft(d));
    TESSERA_REQUIRE_OK(c.photos->setPhoto(d.id, cropJpeg(), assessment({QStringLiteral("roll")}),
                                          {{QStringLiteral("roll"), QStringLiteral("medical-condition")}}, false));
    TESSERA_REQUIRE_OK(c.enrollments->submit(d));
    auto rec = c.enrollments->record(d.id);
    REQUIRE(rec);
    CHECK(rec->summary.flags.contains(QStringLiteral("photo_override")));
    // The photo stays with the submitted enrollment, and can no longer be changed.
    auto kept = c.photos->photo(d.id);
    REQUIRE(kept);
    CHECK(kept->has_value());
    auto late = c.photos->setPhoto(d.id, cropJpeg(), assessment(), {}, true);
    REQUIRE_FALSE(late);
    CHECK(late.error().message.contains(QStringLiteral("submitted")));
}
