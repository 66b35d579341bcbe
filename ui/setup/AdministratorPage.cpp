#include "ui/setup/AdministratorPage.h"

#include "core/station/PasswordPolicy.h"
#include "ui/common/ErrorLabel.h"
#include "ui/setup/SetupWizard.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace tessera::ui {

AdministratorPage::AdministratorPage(QWidget *parent)
    : QWizardPage(parent)
    , m_userName(new QLineEdit(this))
    , m_fullName(new QLineEdit(this))
    , m_password(this)
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("administratorWizardPage"));
    setTitle(tr("First administrator"));
    setSubTitle(tr("This person manages operators and settings. Their password unlocks the station's store, so "
                   "choose one of at least %1 characters that only they know.")
                    .arg(kMinPasswordLength));
    m_userName->setObjectName(QStringLiteral("adminUserNameLineEdit"));
    m_userName->setMaxLength(32);
    m_userName->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9._-]{0,32}")), m_userName));
    m_userName->setToolTip(tr("2 to 32 letters, digits, dots, dashes or underscores, starting with a letter."));
    m_fullName->setObjectName(QStringLiteral("adminFullNameLineEdit"));
    m_fullName->setMaxLength(80);

    auto *form = new QFormLayout;
    form->addRow(tr("User &name:"), m_userName);
    form->addRow(tr("&Full name:"), m_fullName);
    m_password.addRows(form);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();

    registerField(QStringLiteral("adminUserName*"), m_userName);
    registerField(QStringLiteral("adminFullName*"), m_fullName);
    // Say what is wrong with a password as soon as the field is left, not only on Next.
    connect(m_password.passwordField(), &QLineEdit::editingFinished, this, &AdministratorPage::hintPassword);
}

void AdministratorPage::initializePage()
{
    m_error->clearMessage();
}

QStringList AdministratorPage::contextWords() const
{
    return {m_userName->text().trimmed(), field(QStringLiteral("stationName")).toString()};
}

void AdministratorPage::hintPassword()
{
    if (m_password.passwordField()->text().isEmpty())
        return;
    const auto ok = checkNewPassword(SecureBuffer::fromText(m_password.passwordField()->text()), contextWords());
    if (ok)
        m_error->clearMessage();
    else
        m_error->showMessage(ok.error().message);
}

bool AdministratorPage::validatePage()
{
    auto password = m_password.take(contextWords());
    if (!password) {
        m_error->showMessage(password.error().message);
        m_password.passwordField()->setFocus();
        return false;
    }
    m_error->clearMessage();
    if (auto *wizard = qobject_cast<SetupWizard *>(this->wizard()))
        wizard->setAdminPassword(std::move(*password));
    return true;
}

} // namespace tessera::ui
