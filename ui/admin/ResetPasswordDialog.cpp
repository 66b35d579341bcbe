#include "ui/admin/ResetPasswordDialog.h"

#include "core/station/Station.h"
#include "ui/common/BusyBar.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/TaskRunner.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

ResetPasswordDialog::ResetPasswordDialog(Station &station, TaskRunner &tasks, Operator target, QWidget *parent)
    : QDialog(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_target(std::move(target))
    , m_newPassword(this)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_busy(new BusyBar(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("resetPasswordDialog"));
    setWindowTitle(tr("Reset password — Tessera"));
    m_error->setObjectName(QStringLiteral("resetPasswordErrorLabel"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Reset password"));

    auto *intro = new QLabel(tr("Set a temporary password for %1 (%2). Give it to them in person; they must choose "
                                "their own when they next sign in.%3")
                                 .arg(m_target.displayName, m_target.username,
                                      m_target.disabled ? tr(" This also enables the operator again.") : QString()),
                             this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    m_newPassword.addRows(form);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    setMinimumWidth(440);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ResetPasswordDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_newPassword.passwordField()->setFocus();
}

void ResetPasswordDialog::submit()
{
    const auto info = m_station.info();
    const QString stationName = info ? info->name : QString();
    auto password = m_newPassword.take({m_target.username, stationName});
    if (!password) {
        m_error->showMessage(password.error().message);
        m_newPassword.passwordField()->setFocus();
        return;
    }
    setBusy(true);
    // Only the new slot's Argon2id runs on the worker, over a copy of the password; the reset
    // applies here, on the thread that owns the station.
    auto kept = std::make_shared<SecureBuffer>(std::move(*password));
    m_tasks.run(
        this,
        [password = kept->copy(), kdf = m_station.slotKdf()] { return KeySlotFile::derivePasswordKey(password, kdf); },
        [this, kept](Result<KeySlotFile::PasswordKey> key) {
            setBusy(false);
            auto done = key ? m_station.resetPassword(m_target.id, *kept, std::move(*key))
                            : Result<void>(std::unexpected(key.error()));
            if (!done) {
                m_error->showMessage(done.error().message);
                return;
            }
            accept();
        });
}

void ResetPasswordDialog::setBusy(bool busy)
{
    m_newPassword.passwordField()->setEnabled(!busy);
    m_newPassword.confirmField()->setEnabled(!busy);
    m_buttons->setEnabled(!busy);
    m_busy->setVisible(busy);
    if (busy)
        m_error->clearMessage();
}

} // namespace tessera::ui
