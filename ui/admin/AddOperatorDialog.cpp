#include "ui/admin/AddOperatorDialog.h"

#include "core/station/Station.h"
#include "ui/common/BusyBar.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/RoleText.h"
#include "ui/common/TaskRunner.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

AddOperatorDialog::AddOperatorDialog(Station &station, TaskRunner &tasks, QWidget *parent)
    : QDialog(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_userName(new QLineEdit(this))
    , m_fullName(new QLineEdit(this))
    , m_clerk(new QCheckBox(tr("C&lerk"), this))
    , m_supervisor(new QCheckBox(tr("&Supervisor"), this))
    , m_administrator(new QCheckBox(tr("A&dministrator"), this))
    , m_newPassword(this)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_busy(new BusyBar(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("addOperatorDialog"));
    setWindowTitle(tr("Add operator — Tessera"));
    m_userName->setObjectName(QStringLiteral("userNameLineEdit"));
    m_userName->setMaxLength(32);
    m_userName->setToolTip(tr("2 to 32 letters, digits, dots, dashes or underscores, starting with a letter."));
    m_fullName->setObjectName(QStringLiteral("fullNameLineEdit"));
    m_fullName->setMaxLength(80);
    m_clerk->setObjectName(QStringLiteral("clerkCheckBox"));
    m_supervisor->setObjectName(QStringLiteral("supervisorCheckBox"));
    m_administrator->setObjectName(QStringLiteral("administratorCheckBox"));
    m_clerk->setChecked(true);
    m_error->setObjectName(QStringLiteral("addOperatorErrorLabel"));
    m_buttons->setObjectName(QStringLiteral("addOperatorButtonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add operator"));

    auto *roles = new QHBoxLayout;
    roles->addWidget(m_clerk);
    roles->addWidget(m_supervisor);
    roles->addWidget(m_administrator);
    roles->addStretch();

    auto *form = new QFormLayout;
    form->addRow(tr("User &name:"), m_userName);
    form->addRow(tr("&Full name:"), m_fullName);
    form->addRow(tr("Roles:"), roles);
    m_newPassword.addRows(form);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddOperatorDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setTabOrder(m_userName, m_fullName);
    setTabOrder(m_fullName, m_clerk);
    setTabOrder(m_clerk, m_supervisor);
    setTabOrder(m_supervisor, m_administrator);
    setTabOrder(m_administrator, m_newPassword.passwordField());
    setTabOrder(m_newPassword.passwordField(), m_newPassword.confirmField());
    m_userName->setFocus();
}

Roles AddOperatorDialog::chosenRoles() const
{
    Roles roles;
    roles.setFlag(Role::Clerk, m_clerk->isChecked());
    roles.setFlag(Role::Supervisor, m_supervisor->isChecked());
    roles.setFlag(Role::Administrator, m_administrator->isChecked());
    return roles;
}

void AddOperatorDialog::submit()
{
    const QString userName = m_userName->text().trimmed();
    if (!chosenRoles()) {
        m_error->showMessage(tr("Roles: choose at least one of clerk, supervisor, administrator."));
        m_clerk->setFocus();
        return;
    }
    if (!m_newPassword.isEmpty() || m_keptPassword.isEmpty()) {
        const auto info = m_station.info();
        const QString stationName = info ? info->name : QString();
        m_keptPassword = SecureBuffer();
        m_newPassword.setPlaceholder(QString());
        auto password = m_newPassword.take({userName, stationName});
        if (!password) {
            m_error->showMessage(password.error().message);
            m_newPassword.passwordField()->setFocus();
            return;
        }
        m_keptPassword = std::move(*password);
    }
    setBusy(true);
    auto op = std::make_shared<Station::NewOperator>(
        Station::NewOperator {userName, m_fullName->text(), chosenRoles(), m_keptPassword.copy()});
    // Only the new slot's Argon2id runs on the worker, over a copy of the password; the
    // operator is added here, on the thread that owns the station.
    m_tasks.run(
        this,
        [password = m_keptPassword.copy(), kdf = m_station.slotKdf()] {
            return KeySlotFile::derivePasswordKey(password, kdf);
        },
        [this, op](Result<KeySlotFile::PasswordKey> key) {
            setBusy(false);
            auto added = key ? m_station.addOperator(std::move(*op), std::move(*key))
                             : Result<Operator>(std::unexpected(key.error()));
            if (!added) {
                m_error->showMessage(added.error().message);
                m_newPassword.setPlaceholder(tr("Kept from before; type only to change it"));
                m_userName->setFocus();
                return;
            }
            m_added = *added;
            accept();
        });
}

void AddOperatorDialog::reject()
{
    if (m_busy->isVisibleTo(this))
        return;
    QDialog::reject();
}

void AddOperatorDialog::setBusy(bool busy)
{
    for (QWidget *w :
         std::initializer_list<QWidget *> {m_userName, m_fullName, m_clerk, m_supervisor, m_administrator,
                                           m_newPassword.passwordField(), m_newPassword.confirmField(), m_buttons})
        w->setEnabled(!busy);
    m_busy->setVisible(busy);
    if (busy)
        m_error->clearMessage();
}

} // namespace tessera::ui
