#include "ui/login/RecoveryDialog.h"

#include "core/station/Station.h"
#include "ui/common/BusyBar.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/RoleText.h"
#include "ui/common/SecretField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tessera::ui {

RecoveryDialog::RecoveryDialog(QString stationDir, const Clock &clock, QWidget *parent)
    : QDialog(parent)
    , m_stationDir(std::move(stationDir))
    , m_clock(clock)
    , m_steps(new QStackedWidget(this))
    , m_recoveryKey(makeSecretField(QStringLiteral("recoveryKeyLineEdit"), this))
    , m_operator(new QComboBox(this))
    , m_newPassword(this)
    , m_nextButton(new QPushButton(tr("&Open station"), this))
    , m_busy(new BusyBar(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("recoveryDialog"));
    setWindowTitle(tr("Recovery key — Tessera"));
    m_recoveryKey->setEchoMode(QLineEdit::Normal); // copied from paper: the clerk must see what they type
    m_recoveryKey->setPlaceholderText(tr("XXXX-XXXX-…"));
    m_operator->setObjectName(QStringLiteral("operatorComboBox"));
    m_nextButton->setObjectName(QStringLiteral("recoveryNextPushButton"));
    m_nextButton->setDefault(true);
    m_error->setObjectName(QStringLiteral("recoveryErrorLabel"));

    auto *keyStep = new QWidget(m_steps);
    auto *keyIntro = new QLabel(tr("Type the recovery key from the station's recovery sheet. Letters may be upper or "
                                   "lower case; dashes and spaces are ignored."),
                                keyStep);
    keyIntro->setWordWrap(true);
    auto *keyForm = new QFormLayout;
    keyForm->addRow(tr("Recovery &key:"), m_recoveryKey);
    auto *keyLayout = new QVBoxLayout(keyStep);
    keyLayout->setContentsMargins(0, 0, 0, 0);
    keyLayout->addWidget(keyIntro);
    keyLayout->addLayout(keyForm);

    auto *resetStep = new QWidget(m_steps);
    auto *resetIntro = new QLabel(tr("Choose the operator whose password to reset. They must choose a new password "
                                     "when they next sign in. A disabled operator is enabled again."),
                                  resetStep);
    resetIntro->setWordWrap(true);
    auto *resetForm = new QFormLayout;
    resetForm->addRow(tr("&Operator:"), m_operator);
    m_newPassword.addRows(resetForm);
    auto *resetLayout = new QVBoxLayout(resetStep);
    resetLayout->setContentsMargins(0, 0, 0, 0);
    resetLayout->addWidget(resetIntro);
    resetLayout->addLayout(resetForm);

    m_steps->addWidget(keyStep);
    m_steps->addWidget(resetStep);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_nextButton, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_nextButton, &QPushButton::clicked, this, [this] {
        if (m_steps->currentIndex() == 0)
            openStation();
        else
            resetPassword();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_steps);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(buttons);
    setMinimumWidth(480);
}

RecoveryDialog::~RecoveryDialog() = default;

void RecoveryDialog::openStation()
{
    SecureBuffer key = takeSecret(m_recoveryKey);
    if (key.isEmpty()) {
        m_error->showMessage(tr("Recovery key: type the key from the recovery sheet."));
        return;
    }
    setBusy(true);
    m_tasks.run(
        this,
        [dir = m_stationDir, clock = &m_clock, key = std::move(key), gui = std::this_thread::get_id()] {
            return TaskRunner::handOverTo(gui, Station::openWithRecoveryKey(dir, key, *clock));
        },
        [this](Result<std::unique_ptr<Station>> station) {
            setBusy(false);
            if (!station) {
                m_error->showMessage(station.error().message);
                return;
            }
            m_station = std::move(*station);
            showOperators();
        });
}

void RecoveryDialog::showOperators()
{
    auto ops = m_station->operators();
    if (!ops) {
        m_error->showMessage(ops.error().message);
        return;
    }
    m_operator->clear();
    // Recovery is usually for a locked-out administrator: offer the first one.
    int firstAdministrator = -1;
    for (const Operator &op : *ops) {
        QString label = tr("%1 — %2 (%3)").arg(op.username, op.displayName, roleText(op.roles));
        if (op.disabled)
            label += tr(", disabled");
        m_operator->addItem(label, op.id);
        if (op.roles.testFlag(Role::Administrator) && firstAdministrator < 0)
            firstAdministrator = m_operator->count() - 1;
    }
    m_operator->setCurrentIndex(std::max(0, firstAdministrator));
    m_error->clearMessage();
    m_steps->setCurrentIndex(1);
    m_nextButton->setText(tr("&Reset password"));
    m_operator->setFocus();
}

void RecoveryDialog::resetPassword()
{
    const qint64 id = m_operator->currentData().toLongLong();
    auto op = m_station->operatorById(id);
    if (!op) {
        m_error->showMessage(op.error().message);
        return;
    }
    const auto info = m_station->info();
    const QString stationName = info ? info->name : QString();
    auto password = m_newPassword.take({op->username, stationName});
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
        [password = kept->copy(), kdf = m_station->slotKdf()] { return KeySlotFile::derivePasswordKey(password, kdf); },
        [this, id, kept, name = op->displayName](Result<KeySlotFile::PasswordKey> key) {
            setBusy(false);
            auto done =
                key ? m_station->resetPassword(id, *kept, std::move(*key)) : Result<void>(std::unexpected(key.error()));
            if (!done) {
                m_error->showMessage(done.error().message);
                return;
            }
            QMessageBox::information(
                this, windowTitle(),
                tr("The password of %1 has been reset. They must choose a new one when they sign in.").arg(name));
            accept();
        });
}

void RecoveryDialog::setBusy(bool busy)
{
    m_steps->setEnabled(!busy);
    m_nextButton->setEnabled(!busy);
    m_busy->setVisible(busy);
    if (busy)
        m_error->clearMessage();
}

} // namespace tessera::ui
