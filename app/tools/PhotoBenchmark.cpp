#include "app/tools/PhotoBenchmark.h"

#include "core/capture/CaptureSession.h"
#include "core/capture/FrameSource.h"
#include "core/capture/PhotoChecks.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QPainter>
#include <QTimer>
#include <algorithm>
#include <sched.h>
#include <time.h>
#include <vector>

namespace tessera {

namespace {

// One core, as the targets are per core; true when pinned.
bool pinToOneCore()
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
    return sched_setaffinity(0, sizeof(one), &one) == 0;
}

// CPU time used by this process so far, in milliseconds: what one analysis costs, apart
// from the time spent waiting while other processes had the core.
double processCpuMs()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double elapsedMs(const QElapsedTimer &timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

} // namespace

// The session delivers frames to this thread's event loop as it does to the photo step, which
// converts each for the painter.
Result<void> PreviewBenchmark::runLive(const QString &path, int forSeconds)
{
    auto source = VideoFileSource::open(path, VideoFileSource::AtEnd::Loop);
    if (!source)
        return std::unexpected(source.error());
    fileFps = (*source)->framesPerSecond();
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return std::unexpected(analyzer.error());
    CaptureSession session(std::move(*source), std::move(*analyzer));
    QEventLoop loop;
    QString failure;
    qint64 shown = 0;
    qint64 analysed = 0;
    QObject::connect(&session, &CaptureSession::frameReady, &loop, [&](const QImage &frame) {
        shown += frame.convertToFormat(QImage::Format_ARGB32_Premultiplied).isNull() ? 0 : 1;
    });
    QObject::connect(&session, &CaptureSession::analysed, &loop,
                     [&](const QImage &, const PhotoAssessment &) { ++analysed; });
    QObject::connect(&session, &CaptureSession::ended, &loop, [&](const QString &message) {
        failure = message.isEmpty() ? QStringLiteral("The video ended.") : message;
        loop.quit();
    });
    QTimer::singleShot(forSeconds * 1000, &loop, &QEventLoop::quit);
    QElapsedTimer live;
    live.start();
    session.start();
    loop.exec();
    session.stop();
    const double liveSeconds = static_cast<double>(live.nsecsElapsed()) / 1e9;
    if (!failure.isEmpty())
        return fail(ErrorCode::InvalidInput, failure);
    liveShownFps = static_cast<double>(shown) / liveSeconds;
    liveAnalysedFps = static_cast<double>(analysed) / liveSeconds;
    return {};
}

Result<void> PreviewBenchmark::runCapacity(const QString &path, int forSeconds)
{
    oneCore = pinToOneCore();
    auto source = VideoFileSource::open(path, VideoFileSource::AtEnd::Loop);
    if (!source)
        return std::unexpected(source.error());
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return std::unexpected(analyzer.error());
    std::vector<double> decodeMs, analyseMs, convertMs;
    QElapsedTimer total;
    QElapsedTimer step;
    total.start();
    while (total.elapsed() < forSeconds * 1000LL) {
        step.start();
        auto frame = (*source)->next();
        if (!frame || !*frame)
            return std::unexpected(frame ? Error {ErrorCode::InvalidInput, QStringLiteral("The video ended.")}
                                         : frame.error());
        decodeMs.push_back(elapsedMs(step));
        size = (*frame)->size();
        step.start();
        auto assessment = analyzer->analyze(**frame);
        analyseMs.push_back(elapsedMs(step));
        if (!assessment)
            return std::unexpected(assessment.error());
        acceptableFrames += assessment->acceptable ? 1 : 0;
        step.start();
        const QImage shown = (*frame)->convertToFormat(QImage::Format_ARGB32_Premultiplied);
        convertMs.push_back(elapsedMs(step));
        if (shown.isNull())
            return fail(ErrorCode::Internal, QStringLiteral("Not enough memory to convert a frame."));
    }
    seconds = static_cast<double>(total.nsecsElapsed()) / 1e9;
    frames = static_cast<qint64>(decodeMs.size());
    fps = static_cast<double>(frames) / seconds;
    decodeMedianMs = median(decodeMs);
    analysisMedianMs = median(analyseMs);
    convertMedianMs = median(convertMs);
    return {};
}

Result<PhotoBenchmark> PhotoBenchmark::run(const QImage &portrait, int frames)
{
    PhotoBenchmark b;
    b.frames = frames;
    // The target is per core: keep this process (and OpenCV's workers) on one CPU.
    b.oneCore = pinToOneCore();
    // A 720p frame as a counter camera gives it: the portrait at full height on a grey wall.
    QImage frame(1280, 720, QImage::Format_RGB32);
    frame.fill(QColor(200, 200, 200));
    {
        QPainter painter(&frame);
        const QImage scaled = portrait.scaledToHeight(720, Qt::SmoothTransformation);
        painter.drawImage((1280 - scaled.width()) / 2, 0, scaled);
    }
    b.frame = frame.size();
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return std::unexpected(analyzer.error());
    if (auto warm = analyzer->analyze(frame); !warm)
        return std::unexpected(warm.error());
    std::vector<double> ms;
    std::vector<double> cpuMs;
    ms.reserve(static_cast<size_t>(frames));
    cpuMs.reserve(static_cast<size_t>(frames));
    QElapsedTimer timer;
    for (int i = 0; i < frames; ++i) {
        const double cpuBefore = processCpuMs();
        timer.start();
        auto result = analyzer->analyze(frame);
        ms.push_back(elapsedMs(timer));
        cpuMs.push_back(processCpuMs() - cpuBefore);
        if (!result)
            return std::unexpected(result.error());
    }
    std::sort(ms.begin(), ms.end());
    b.medianMs = ms[ms.size() / 2];
    b.p95Ms = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    b.maxMs = ms.back();
    b.cpuMedianMs = median(std::move(cpuMs));
    return b;
}

} // namespace tessera
