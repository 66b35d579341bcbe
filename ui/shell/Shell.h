#pragma once

#include "ui/common/TaskRunner.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace tessera {
class Clock;
class Station;
} // namespace tessera

namespace tessera::ui {

class LoginDialog;
class MainWindow;
class SetupWizard;

// The application's course: set-up wizard when there is no station yet, then sign-in, a
// forced password change when an administrator has set the password, the main window;
// signing out returns to sign-in. Quits the application when the operator closes it.
class Shell : public QObject {
    Q_OBJECT
public:
    Shell(QString stationDir, const Clock &clock, QObject *parent = nullptr);
    ~Shell() override;

    void start();

    SetupWizard *setupWizard() const;
    LoginDialog *loginDialog() const;
    MainWindow *mainWindow() const;

Q_SIGNALS:
    void quitRequested();

private:
    void showSetup();
    void showLogin();
    void enter(std::unique_ptr<Station> station);
    void showMainWindow(std::unique_ptr<Station> station);

    QString m_stationDir;
    const Clock &m_clock;
    QPointer<SetupWizard> m_wizard;
    QPointer<LoginDialog> m_login;
    QPointer<MainWindow> m_window;
    // Between sign-in and the main window, while a forced password change is open.
    std::unique_ptr<Station> m_pending;
    TaskRunner m_tasks;
};

} // namespace tessera::ui
