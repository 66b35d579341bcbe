#pragma once

#include "ui/common/NewPasswordFields.h"
#include "ui/common/TaskRunner.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace tessera {
class Clock;
class Station;
} // namespace tessera

namespace tessera::ui {

class ErrorLabel;

// Administrator recovery: opens the station with the key from the printed recovery sheet
// (Station::openWithRecoveryKey), then lets the administrator set a new password for one
// operator, who must change it at the next sign-in. The recovery session can do nothing
// else and ends when the dialog closes.
class RecoveryDialog : public QDialog {
    Q_OBJECT
public:
    RecoveryDialog(QString stationDir, const Clock &clock, QWidget *parent = nullptr);
    ~RecoveryDialog() override;

private:
    void openStation();
    void resetPassword();
    void showOperators();
    void setBusy(bool busy);

    QString m_stationDir;
    const Clock &m_clock;
    std::unique_ptr<Station> m_station;
    QStackedWidget *m_steps;
    QLineEdit *m_recoveryKey;
    QComboBox *m_operator;
    NewPasswordFields m_newPassword;
    QPushButton *m_nextButton;
    QProgressBar *m_busy;
    ErrorLabel *m_error;
    TaskRunner m_tasks; // after m_station: waits for a running task before the station closes
};

} // namespace tessera::ui
