#pragma once

#include "ui/common/NewPasswordFields.h"

#include <QWizardPage>

class QLineEdit;

namespace tessera::ui {

class ErrorLabel;

// The first administrator: user name, full name and a password typed twice, checked
// against the password rules before the wizard moves on.
class AdministratorPage : public QWizardPage {
    Q_OBJECT
public:
    explicit AdministratorPage(QWidget *parent = nullptr);
    void initializePage() override;
    bool validatePage() override;

private:
    QStringList contextWords() const;
    void hintPassword();

    QLineEdit *m_userName;
    QLineEdit *m_fullName;
    NewPasswordFields m_password;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
