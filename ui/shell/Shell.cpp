#include "ui/shell/Shell.h"

#include "core/station/Station.h"
#include "ui/account/ChangePasswordDialog.h"
#include "ui/login/LoginDialog.h"
#include "ui/setup/SetupWizard.h"
#include "ui/shell/MainWindow.h"

#include <QGuiApplication>

namespace tessera::ui {

Shell::Shell(QString stationDir, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_stationDir(std::move(stationDir))
    , m_clock(clock)
{
    // Windows come and go (sign-in closes before the main window opens): the shell decides
    // when the application ends, not the last window.
    QGuiApplication::setQuitOnLastWindowClosed(false);
}

Shell::~Shell()
{
    delete m_window;
    delete m_login;
    delete m_wizard;
}

SetupWizard *Shell::setupWizard() const
{
    return m_wizard;
}

LoginDialog *Shell::loginDialog() const
{
    return m_login;
}

MainWindow *Shell::mainWindow() const
{
    return m_window;
}

void Shell::start()
{
    if (Station::existsAt(m_stationDir))
        showLogin();
    else
        showSetup();
}

void Shell::showSetup()
{
    m_wizard = new SetupWizard(m_stationDir, m_clock);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_wizard, &QDialog::finished, this, [this](int result) {
        if (result == QDialog::Accepted)
            showMainWindow(m_wizard->takeStation());
        else
            Q_EMIT quitRequested();
    });
    m_wizard->show();
}

void Shell::showLogin()
{
    m_login = new LoginDialog(m_stationDir, m_clock);
    m_login->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_login, &QDialog::finished, this, [this](int result) {
        if (result == QDialog::Accepted)
            enter(m_login->takeStation());
        else
            Q_EMIT quitRequested();
    });
    m_login->show();
    m_login->activateWindow();
}

void Shell::enter(std::unique_ptr<Station> station)
{
    if (!station->session().currentOperator().mustChangePassword) {
        showMainWindow(std::move(station));
        return;
    }
    m_pending = std::move(station);
    auto *dialog = new ChangePasswordDialog(*m_pending, m_tasks, ChangePasswordDialog::Mode::Forced);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this](int result) {
        if (result == QDialog::Accepted) {
            showMainWindow(std::move(m_pending));
        } else {
            (void)m_pending->logout(); // audit only: signing out must not wait on the audit log
            m_pending.reset();
            showLogin();
        }
    });
    dialog->show();
}

void Shell::showMainWindow(std::unique_ptr<Station> station)
{
    m_window = new MainWindow(std::move(station), m_clock);
    m_window->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_window, &MainWindow::signOutRequested, this, [this] {
        m_window->close();
        showLogin();
    });
    connect(m_window, &MainWindow::quitRequested, this, [this] {
        m_window->close();
        Q_EMIT quitRequested();
    });
    m_window->show();
    m_window->activateWindow();
}

} // namespace tessera::ui
