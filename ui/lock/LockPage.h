#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;
class TaskRunner;

// What the main window shows while the session is locked: nothing of the work behind it,
// only who is signed in and a password form. The signed-in operator or a supervisor
// unlocks (Station::unlockSession, on the worker thread); anyone else may end the session
// ("Sign in as someone else") to sign in themselves.
class LockPage : public QWidget {
    Q_OBJECT
public:
    LockPage(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);

    // Prepares the form for a new lock: user name of the signed-in operator, empty password.
    void prepare();

Q_SIGNALS:
    void unlocked();
    void unlockFailed();
    // "Sign in as someone else": the window decides (MainWindow::takeOver).
    void takeOverRequested();

private:
    void unlock();
    void setBusy(bool busy);

    Station &m_station;
    TaskRunner &m_tasks;
    QLabel *m_whoLabel;
    QLineEdit *m_userName;
    QLineEdit *m_password;
    QPushButton *m_unlockButton;
    QPushButton *m_takeOverButton;
    QProgressBar *m_busy;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
