#include "ui/common/NewPasswordFields.h"

#include "core/station/PasswordPolicy.h"
#include "ui/common/SecretField.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QLineEdit>

namespace tessera::ui {

NewPasswordFields::NewPasswordFields(QWidget *parent)
    : m_password(makeSecretField(QStringLiteral("newPasswordLineEdit"), parent))
    , m_confirm(makeSecretField(QStringLiteral("confirmPasswordLineEdit"), parent))
{
    m_password->setToolTip(
        QCoreApplication::translate(
            "NewPasswordFields",
            "At least %1 characters. A few unrelated words make a good password; spaces are allowed.")
            .arg(kMinPasswordLength));
}

void NewPasswordFields::addRows(QFormLayout *form) const
{
    form->addRow(QCoreApplication::translate("NewPasswordFields", "&Password:"), m_password);
    form->addRow(QCoreApplication::translate("NewPasswordFields", "Con&firm password:"), m_confirm);
}

bool NewPasswordFields::isEmpty() const
{
    return m_password->text().isEmpty() && m_confirm->text().isEmpty();
}

void NewPasswordFields::setPlaceholder(const QString &text)
{
    m_password->setPlaceholderText(text);
    m_confirm->setPlaceholderText(text);
}

Result<SecureBuffer> NewPasswordFields::take(const QStringList &contextWords)
{
    SecureBuffer password = takeSecret(m_password);
    const SecureBuffer confirm = takeSecret(m_confirm);
    if (password.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QCoreApplication::translate("NewPasswordFields", "Password: enter a password."));
    if (!password.equals(confirm))
        return fail(ErrorCode::InvalidInput,
                    QCoreApplication::translate("NewPasswordFields",
                                                "Password: the two entries differ. Type the password twice."));
    if (auto ok = checkNewPassword(password, contextWords); !ok)
        return std::unexpected(ok.error());
    return password;
}

} // namespace tessera::ui
