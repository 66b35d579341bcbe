// The photo step, driven as a clerk would: a stream of good frames is taken by itself and
// kept with the draft; a tilted head is not, until the clerk takes it with Space and overrides
// the failing check with a reason, which is audited; the supervisor sees the photo in review.
// Frames come from a StillImageSource made from the demo scene, so no camera is needed.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"
#include "tests/ui/WindowFit.h"

#include "app/tools/DemoVideo.h"
#include "core/capture/CameraChoice.h"
#include "core/capture/FrameSource.h"
#include "core/capture/PhotoCheckNames.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/enrollment/PhotoPanel.h"
#include "ui/review/ReviewPage.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMultiMap>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

const DemoScene &scene()
{
    static const DemoScene s = [] {
        const QImage portrait(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg"));
        auto created = DemoScene::create(portrait);
        if (!created)
            FAIL(created.error().message.toStdString());
        return *created;
    }();
    return s;
}

std::unique_ptr<FrameSource> stream(double t)
{
    return std::make_unique<StillImageSource>(scene().frameAt(t), QStringLiteral("demo"),
                                              std::chrono::milliseconds(20));
}

struct PhotoCounter {
    test::TestStation ts;
    Programme programme;

    PhotoCounter()
    {
        ts.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        auto installed = installProgramme(
            ts.station->access(),
            test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
        REQUIRE(installed);
        programme = *installed;
        ts.addOperator(QStringLiteral("carla"), Role::Clerk);
        ts.addOperator(QStringLiteral("sam"), Role::Supervisor);
    }

    std::unique_ptr<MainWindow> openWindow(const char *user)
    {
        auto window = openMainWindow(ts, user);
        return window;
    }

    // A draft eligible but for its photo, opened in carla's window and submitted: refused,
    // "Not submitted: … no accepted photo", on the Photo step.
    std::unique_ptr<MainWindow> submitWithoutPhoto()
    {
        qint64 draftId = 0;
        {
            auto carla = signIn("carla");
            EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Ann"));
            TESSERA_REQUIRE_OK(Enrollments(carla->access(), programme).saveDraft(d));
            draftId = d.id;
        }
        auto window = openWindow("carla");
        EnrollmentPage *page = window->enrollmentPage();
        child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
        page->resumeDraft(draftId);
        press(Qt::Key_Return, Qt::ControlModifier);
        REQUIRE(child<QLabel>(page, "submitErrorLabel")->text().contains(text("no accepted photo")));
        return window;
    }

    std::unique_ptr<Station> signIn(const char *user)
    {
        auto s = Station::login(ts.path(), text(user), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(s);
        return std::move(*s);
    }
};

QChar accelerator(const QString &t)
{
    for (qsizetype i = 0; i + 1 < t.size(); ++i) {
        if (t.at(i) != QLatin1Char('&'))
            continue;
        if (t.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return t.at(i + 1).toLower();
    }
    return {};
}

} // namespace

TEST_CASE("the photo step takes the photo by itself after a run of good frames and keeps it with the draft")
{
    PhotoCounter c;
    auto window = c.openWindow("carla");
    EnrollmentPage *page = window->enrollmentPage();
    child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
    press(Qt::Key_F3);
    REQUIRE(focusName() == QStringLiteral("photoSourceComboBox"));
    PhotoPanel *panel = page->photo();
    REQUIRE(panel->isVisible());

    // With the photo step showing, the Alt accelerators live on the page are still unique.
    QMultiMap<QChar, QString> live;
    auto note = [&](const QString &t) {
        if (const QChar ch = accelerator(t); !ch.isNull())
            live.insert(ch, t);
    };
    for (QAction *menu : window->menuBar()->actions())
        note(menu->text());
    for (QAbstractButton *b : page->findChildren<QAbstractButton *>())
        if (b->isVisibleTo(window.get()))
            note(b->text());
    for (QLabel *l : page->findChildren<QLabel *>())
        if (l->isVisibleTo(window.get()) && l->buddy())
            note(l->text());
    for (const QChar ch : live.uniqueKeys()) {
        INFO("Alt+" << QString(ch).toStdString() << ": "
                    << QStringList(live.values(ch)).join(QStringLiteral(" | ")).toStdString());
        CHECK(live.count(ch) == 1);
    }

    panel->openSource(stream(0.40));
    REQUIRE(panel->isRunning());
    REQUIRE(QTest::qWaitFor([&] { return panel->acceptedPhoto().has_value(); }, kWorkerTimeoutMs));
    CHECK(panel->analysedFrames() >= c.programme.photo.autoCaptureFrames);
    CHECK(panel->acceptedPhoto()->automatic);
    CHECK_FALSE(panel->isRunning()); // the stream stops once the photo is taken
    CHECK_FALSE(child<QLabel>(page, "applicantPhotoLabel")->pixmap().isNull());

    // Stored with a new draft at once, and there when the draft is resumed.
    REQUIRE(page->draftId() != 0);
    auto carla = c.signIn("carla");
    auto stored = EnrollmentPhotos(carla->access(), c.programme).photo(page->draftId());
    REQUIRE(stored);
    REQUIRE(stored->has_value());
    CHECK((*stored)->automatic);
    CHECK((*stored)->overrides.isEmpty());
    CHECK((*stored)->jpeg.size() <= c.programme.photo.maxJpegBytes);
    const QImage crop = QImage::fromData((*stored)->jpeg, "JPEG");
    CHECK(crop.size() == QSize(413, 531));

    const qint64 draft = page->draftId();
    page->newEnrollment();
    CHECK(child<QLabel>(page, "applicantPhotoLabel")->pixmap().isNull());
    page->resumeDraft(draft);
    CHECK_FALSE(child<QLabel>(page, "applicantPhotoLabel")->pixmap().isNull());
}

TEST_CASE("a failing photo is taken with Space and accepted with an override, audited with its reason code")
{
    PhotoCounter c;
    auto window = c.openWindow("carla");
    EnrollmentPage *page = window->enrollmentPage();
    child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
    page->showPhotoStep();
    PhotoPanel *panel = page->photo();
    panel->openSource(stream(0.65)); // the head tilted: roll fails on every frame
    REQUIRE(QTest::qWaitFor([&] { return panel->analysedFrames() >= 8; }, kWorkerTimeoutMs));
    CHECK_FALSE(panel->acceptedPhoto().has_value()); // auto-capture does not take a failing photo
    auto *overrideButton = child<QPushButton>(panel, "photoOverridePushButton");
    CHECK_FALSE(overrideButton->isEnabled());

    child<QComboBox>(panel, "photoSourceComboBox")->setFocus();
    REQUIRE(QTest::qWaitFor([&] { return focusName() == QStringLiteral("photoSourceComboBox"); }));
    press(Qt::Key_Space);
    REQUIRE_FALSE(panel->isRunning());
    CHECK_FALSE(panel->acceptedPhoto().has_value()); // taken, not accepted: roll fails
    REQUIRE(overrideButton->isEnabled());

    bool answered = false;
    // The dialog is modal: answer it from the event loop once it is up.
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog || dialog->objectName() != QStringLiteral("photoOverrideDialog"))
            return;
        poll.stop();
        auto *reason = dialog->findChild<QComboBox *>(QStringLiteral("photoOverrideReasonComboBox_roll"));
        REQUIRE(reason != nullptr);
        // Without a reason the dialog stays open.
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        CHECK(dialog->isVisible());
        reason->setCurrentIndex(reason->findData(QStringLiteral("medical-condition")));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        answered = true;
    });
    poll.start();
    press(Qt::Key_K, Qt::AltModifier); // Alt+K: "Override a chec&k…" (a mnemonic clicks after a short animation)
    REQUIRE(QTest::qWaitFor([&] { return answered; }, kWorkerTimeoutMs));
    REQUIRE(panel->acceptedPhoto().has_value());
    CHECK(panel->acceptedPhoto()->overrides.value(QStringLiteral("roll")) == QStringLiteral("medical-condition"));
    CHECK_FALSE(panel->acceptedPhoto()->automatic);

    REQUIRE(page->draftId() != 0);
    auto carla = c.signIn("carla");
    auto stored = EnrollmentPhotos(carla->access(), c.programme).photo(page->draftId());
    REQUIRE(stored);
    REQUIRE(stored->has_value());
    CHECK((*stored)->overrides.value(QStringLiteral("roll")) == QStringLiteral("medical-condition"));
    auto entries = carla->audit().entries();
    REQUIRE(entries);
    bool audited = false;
    for (const AuditEntry &e : *entries)
        if (e.event == QLatin1String("photo.override")) {
            audited = true;
            CHECK(e.details.value(QStringLiteral("check")).toString() == QStringLiteral("roll"));
            CHECK(e.details.value(QStringLiteral("reason")).toString() == QStringLiteral("medical-condition"));
        }
    CHECK(audited);

    // Retake goes back to the live picture and forgets the photo on screen.
    child<QPushButton>(panel, "photoRetakePushButton")->click();
    CHECK_FALSE(panel->acceptedPhoto().has_value());
    // The form still shows the stored photo; the step says it stays until a new one is accepted.
    CHECK_FALSE(child<QLabel>(page, "applicantPhotoLabel")->pixmap().isNull());
    CHECK(child<QLabel>(panel, "photoStatusLabel")
              ->text()
              .contains(QStringLiteral("stays with the enrollment until a new one is accepted")));
}

TEST_CASE("the next applicant's photo step does not show the last applicant's overrides")
{
    PhotoCounter c;
    auto window = c.openWindow("carla");
    EnrollmentPage *page = window->enrollmentPage();
    child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
    page->showPhotoStep();
    PhotoPanel *panel = page->photo();
    auto *status = child<QLabel>(panel, "photoStatusLabel");
    panel->openSource(stream(0.65));
    REQUIRE(QTest::qWaitFor([&] { return panel->analysedFrames() >= 2; }, kWorkerTimeoutMs));
    panel->capture();
    REQUIRE_FALSE(panel->acceptedPhoto().has_value());
    QTimer::singleShot(0, [] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        REQUIRE(dialog != nullptr);
        auto *reason = dialog->findChild<QComboBox *>(QStringLiteral("photoOverrideReasonComboBox_roll"));
        REQUIRE(reason != nullptr);
        reason->setCurrentIndex(reason->findData(QStringLiteral("medical-condition")));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    panel->overrideChecks();
    REQUIRE(panel->acceptedPhoto().has_value());
    CHECK(status->text().contains(QStringLiteral("Medical condition or disability")));

    page->newEnrollment();
    CHECK_FALSE(panel->acceptedPhoto().has_value());
    CHECK(status->text().isEmpty());
}

TEST_CASE("the supervisor sees the card photo and its overrides in the review record")
{
    PhotoCounter c;
    {
        auto carla = c.signIn("carla");
        Enrollments e(carla->access(), c.programme);
        EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Ann"));
        TESSERA_REQUIRE_OK(e.saveDraft(d));
        auto analyzer = PhotoAnalyzer::create();
        TESSERA_REQUIRE_OK(analyzer);
        const QImage frame = scene().frameAt(0.65);
        auto a = analyzer->analyze(frame);
        TESSERA_REQUIRE_OK(a);
        auto crop = cropForCard(frame, *a);
        TESSERA_REQUIRE_OK(crop);
        auto jpeg = encodeJpeg(*crop, c.programme.photo.maxJpegBytes);
        TESSERA_REQUIRE_OK(jpeg);
        TESSERA_REQUIRE_OK(
            EnrollmentPhotos(carla->access(), c.programme)
                .setPhoto(d.id, *jpeg, *a, {{QStringLiteral("roll"), QStringLiteral("medical-condition")}}, false));
        TESSERA_REQUIRE_OK(e.submit(d));
    }
    auto window = c.openWindow("sam");
    ReviewPage *review = window->reviewPage();
    REQUIRE(review != nullptr);
    child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(review);
    auto *record = child<QTextBrowser>(review, "recordTextBrowser");
    REQUIRE(QTest::qWaitFor([&] { return record->toPlainText().contains(QStringLiteral("Photo checks overridden:")); },
                            5000));
    CHECK(record->toHtml().contains(QStringLiteral("data:image/jpeg;base64,")));
    // Which check, in the clerk's words (not its id, "roll"), the reason's label (not its code),
    // and what was measured against the limit.
    const QString shown = record->toPlainText();
    INFO(shown.toStdString());
    CHECK(shown.contains(QStringLiteral("Eyes level — reason: Medical condition or disability — measured ")));
    CHECK_FALSE(shown.contains(QStringLiteral("(roll)")));
    CHECK(shown.contains(QStringLiteral("limit 8.00")));
    CHECK_FALSE(shown.contains(QStringLiteral("medical-condition")));
    CHECK(shown.contains(QStringLiteral("Photo taken by the clerk, accepted with the overrides below.")));
    // And every check's result, passed or not, with its limit.
    CHECK(shown.contains(QStringLiteral("Photo checks:")));
    for (const char *check : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure", "illumination",
                              "background", "resolution"})
        CHECK(shown.contains(photoCheckName(QString::fromLatin1(check))));
    CHECK(shown.contains(QStringLiteral("(at most 8.00)"))); // roll: an upper bound
    CHECK(shown.contains(QStringLiteral("(exactly 1)")));    // one face
    CHECK(shown.contains(QStringLiteral("failed")));
    CHECK(shown.contains(QStringLiteral("passed")));
}

namespace {

// A camera that sends a few frames and is then unplugged.
class UnpluggedSource : public FrameSource {
public:
    explicit UnpluggedSource(QImage frame)
        : m_frame(std::move(frame))
    {
    }
    QString description() const override { return QStringLiteral("Camera 7"); }
    Result<std::optional<QImage>> next() override
    {
        if (++m_count > 3)
            return fail(ErrorCode::Io,
                        QStringLiteral(
                            "Camera 7 stopped sending pictures. Check that it is plugged in, then choose it again."));
        return std::optional<QImage>(m_frame);
    }
    std::chrono::microseconds frameInterval() const override { return std::chrono::milliseconds(10); }

private:
    QImage m_frame;
    int m_count = 0;
};

} // namespace

TEST_CASE("a camera that is missing or unplugged gives the clerk a message, and the window goes on")
{
    PhotoCounter c;
    auto window = c.openWindow("carla");
    EnrollmentPage *page = window->enrollmentPage();
    child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
    page->showPhotoStep();
    PhotoPanel *panel = page->photo();
    auto *error = child<QLabel>(panel, "photoErrorLabel");

    // A camera listed (it was there a moment ago) but gone when chosen: an error at once.
    panel->setCameras({CameraInfo {42, QStringLiteral("/dev/video42"), QStringLiteral("Counter Cam")}}, std::nullopt);
    auto *source = child<QComboBox>(panel, "photoSourceComboBox");
    const int at = source->findData(42);
    REQUIRE(at > 0);
    source->setCurrentIndex(at);
    child<QPushButton>(panel, "photoStartPushButton")->click();
    CHECK_FALSE(panel->isRunning());
    CHECK(error->text().contains(QStringLiteral("Camera 42 is not connected")));

    // Unplugged while streaming: the stream ends with the reason, nothing is taken.
    panel->openSource(std::make_unique<UnpluggedSource>(scene().frameAt(0.0)));
    REQUIRE(QTest::qWaitFor([&] { return error->text().contains(QStringLiteral("stopped sending pictures")); },
                            kWorkerTimeoutMs));
    CHECK_FALSE(panel->isRunning());
    CHECK_FALSE(panel->acceptedPhoto().has_value());
}

TEST_CASE("a video chosen as the camera is remembered by the station, and the photo step starts it when it opens")
{
    PhotoCounter c;
    const QString video = c.ts.dir.filePath(QStringLiteral("counter-camera.avi"));
    TESSERA_REQUIRE_OK(
        writeDemoVideo(QImage(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg")), video, 1, 5));
    {
        // As the picker leaves it once a clerk has chosen the video.
        auto carla = c.signIn("carla");
        StationSettings settings(carla->database());
        TESSERA_REQUIRE_OK(saveCameraChoice(settings, CameraChoice {0, QSize(1280, 720), video}));
    }
    auto window = c.openWindow("carla");
    EnrollmentPage *page = window->enrollmentPage();
    child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
    PhotoPanel *panel = page->photo();
    CHECK_FALSE(panel->isRunning()); // nothing watches the applicant before the step opens
    press(Qt::Key_F3);
    REQUIRE(panel->isVisible());
    CHECK(panel->isRunning());
    CHECK(child<QComboBox>(panel, "photoSourceComboBox")->currentText() == QStringLiteral("Video counter-camera.avi"));
    // Leaving the step frees the camera; coming back starts it again.
    press(Qt::Key_F2);
    CHECK_FALSE(panel->isRunning());
    press(Qt::Key_F3);
    CHECK(panel->isRunning());
}

TEST_CASE("Submit's 'no accepted photo' goes once the photo is taken, like every other correction")
{
    PhotoCounter c;
    auto window = c.submitWithoutPhoto();
    EnrollmentPage *page = window->enrollmentPage();
    auto *status = child<QLabel>(page, "submitErrorLabel");
    PhotoPanel *panel = page->photo();
    REQUIRE(panel->isVisible()); // Submit took the clerk to the Photo step

    panel->openSource(stream(0.40));
    REQUIRE(QTest::qWaitFor([&] { return panel->acceptedPhoto().has_value(); }, kWorkerTimeoutMs));
    // It stayed, "Not submitted: … no accepted photo", beside the accepted photo.
    CHECK_FALSE(status->text().contains(text("no accepted photo")));
    auto none = page->enrollments()->list(EnrollmentState::Submitted);
    REQUIRE(none);
    CHECK(none->empty());
}

TEST_CASE("a programme's reason for no photo answers Submit's 'no accepted photo' at once")
{
    PhotoCounter c;
    auto window = c.submitWithoutPhoto();
    EnrollmentPage *page = window->enrollmentPage();
    auto *status = child<QLabel>(page, "submitErrorLabel");

    // Chosen by keyboard, as the clerk does: the status follows it, as it follows an accepted photo.
    auto *reason = child<QComboBox>(page, "photoNoPhotoReasonComboBox");
    reason->setFocus();
    REQUIRE(QTest::qWaitFor([&] { return reason->hasFocus(); }));
    press(Qt::Key_Down);
    REQUIRE(reason->currentData().toString() == QStringLiteral("religious-objection-to-photograph"));
    CHECK_FALSE(status->text().contains(text("no accepted photo")));
}

TEST_CASE("the photo step's controls, the no-photo reason among them, need no scrolling at 1366x768")
{
    PhotoCounter c;
    auto window = c.openWindow("carla");
    layOutAt(window.get(), clientAreaOn(kLaptopScreen));
    EnrollmentPage *page = window->enrollmentPage();
    child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
    press(Qt::Key_F3);
    PhotoPanel *panel = page->photo();
    REQUIRE(QTest::qWaitFor([&] { return panel->isVisible(); }));
    layOutAt(window.get(), clientAreaOn(kLaptopScreen));
    QScrollArea *area = nullptr;
    for (QWidget *w = panel->parentWidget(); w != nullptr && area == nullptr; w = w->parentWidget())
        area = qobject_cast<QScrollArea *>(w);
    REQUIRE(area != nullptr);
    auto *reason = child<QComboBox>(panel, "photoNoPhotoReasonComboBox");
    REQUIRE(reason->isVisible());
    const QRect inViewport(reason->mapTo(area->viewport(), QPoint(0, 0)), reason->size());
    INFO("the reason at " << inViewport.y() << ", height " << inViewport.height() << ", in a viewport "
                          << area->viewport()->height() << " high, scrolling " << area->verticalScrollBar()->maximum());
    CHECK(area->viewport()->rect().contains(inViewport));
    CHECK(area->verticalScrollBar()->maximum() == 0);
    // Above the checks list, which gives up its height first: under a window manager's fonts
    // the row lay below it and needed about 10 px of scrolling, which this offscreen screen
    // does not show.
    auto *checks = child<QWidget>(panel, "photoChecksListWidget");
    CHECK(reason->mapTo(panel, QPoint(0, 0)).y() < checks->mapTo(panel, QPoint(0, 0)).y());
}
