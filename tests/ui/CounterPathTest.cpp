// One applicant's enrollment at 1366x768 by keyboard only, through KeyboardDriver (the same
// driver the keystroke figures come from): every key a real key event to the focused widget.
// Also checks that every enabled button of the enrollment page lies inside the window.
#include "tests/support/KeyboardDriver.h"
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"
#include "tests/ui/WindowFit.h"

#include "app/tools/DemoVideo.h"
#include "core/capture/CameraChoice.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/store/StationSettings.h"
#include "ui/enrollment/DocumentsPanel.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/enrollment/PhotoPanel.h"
#include "ui/enrollment/SubmittedDialog.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QLineEdit>
#include <QTabWidget>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

TEST_CASE("a clerk enrolls an adult by keyboard only at 1366x768", "[counter-path]")
{
    test::TestStation ts;
    ts.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    REQUIRE(
        installProgramme(ts.station->access(),
                         test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"))));
    ts.addOperator(QStringLiteral("carla"), Role::Clerk);
    // The counter's camera, as the station remembers it once a clerk has chosen it: the demo
    // video of a portrait that passes every check.
    const QString video = ts.dir.filePath(QStringLiteral("counter-camera.avi"));
    TESSERA_REQUIRE_OK(
        writeDemoVideo(QImage(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg")), video, 4, 5));
    {
        auto carla = Station::login(ts.path(), text("carla"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(carla);
        StationSettings settings((*carla)->database());
        TESSERA_REQUIRE_OK(saveCameraChoice(settings, CameraChoice {0, QSize(1280, 720), video}));
    }
    auto station = Station::login(ts.path(), text("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(station);
    MainWindow window(std::move(*station), ts.clock);
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    layOutAt(&window, clientAreaOn(kLaptopScreen));
    EnrollmentPage *page = window.enrollmentPage();
    REQUIRE(page != nullptr);

    test::KeyboardDriver keys;
    keys.step(QStringLiteral("open the enrollment page, new form"));
    keys.key(Qt::Key_2, Qt::ControlModifier);
    REQUIRE(child<QTabWidget>(&window, "pagesTabWidget")->currentWidget() == page);
    keys.key(Qt::Key_N, Qt::ControlModifier);
    REQUIRE_FOCUS("givenNamesLineEdit");

    keys.step(QStringLiteral("applicant: names, birth date, gender"));
    keys.typeAndTab(text("Zofia"));
    keys.typeAndTab(text("Wąsowska"));
    keys.typeAndTab(text("1988-04-12"));
    REQUIRE_FOCUS("genderComboBox");
    keys.typeAndTab(text("X"));
    keys.step(QStringLiteral("applicant: address"));
    REQUIRE_FOCUS("addressLineEdit");
    keys.typeAndTab(text("742 Evergreen Terrace Apt 3"));
    keys.key(Qt::Key_Tab); // no fixed address
    keys.key(Qt::Key_Tab); // care of
    REQUIRE_FOCUS("cityLineEdit");
    keys.typeAndTab(text("New York"));
    keys.typeAndTab(text("10027"));

    keys.step(QStringLiteral("document 1: passport, machine readable, number"));
    keys.key(Qt::Key_F2);
    REQUIRE_FOCUS("documentFilterLineEdit");
    keys.type(text("foreign pass"));
    keys.key(Qt::Key_Return);
    REQUIRE(page->documents()->rows().size() == 1);
    keys.typeAndTab(text("2030-05-01"));
    REQUIRE_FOCUS("machineReadableCheckBox");
    keys.key(Qt::Key_Space);
    keys.key(Qt::Key_Tab);
    REQUIRE_FOCUS("documentNumberLineEdit");
    keys.typeAndTab(text("XK9923417"));

    keys.step(QStringLiteral("document 2: utility bill"));
    keys.key(Qt::Key_F2);
    keys.type(text("utility"));
    keys.key(Qt::Key_Return);
    REQUIRE(page->documents()->rows().size() == 2);
    keys.typeAndTab(text("2026-11-02"));

    keys.step(QStringLiteral("photo from the station's camera"));
    keys.key(Qt::Key_F3); // the remembered camera starts, and takes the photo after good frames
    REQUIRE(QTest::qWaitFor([&] { return page->photo()->acceptedPhoto().has_value(); }, kWorkerTimeoutMs));

    {
        INFO("window " << window.width() << "x" << window.height());
        CHECK(window.width() <= 1366);
        CHECK(window.height() <= 768);
        const QStringList outside = partsOutside(&window, clientAreaOn(kLaptopScreen));
        INFO("enabled buttons outside the window: " << outside.join(QStringLiteral(", ")).toStdString());
        CHECK(outside.isEmpty());
    }

    keys.step(QStringLiteral("submit, close the receipt"));
    QElapsedTimer submitToEmpty;
    submitToEmpty.start();
    keys.key(Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor([&] { return page->submittedDialog() != nullptr; }, kWorkerTimeoutMs));
    auto *given = child<QLineEdit>(page, "givenNamesLineEdit");
    REQUIRE(QTest::qWaitFor([&] { return given->text().isEmpty() && page->documents()->rows().isEmpty(); }));
    const qint64 emptyAfterMs = submitToEmpty.elapsed();
    keys.key(Qt::Key_Escape);

    auto submitted = page->enrollments()->list(EnrollmentState::Submitted);
    REQUIRE(submitted);
    CHECK(submitted->size() == 1);
    // Figures for the record, not assertions (timing is the benchmark's to report).
    UNSCOPED_INFO("keystrokes per step:\n"
                  << keys.report().toStdString() << "\nSubmit to the next empty form: " << emptyAfterMs << " ms");
    WARN("keystrokes:\n"
         << keys.report().toStdString() << "\nSubmit to the next empty form: " << emptyAfterMs << " ms");
    CHECK(keys.total() > 0);
}
