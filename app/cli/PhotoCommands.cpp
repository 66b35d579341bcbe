#include "cli/PhotoCommands.h"

#include "capture/CaptureSession.h"
#include "tools/DemoVideo.h"
#include "capture/FrameSource.h"
#include "capture/PhotoChecks.h"
#include "enrollment/EnrollmentPhotos.h"
#include "cli/Cli.h"
#include "programme/Programme.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <vector>

#include <sched.h>
#include <time.h>

namespace tessera::cli {

namespace {

const int kDefaultMaxBytes = PhotoRules{}.maxJpegBytes;  // the programme default; a station uses its programme's
constexpr int kDefaultFrames = 200;

QJsonValue jsonNumber(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QString shown(double v)
{
    return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("-");
}

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
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// The image at `path`, read in memory, and its assessment.
Result<std::pair<QImage, PhotoAssessment>> assessFile(const QString &path)
{
    auto image = readPhotoFile(path);
    if (!image)
        return std::unexpected(image.error());
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return std::unexpected(analyzer.error());
    auto assessment = analyzer->analyze(*image);
    if (!assessment)
        return std::unexpected(assessment.error());
    return std::pair{std::move(*image), std::move(*assessment)};
}

int check(const QString &path, bool json, QTextStream &out, QTextStream &err)
{
    auto assessed = assessFile(path);
    if (!assessed)
        return reportError(assessed.error(), err);
    const PhotoAssessment *assessment = &assessed->second;
    if (json) {
        QJsonArray checks;
        for (const PhotoCheck &c : assessment->checks)
            checks.append(QJsonObject{{QStringLiteral("id"), c.id},
                                      {QStringLiteral("value"), jsonNumber(c.value)},
                                      {QStringLiteral("threshold"), c.threshold},
                                      {QStringLiteral("pass"), c.pass},
                                      {QStringLiteral("message"), c.message}});
        out << QJsonDocument(QJsonObject{{QStringLiteral("acceptable"), assessment->acceptable}, {QStringLiteral("checks"), checks}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    } else {
        out << QStringLiteral("%1  %2  %3  %4  %5").arg(QStringLiteral("check"), -12).arg(QStringLiteral("value"), 10)
                   .arg(QStringLiteral("threshold"), 10).arg(QStringLiteral("result"), -6).arg(QStringLiteral("message"))
            << '\n';
        for (const PhotoCheck &c : assessment->checks)
            out << QStringLiteral("%1  %2  %3  %4  %5").arg(c.id, -12).arg(shown(c.value), 10).arg(shown(c.threshold), 10)
                       .arg(c.pass ? QStringLiteral("pass") : QStringLiteral("FAIL"), -6).arg(c.message)
                << '\n';
        out << (assessment->acceptable ? "Acceptable." : "Not acceptable.") << Qt::endl;
    }
    return assessment->acceptable ? Ok : CheckFailed;
}

int crop(const QString &path, const QString &target, const QString &maxBytesText, QTextStream &out, QTextStream &err)
{
    int maxBytes = kDefaultMaxBytes;
    if (!maxBytesText.isEmpty()) {
        bool ok = false;
        maxBytes = maxBytesText.toInt(&ok);
        if (!ok || maxBytes < 1024)
            return reportUsage(QStringLiteral("--max-bytes needs a whole number of bytes, at least 1024."), err);
    }
    auto assessed = assessFile(path);
    if (!assessed)
        return reportError(assessed.error(), err);
    const QImage &image = assessed->first;
    const PhotoAssessment *assessment = &assessed->second;
    if (const PhotoCheck *faces = assessment->check(QStringLiteral("face_count")); faces && !faces->pass)
        return reportError({ErrorCode::InvalidInput, QStringLiteral("No card photo cut: %1").arg(faces->message)}, err);
    auto card = cropForCard(image, *assessment);
    if (!card)
        return reportError(card.error(), err);
    auto jpeg = encodeJpeg(*card, maxBytes);
    if (!jpeg)
        return reportError(jpeg.error(), err);
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(*jpeg) != jpeg->size() || !file.commit())
        return reportError({ErrorCode::Io, QStringLiteral("%1 could not be written (%2).").arg(target, file.errorString())}, err);
    for (const PhotoCheck &c : assessment->checks)
        if (!c.pass)
            err << "tessera-cli: note: " << c.id << " fails: " << c.message << '\n';
    out << QStringLiteral("Wrote %1 (%2 x %3 px, %4 bytes).").arg(target).arg(card->width()).arg(card->height()).arg(jpeg->size())
        << Qt::endl;
    return Ok;
}

int bench(const QString &path, const QString &framesText, bool json, QTextStream &out, QTextStream &err)
{
    int frames = kDefaultFrames;
    if (!framesText.isEmpty()) {
        bool ok = false;
        frames = framesText.toInt(&ok);
        if (!ok || frames < 1 || frames > 100000)
            return reportUsage(QStringLiteral("--frames needs a whole number from 1 to 100000."), err);
    }
    auto image = readPhotoFile(path);
    if (!image)
        return reportError(image.error(), err);
    // The target is per core: keep this process (and OpenCV's workers) on one CPU.
    const bool pinned = pinToOneCore();
    // A 720p frame as a counter camera gives it: the portrait at full height on a grey wall.
    QImage frame(1280, 720, QImage::Format_RGB32);
    frame.fill(QColor(200, 200, 200));
    {
        QPainter painter(&frame);
        const QImage portrait = image->scaledToHeight(720, Qt::SmoothTransformation);
        painter.drawImage((1280 - portrait.width()) / 2, 0, portrait);
    }
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return reportError(analyzer.error(), err);
    if (auto warm = analyzer->analyze(frame); !warm)
        return reportError(warm.error(), err);
    std::vector<double> ms;
    std::vector<double> cpuMs;
    ms.reserve(static_cast<size_t>(frames));
    cpuMs.reserve(static_cast<size_t>(frames));
    QElapsedTimer timer;
    for (int i = 0; i < frames; ++i) {
        const double cpuBefore = processCpuMs();
        timer.start();
        auto result = analyzer->analyze(frame);
        ms.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        cpuMs.push_back(processCpuMs() - cpuBefore);
        if (!result)
            return reportError(result.error(), err);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpuMs.begin(), cpuMs.end());
    const double median = ms[ms.size() / 2];
    const double p95 = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    const double cpuMedian = cpuMs[cpuMs.size() / 2];
    if (json)
        out << QJsonDocument(QJsonObject{{QStringLiteral("frames"), frames}, {QStringLiteral("width"), frame.width()}, {QStringLiteral("height"), frame.height()},
                                         {QStringLiteral("one_core"), pinned}, {QStringLiteral("median_ms"), median},
                                         {QStringLiteral("p95_ms"), p95}, {QStringLiteral("cpu_median_ms"), cpuMedian}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral("Photo analysis of a %1x%2 frame, %3 frames%4: median %5 ms, p95 %6 ms, max %7 ms; "
                              "CPU time median %8 ms (the wall times include waits for other processes on a busy machine).")
                   .arg(frame.width())
                   .arg(frame.height())
                   .arg(frames)
                   .arg(pinned ? QStringLiteral(" on one core") : QStringLiteral(" (could not pin to one core)"))
                   .arg(median, 0, 'f', 2)
                   .arg(p95, 0, 'f', 2)
                   .arg(ms.back(), 0, 'f', 2)
                   .arg(cpuMedian, 0, 'f', 2)
            << Qt::endl;
    return Ok;
}

int parseSeconds(const QString &text, int fallback, int *seconds, QTextStream &err)
{
    *seconds = fallback;
    if (text.isEmpty())
        return Ok;
    bool ok = false;
    *seconds = text.toInt(&ok);
    if (!ok || *seconds < 1 || *seconds > 600)
        return reportUsage(QStringLiteral("--seconds needs a whole number from 1 to 600."), err);
    return Ok;
}

int makeDemoVideo(const QString &target, const QString &portraitPath, const QString &secondsText, QTextStream &out, QTextStream &err)
{
    int seconds = 0;
    if (int r = parseSeconds(secondsText, 16, &seconds, err); r != Ok)
        return r;
    auto portrait = readPhotoFile(portraitPath);
    if (!portrait)
        return reportError(portrait.error(), err);
    if (auto r = writeDemoVideo(*portrait, target, seconds); !r)
        return reportError(r.error(), err);
    out << QStringLiteral("Wrote %1 (1280x720, 25 frames per second, %2 s, MJPEG).").arg(target).arg(seconds) << Qt::endl;
    return Ok;
}

// Preview rate from a video file. First the live pipeline as the photo step runs it (frames
// shown and analysed per second); then the capacity: decode, the checks on every frame, and
// the conversion to the premultiplied ARGB the overlay painter draws on, one after the other
// on one core.
int benchPreview(const QString &path, const QString &secondsText, bool json, QTextStream &out, QTextStream &err)
{
    int seconds = 0;
    if (int r = parseSeconds(secondsText, 10, &seconds, err); r != Ok)
        return r;

    // First as the photo step runs it: the capture session's two threads, paced to the file's
    // frame rate, the GUI side converting each delivered frame for the painter.
    qint64 shownLive = 0;
    qint64 analysedLive = 0;
    double liveSeconds = 0.0;
    {
        auto liveSource = VideoFileSource::open(path, VideoFileSource::AtEnd::Loop);
        if (!liveSource)
            return reportError(liveSource.error(), err);
        const double fileFps = (*liveSource)->framesPerSecond();
        auto liveAnalyzer = PhotoAnalyzer::create();
        if (!liveAnalyzer)
            return reportError(liveAnalyzer.error(), err);
        CaptureSession session(std::move(*liveSource), std::move(*liveAnalyzer));
        QEventLoop loop;
        QString failure;
        QObject::connect(&session, &CaptureSession::frameReady, &loop, [&](const QImage &frame) {
            shownLive += frame.convertToFormat(QImage::Format_ARGB32_Premultiplied).isNull() ? 0 : 1;
        });
        QObject::connect(&session, &CaptureSession::analysed, &loop, [&](const QImage &, const PhotoAssessment &) { ++analysedLive; });
        QObject::connect(&session, &CaptureSession::ended, &loop, [&](const QString &message) {
            failure = message.isEmpty() ? QStringLiteral("The video ended.") : message;
            loop.quit();
        });
        QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
        QElapsedTimer live;
        live.start();
        session.start();
        loop.exec();
        session.stop();
        liveSeconds = static_cast<double>(live.nsecsElapsed()) / 1e9;
        if (!failure.isEmpty())
            return reportError({ErrorCode::InvalidInput, failure}, err);
        if (!json)
            out << QStringLiteral("Live preview of %1 (paced to its %2 frames per second, two threads): %3 frames shown per second, "
                                  "%4 analysed per second.")
                       .arg(path)
                       .arg(fileFps, 0, 'f', 1)
                       .arg(static_cast<double>(shownLive) / liveSeconds, 0, 'f', 1)
                       .arg(static_cast<double>(analysedLive) / liveSeconds, 0, 'f', 1)
                << Qt::endl;
    }

    // Then the capacity: every frame decoded, analysed and converted, one after the other.
    const bool pinned = pinToOneCore();
    auto source = VideoFileSource::open(path, VideoFileSource::AtEnd::Loop);
    if (!source)
        return reportError(source.error(), err);
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return reportError(analyzer.error(), err);
    std::vector<double> decodeMs, analyseMs, convertMs;
    qint64 acceptable = 0;
    QElapsedTimer total;
    QElapsedTimer step;
    total.start();
    QSize size;
    while (total.elapsed() < seconds * 1000LL) {
        step.start();
        auto frame = (*source)->next();
        if (!frame || !*frame)
            return reportError(frame ? Error{ErrorCode::InvalidInput, QStringLiteral("The video ended.")} : frame.error(), err);
        decodeMs.push_back(static_cast<double>(step.nsecsElapsed()) / 1e6);
        size = (*frame)->size();
        step.start();
        auto assessment = analyzer->analyze(**frame);
        analyseMs.push_back(static_cast<double>(step.nsecsElapsed()) / 1e6);
        if (!assessment)
            return reportError(assessment.error(), err);
        acceptable += assessment->acceptable ? 1 : 0;
        step.start();
        const QImage shown = (*frame)->convertToFormat(QImage::Format_ARGB32_Premultiplied);
        convertMs.push_back(static_cast<double>(step.nsecsElapsed()) / 1e6);
        if (shown.isNull())
            return reportError({ErrorCode::Internal, QStringLiteral("Not enough memory to convert a frame.")}, err);
    }
    const double elapsed = static_cast<double>(total.nsecsElapsed()) / 1e9;
    const auto frames = static_cast<qint64>(decodeMs.size());
    const double fps = static_cast<double>(frames) / elapsed;
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    if (json)
        out << QJsonDocument(QJsonObject{{QStringLiteral("frames"), frames}, {QStringLiteral("seconds"), elapsed},
                                         {QStringLiteral("width"), size.width()}, {QStringLiteral("height"), size.height()},
                                         {QStringLiteral("one_core"), pinned}, {QStringLiteral("fps"), fps},
                                         {QStringLiteral("decode_median_ms"), median(decodeMs)},
                                         {QStringLiteral("analysis_median_ms"), median(analyseMs)},
                                         {QStringLiteral("convert_median_ms"), median(convertMs)},
                                         {QStringLiteral("acceptable_frames"), acceptable},
                                         {QStringLiteral("live_shown_fps"), static_cast<double>(shownLive) / liveSeconds},
                                         {QStringLiteral("live_analysed_fps"), static_cast<double>(analysedLive) / liveSeconds}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral("Preview of %1 (%2x%3)%4: %5 frames in %6 s = %7 frames per second with every frame analysed "
                              "(median decode %8 ms, analysis %9 ms, overlay conversion %10 ms; %11 frames acceptable).")
                   .arg(path)
                   .arg(size.width())
                   .arg(size.height())
                   .arg(pinned ? QStringLiteral(" on one core") : QStringLiteral(" (could not pin to one core)"))
                   .arg(frames)
                   .arg(elapsed, 0, 'f', 1)
                   .arg(fps, 0, 'f', 1)
                   .arg(median(decodeMs), 0, 'f', 2)
                   .arg(median(analyseMs), 0, 'f', 2)
                   .arg(median(convertMs), 0, 'f', 2)
                   .arg(acceptable)
            << Qt::endl;
    return Ok;
}

} // namespace

QJsonValue photoSummary(Station &station, const Programme &programme, qint64 enrollmentId)
{
    auto photo = EnrollmentPhotos(station, programme).photo(enrollmentId);
    if (!photo)
        return photo.error().message;
    if (!photo->has_value())
        return QJsonValue(QJsonValue::Null);
    const EnrollmentPhoto &p = **photo;
    QJsonObject overrides;
    for (auto it = p.overrides.begin(); it != p.overrides.end(); ++it)
        overrides.insert(it.key(), it.value());
    QJsonArray failed;
    for (const PhotoCheck &c : p.checks)
        if (!c.pass)
            failed.append(c.id);
    return QJsonObject{{QStringLiteral("bytes"), static_cast<qint64>(p.jpeg.size())},
                       {QStringLiteral("width"), p.size.width()},
                       {QStringLiteral("height"), p.size.height()},
                       {QStringLiteral("automatic"), p.automatic},
                       {QStringLiteral("captured_at"), p.capturedAt},
                       {QStringLiteral("failed_checks"), failed},
                       {QStringLiteral("overrides"), overrides}};
}

int runPhotoCommand(const QStringList &words, const PhotoOptions &options, QTextStream &out, QTextStream &err)
{
    const QString verb = words.value(0);
    const QString action = words.value(1);
    if (verb == QLatin1String("bench")) {
        if (action == QLatin1String("preview") && words.size() == 3)
            return benchPreview(words.value(2), options.seconds, options.json, out, err);
        if (action != QLatin1String("photo") || words.size() != 3)
            return reportUsage(QStringLiteral("bench needs: photo IMAGE, or preview VIDEO."), err);
        return bench(words.value(2), options.frames, options.json, out, err);
    }
    if (action == QLatin1String("make-demo-video")) {
        if (words.size() != 4)
            return reportUsage(QStringLiteral("photo make-demo-video needs PORTRAIT and OUT.avi."), err);
        return makeDemoVideo(words.value(3), words.value(2), options.seconds, out, err);
    }
    if (action == QLatin1String("check")) {
        if (words.size() != 3)
            return reportUsage(QStringLiteral("photo check needs one IMAGE."), err);
        return check(words.value(2), options.json, out, err);
    }
    if (action == QLatin1String("crop")) {
        if (words.size() != 4)
            return reportUsage(QStringLiteral("photo crop needs IMAGE and OUT.jpg."), err);
        return crop(words.value(2), words.value(3), options.maxBytes, out, err);
    }
    return reportUsage(QStringLiteral("photo needs check, crop or make-demo-video."), err);
}

} // namespace tessera::cli
