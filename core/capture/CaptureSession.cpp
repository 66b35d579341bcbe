#include "core/capture/CaptureSession.h"

#include <QThread>

#include <chrono>

namespace tessera {

CaptureSession::CaptureSession(std::unique_ptr<FrameSource> source, PhotoAnalyzer analyzer, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_analyzer(std::move(analyzer))
    , m_description(m_source ? m_source->description() : QString())
{
}

CaptureSession::~CaptureSession()
{
    stop();
}

void CaptureSession::start()
{
    if (m_running || !m_source)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
        m_toAnalyse.reset();
    }
    m_analysing = false;
    m_framePending = false;
    m_running = true;
    m_grabThread = QThread::create([this] { grabLoop(); });
    m_analysisThread = QThread::create([this] { analysisLoop(); });
    m_grabThread->setObjectName(QStringLiteral("photo-grab"));
    m_analysisThread->setObjectName(QStringLiteral("photo-analysis"));
    m_analysisThread->start();
    m_grabThread->start();
}

void CaptureSession::stop()
{
    if (!m_running)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (QThread *t : {m_grabThread, m_analysisThread}) {
        t->wait();
        delete t;
    }
    m_grabThread = nullptr;
    m_analysisThread = nullptr;
    m_running = false;
}

void CaptureSession::grabLoop()
{
    using Clock = std::chrono::steady_clock;
    auto due = Clock::now();
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
        }
        auto frame = m_source->next();
        if (!frame || !*frame) {
            const QString message = frame ? QString() : frame.error().message;
            QMetaObject::invokeMethod(
                this, [this, message] { Q_EMIT ended(message); }, Qt::QueuedConnection);
            return;
        }
        QImage image = std::move(**frame);
        {
            std::lock_guard lock(m_mutex);
            m_latest = image;
            if (!m_analysing.exchange(true))
                m_toAnalyse = image;
        }
        m_wake.notify_all();
        // The GUI gets the newest frame; it is told once until it has taken it.
        if (!m_framePending.exchange(true))
            QMetaObject::invokeMethod(this, &CaptureSession::deliverFrame, Qt::QueuedConnection);

        const auto interval = m_source->frameInterval();
        if (interval.count() > 0) {
            due += interval;
            const auto now = Clock::now();
            if (due < now - 2 * interval)
                due = now; // fell behind (a slow decode): do not race to catch up
            std::unique_lock lock(m_mutex);
            m_wake.wait_until(lock, due, [this] { return m_stopping; });
        }
    }
}

void CaptureSession::analysisLoop()
{
    for (;;) {
        QImage frame;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || m_toAnalyse.has_value(); });
            if (m_stopping)
                return;
            frame = std::move(*m_toAnalyse);
            m_toAnalyse.reset();
        }
        auto assessment = m_analyzer.analyze(frame);
        if (assessment)
            QMetaObject::invokeMethod(
                this, [this, frame, a = std::move(*assessment)] { Q_EMIT analysed(frame, a); }, Qt::QueuedConnection);
        else
            QMetaObject::invokeMethod(
                this, [this, message = assessment.error().message] { Q_EMIT analysisFailed(message); },
                Qt::QueuedConnection);
        m_analysing = false;
    }
}

void CaptureSession::deliverFrame()
{
    QImage frame;
    {
        std::lock_guard lock(m_mutex);
        frame = m_latest;
    }
    m_framePending = false;
    if (!frame.isNull())
        Q_EMIT frameReady(frame);
}

} // namespace tessera
