#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"

#include <QStringList>

class QFormLayout;
class QLineEdit;
class QWidget;

namespace tessera::ui {

// A new password typed twice, as every form that sets a password asks for it. Owns nothing
// but two line edits parented to `parent`.
class NewPasswordFields {
public:
    explicit NewPasswordFields(QWidget *parent);

    void addRows(QFormLayout *form) const;
    QLineEdit *passwordField() const { return m_password; }
    QLineEdit *confirmField() const { return m_confirm; }
    bool isEmpty() const;
    void setPlaceholder(const QString &text);

    // Takes both fields into secure memory (clearing them), checks they match and that the
    // password passes the station's rules (checkNewPassword with `contextWords`).
    Result<SecureBuffer> take(const QStringList &contextWords);

private:
    QLineEdit *m_password;
    QLineEdit *m_confirm;
};

} // namespace tessera::ui
