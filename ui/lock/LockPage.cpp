#include "ui/lock/LockPage.h"

#include "core/station/Station.h"
#include "ui/common/BusyBar.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/SecretField.h"
#include "ui/common/TaskRunner.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

LockPage::LockPage(Station &station, TaskRunner &tasks, QWidget *parent)
    : QWidget(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_whoLabel(new QLabel(this))
    , m_userName(new QLineEdit(this))
    , m_password(makeSecretField(QStringLiteral("unlockPasswordLineEdit"), this))
    , m_unlockButton(new QPushButton(tr("&Unlock"), this))
    , m_takeOverButton(new QPushButton(tr("Sign in as &someone else…"), this))
    , m_busy(new BusyBar(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("lockPageWidget"));
    m_whoLabel->setObjectName(QStringLiteral("lockedByLabel"));
    m_whoLabel->setWordWrap(true);
    m_whoLabel->setMinimumHeight(m_whoLabel->fontMetrics().lineSpacing() * 2);
    m_userName->setObjectName(QStringLiteral("unlockUserNameLineEdit"));
    m_unlockButton->setObjectName(QStringLiteral("unlockPushButton"));
    m_unlockButton->setDefault(true);
    m_takeOverButton->setObjectName(QStringLiteral("takeOverPushButton"));
    m_takeOverButton->setAutoDefault(false);
    m_takeOverButton->setToolTip(tr("End this session (its work is kept as a draft) and sign in as another operator."));
    m_error->setObjectName(QStringLiteral("unlockErrorLabel"));
    m_busy->setObjectName(QStringLiteral("unlockProgressBar"));

    auto *title = new QLabel(tr("This station is locked"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *form = new QFormLayout;
    form->addRow(tr("User &name:"), m_userName);
    form->addRow(tr("&Password:"), m_password);

    auto *panel = new QWidget(this);
    panel->setFixedWidth(460);
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->addWidget(title);
    panelLayout->addWidget(m_whoLabel);
    panelLayout->addSpacing(12);
    panelLayout->addLayout(form);
    panelLayout->addWidget(m_error);
    panelLayout->addWidget(m_busy);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_takeOverButton);
    buttons->addStretch();
    buttons->addWidget(m_unlockButton);
    panelLayout->addLayout(buttons);

    auto *outer = new QVBoxLayout(this);
    outer->addStretch(2);
    outer->addWidget(panel, 0, Qt::AlignHCenter);
    outer->addStretch(3);

    connect(m_unlockButton, &QPushButton::clicked, this, &LockPage::unlock);
    connect(m_password, &QLineEdit::returnPressed, this, &LockPage::unlock);
    connect(m_userName, &QLineEdit::returnPressed, m_password, qOverload<>(&QWidget::setFocus));
    setTabOrder(m_userName, m_password);
    setTabOrder(m_password, m_unlockButton);
    setTabOrder(m_unlockButton, m_takeOverButton);
    connect(m_takeOverButton, &QPushButton::clicked, this, &LockPage::takeOverRequested);
}

void LockPage::prepare()
{
    const Operator &op = m_station.session().currentOperator();
    m_whoLabel->setText(tr("%1 (%2) is signed in. Enter their password to continue, or a supervisor's.")
                            .arg(op.displayName, op.username));
    m_userName->setText(op.username);
    m_password->clear();
    m_error->clearMessage();
    setBusy(false);
    m_password->setFocus();
}

void LockPage::unlock()
{
    if (!m_unlockButton->isEnabled())
        return;
    const QString userName = m_userName->text().trimmed();
    SecureBuffer password = takeSecret(m_password);
    if (userName.isEmpty() || password.isEmpty()) {
        m_error->showMessage(tr("Enter a user name and a password."));
        return;
    }
    setBusy(true);
    // Only Argon2id runs on the worker, on a copy of the key file; the station stays here.
    auto check = m_station.session().beginPasswordCheck(userName);
    if (!check) {
        setBusy(false);
        m_error->showMessage(check.error().message);
        m_password->setFocus();
        Q_EMIT unlockFailed();
        return;
    }
    m_tasks.run(
        this,
        [check = std::move(*check), password = std::move(password)]() mutable {
            check.unlock(password);
            return std::move(check);
        },
        [this](Session::PasswordCheck checked) {
            setBusy(false);
            auto who = m_station.unlockSession(std::move(checked));
            if (!who) {
                m_error->showMessage(who.error().message);
                m_password->setFocus();
                Q_EMIT unlockFailed();
                return;
            }
            m_error->clearMessage();
            Q_EMIT unlocked();
        });
}

void LockPage::setBusy(bool busy)
{
    m_userName->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_unlockButton->setEnabled(!busy);
    m_takeOverButton->setEnabled(!busy);
    m_busy->setVisible(busy);
}

} // namespace tessera::ui
