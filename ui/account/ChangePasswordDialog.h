#pragma once

#include "ui/common/NewPasswordFields.h"

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;
class QProgressBar;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;
class TaskRunner;

// The signed-in operator changes their own password (Station::changeOwnPassword, on the
// worker thread). In `Forced` mode, after an administrator has set the password, there is
// no way round it: the only other choice is to sign out.
class ChangePasswordDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Voluntary, Forced };
    ChangePasswordDialog(Station &station, TaskRunner &tasks, Mode mode, QWidget *parent = nullptr);

public Q_SLOTS:
    // Escape, Cancel / Sign out and the window's close button. Ignored while the passwords
    // are on the worker: the result comes back to this dialog and its station (a forced
    // change's sign-out would have closed that station under it).
    void reject() override;

private:
    void submit();
    void setBusy(bool busy);

    Station &m_station;
    TaskRunner &m_tasks;
    QLineEdit *m_current;
    NewPasswordFields m_newPassword;
    QDialogButtonBox *m_buttons;
    QProgressBar *m_busy;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
