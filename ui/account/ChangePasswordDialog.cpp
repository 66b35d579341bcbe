#include "ui/account/ChangePasswordDialog.h"

#include "core/station/Station.h"
#include "ui/common/BusyBar.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/SecretField.h"
#include "ui/common/TaskRunner.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

ChangePasswordDialog::ChangePasswordDialog(Station &station, TaskRunner &tasks, Mode mode, QWidget *parent)
    : QDialog(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_current(makeSecretField(QStringLiteral("currentPasswordLineEdit"), this))
    , m_newPassword(this)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_busy(new BusyBar(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("changePasswordDialog"));
    setWindowTitle(tr("Change password — Tessera"));
    m_error->setObjectName(QStringLiteral("changePasswordErrorLabel"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Change password"));
    if (mode == Mode::Forced)
        m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Sign &out"));

    auto *intro =
        new QLabel(mode == Mode::Forced
                       ? tr("An administrator has set your password. Choose a new one that only you know "
                            "before you continue.")
                       : tr("Choose a new password of at least 12 characters. A few unrelated words make a good one."),
                   this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("C&urrent password:"), m_current);
    m_newPassword.addRows(form);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    setMinimumWidth(440);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ChangePasswordDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_current->setFocus();
}

void ChangePasswordDialog::submit()
{
    const Operator &me = m_station.session().currentOperator();
    const auto info = m_station.info();
    const QString stationName = info ? info->name : QString();
    SecureBuffer current = takeSecret(m_current);
    auto next = m_newPassword.take({me.username, stationName});
    if (current.isEmpty()) {
        m_error->showMessage(tr("Current password: enter the password you signed in with."));
        m_current->setFocus();
        return;
    }
    if (!next) {
        m_error->showMessage(next.error().message);
        m_newPassword.passwordField()->setFocus();
        return;
    }
    auto check = m_station.session().beginPasswordCheck(me.username);
    if (!check) {
        m_error->showMessage(check.error().message);
        m_current->setFocus();
        return;
    }
    setBusy(true);
    // Only the two Argon2id runs (the current password's slot, the new password's key) run on
    // the worker, over copies; the change applies here, on the thread that owns the station.
    auto passwords = std::make_shared<std::pair<SecureBuffer, SecureBuffer>>(std::move(current), std::move(*next));
    struct Derived {
        Session::PasswordCheck check;
        Result<KeySlotFile::PasswordKey> nextKey;
    };
    m_tasks.run(
        this,
        [check = std::move(*check), current = passwords->first.copy(), next = passwords->second.copy(),
         kdf = m_station.slotKdf()]() mutable {
            check.unlock(current);
            auto nextKey = KeySlotFile::derivePasswordKey(next, kdf);
            return Derived {std::move(check), std::move(nextKey)};
        },
        [this, passwords](Derived derived) {
            setBusy(false);
            auto done = derived.nextKey ? m_station.changeOwnPassword(
                            passwords->first, passwords->second, std::move(derived.check), std::move(*derived.nextKey))
                                        : Result<void>(std::unexpected(derived.nextKey.error()));
            if (!done) {
                m_error->showMessage(done.error().message);
                m_current->setFocus();
                return;
            }
            accept();
        });
}

void ChangePasswordDialog::reject()
{
    if (m_busy->isVisibleTo(this)) // the bar shows exactly while the task is on the worker
        return;
    QDialog::reject();
}

void ChangePasswordDialog::setBusy(bool busy)
{
    m_current->setEnabled(!busy);
    m_newPassword.passwordField()->setEnabled(!busy);
    m_newPassword.confirmField()->setEnabled(!busy);
    m_buttons->setEnabled(!busy);
    m_busy->setVisible(busy);
    if (busy)
        m_error->clearMessage();
}

} // namespace tessera::ui
