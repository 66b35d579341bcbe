#pragma once

#include "core/station/Operator.h"
#include "ui/common/NewPasswordFields.h"

#include <QDialog>

class QDialogButtonBox;
class QProgressBar;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;
class TaskRunner;

// An administrator sets a new password for another operator (Station::resetPassword, on
// the worker thread); that operator must change it at their next sign-in.
class ResetPasswordDialog : public QDialog {
    Q_OBJECT
public:
    ResetPasswordDialog(Station &station, TaskRunner &tasks, Operator target, QWidget *parent = nullptr);

private:
    void submit();
    void setBusy(bool busy);

    Station &m_station;
    TaskRunner &m_tasks;
    Operator m_target;
    NewPasswordFields m_newPassword;
    QDialogButtonBox *m_buttons;
    QProgressBar *m_busy;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
