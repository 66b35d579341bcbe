#include "ui/shell/MainWindow.h"

#include "core/station/Station.h"
#include "ui/account/ChangePasswordDialog.h"
#include "ui/admin/AdministrationPage.h"
#include "ui/cards/CardsPage.h"
#include "ui/common/Shortcuts.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/lock/InactivityMonitor.h"
#include "ui/lock/LockPage.h"
#include "ui/review/ReviewPage.h"
#include "ui/shell/HomePage.h"
#include "ui/shell/ShortcutsDialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include "core/retention/Duties.h"
#include <QToolBar>

namespace tessera::ui {

MainWindow::MainWindow(std::unique_ptr<Station> station, const Clock &clock, QWidget *parent)
    : QMainWindow(parent)
    , m_station(std::move(station))
    , m_monitor(new InactivityMonitor(clock, this))
    , m_root(new QStackedWidget(this))
    , m_pages(new QTabWidget(m_root))
    , m_home(new HomePage(*m_station, m_pages))
    , m_lockPage(new LockPage(*m_station, m_tasks, m_root))
{
    setObjectName(QStringLiteral("mainWindow"));
    const auto info = m_station->info();
    const QString stationTitle = info ? tr("%1 (%2)").arg(info->name, info->code) : QString();
    setWindowTitle(tr("%1 — Tessera").arg(stationTitle));

    m_root->setObjectName(QStringLiteral("rootStackedWidget"));
    m_pages->setObjectName(QStringLiteral("pagesTabWidget"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_home, tr("Home"));
    // Pages an operator's roles do not allow are not built at all, rather than hidden.
    if (m_station->session().hasRole(Role::Clerk)) {
        m_enroll = new EnrollmentPage(*m_station, m_tasks, m_pages);
        m_pages->addTab(m_enroll, tr("Enroll"));
        connect(m_enroll, &EnrollmentPage::statusMessage, statusBar(), &QStatusBar::showMessage);
        connect(m_enroll, &EnrollmentPage::submitted, this, [this](const QString &cardNumber) {
            statusBar()->showMessage(tr("Submitted: card %1.").arg(cardNumber), 15000);
        });
    }
    if (m_station->session().hasRole(Role::Supervisor)) {
        m_review = new ReviewPage(*m_station, m_tasks, m_pages);
        m_pages->addTab(m_review, tr("Review"));
        connect(m_review, &ReviewPage::statusMessage, statusBar(), &QStatusBar::showMessage);
        // Clerks submit meanwhile: show the batches as they are now.
        connect(m_pages, &QTabWidget::currentChanged, this, [this](int index) {
            if (m_pages->widget(index) == m_review)
                m_review->refresh();
        });
    }
    if (m_station->session().hasRole(Role::Clerk) || m_station->session().hasRole(Role::Supervisor)) {
        m_cards = new CardsPage(*m_station, m_tasks, m_pages);
        m_pages->addTab(m_cards, tr("Cards"));
        connect(m_cards, &CardsPage::statusMessage, statusBar(), &QStatusBar::showMessage);
        // Reviews approve enrollments meanwhile: show the cards as they are now.
        connect(m_pages, &QTabWidget::currentChanged, this, [this](int index) {
            if (m_pages->widget(index) == m_cards)
                m_cards->refresh();
        });
    }
    if (m_station->session().hasRole(Role::Administrator)) {
        m_admin = new AdministrationPage(*m_station, m_tasks, m_pages);
        m_pages->addTab(m_admin, tr("Administration"));
        connect(m_admin, &AdministrationPage::autoLockChanged, this, &MainWindow::applyAutoLock);
        // Sign-ins, locks and unlocks add audit entries meanwhile: show the chain as it is now.
        connect(m_pages, &QTabWidget::currentChanged, this, [this](int index) {
            if (m_pages->widget(index) == m_admin)
                m_admin->refresh();
        });
        if (m_enroll)
            connect(m_admin, &AdministrationPage::programmeInstalled, m_enroll, &EnrollmentPage::reloadProgramme);
        if (m_review)
            connect(m_admin, &AdministrationPage::programmeInstalled, m_review, &ReviewPage::reloadProgramme);
    }
    // Leaving the enrollment page keeps what was typed as a draft.
    connect(m_pages, &QTabWidget::currentChanged, this, [this] { saveWork(); });
    // Ctrl+1, Ctrl+2…: the clerk types straight away, wherever the focus was on that page before.
    connect(m_pages, &QTabWidget::currentChanged, this, [this] { focusFirstField(m_pages->currentWidget()); });
    m_root->addWidget(m_pages);
    m_root->addWidget(m_lockPage);
    setCentralWidget(m_root);

    auto *who = new QLabel(tr("Signed in as %1 (%2) at %3")
                               .arg(m_station->session().currentOperator().displayName,
                                    m_station->session().currentOperator().username, stationTitle),
                           this);
    statusBar()->addWidget(who);
    createActions();

    connect(m_monitor, &InactivityMonitor::idle, this, &MainWindow::lock);
    connect(m_lockPage, &LockPage::unlocked, this, &MainWindow::unlock);
    connect(m_lockPage, &LockPage::takeOverRequested, this, &MainWindow::takeOver);
    applyAutoLock(info ? info->autoLockSeconds : 300);
    m_monitor->start();
    if (const QScreen *where = screen())
        fitTo(where->availableGeometry());

    runDuties();
    auto *duties = new QTimer(this);
    duties->setInterval(60 * 60 * 1000);
    connect(duties, &QTimer::timeout, this, &MainWindow::runDuties);
    duties->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::fitTo(const QRect &available)
{
    const QSize preferred(1240, 800);
    // The window manager's title bar and borders, which a resize does not count.
    const QSize frame(16, 40);
    if (available.width() >= preferred.width() + frame.width()
        && available.height() >= preferred.height() + frame.height()) {
        setWindowState(windowState() & ~Qt::WindowMaximized);
        resize(preferred);
        return;
    }
    // Sized as well as maximised: a window manager that ignores the state still gets a window
    // that fits.
    resize(available.size() - frame);
    setWindowState(windowState() | Qt::WindowMaximized);
}

void MainWindow::createActions()
{
    auto *changePassword = new QAction(tr("&Change password…"), this);
    changePassword->setObjectName(QStringLiteral("changePasswordAction"));
    changePassword->setShortcuts(shortcutKeys(ShortcutId::ChangePassword));
    connect(changePassword, &QAction::triggered, this, &MainWindow::changePassword);

    auto *lockNow = new QAction(tr("&Lock now"), this);
    lockNow->setObjectName(QStringLiteral("lockAction"));
    lockNow->setShortcuts(shortcutKeys(ShortcutId::LockNow));
    lockNow->setToolTip(tr("Lock the station now (Ctrl+L). Your work stays as it is."));
    connect(lockNow, &QAction::triggered, this, &MainWindow::lock);

    auto *signOut = new QAction(tr("Sign &out"), this);
    signOut->setObjectName(QStringLiteral("signOutAction"));
    signOut->setShortcuts(shortcutKeys(ShortcutId::SignOut));
    connect(signOut, &QAction::triggered, this, &MainWindow::signOut);

    auto *quit = new QAction(tr("&Quit"), this);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcuts(shortcutKeys(ShortcutId::Quit));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &MainWindow::quit);

    QMenu *session = menuBar()->addMenu(tr("&Session"));
    session->addAction(changePassword);
    session->addAction(lockNow);
    session->addSeparator();
    session->addAction(signOut);
    session->addAction(quit);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    for (const auto &[which, widget] : shownPages()) {
        // Tab labels carry no Alt accelerator (they are always live and would clash with the
        // pages' own); each page has its Ctrl+digit, the same for every operator, and that
        // digit in this menu.
        auto *page = go->addAction(
            QStringLiteral("&%1 %2").arg(static_cast<int>(which) + 1).arg(m_pages->tabText(m_pages->indexOf(widget))));
        page->setShortcut(Shortcuts::pageKey(which));
        connect(page, &QAction::triggered, this, [this, widget = widget] { m_pages->setCurrentWidget(widget); });
        m_sessionActions << page;
    }

    if (m_enroll) {
        QMenu *enrollment = menuBar()->addMenu(tr("&Enrollment"));
        for (QAction *a : m_enroll->actions()) {
            enrollment->addAction(a);
            // The shortcuts work from any page and bring the enrollment page forward.
            connect(
                a, &QAction::triggered, this, [this] { m_pages->setCurrentWidget(m_enroll); }, Qt::DirectConnection);
        }
    }

    // Help stays available while locked: it shows nothing of the work behind the lock.
    auto *help = new QAction(tr("&Keyboard shortcuts…"), this);
    help->setObjectName(QStringLiteral("shortcutsHelpAction"));
    help->setShortcuts(shortcutKeys(ShortcutId::Help));
    connect(help, &QAction::triggered, this, &MainWindow::showShortcuts);
    // No Alt letter: every letter of "Help" is taken on some page, and F1 reaches it anyway.
    menuBar()->addMenu(tr("Help"))->addAction(help);

    QToolBar *bar = addToolBar(tr("Session"));
    bar->setObjectName(QStringLiteral("sessionToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(lockNow);
    bar->addAction(signOut);

    m_sessionActions << changePassword << lockNow << signOut;
}

QList<std::pair<AppPage, QWidget *>> MainWindow::shownPages() const
{
    QList<std::pair<AppPage, QWidget *>> shown {{AppPage::Home, m_home}};
    for (const auto &[which, widget] : {std::pair<AppPage, QWidget *> {AppPage::Enroll, m_enroll},
                                        std::pair<AppPage, QWidget *> {AppPage::Review, m_review},
                                        std::pair<AppPage, QWidget *> {AppPage::Cards, m_cards},
                                        std::pair<AppPage, QWidget *> {AppPage::Administration, m_admin}})
        if (widget != nullptr)
            shown.append({which, widget});
    return shown;
}

void MainWindow::focusFirstField(QWidget *page)
{
    if (page == nullptr)
        return;
    if (QWidget *proxy = page->focusProxy()) {
        proxy->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    for (QWidget *w = page->nextInFocusChain(); w != page; w = w->nextInFocusChain()) {
        if (!page->isAncestorOf(w))
            continue;
        if (w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) != 0) {
            w->setFocus(Qt::ShortcutFocusReason);
            return;
        }
    }
}

bool MainWindow::isLocked() const
{
    return m_root->currentWidget() == m_lockPage;
}

void MainWindow::applyAutoLock(int seconds)
{
    m_monitor->setTimeoutSeconds(seconds);
}

void MainWindow::setSessionActionsEnabled(bool enabled)
{
    for (QAction *a : std::as_const(m_sessionActions))
        a->setEnabled(enabled);
    if (m_enroll)
        for (QAction *a : m_enroll->actions())
            a->setEnabled(enabled && m_enroll->hasProgramme());
}

void MainWindow::lock()
{
    if (isLocked() || m_ended)
        return;
    // A task may be on its way (a dialog saving, a commit whose decisions apply when its
    // password check returns, a lent Station): lock just after its result is in.
    if (m_tasks.isBusy()) {
        QTimer::singleShot(200, this, &MainWindow::lock);
        return;
    }
    saveWork();
    m_monitor->stop();
    // Open dialogs (adding an operator, changing a password) would float above the lock
    // page: hide them with their contents and bring them back on unlock.
    for (QDialog *d : findChildren<QDialog *>()) {
        if (d->isVisible()) {
            m_hiddenDialogs << d;
            d->hide();
        }
    }
    (void)m_station->recordLocked(); // audit only: a failure to record must not keep the screen open
    m_root->setCurrentWidget(m_lockPage);
    setSessionActionsEnabled(false);
    m_lockPage->prepare();
}

void MainWindow::unlock()
{
    m_root->setCurrentWidget(m_pages);
    setSessionActionsEnabled(true);
    for (const QPointer<QDialog> &d : std::as_const(m_hiddenDialogs))
        if (QDialog *dialog = d.data(); dialog != nullptr)
            dialog->open();
    m_hiddenDialogs.clear();
    m_monitor->start();
}

void MainWindow::changePassword()
{
    if (isLocked())
        return;
    auto *dialog = new ChangePasswordDialog(*m_station, m_tasks, ChangePasswordDialog::Mode::Voluntary, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        statusBar()->showMessage(tr("Your password has been changed."), 8000);
        if (m_admin)
            m_admin->refresh();
    });
    dialog->open();
}

void MainWindow::saveWork()
{
    if (m_enroll)
        m_enroll->saveDraftNow();
}

void MainWindow::endSession()
{
    if (m_ended)
        return;
    saveWork();
    m_ended = true;
    m_monitor->stop();
    (void)m_station->logout(); // audit only: the session ends whether or not the entry is written
}

void MainWindow::signOut()
{
    // Not while a task's result is still to be applied (the session would end under it).
    if (m_tasks.isBusy() || !mayDiscardShiftNotes(tr("Sign &out and discard the notes")))
        return;
    endSession();
    Q_EMIT signOutRequested();
}

void MainWindow::quit()
{
    // Not while a task's result is still to be applied (a commit would be lost).
    if (m_tasks.isBusy() || !mayDiscardShiftNotes(tr("&Quit and discard the notes")))
        return;
    endSession();
    Q_EMIT quitRequested();
}

bool MainWindow::mayDiscardShiftNotes(const QString &discardText)
{
    // The notes are kept nowhere by design (nothing an operator types in passing reaches the
    // store), so ending the session is the moment they would vanish without a word.
    if (m_ended || m_home->shiftNotes()->toPlainText().trimmed().isEmpty())
        return true;
    QMessageBox ask(QMessageBox::Warning, tr("Shift notes will be lost"),
                    tr("Your notes for this shift are not saved anywhere: they are gone when the session ends. Copy "
                       "what you still need (select them on the Home page, Ctrl+C) before you go on."),
                    QMessageBox::Cancel, this);
    ask.setObjectName(QStringLiteral("discardShiftNotesMessageBox"));
    QPushButton *discard = ask.addButton(discardText, QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discardShiftNotesPushButton"));
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() == discard)
        return true;
    if (!isLocked()) {
        m_pages->setCurrentWidget(m_home);
        m_home->shiftNotes()->setFocus();
    }
    return false;
}

void MainWindow::takeOver()
{
    if (!isLocked() || m_ended || m_tasks.isBusy())
        return;
    const Operator &op = m_station->session().currentOperator();
    QString consequences = tr("Their enrollment in progress is kept as a draft, which they find again under "
                              "Enrollment → My drafts (Ctrl+O).");
    // The notes belong to the locked operator: say they go, without showing them.
    if (!m_home->shiftNotes()->toPlainText().trimmed().isEmpty())
        consequences += QLatin1Char(' ') + tr("Their shift notes, which are not saved anywhere, are discarded.");
    QMessageBox ask(QMessageBox::Question, tr("Sign in as someone else"),
                    tr("This ends the session of %1 (%2) so that someone else can sign in. %3")
                        .arg(op.displayName, op.username, consequences),
                    QMessageBox::Cancel, this);
    ask.setObjectName(QStringLiteral("takeOverMessageBox"));
    QPushButton *go = ask.addButton(tr("&End their session"), QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("confirmTakeOverPushButton"));
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != go) {
        m_lockPage->prepare();
        return;
    }
    // The draft first, then the audit entry, then the session ends; the next operator's sign-in
    // is audited by the sign-in itself.
    saveWork();
    m_ended = true;
    m_monitor->stop();
    (void)m_station->recordTakenOver(); // audit only: the session ends whether or not the entry is written
    Q_EMIT signOutRequested();
}

void MainWindow::showShortcuts()
{
    QList<std::pair<AppPage, QString>> pages;
    for (const auto &[which, widget] : shownPages())
        pages.append({which, m_pages->tabText(m_pages->indexOf(widget))});
    auto *dialog = new ShortcutsDialog(pages, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Not while a task's result is still to be applied (a commit would be lost).
    if (m_tasks.isBusy() || !mayDiscardShiftNotes(tr("&Close and discard the notes"))) {
        event->ignore();
        return;
    }
    event->accept();
    if (!m_ended) {
        endSession();
        Q_EMIT quitRequested();
    }
}

void MainWindow::runDuties()
{
    if (m_tasks.stationLent())
        return; // the station is lent to the worker thread; the next round catches up
    auto report = runScheduledDuties(m_station->access());
    if (!report)
        statusBar()->showMessage(tr("Scheduled retention could not run: %1").arg(report.error().message), 15000);
    else if (report->purge.total() > 0)
        statusBar()->showMessage(
            tr("Scheduled retention removed or reduced %1 record(s); the receipt is in the audit log.")
                .arg(report->purge.total()),
            15000);
}

} // namespace tessera::ui
