#include "ui/common/SecretField.h"

#include <QLineEdit>

namespace tessera::ui {

QLineEdit *makeSecretField(const QString &objectName, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(objectName);
    field->setEchoMode(QLineEdit::Password);
    field->setContextMenuPolicy(Qt::NoContextMenu);
    field->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    field->setMaxLength(256);
    return field;
}

SecureBuffer takeSecret(QLineEdit *field)
{
    QString text = field->text();
    field->clear();
    SecureBuffer secret = SecureBuffer::fromText(text);
    // Our copy is now the only one: overwrite it before it is freed.
    text.fill(QChar(u'\0'));
    return secret;
}

} // namespace tessera::ui
