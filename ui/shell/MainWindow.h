#pragma once

#include "ui/common/Shortcuts.h"
#include "ui/common/TaskRunner.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <utility>

class QAction;
class QDialog;
class QStackedWidget;
class QTabWidget;

namespace tessera {
class Clock;
class Station;
} // namespace tessera

namespace tessera::ui {

class AdministrationPage;
class CardsPage;
class EnrollmentPage;
class HomePage;
class InactivityMonitor;
class LockPage;
class ReviewPage;

// The signed-in station: pages the operator's roles allow (enrollment for clerks,
// review for supervisors, administration for administrators), and the session actions. Owns the Station. Locks itself
// after inactivity: the lock page replaces the pages in a stack, so what was typed stays in memory, out of sight, until
// the session is unlocked.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(std::unique_ptr<Station> station, const Clock &clock, QWidget *parent = nullptr);
    ~MainWindow() override;

    Station &station() { return *m_station; }
    InactivityMonitor *inactivityMonitor() const { return m_monitor; }
    HomePage *homePage() const { return m_home; }
    AdministrationPage *administrationPage() const { return m_admin; }
    EnrollmentPage *enrollmentPage() const { return m_enroll; }
    ReviewPage *reviewPage() const { return m_review; }
    CardsPage *cardsPage() const { return m_cards; }
    LockPage *lockPage() const { return m_lockPage; }
    bool isLocked() const;
    // Sizes the window for a screen whose free area (without panels) is `available`: its
    // preferred size where that fits with the window manager's frame, else maximised, so
    // that the action buttons and the status bar are on screen from the first start
    // (1366x768 laptops, 1920x1080 at 150 %).
    void fitTo(const QRect &available);

public Q_SLOTS:
    void lock();
    void signOut();
    void quit();
    void changePassword();
    // From the lock page: ends the locked operator's session (their draft saved, the take-over
    // audited) after a confirmation, and returns to sign-in for someone else.
    void takeOver();
    // Help → Keyboard shortcuts (F1).
    void showShortcuts();
    // The retention duties (core/retention/Duties.h): at sign-in, then hourly while the
    // window is open. Skipped while a background task holds the station.
    void runDuties();

Q_SIGNALS:
    void signOutRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void unlock();
    // The page's focus proxy, or else the first control Tab reaches on it.
    static void focusFirstField(QWidget *page);
    // The pages this operator has, in tab order, each with the page it is (its key follows).
    QList<std::pair<AppPage, QWidget *>> shownPages() const;
    void setSessionActionsEnabled(bool enabled);
    void endSession();
    void applyAutoLock(int seconds);
    void saveWork();
    // Asks before unsaved shift notes go with the session; true when there are none or the
    // operator chose `discardText`.
    bool mayDiscardShiftNotes(const QString &discardText);

    std::unique_ptr<Station> m_station;
    TaskRunner m_tasks; // after m_station: a running task finishes before the station closes
    InactivityMonitor *m_monitor;
    QStackedWidget *m_root;
    QTabWidget *m_pages;
    HomePage *m_home;
    EnrollmentPage *m_enroll = nullptr;
    ReviewPage *m_review = nullptr;
    AdministrationPage *m_admin = nullptr;
    CardsPage *m_cards = nullptr;
    LockPage *m_lockPage;
    QList<QAction *> m_sessionActions;
    QList<QPointer<QDialog>> m_hiddenDialogs;
    bool m_ended = false;
};

} // namespace tessera::ui
