#pragma once

#include "core/capture/FrameSource.h"
#include "core/capture/PhotoChecks.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

class QThread;

namespace tessera {

// Runs a FrameSource and the photo checks off the GUI thread (style.md, principle 6):
//  - the grab thread reads frames from the source, paced to its frame interval, and hands the
//    newest to the GUI (frameReady) only when the GUI took the previous one;
//  - the analysis thread runs PhotoAnalyzer on the newest frame whenever it is free
//    (analysed); frames that arrive while it is busy are dropped, never queued, so the checks
//    always describe a recent picture and nothing piles up when analysis is slower than the
//    source.
// Signals are emitted on the thread the session lives on (the GUI thread). A source that
// ends or fails stops the grab thread and emits ended() with the source's message (empty
// when a file simply ended). The session owns the source and the analyzer. Frames live in
// memory only.
class CaptureSession : public QObject {
    Q_OBJECT
public:
    CaptureSession(std::unique_ptr<FrameSource> source, PhotoAnalyzer analyzer, QObject *parent = nullptr);
    // Stops and waits for both threads (a camera read in progress finishes first).
    ~CaptureSession() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    QString sourceDescription() const { return m_description; }

Q_SIGNALS:
    void frameReady(const QImage &frame);
    void analysed(const QImage &frame, const tessera::PhotoAssessment &assessment);
    void analysisFailed(const QString &message);
    void ended(const QString &message);

private:
    void grabLoop();
    void analysisLoop();
    void deliverFrame();

    std::unique_ptr<FrameSource> m_source;
    PhotoAnalyzer m_analyzer;
    QString m_description;
    QThread *m_grabThread = nullptr;
    QThread *m_analysisThread = nullptr;
    bool m_running = false;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::optional<QImage> m_toAnalyse; // the frame handed to the analysis thread
    QImage m_latest;                   // the newest frame for the GUI
    std::atomic<bool> m_analysing {false};
    std::atomic<bool> m_framePending {false};
};

} // namespace tessera
