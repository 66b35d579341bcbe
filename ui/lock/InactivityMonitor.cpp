#include "ui/lock/InactivityMonitor.h"

#include <QCoreApplication>
#include <QEvent>

namespace tessera::ui {

namespace {
bool isUserActivity(QEvent::Type type)
{
    switch (type) {
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TabletPress:
        return true;
    default:
        return false;
    }
}
} // namespace

InactivityMonitor::InactivityMonitor(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &InactivityMonitor::poll);
    QCoreApplication::instance()->installEventFilter(this);
}

InactivityMonitor::~InactivityMonitor()
{
    if (auto *app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

void InactivityMonitor::setTimeoutSeconds(int seconds)
{
    m_timeoutSeconds = seconds;
}

void InactivityMonitor::start()
{
    m_lastActivity = m_clock.now();
    m_active = true;
    m_timer.start();
}

void InactivityMonitor::stop()
{
    m_active = false;
    m_timer.stop();
}

void InactivityMonitor::poll()
{
    if (!m_active || m_timeoutSeconds <= 0)
        return;
    if (m_lastActivity.secsTo(m_clock.now()) >= m_timeoutSeconds) {
        stop();
        Q_EMIT idle();
    }
}

bool InactivityMonitor::eventFilter(QObject *watched, QEvent *event)
{
    if (m_active && isUserActivity(event->type()))
        m_lastActivity = m_clock.now();
    return QObject::eventFilter(watched, event);
}

} // namespace tessera::ui
