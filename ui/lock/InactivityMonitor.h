#pragma once

#include "core/util/Clock.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace tessera::ui {

// Notices when nobody has touched the keyboard or mouse for `timeoutSeconds` and says so
// once (idle()), then stays quiet until restarted. Watches every event the application
// delivers (an event filter on qApp) and measures time with an injected Clock, so tests
// move a ManualClock and call poll() instead of sleeping. The polling timer only decides
// how often the clock is read (every second); it is not the measure of time.
class InactivityMonitor : public QObject {
    Q_OBJECT
public:
    explicit InactivityMonitor(const Clock &clock, QObject *parent = nullptr);
    ~InactivityMonitor() override;

    void setTimeoutSeconds(int seconds);
    int timeoutSeconds() const { return m_timeoutSeconds; }
    bool isActive() const { return m_active; }

public Q_SLOTS:
    // Starts watching afresh: now counts as the last activity.
    void start();
    void stop();
    // Compares the clock with the last activity; emits idle() when the timeout has passed.
    void poll();

Q_SIGNALS:
    void idle();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    const Clock &m_clock;
    QTimer m_timer;
    QDateTime m_lastActivity;
    int m_timeoutSeconds = 300;
    bool m_active = false;
};

} // namespace tessera::ui
