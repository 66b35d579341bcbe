#pragma once

// Helpers shared by the UI tests: finding widgets by object name and pressing keys on
// whatever has the focus, failing the test with the name of what was looked for.
#include "tests/support/TestSupport.h"

#include "core/station/Station.h"
#include "ui/login/LoginDialog.h"
#include "ui/review/ReviewPage.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QString>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QWidget>

#include <memory>

namespace tessera::uitest {

// Generous: Argon2id runs on the worker thread, slower under the sanitizers.
inline constexpr int kWorkerTimeoutMs = 60000;

template <typename T>
T *child(QObject *parent, const char *objectName)
{
    auto *found = parent->findChild<T *>(QString::fromLatin1(objectName));
    INFO("looking for " << objectName);
    REQUIRE(found != nullptr);
    return found;
}

// A visible top-level widget (a dialog) by object name, or nullptr.
template <typename T>
T *topLevel(const char *objectName)
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (w->objectName() == QString::fromLatin1(objectName) && w->isVisible())
            if (auto *t = qobject_cast<T *>(w))
                return t;
    return nullptr;
}

inline QString text(const char *s)
{
    return QString::fromUtf8(s);
}

inline QString focusName()
{
    QWidget *w = QApplication::focusWidget();
    return w ? w->objectName() : QStringLiteral("(none)");
}

inline void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *w = QApplication::focusWidget();
    INFO("nothing has the focus");
    REQUIRE(w != nullptr);
    QTest::keyClick(w, static_cast<Qt::Key>(key), modifiers);
}

// Types the user name and password into the sign-in dialog, presses Enter and waits until
// the dialog has finished (the password is checked on the worker thread).
inline void signIn(ui::LoginDialog *login, const char *userName, const char *password)
{
    REQUIRE(login != nullptr);
    REQUIRE(login->isVisible());
    QSignalSpy finished(login, &QDialog::finished);
    auto *userNameField = child<QLineEdit>(login, "userNameLineEdit");
    userNameField->clear();
    QTest::keyClicks(userNameField, text(userName));
    auto *passwordField = child<QLineEdit>(login, "passwordLineEdit");
    QTest::keyClicks(passwordField, text(password));
    QTest::keyClick(passwordField, Qt::Key_Return);
    REQUIRE(finished.wait(kWorkerTimeoutMs));
}

// Shows a supervisor's window on its Review page with the focus in the day's table.
inline ui::ReviewPage *showReviewPage(ui::MainWindow &window)
{
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    ui::ReviewPage *page = window.reviewPage();
    REQUIRE(page != nullptr);
    // As a supervisor reaches it: Ctrl+3 is Review whatever the roles, Alt+O its day's table.
    press(Qt::Key_3, Qt::ControlModifier);
    press(Qt::Key_O, Qt::AltModifier);
    auto *table = child<QTableView>(page, "enrollmentsTableView");
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    return page;
}

// `user`'s main window (signed in with test::kClerkPassword), shown and active.
inline std::unique_ptr<ui::MainWindow> openMainWindow(test::TestStation &ts, const char *user)
{
    auto station = Station::login(ts.path(), text(user), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(station);
    auto window = std::make_unique<ui::MainWindow>(std::move(*station), ts.clock);
    window->show();
    window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(window.get()));
    return window;
}

} // namespace tessera::uitest

// Requires the focus on the widget of that object name, saying where it is when it is not.
#define REQUIRE_FOCUS(name)                                                                                            \
    do {                                                                                                               \
        INFO("the focus is on " << focusName().toStdString());                                                         \
        REQUIRE(focusName() == QStringLiteral(name));                                                                  \
    } while (false)
