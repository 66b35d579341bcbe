// Every page fits the screens a counter has: at 1366x768 and at 1920x1080 with 150 % scaling
// (1280x720 logical pixels) every enabled button and the status bar of every page lie inside
// the window. Issue 15 found Submit below the edge of a 1366x768 screen.
#include "tests/ui/WindowFit.h"
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "ui/login/LoginDialog.h"
#include "ui/setup/SetupWizard.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QTabWidget>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

void requireFits(QWidget *window, QSize screen, const QString &what)
{
    const QStringList outside = partsOutsideAt(window, clientAreaOn(screen));
    INFO(what.toStdString() << " at " << screen.width() << "x" << screen.height() << ": "
                            << outside.join(QStringLiteral("; ")).toStdString());
    CHECK(outside.isEmpty());
}

std::unique_ptr<Station> loginAsAdmin(test::TestStation &ts)
{
    auto station = Station::login(ts.path(), QStringLiteral("admin"), test::secret(test::kAdminPassword), ts.clock);
    REQUIRE(station);
    return std::move(*station);
}

} // namespace

TEST_CASE("every page of the main window fits 1366x768 and 1920x1080 at 150 %")
{
    test::TestStation ts;
    test::setUpOffice(ts);
    ts.addOperator(QStringLiteral("pat"), Role::Clerk | Role::Supervisor | Role::Administrator);
    auto station = Station::login(ts.path(), QStringLiteral("pat"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(station);
    MainWindow window(std::move(*station), ts.clock);
    auto *pages = child<QTabWidget>(&window, "pagesTabWidget");
    REQUIRE(pages->count() == 5);

    for (const QSize screen : {kLaptopScreen, kFullHdAt150Screen})
        for (int i = 0; i < pages->count(); ++i) {
            pages->setCurrentIndex(i);
            requireFits(&window, screen, pages->tabText(i));
        }
    window.lock();
    REQUIRE(window.isLocked());
    for (const QSize screen : {kLaptopScreen, kFullHdAt150Screen})
        requireFits(&window, screen, QStringLiteral("the lock page"));
}

TEST_CASE("the main window opens maximised on a small screen and at its own size on a large one")
{
    test::TestStation ts;
    MainWindow window(loginAsAdmin(ts), ts.clock);
    // What a 1366x768 laptop's panel leaves: the window used to open at 1240x800, Submit below the edge.
    window.fitTo(QRect(0, 0, 1366, 740));
    CHECK(window.windowState().testFlag(Qt::WindowMaximized));
    CHECK(window.width() <= 1366);
    CHECK(window.height() <= 740);
    window.fitTo(QRect(0, 0, 1280, 720)); // 1920x1080 at 150 %
    CHECK(window.windowState().testFlag(Qt::WindowMaximized));
    CHECK(window.height() <= 720);
    window.fitTo(QRect(0, 0, 1920, 1160));
    CHECK_FALSE(window.windowState().testFlag(Qt::WindowMaximized));
    CHECK(window.size() == QSize(1240, 800));
}

TEST_CASE("the sign-in dialog and the set-up wizard fit 1366x768 and 1920x1080 at 150 %")
{
    test::TestStation ts;
    LoginDialog login(ts.path(), ts.clock);
    QTemporaryDir fresh;
    SetupWizard wizard(fresh.path() + QStringLiteral("/station"), ts.clock);
    for (const QSize screen : {kLaptopScreen, kFullHdAt150Screen}) {
        // Dialogs keep their own size; the screen only bounds them.
        login.show();
        INFO("sign-in " << login.width() << "x" << login.height());
        CHECK(partsOutside(&login, login.size()).isEmpty());
        CHECK(login.width() <= clientAreaOn(screen).width());
        CHECK(login.height() <= clientAreaOn(screen).height());
        wizard.show();
        INFO("set-up " << wizard.width() << "x" << wizard.height());
        CHECK(partsOutside(&wizard, wizard.size()).isEmpty());
        CHECK(wizard.width() <= clientAreaOn(screen).width());
        CHECK(wizard.height() <= clientAreaOn(screen).height());
    }
}
