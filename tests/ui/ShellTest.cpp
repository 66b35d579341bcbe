// The desktop shell driven as an operator would drive it: keys typed into the real widgets,
// against a real station in a temporary folder. Time is a ManualClock, so auto-lock is
// tested by moving the clock and polling, never by sleeping. Work that runs on the worker
// thread (Argon2id) is awaited through the signal that reports it, with a generous timeout.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "ui/account/ChangePasswordDialog.h"
#include "ui/admin/AddOperatorDialog.h"
#include "ui/admin/AdministrationPage.h"
#include "ui/cards/CardsPage.h"
#include "ui/common/TaskRunner.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/lock/InactivityMonitor.h"
#include "ui/lock/LockPage.h"
#include "ui/login/LoginDialog.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Shell.h"

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <atomic>
#include <semaphore>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

std::unique_ptr<Station> loginDirectly(test::TestStation &ts, const char *userName, const char *password)
{
    auto station = Station::login(ts.path(), text(userName), test::secret(password), ts.clock);
    REQUIRE(station);
    return std::move(*station);
}

int countEvents(Station &station, const QString &event)
{
    auto entries = station.audit().entries();
    REQUIRE(entries);
    return static_cast<int>(
        std::count_if(entries->begin(), entries->end(), [&](const AuditEntry &e) { return e.event == event; }));
}

} // namespace

TEST_CASE("an administrator signs in with the keyboard, and auto-lock keeps what was typed")
{
    test::TestStation ts;
    Shell shell(ts.path(), ts.clock);
    shell.start();

    SECTION("a wrong password is refused inline, keeping the user name")
    {
        LoginDialog *login = shell.loginDialog();
        QTest::keyClicks(child<QLineEdit>(login, "userNameLineEdit"), text("admin"));
        auto *passwordField = child<QLineEdit>(login, "passwordLineEdit");
        QTest::keyClicks(passwordField, text("not the password at all"));
        auto *error = child<QLabel>(login, "loginErrorLabel");
        QTest::keyClick(passwordField, Qt::Key_Return);
        REQUIRE(QTest::qWaitFor([&] { return error->isVisible(); }, kWorkerTimeoutMs));
        CHECK(error->text() == text("The user name or the password is not right."));
        CHECK(passwordField->text().isEmpty());
        CHECK(child<QLineEdit>(login, "userNameLineEdit")->text() == text("admin"));
        CHECK(login->isVisible());
        CHECK(shell.mainWindow() == nullptr);
    }

    signIn(shell.loginDialog(), "admin", test::kAdminPassword);
    MainWindow *window = shell.mainWindow();
    REQUIRE(window != nullptr);
    REQUIRE(window->isVisible());
    CHECK(window->administrationPage() != nullptr);
    CHECK(child<QLabel>(window, "operatorLabel")->text().contains(text("admin")));

    auto *notes = child<QPlainTextEdit>(window, "shiftNotesPlainTextEdit");
    const QString typed = text("Card printer ribbon low; ask Ops for a new one.");
    QTest::keyClicks(notes, typed);
    REQUIRE(notes->toPlainText() == typed);

    // The station's default auto-lock is five minutes of no keyboard or mouse use.
    InactivityMonitor *monitor = window->inactivityMonitor();
    REQUIRE(monitor->timeoutSeconds() == 300);
    ts.clock.advance(299);
    monitor->poll();
    REQUIRE_FALSE(window->isLocked());
    ts.clock.advance(2);
    monitor->poll();
    REQUIRE(window->isLocked());
    CHECK(window->lockPage()->isVisible());
    CHECK_FALSE(notes->isVisible());
    CHECK_FALSE(child<QAction>(window, "changePasswordAction")->isEnabled());
    CHECK(countEvents(window->station(), QStringLiteral("session.locked")) == 1);

    LockPage *lockPage = window->lockPage();
    auto *userName = child<QLineEdit>(lockPage, "unlockUserNameLineEdit");
    auto *passwordField = child<QLineEdit>(lockPage, "unlockPasswordLineEdit");
    auto *error = child<QLabel>(lockPage, "unlockErrorLabel");
    CHECK(userName->text() == text("admin"));

    // Wrong password: still locked, told why, nothing behind the lock shown.
    QSignalSpy failed(lockPage, &LockPage::unlockFailed);
    QTest::keyClicks(passwordField, text("a wrong guess entirely"));
    QTest::keyClick(passwordField, Qt::Key_Return);
    REQUIRE(failed.wait(kWorkerTimeoutMs));
    CHECK(window->isLocked());
    CHECK(error->isVisible());
    CHECK(error->text() == text("The user name or the password is not right."));
    CHECK(passwordField->text().isEmpty());
    CHECK_FALSE(notes->isVisible());

    // Right password: back where we were, with the text still there.
    QSignalSpy unlocked(lockPage, &LockPage::unlocked);
    QTest::keyClicks(passwordField, text(test::kAdminPassword));
    QTest::keyClick(passwordField, Qt::Key_Return);
    REQUIRE(unlocked.wait(kWorkerTimeoutMs));
    CHECK_FALSE(window->isLocked());
    CHECK(notes->isVisible());
    CHECK(notes->toPlainText() == typed);
    CHECK(monitor->isActive());
    CHECK(child<QAction>(window, "changePasswordAction")->isEnabled());
    CHECK(countEvents(window->station(), QStringLiteral("session.unlocked")) == 1);

    // "Lock now" locks at once, from its Ctrl+L action.
    auto *lockNow = child<QAction>(window, "lockAction");
    CHECK(lockNow->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_L));
    lockNow->trigger();
    CHECK(window->isLocked());
    CHECK_FALSE(notes->isVisible());
}

TEST_CASE("a clerk must change the password an administrator set, and sees no Administration page")
{
    test::TestStation ts;
    ts.addOperator(QStringLiteral("clara"), Role::Clerk);
    Shell shell(ts.path(), ts.clock);
    shell.start();
    signIn(shell.loginDialog(), "clara", test::kClerkPassword);

    // The operator was created with a temporary password: the shell insists on a new one.
    REQUIRE(shell.mainWindow() == nullptr);
    auto *dialog = topLevel<ChangePasswordDialog>("changePasswordDialog");
    REQUIRE(dialog != nullptr);
    QSignalSpy finished(dialog, &QDialog::finished);
    QTest::keyClicks(child<QLineEdit>(dialog, "currentPasswordLineEdit"), text(test::kClerkPassword));
    QTest::keyClicks(child<QLineEdit>(dialog, "newPasswordLineEdit"), text("violet harbour teacup"));
    auto *confirm = child<QLineEdit>(dialog, "confirmPasswordLineEdit");
    QTest::keyClicks(confirm, text("violet harbour teacup"));
    QTest::keyClick(confirm, Qt::Key_Return);
    REQUIRE(finished.wait(kWorkerTimeoutMs));

    MainWindow *window = shell.mainWindow();
    REQUIRE(window != nullptr);
    CHECK_FALSE(window->station().session().currentOperator().mustChangePassword);
    CHECK(window->administrationPage() == nullptr);
    CHECK(window->findChild<QTableView *>(QStringLiteral("operatorsTableView")) == nullptr);
    auto *tabs = child<QTabWidget>(window, "pagesTabWidget");
    REQUIRE(tabs->count() == 3); // Home, enrollment and cards for a clerk; never Administration
    CHECK(tabs->tabText(0) == text("Home"));
    CHECK(tabs->widget(1) == window->enrollmentPage());
    CHECK(tabs->widget(2) == window->cardsPage());
}

TEST_CASE("a supervisor signs in right after a clerk signed out: the forced password change stays up")
{
    // Seen once at a counter: the application vanished with this dialog open, the audit
    // showing the sign-in and nothing after. The sequence as reported, looped, with a draft to
    // save at each sign-out: the shell must not quit, the dialog must stay, nothing may be lost.
    // (Not reproduced yet, neither here nor under AddressSanitizer: this keeps the path covered.)
    constexpr const char *kCarla = "violet harbour teacup";
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts); // carla (clerk), sam (supervisor)
    ts.addOperator(QStringLiteral("sid"), Role::Supervisor);
    {
        // carla has changed the password an administrator set; sid has not.
        auto carla = loginDirectly(ts, "carla", test::kClerkPassword);
        TESSERA_REQUIRE_OK(carla->changeOwnPassword(test::secret(test::kClerkPassword), test::secret(kCarla)));
    }
    Shell shell(ts.path(), ts.clock);
    QSignalSpy quit(&shell, &Shell::quitRequested);
    shell.start();
    for (int round = 0; round < 3; ++round) {
        INFO("round " << round);
        signIn(shell.loginDialog(), "carla", kCarla);
        QPointer<MainWindow> clerkWindow = shell.mainWindow();
        REQUIRE(clerkWindow != nullptr);
        // Something typed, so that leaving the window has a draft to save.
        QTest::keyClicks(child<QLineEdit>(clerkWindow, "givenNamesLineEdit"), text("Ana"));
        clerkWindow->findChild<QAction *>(QStringLiteral("signOutAction"))->trigger();
        REQUIRE(QTest::qWaitFor([&] { return clerkWindow.isNull(); }));

        signIn(shell.loginDialog(), "sid", test::kClerkPassword);
        QPointer<ChangePasswordDialog> dialog = topLevel<ChangePasswordDialog>("changePasswordDialog");
        REQUIRE(dialog != nullptr);
        QTest::qWait(0);
        CHECK(dialog->isVisible());
        CHECK(quit.isEmpty());
        // "Sign out" from the forced change: back to the sign-in, for the next round.
        QTest::keyClick(dialog, Qt::Key_Escape);
        REQUIRE(QTest::qWaitFor([&] { return dialog.isNull() && shell.loginDialog() != nullptr; }));
    }
    CHECK(quit.isEmpty());
    // The clerk's draft was saved at each sign-out, the station intact.
    auto carla = loginDirectly(ts, "carla", kCarla);
    auto drafts = Enrollments(carla->access(), programme).list(EnrollmentState::Draft, true);
    REQUIRE(drafts);
    CHECK(drafts->size() == 3);
}

TEST_CASE("Escape while a sign-in or a password change is on the worker closes nothing and quits nothing")
{
    // A candidate for the exit seen at the counter: Escape pressed while the sign-in's
    // password was being checked closed the sign-in dialog, and the shell quit (its answer to
    // a closed sign-in) even though the sign-in then succeeded (audited, never used); Escape
    // while the forced change ran signed the operator out, and the change's result then came
    // back to a dialog whose station was gone. A dialog with work on the worker stays until
    // the work is back.
    test::TestStation ts;
    ts.addOperator(QStringLiteral("sid"), Role::Supervisor);
    Shell shell(ts.path(), ts.clock);
    QSignalSpy quit(&shell, &Shell::quitRequested);
    shell.start();

    // Each task waits on the worker until the test has pressed Escape.
    std::binary_semaphore go {0};
    std::atomic<bool> started {false};
    TaskRunner::setStartHookForTests([&] {
        started = true;
        go.acquire();
    });
    const auto escapeWhileBusy = [&](QDialog *dialog) {
        REQUIRE(QTest::qWaitFor([&] { return started.load(); }, kWorkerTimeoutMs));
        QTest::keyClick(dialog, Qt::Key_Escape);
        CHECK(dialog->isVisible());
        CHECK(quit.isEmpty());
        started = false;
        go.release(); // before the event loop runs: a closed dialog's end waits for its task
    };

    QPointer<LoginDialog> login = shell.loginDialog();
    REQUIRE(login != nullptr);
    QSignalSpy signedIn(login.data(), &QDialog::finished);
    QTest::keyClicks(child<QLineEdit>(login, "userNameLineEdit"), text("sid"));
    auto *password = child<QLineEdit>(login, "passwordLineEdit");
    QTest::keyClicks(password, text(test::kClerkPassword));
    QTest::keyClick(password, Qt::Key_Return);
    escapeWhileBusy(login);
    REQUIRE((!signedIn.isEmpty() || signedIn.wait(kWorkerTimeoutMs)));
    CHECK(signedIn.at(0).at(0).toInt() == QDialog::Accepted);

    QPointer<ChangePasswordDialog> dialog = topLevel<ChangePasswordDialog>("changePasswordDialog");
    REQUIRE(dialog != nullptr);
    QSignalSpy changed(dialog.data(), &QDialog::finished);
    QTest::keyClicks(child<QLineEdit>(dialog, "currentPasswordLineEdit"), text(test::kClerkPassword));
    QTest::keyClicks(child<QLineEdit>(dialog, "newPasswordLineEdit"), text("violet harbour teacup"));
    auto *confirm = child<QLineEdit>(dialog, "confirmPasswordLineEdit");
    QTest::keyClicks(confirm, text("violet harbour teacup"));
    QTest::keyClick(confirm, Qt::Key_Return);
    escapeWhileBusy(dialog);
    TaskRunner::setStartHookForTests({});
    REQUIRE((!changed.isEmpty() || changed.wait(kWorkerTimeoutMs)));
    CHECK(changed.size() == 1);
    CHECK(changed.at(0).at(0).toInt() == QDialog::Accepted);
    REQUIRE(shell.mainWindow() != nullptr);
    CHECK(shell.loginDialog() == nullptr);
    CHECK_FALSE(shell.mainWindow()->station().session().currentOperator().mustChangePassword);
    CHECK(quit.isEmpty());
}

TEST_CASE("an administrator adds a clerk through the Add operator dialog")
{
    test::TestStation ts;
    MainWindow window(loginDirectly(ts, "admin", test::kAdminPassword), ts.clock);
    window.show();
    REQUIRE(window.administrationPage() != nullptr);

    child<QPushButton>(&window, "addOperatorPushButton")->click();
    auto *dialog = window.findChild<AddOperatorDialog *>();
    REQUIRE(dialog != nullptr);
    REQUIRE(dialog->isVisible());
    auto *userName = child<QLineEdit>(dialog, "userNameLineEdit");
    auto *fullName = child<QLineEdit>(dialog, "fullNameLineEdit");
    auto *password = child<QLineEdit>(dialog, "newPasswordLineEdit");
    auto *confirm = child<QLineEdit>(dialog, "confirmPasswordLineEdit");
    auto *error = child<QLabel>(dialog, "addOperatorErrorLabel");
    auto *ok = child<QDialogButtonBox>(dialog, "addOperatorButtonBox")->button(QDialogButtonBox::Ok);

    QTest::keyClicks(userName, text("bruno"));
    // QTest types ASCII keys only; the accented letters arrive as an input method would send them.
    QTest::keyClicks(fullName, text("Bruno "));
    fullName->insert(text("Díaz Ñúñez"));
    CHECK(child<QCheckBox>(dialog, "clerkCheckBox")->isChecked());

    // Two different entries: refused inline, and the dialog keeps what was typed.
    QTest::keyClicks(password, text("quiet meadow lantern"));
    QTest::keyClicks(confirm, text("quiet meadow lanterns"));
    ok->click();
    CHECK(dialog->isVisible());
    CHECK(error->isVisible());
    CHECK(error->text().contains(text("differ")));
    CHECK(userName->text() == text("bruno"));
    CHECK(fullName->text() == text("Bruno Díaz Ñúñez"));

    // Escape while the new slot's key is derived on the worker leaves the dialog up, and the
    // operator is added when the key is back (before, the dialog closed and the addition the
    // administrator had asked for was dropped).
    QSignalSpy accepted(dialog, &QDialog::accepted);
    QTest::keyClicks(password, text("quiet meadow lantern"));
    QTest::keyClicks(confirm, text("quiet meadow lantern"));
    std::binary_semaphore go {0};
    std::atomic<bool> started {false};
    TaskRunner::setStartHookForTests([&] {
        started = true;
        go.acquire();
    });
    ok->click();
    TaskRunner::setStartHookForTests({});
    REQUIRE(QTest::qWaitFor([&] { return started.load(); }, kWorkerTimeoutMs));
    QTest::keyClick(dialog, Qt::Key_Escape);
    CHECK(dialog->isVisible());
    go.release();
    REQUIRE(accepted.wait(kWorkerTimeoutMs));

    auto ops = window.station().operators();
    REQUIRE(ops);
    auto bruno =
        std::find_if(ops->begin(), ops->end(), [](const Operator &o) { return o.username == QStringLiteral("bruno"); });
    REQUIRE(bruno != ops->end());
    CHECK(bruno->displayName == text("Bruno Díaz Ñúñez"));
    CHECK(bruno->roles == Roles(Role::Clerk));
    CHECK(bruno->mustChangePassword);

    QAbstractItemModel *model = child<QTableView>(&window, "operatorsTableView")->model();
    REQUIRE(model->rowCount() == 2);
    CHECK(model->match(model->index(0, 0), Qt::DisplayRole, text("bruno")).size() == 1);

    // The new clerk's password opens the station.
    CHECK(Station::login(ts.path(), text("bruno"), test::secret("quiet meadow lantern"), ts.clock));
}

namespace {

// The Alt accelerator of a widget text ("Add &operator" → 'o'), or a null QChar.
QChar accelerator(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

} // namespace

TEST_CASE("every Alt accelerator live in the main window is unique, on every page")
{
    test::TestStation ts(true); // the demo administrator holds every role: every page exists
    REQUIRE(
        installProgramme(ts.station->access(),
                         test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"))));
    MainWindow window(loginDirectly(ts, "admin", test::kAdminPassword), ts.clock);
    window.show();
    auto *tabs = child<QTabWidget>(&window, "pagesTabWidget");
    REQUIRE(tabs->count() == 5);
    for (int page = 0; page < tabs->count(); ++page) {
        tabs->setCurrentIndex(page);
        QMultiMap<QChar, QString> live;
        auto note = [&](const QString &t) {
            if (const QChar c = accelerator(t); !c.isNull())
                live.insert(c, t);
        };
        // Always live: the menu bar's titles and the tab labels.
        for (QAction *menu : window.menuBar()->actions())
            note(menu->text());
        for (int i = 0; i < tabs->count(); ++i)
            note(tabs->tabText(i));
        // Live on this page: visible buttons and labels with a buddy.
        for (QAbstractButton *b : tabs->currentWidget()->findChildren<QAbstractButton *>())
            if (b->isVisibleTo(&window))
                note(b->text());
        for (QLabel *l : tabs->currentWidget()->findChildren<QLabel *>())
            if (l->isVisibleTo(&window) && l->buddy())
                note(l->text());
        for (const QChar c : live.uniqueKeys()) {
            INFO("page " << tabs->tabText(page).toStdString() << ", Alt+" << QString(c).toStdString() << ": "
                         << QStringList(live.values(c)).join(QStringLiteral(" | ")).toStdString());
            CHECK(live.count(c) == 1);
        }
    }
}

TEST_CASE("signing in to the desktop runs the retention duties: printed-only values past their holding period go")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    qint64 id = 0;
    {
        auto clerk = loginDirectly(ts, "carla", test::kClerkPassword);
        Enrollments e(clerk->access(), programme);
        EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Ana"));
        test::givePhoto(clerk->access(), programme, d);
        TESSERA_REQUIRE_OK(e.submit(d));
        id = d.id;
    }
    ts.clock.advance(61LL * 86400); // past the programme's 60 days
    MainWindow window(loginDirectly(ts, "admin", test::kAdminPassword), ts.clock);
    auto carla = loginDirectly(ts, "carla", test::kClerkPassword);
    auto rec = Enrollments(carla->access(), programme).record(id);
    REQUIRE(rec);
    CHECK_FALSE(rec->printedOnlyHeld);
}

TEST_CASE("an administrator re-keys the store from the operators panel with the keyboard")
{
    test::TestStation ts;
    MainWindow window(loginDirectly(ts, "admin", test::kAdminPassword), ts.clock);
    window.show();
    REQUIRE(window.administrationPage() != nullptr);
    const SecureBuffer before = ts.rawKey();

    auto *button = child<QPushButton>(&window, "rekeyStorePushButton");
    CHECK(button->text().contains(QLatin1Char('&')));
    CHECK(button->focusPolicy() & Qt::TabFocus);
    button->setFocus();
    QTest::keyClick(button, Qt::Key_Space);
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("rekeyConfirmMessageBox"));
    REQUIRE(box != nullptr);
    REQUIRE(box->isVisible());
    box->button(QMessageBox::Yes)->click();
    QCoreApplication::processEvents();

    CHECK_FALSE(ts.rawKey().equals(before));
    auto again = Station::login(ts.path(), QStringLiteral("admin"), test::secret(test::kAdminPassword), ts.clock);
    REQUIRE(again);
    auto i = (*again)->info();
    REQUIRE(i);
    CHECK(i->keyEpoch == 2);
}
