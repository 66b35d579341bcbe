#include "ui/login/LoginDialog.h"

#include "core/station/Station.h"
#include "ui/common/BusyBar.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/SecretField.h"
#include "ui/login/RecoveryDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

LoginDialog::LoginDialog(QString stationDir, const Clock &clock, QWidget *parent)
    : QDialog(parent)
    , m_stationDir(std::move(stationDir))
    , m_clock(clock)
    , m_userName(new QLineEdit(this))
    , m_password(makeSecretField(QStringLiteral("passwordLineEdit"), this))
    , m_signInButton(new QPushButton(tr("&Sign in"), this))
    , m_recoveryButton(new QPushButton(tr("Use &recovery key…"), this))
    , m_busy(new BusyBar(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Sign in — Tessera"));
    m_userName->setObjectName(QStringLiteral("userNameLineEdit"));
    m_userName->setMaxLength(32);
    m_signInButton->setObjectName(QStringLiteral("signInPushButton"));
    m_signInButton->setDefault(true);
    m_recoveryButton->setObjectName(QStringLiteral("recoveryKeyPushButton"));
    m_recoveryButton->setAutoDefault(false);
    m_recoveryButton->setToolTip(tr("For an administrator who has lost access: open the station with the key "
                                    "on the printed recovery sheet and reset a password."));
    m_error->setObjectName(QStringLiteral("loginErrorLabel"));
    m_busy->setObjectName(QStringLiteral("loginProgressBar"));

    auto *title = new QLabel(tr("Sign in to this station"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *where = new QLabel(QDir::toNativeSeparators(QDir(m_stationDir).absolutePath()), this);
    where->setObjectName(QStringLiteral("stationFolderLabel"));
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    where->setStyleSheet(QStringLiteral("color: palette(mid);"));

    auto *form = new QFormLayout;
    form->addRow(tr("User &name:"), m_userName);
    form->addRow(tr("&Password:"), m_password);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_signInButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_recoveryButton, QDialogButtonBox::ResetRole);
    auto *cancel = buttons->addButton(QDialogButtonBox::Close);
    cancel->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(where);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(buttons);
    setMinimumWidth(420);

    // Sign in is not wired to QDialog::accept: the dialog is accepted when login succeeds.
    connect(m_signInButton, &QPushButton::clicked, this, &LoginDialog::signIn);
    connect(m_recoveryButton, &QPushButton::clicked, this, &LoginDialog::useRecoveryKey);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    setTabOrder(m_userName, m_password);
    setTabOrder(m_password, m_signInButton);
    m_userName->setFocus();
}

LoginDialog::~LoginDialog() = default;

std::unique_ptr<Station> LoginDialog::takeStation()
{
    return std::move(m_station);
}

void LoginDialog::signIn()
{
    if (!m_signInButton->isEnabled())
        return;
    const QString userName = m_userName->text().trimmed();
    SecureBuffer password = takeSecret(m_password);
    if (userName.isEmpty()) {
        m_error->showMessage(tr("User name: enter your user name."));
        m_userName->setFocus();
        return;
    }
    if (password.isEmpty()) {
        m_error->showMessage(tr("Password: enter your password."));
        m_password->setFocus();
        return;
    }
    setBusy(true);
    m_tasks.run(
        this,
        [dir = m_stationDir, clock = &m_clock, userName, password = std::move(password),
         gui = std::this_thread::get_id()] {
            // Opened on the worker, the Station is handed to the GUI thread, which keeps it.
            return TaskRunner::handOverTo(gui, Station::login(dir, userName, password, *clock));
        },
        [this](Result<std::unique_ptr<Station>> station) {
            setBusy(false);
            if (!station) {
                m_error->showMessage(station.error().message);
                m_password->setFocus();
                return;
            }
            m_station = std::move(*station);
            m_error->clearMessage();
            accept();
        });
}

void LoginDialog::useRecoveryKey()
{
    RecoveryDialog dialog(m_stationDir, m_clock, this);
    dialog.exec();
    m_password->setFocus();
}

void LoginDialog::reject()
{
    if (m_busy->isVisibleTo(this)) // the bar shows exactly while the task is on the worker
        return;
    QDialog::reject();
}

void LoginDialog::setBusy(bool busy)
{
    m_userName->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_signInButton->setEnabled(!busy);
    m_recoveryButton->setEnabled(!busy);
    m_busy->setVisible(busy);
    if (busy)
        m_error->clearMessage();
}

} // namespace tessera::ui
