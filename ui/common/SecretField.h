#pragma once

#include "core/crypto/SecureBuffer.h"

class QLineEdit;
class QString;
class QWidget;

namespace tessera::ui {

// A line edit for a password: no echo, no autocompletion, no context menu (so nothing goes
// to the clipboard), and the object name given.
QLineEdit *makeSecretField(const QString &objectName, QWidget *parent);

// Moves what was typed into secure memory and clears the field at once, so the password
// does not sit in a widget's QString for the rest of the dialog's life.
SecureBuffer takeSecret(QLineEdit *field);

} // namespace tessera::ui
