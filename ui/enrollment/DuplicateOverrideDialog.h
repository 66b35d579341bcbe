#pragma once

#include "core/enrollment/Enrollments.h"

#include <QDialog>

#include <optional>
#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace tessera::ui {

class ErrorLabel;

// Shown when an enrollment may duplicate an earlier one: which cards, and why (same name and
// birth date, or the same document). Going on needs a supervisor other than the clerk, at
// the counter: their user name, their password and a reason from the programme's list. The
// password goes into secure memory as soon as the dialog is accepted.
class DuplicateOverrideDialog : public QDialog {
    Q_OBJECT
public:
    DuplicateOverrideDialog(const Programme &programme, const QString &language, const std::vector<DuplicateHit> &hits,
                            QWidget *parent = nullptr);

    // The supervisor's override, once the dialog was accepted; empty otherwise.
    std::optional<Enrollments::SupervisorOverride> takeOverride();
    void showError(const QString &message);

    void accept() override;

private:
    QLineEdit *m_userName;
    QLineEdit *m_password;
    QComboBox *m_reason;
    ErrorLabel *m_error;
    QDialogButtonBox *m_buttons;
    std::optional<Enrollments::SupervisorOverride> m_override;
};

} // namespace tessera::ui
