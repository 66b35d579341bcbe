// The session around the pages: the keyboard-shortcut help (F1), shift notes at sign-out, and
// taking over a locked station. Keys typed into the real widgets against a real station in a
// temporary folder; modal confirmations answered from a zero-delay timer, as a person would.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "core/enrollment/Enrollments.h"
#include "ui/account/ChangePasswordDialog.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/lock/LockPage.h"
#include "ui/login/LoginDialog.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Shell.h"
#include "ui/shell/ShortcutsDialog.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>

#include <functional>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

// The first sign-in of an operator an administrator added: the forced password change.
void changeForcedPassword(const char *current, const char *next)
{
    auto *dialog = topLevel<ChangePasswordDialog>("changePasswordDialog");
    REQUIRE(dialog != nullptr);
    QSignalSpy finished(dialog, &QDialog::finished);
    QTest::keyClicks(child<QLineEdit>(dialog, "currentPasswordLineEdit"), text(current));
    QTest::keyClicks(child<QLineEdit>(dialog, "newPasswordLineEdit"), text(next));
    auto *confirm = child<QLineEdit>(dialog, "confirmPasswordLineEdit");
    QTest::keyClicks(confirm, text(next));
    QTest::keyClick(confirm, Qt::Key_Return);
    REQUIRE(finished.wait(kWorkerTimeoutMs));
}

// Runs `act`, which opens a modal message box named `boxName`, and presses the box's button
// named `buttonName` (or Escape when empty) once it shows. Returns whether the box showed.
bool answerMessageBox(const char *boxName, const char *buttonName, const std::function<void()> &act)
{
    bool shown = false;
    QObject guard; // cancels the timer when no box showed and this returns
    QTimer::singleShot(0, &guard, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box == nullptr || box->objectName() != QString::fromLatin1(boxName))
            return;
        shown = true;
        if (*buttonName)
            box->findChild<QPushButton *>(QString::fromLatin1(buttonName))->click();
        else
            QTest::keyClick(box, Qt::Key_Escape);
    });
    act();
    return shown;
}

std::vector<AuditEntry> auditEntries(Station &station)
{
    auto entries = station.audit().entries();
    REQUIRE(entries);
    return *entries;
}

} // namespace

TEST_CASE("F1 lists every shortcut the main window has, from the catalog the shortcuts are made from")
{
    test::TestStation ts;
    test::setUpOffice(ts);
    ts.addOperator(QStringLiteral("olga"), Role::Clerk | Role::Supervisor | Role::Administrator);
    auto station = Station::login(ts.path(), text("olga"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(station);
    MainWindow window(std::move(*station), ts.clock);
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));

    QTest::keyClick(&window, Qt::Key_F1);
    ShortcutsDialog *help = nullptr;
    REQUIRE(QTest::qWaitFor([&] { return (help = window.findChild<ShortcutsDialog *>()) && help->isVisible(); }));
    const QStringList listed = help->listedKeys();

    // Every key of every action and shortcut in the window, the pages' own included.
    int checked = 0;
    auto requireListed = [&](const QKeySequence &key, const QString &owner) {
        INFO(owner.toStdString() << " has " << key.toString(QKeySequence::PortableText).toStdString()
                                 << ", which the help does not list");
        CHECK(listed.contains(key.toString(QKeySequence::PortableText)));
        ++checked;
    };
    for (QAction *action : window.findChildren<QAction *>())
        for (const QKeySequence &key : action->shortcuts())
            requireListed(key, action->objectName().isEmpty() ? action->text() : action->objectName());
    for (QShortcut *shortcut : window.findChildren<QShortcut *>())
        for (const QKeySequence &key : shortcut->keys())
            requireListed(key, shortcut->parent()->objectName());
    // The enrollment, review, session and page keys at least: a window with none proves nothing.
    CHECK(checked >= 20);
    CHECK(listed.contains(QStringLiteral("F1")));
    CHECK(listed.contains(QStringLiteral("Ctrl+5")));       // Administration, the fifth page
    CHECK_FALSE(listed.contains(QStringLiteral("Ctrl+6"))); // no sixth page for this operator

    QTest::keyClick(help, Qt::Key_Escape);
    CHECK_FALSE(help->isVisible());
}

TEST_CASE("each page keeps its key whatever the roles, and F1 lists the keys of the pages shown")
{
    test::TestStation ts;
    test::setUpOffice(ts); // carla: clerk only; sam: supervisor only
    struct Expected {
        const char *user;
        std::vector<std::pair<QString, const char *>> pages; // key, the tab it opens
        QStringList absent;                                  // keys of pages this operator has not
    };
    const std::vector<Expected> operators {
        {"sam",
         {{QStringLiteral("Ctrl+1"), "Home"},
          {QStringLiteral("Ctrl+3"), "Review"},
          {QStringLiteral("Ctrl+4"), "Cards"}},
         {QStringLiteral("Ctrl+2"), QStringLiteral("Ctrl+5")}},
        {"carla",
         {{QStringLiteral("Ctrl+1"), "Home"},
          {QStringLiteral("Ctrl+2"), "Enroll"},
          {QStringLiteral("Ctrl+4"), "Cards"}},
         {QStringLiteral("Ctrl+3"), QStringLiteral("Ctrl+5")}},
    };
    for (const Expected &op : operators) {
        INFO("operator " << op.user);
        auto station =
            Station::login(ts.path(), QString::fromLatin1(op.user), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(station);
        MainWindow window(std::move(*station), ts.clock);
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
        auto *tabs = child<QTabWidget>(&window, "pagesTabWidget");

        QTest::keyClick(&window, Qt::Key_F1);
        ShortcutsDialog *help = nullptr;
        REQUIRE(QTest::qWaitFor([&] { return (help = window.findChild<ShortcutsDialog *>()) && help->isVisible(); }));
        const QStringList listed = help->listedKeys();
        // F1's row for Cards names the key that opens it.
        auto *table = child<QTableWidget>(help, "shortcutsTableWidget");
        const QList<QTableWidgetItem *> cards =
            table->findItems(QStringLiteral("Go to the Cards page"), Qt::MatchExactly);
        REQUIRE(cards.size() == 1);
        CHECK(table->item(cards.front()->row(), 0)->text() == QStringLiteral("Ctrl+4"));
        QTest::keyClick(help, Qt::Key_Escape);
        REQUIRE(QTest::qWaitFor([&] { return !help->isVisible(); }));
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));

        for (const auto &[key, tab] : op.pages) {
            INFO("key " << key.toStdString());
            CHECK(listed.contains(key));
            // Pressed the way the clerk presses it: to whatever has the focus.
            tabs->setCurrentIndex(0);
            QWidget *focus = QApplication::focusWidget() ? QApplication::focusWidget() : &window;
            const QKeySequence sequence(key);
            QTest::keyClick(focus, static_cast<Qt::Key>(sequence[0].key()), sequence[0].keyboardModifiers());
            CHECK(tabs->tabText(tabs->currentIndex()) == QString::fromLatin1(tab));
        }
        for (const QString &key : op.absent) {
            INFO("key " << key.toStdString());
            CHECK_FALSE(listed.contains(key));
        }
        // The keys of a page this operator has not are not theirs to learn.
        const bool clerk = window.enrollmentPage() != nullptr;
        CHECK(listed.contains(QStringLiteral("F3")) == clerk);
        CHECK(listed.contains(QStringLiteral("J")) == (window.reviewPage() != nullptr));
    }
}

TEST_CASE("shift notes are not lost at sign-out without a warning")
{
    test::TestStation ts;
    Shell shell(ts.path(), ts.clock);
    shell.start();
    signIn(shell.loginDialog(), "admin", test::kAdminPassword);
    MainWindow *window = shell.mainWindow();
    REQUIRE(window != nullptr);
    auto *notes = child<QPlainTextEdit>(window, "shiftNotesPlainTextEdit");
    QTest::keyClicks(notes, text("Ribbon low on printer 2."));
    child<QTabWidget>(window, "pagesTabWidget")->setCurrentIndex(1);
    auto *signOut = child<QAction>(window, "signOutAction");

    // Cancel (Escape): still signed in, the notes where they were and in front.
    REQUIRE(answerMessageBox("discardShiftNotesMessageBox", "", [&] { signOut->trigger(); }));
    REQUIRE(shell.mainWindow() == window);
    CHECK(window->isVisible());
    CHECK(notes->toPlainText() == text("Ribbon low on printer 2."));
    CHECK(notes->isVisible());
    CHECK(shell.loginDialog() == nullptr);

    // Discarding them knowingly signs out.
    REQUIRE(
        answerMessageBox("discardShiftNotesMessageBox", "discardShiftNotesPushButton", [&] { signOut->trigger(); }));
    REQUIRE(shell.loginDialog() != nullptr);
    CHECK(shell.loginDialog()->isVisible());

    // No notes, no question.
    signIn(shell.loginDialog(), "admin", test::kAdminPassword);
    REQUIRE(shell.mainWindow() != nullptr);
    CHECK_FALSE(answerMessageBox("discardShiftNotesMessageBox", "",
                                 [&] { child<QAction>(shell.mainWindow(), "signOutAction")->trigger(); }));
    CHECK(shell.loginDialog() != nullptr);
}

TEST_CASE("another operator takes over a locked station: the draft is kept, both are audited")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    Shell shell(ts.path(), ts.clock);
    shell.start();
    signIn(shell.loginDialog(), "carla", test::kClerkPassword);
    changeForcedPassword(test::kClerkPassword, "violet harbour teacup");
    MainWindow *window = shell.mainWindow();
    REQUIRE(window != nullptr);
    const qint64 carlaId = window->station().session().currentOperator().id;
    child<QTabWidget>(window, "pagesTabWidget")->setCurrentWidget(window->enrollmentPage());
    auto *given = child<QLineEdit>(window->enrollmentPage(), "givenNamesLineEdit");
    QTest::keyClicks(given, text("Amara"));

    child<QAction>(window, "lockAction")->trigger();
    REQUIRE(window->isLocked());
    auto *takeOver = child<QPushButton>(window->lockPage(), "takeOverPushButton");
    REQUIRE(takeOver->isVisible());
    REQUIRE(takeOver->isEnabled());

    // Changing one's mind leaves the lock as it was.
    REQUIRE(answerMessageBox("takeOverMessageBox", "", [&] { takeOver->click(); }));
    REQUIRE(shell.mainWindow() == window);
    CHECK(window->isLocked());

    // The lock saved the draft; ending the session for someone else must not discard it.
    const qint64 draftId = window->enrollmentPage()->draftId();
    REQUIRE(answerMessageBox("takeOverMessageBox", "confirmTakeOverPushButton", [&] { takeOver->click(); }));
    REQUIRE(shell.loginDialog() != nullptr);
    REQUIRE(QTest::qWaitFor([&] { return shell.mainWindow() == nullptr; }));

    signIn(shell.loginDialog(), "admin", test::kAdminPassword);
    MainWindow *next = shell.mainWindow();
    REQUIRE(next != nullptr);
    CHECK(next->station().session().currentOperator().username == text("admin"));

    const auto entries = auditEntries(next->station());
    const auto takenOver = std::find_if(entries.begin(), entries.end(), [](const AuditEntry &e) {
        return e.event == QStringLiteral("session.taken_over");
    });
    REQUIRE(takenOver != entries.end());
    CHECK(takenOver->operatorId == carlaId);
    CHECK(takenOver->object == QStringLiteral("operator:%1").arg(carlaId));
    const auto signedIn = std::find_if(
        takenOver, entries.end(), [](const AuditEntry &e) { return e.event == QStringLiteral("login.succeeded"); });
    REQUIRE(signedIn != entries.end());
    CHECK(signedIn->operatorId == next->station().session().currentOperator().id);
    CHECK(std::none_of(takenOver, entries.end(),
                       [](const AuditEntry &e) { return e.event == QStringLiteral("logout"); }));

    // Carla finds her applicant again as a draft.
    REQUIRE(draftId > 0);
    auto carla = Station::login(ts.path(), text("carla"), test::secret("violet harbour teacup"), ts.clock);
    REQUIRE(carla);
    auto draft = Enrollments((*carla)->access(), programme).loadDraft(draftId);
    REQUIRE(draft);
    CHECK(draft->applicant.givenNames == text("Amara"));
}
