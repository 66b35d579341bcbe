#include "ui/common/ErrorLabel.h"

namespace tessera::ui {

ErrorLabel::ErrorLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStyleSheet(QStringLiteral("color: #b00020;"));
    setVisible(false);
}

void ErrorLabel::showMessage(const QString &message)
{
    setText(message);
    setAccessibleDescription(message);
    setVisible(!message.isEmpty());
}

void ErrorLabel::clearMessage()
{
    showMessage(QString());
}

} // namespace tessera::ui
