#pragma once

#include "ui/common/TaskRunner.h"

#include <QDialog>

#include <memory>

class QLineEdit;
class QProgressBar;
class QPushButton;

namespace tessera {
class Clock;
class Station;
} // namespace tessera

namespace tessera::ui {

class ErrorLabel;

// Signs an operator in to the station in `stationDir`. Accepted once Station::login has
// succeeded (on the worker thread); takeStation() then hands over the open station.
// A failed attempt keeps the user name and clears the password.
class LoginDialog : public QDialog {
    Q_OBJECT
public:
    LoginDialog(QString stationDir, const Clock &clock, QWidget *parent = nullptr);
    ~LoginDialog() override;

    std::unique_ptr<Station> takeStation();

public Q_SLOTS:
    // Escape, Close and the window's close button. Ignored while the password is being
    // checked: the sign-in goes on regardless (and is audited), and closing the dialog is how
    // the application quits, so an impatient Escape would end the application under it.
    void reject() override;

private:
    void signIn();
    void useRecoveryKey();
    void setBusy(bool busy);

    QString m_stationDir;
    const Clock &m_clock;
    std::unique_ptr<Station> m_station;
    QLineEdit *m_userName;
    QLineEdit *m_password;
    QPushButton *m_signInButton;
    QPushButton *m_recoveryButton;
    QProgressBar *m_busy;
    ErrorLabel *m_error;
    TaskRunner m_tasks;
};

} // namespace tessera::ui
