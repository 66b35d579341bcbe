#pragma once

#include "core/station/Operator.h"
#include "ui/common/NewPasswordFields.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QProgressBar;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;
class TaskRunner;

// Adds an operator (Station::addOperator, on the worker thread: it derives a key slot).
// The dialog keeps what was typed through an error; a password that passed the rules is
// kept in secure memory rather than in the fields, so it need not be typed again.
class AddOperatorDialog : public QDialog {
    Q_OBJECT
public:
    AddOperatorDialog(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);

    const Operator &addedOperator() const { return m_added; }

public Q_SLOTS:
    // Escape, Cancel and the window's close button. Ignored while the new slot's key is derived
    // on the worker: the operator is added when it is back, so a closed dialog would either
    // drop an addition the administrator asked for or make it after they cancelled.
    void reject() override;

private:
    void submit();
    void setBusy(bool busy);
    Roles chosenRoles() const;

    Station &m_station;
    TaskRunner &m_tasks;
    QLineEdit *m_userName;
    QLineEdit *m_fullName;
    QCheckBox *m_clerk;
    QCheckBox *m_supervisor;
    QCheckBox *m_administrator;
    NewPasswordFields m_newPassword;
    SecureBuffer m_keptPassword;
    QDialogButtonBox *m_buttons;
    QProgressBar *m_busy;
    ErrorLabel *m_error;
    Operator m_added;
};

} // namespace tessera::ui
