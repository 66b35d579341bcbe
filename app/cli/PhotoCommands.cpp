#include "app/cli/PhotoCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/tools/DemoVideo.h"
#include "core/capture/CaptureSession.h"
#include "core/capture/FrameSource.h"
#include "core/capture/PhotoChecks.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/programme/Programme.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSaveFile>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <sched.h>
#include <time.h>
#include <vector>

namespace tessera::cli {

namespace {

const int kDefaultMaxBytes = PhotoRules {}.maxJpegBytes; // the programme default; a station uses its programme's
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
    timespec t {};
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
    return std::pair {std::move(*image), std::move(*assessment)};
}

int check(Invocation &call, const QString &path, bool json)
{
    QTextStream &out = call.out();
    auto assessed = assessFile(path);
    if (!assessed)
        return call.report(assessed.error());
    const PhotoAssessment *assessment = &assessed->second;
    if (json) {
        QJsonArray checks;
        for (const PhotoCheck &c : assessment->checks)
            checks.append(QJsonObject {{QStringLiteral("id"), c.id},
                                       {QStringLiteral("value"), jsonNumber(c.value)},
                                       {QStringLiteral("threshold"), c.threshold},
                                       {QStringLiteral("pass"), c.pass},
                                       {QStringLiteral("message"), c.message}});
        out << QJsonDocument(QJsonObject {{QStringLiteral("acceptable"), assessment->acceptable},
                                          {QStringLiteral("checks"), checks}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    } else {
        out << QStringLiteral("%1  %2  %3  %4  %5")
                   .arg(QStringLiteral("check"), -12)
                   .arg(QStringLiteral("value"), 10)
                   .arg(QStringLiteral("threshold"), 10)
                   .arg(QStringLiteral("result"), -6)
                   .arg(QStringLiteral("message"))
            << '\n';
        for (const PhotoCheck &c : assessment->checks)
            out << QStringLiteral("%1  %2  %3  %4  %5")
                       .arg(c.id, -12)
                       .arg(shown(c.value), 10)
                       .arg(shown(c.threshold), 10)
                       .arg(c.pass ? QStringLiteral("pass") : QStringLiteral("FAIL"), -6)
                       .arg(c.message)
                << '\n';
        out << (assessment->acceptable ? "Acceptable." : "Not acceptable.") << Qt::endl;
    }
    return assessment->acceptable ? Ok : CheckFailed;
}

int crop(Invocation &call, const QString &path, const QString &target, const QString &maxBytesText)
{
    QTextStream &out = call.out();
    QTextStream &err = call.err();
    int maxBytes = kDefaultMaxBytes;
    if (!maxBytesText.isEmpty()) {
        bool ok = false;
        maxBytes = maxBytesText.toInt(&ok);
        if (!ok || maxBytes < 1024)
            return call.usage(QStringLiteral("--max-bytes needs a whole number of bytes, at least 1024."));
    }
    auto assessed = assessFile(path);
    if (!assessed)
        return call.report(assessed.error());
    const QImage &image = assessed->first;
    const PhotoAssessment *assessment = &assessed->second;
    if (const PhotoCheck *faces = assessment->check(QStringLiteral("face_count")); faces && !faces->pass)
        return call.report({ErrorCode::InvalidInput, QStringLiteral("No card photo cut: %1").arg(faces->message)});
    auto card = cropForCard(image, *assessment);
    if (!card)
        return call.report(card.error());
    auto jpeg = encodeJpeg(*card, maxBytes);
    if (!jpeg)
        return call.report(jpeg.error());
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(*jpeg) != jpeg->size() || !file.commit())
        return call.report(
            {ErrorCode::Io, QStringLiteral("%1 could not be written (%2).").arg(target, file.errorString())});
    for (const PhotoCheck &c : assessment->checks)
        if (!c.pass)
            err << "tessera-cli: note: " << c.id << " fails: " << c.message << '\n';
    out << QStringLiteral("Wrote %1 (%2 x %3 px, %4 bytes).")
               .arg(target)
               .arg(card->width())
               .arg(card->height())
               .arg(jpeg->size())
        << Qt::endl;
    return Ok;
}

int bench(Invocation &call, const QString &path, const QString &framesText, bool json)
{
    QTextStream &out = call.out();
    int frames = kDefaultFrames;
    if (!framesText.isEmpty()) {
        bool ok = false;
        frames = framesText.toInt(&ok);
        if (!ok || frames < 1 || frames > 100000)
            return call.usage(QStringLiteral("--frames needs a whole number from 1 to 100000."));
    }
    auto image = readPhotoFile(path);
    if (!image)
        return call.report(image.error());
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
        return call.report(analyzer.error());
    if (auto warm = analyzer->analyze(frame); !warm)
        return call.report(warm.error());
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
            return call.report(result.error());
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpuMs.begin(), cpuMs.end());
    const double median = ms[ms.size() / 2];
    const double p95 = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    const double cpuMedian = cpuMs[cpuMs.size() / 2];
    if (json)
        out << QJsonDocument(QJsonObject {{QStringLiteral("frames"), frames},
                                          {QStringLiteral("width"), frame.width()},
                                          {QStringLiteral("height"), frame.height()},
                                          {QStringLiteral("one_core"), pinned},
                                          {QStringLiteral("median_ms"), median},
                                          {QStringLiteral("p95_ms"), p95},
                                          {QStringLiteral("cpu_median_ms"), cpuMedian}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral(
                   "Photo analysis of a %1x%2 frame, %3 frames%4: median %5 ms, p95 %6 ms, max %7 ms; "
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

int parseSeconds(Invocation &call, const QString &text, int fallback, int *seconds)
{
    *seconds = fallback;
    if (text.isEmpty())
        return Ok;
    bool ok = false;
    *seconds = text.toInt(&ok);
    if (!ok || *seconds < 1 || *seconds > 600)
        return call.usage(QStringLiteral("--seconds needs a whole number from 1 to 600."));
    return Ok;
}

int makeDemoVideo(Invocation &call, const QString &target, const QString &portraitPath, const QString &secondsText)
{
    QTextStream &out = call.out();
    int seconds = 0;
    if (int r = parseSeconds(call, secondsText, 16, &seconds); r != Ok)
        return r;
    auto portrait = readPhotoFile(portraitPath);
    if (!portrait)
        return call.report(portrait.error());
    if (auto r = writeDemoVideo(*portrait, target, seconds); !r)
        return call.report(r.error());
    out << QStringLiteral("Wrote %1 (1280x720, 25 frames per second, %2 s, MJPEG).").arg(target).arg(seconds)
        << Qt::endl;
    return Ok;
}

// Preview rate from a video file. First the live pipeline as the photo step runs it (frames
// shown and analysed per second); then the capacity: decode, the checks on every frame, and
// the conversion to the premultiplied ARGB the overlay painter draws on, one after the other
// on one core.
int benchPreview(Invocation &call, const QString &path, const QString &secondsText, bool json)
{
    QTextStream &out = call.out();
    int seconds = 0;
    if (int r = parseSeconds(call, secondsText, 10, &seconds); r != Ok)
        return r;

    // First as the photo step runs it: the capture session's two threads, paced to the file's
    // frame rate, the GUI side converting each delivered frame for the painter.
    qint64 shownLive = 0;
    qint64 analysedLive = 0;
    double liveSeconds = 0.0;
    {
        auto liveSource = VideoFileSource::open(path, VideoFileSource::AtEnd::Loop);
        if (!liveSource)
            return call.report(liveSource.error());
        const double fileFps = (*liveSource)->framesPerSecond();
        auto liveAnalyzer = PhotoAnalyzer::create();
        if (!liveAnalyzer)
            return call.report(liveAnalyzer.error());
        CaptureSession session(std::move(*liveSource), std::move(*liveAnalyzer));
        QEventLoop loop;
        QString failure;
        QObject::connect(&session, &CaptureSession::frameReady, &loop, [&](const QImage &frame) {
            shownLive += frame.convertToFormat(QImage::Format_ARGB32_Premultiplied).isNull() ? 0 : 1;
        });
        QObject::connect(&session, &CaptureSession::analysed, &loop,
                         [&](const QImage &, const PhotoAssessment &) { ++analysedLive; });
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
            return call.report({ErrorCode::InvalidInput, failure});
        if (!json)
            out << QStringLiteral("Live preview of %1 (paced to its %2 frames per second, two threads): %3 frames "
                                  "shown per second, "
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
        return call.report(source.error());
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return call.report(analyzer.error());
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
            return call.report(frame ? Error {ErrorCode::InvalidInput, QStringLiteral("The video ended.")}
                                     : frame.error());
        decodeMs.push_back(static_cast<double>(step.nsecsElapsed()) / 1e6);
        size = (*frame)->size();
        step.start();
        auto assessment = analyzer->analyze(**frame);
        analyseMs.push_back(static_cast<double>(step.nsecsElapsed()) / 1e6);
        if (!assessment)
            return call.report(assessment.error());
        acceptable += assessment->acceptable ? 1 : 0;
        step.start();
        const QImage shown = (*frame)->convertToFormat(QImage::Format_ARGB32_Premultiplied);
        convertMs.push_back(static_cast<double>(step.nsecsElapsed()) / 1e6);
        if (shown.isNull())
            return call.report({ErrorCode::Internal, QStringLiteral("Not enough memory to convert a frame.")});
    }
    const double elapsed = static_cast<double>(total.nsecsElapsed()) / 1e9;
    const auto frames = static_cast<qint64>(decodeMs.size());
    const double fps = static_cast<double>(frames) / elapsed;
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    if (json)
        out << QJsonDocument(
                   QJsonObject {{QStringLiteral("frames"), frames},
                                {QStringLiteral("seconds"), elapsed},
                                {QStringLiteral("width"), size.width()},
                                {QStringLiteral("height"), size.height()},
                                {QStringLiteral("one_core"), pinned},
                                {QStringLiteral("fps"), fps},
                                {QStringLiteral("decode_median_ms"), median(decodeMs)},
                                {QStringLiteral("analysis_median_ms"), median(analyseMs)},
                                {QStringLiteral("convert_median_ms"), median(convertMs)},
                                {QStringLiteral("acceptable_frames"), acceptable},
                                {QStringLiteral("live_shown_fps"), static_cast<double>(shownLive) / liveSeconds},
                                {QStringLiteral("live_analysed_fps"), static_cast<double>(analysedLive) / liveSeconds}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral(
                   "Preview of %1 (%2x%3)%4: %5 frames in %6 s = %7 frames per second with every frame analysed "
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

// A command that hands its arguments to one of the functions above.
class PhotoCheckCommand : public Command {
public:
    PhotoCheckCommand()
        : Command(
            {{QStringLiteral("photo"), QStringLiteral("check")},
             QStringLiteral("The photo station's checks (one face, size, centring, eye line, sharpness, exposure, "
                            "lighting, background, "
                            "resolution)."),
             QStringLiteral("Exit 0 when all pass, 1 when one fails, 5 when the image cannot be read. No station or "
                            "sign-in needed."),
             {},
             {{QStringLiteral("IMAGE"), QStringLiteral("the portrait")}}})
    {
    }
    int run(Invocation &call) override { return check(call, call.argument(0), call.json()); }
};

class PhotoCropCommand : public Command {
public:
    PhotoCropCommand()
        : Command({{QStringLiteral("photo"), QStringLiteral("crop")},
                   QStringLiteral("Cut the card portrait (35x45) around the face and write it as JPEG, or say why not. "
                                  "Nothing else is written."),
                   {},
                   {{QStringLiteral("--max-bytes"), QStringLiteral("N"),
                     QStringLiteral("the JPEG's largest size in bytes (default %1)").arg(kDefaultMaxBytes)}},
                   {{QStringLiteral("IMAGE"), QStringLiteral("the portrait")},
                    {QStringLiteral("OUT.jpg"), QStringLiteral("where to write the card photo")}}})
    {
    }
    int run(Invocation &call) override
    {
        return crop(call, call.argument(0), call.argument(1), call.option(QStringLiteral("--max-bytes")));
    }
};

class PhotoDemoVideoCommand : public Command {
public:
    PhotoDemoVideoCommand()
        : Command({{QStringLiteral("photo"), QStringLiteral("make-demo-video")},
                   QStringLiteral("A 1280x720 MJPEG video of the portrait moving slowly in and out of a good position, "
                                  "to stand in for a "
                                  "camera (tests, demonstrations)."),
                   {},
                   {{QStringLiteral("--seconds"), QStringLiteral("N"), QStringLiteral("its length (default 16)")}},
                   {{QStringLiteral("PORTRAIT"), QStringLiteral("the portrait to move")},
                    {QStringLiteral("OUT.avi"), QStringLiteral("where to write the video")}}})
    {
    }
    int run(Invocation &call) override
    {
        return makeDemoVideo(call, call.argument(1), call.argument(0), call.option(QStringLiteral("--seconds")));
    }
};

class BenchPhotoCommand : public Command {
public:
    BenchPhotoCommand()
        : Command({{QStringLiteral("bench"), QStringLiteral("photo")},
                   QStringLiteral("Median and p95 time to analyse a 1280x720 frame made from IMAGE, on one core."),
                   {},
                   {{QStringLiteral("--frames"), QStringLiteral("N"),
                     QStringLiteral("frames to time (default %1)").arg(kDefaultFrames)}},
                   {{QStringLiteral("IMAGE"), QStringLiteral("the portrait")}}})
    {
    }
    int run(Invocation &call) override
    {
        return bench(call, call.argument(0), call.option(QStringLiteral("--frames")), call.json());
    }
};

class BenchPreviewCommand : public Command {
public:
    BenchPreviewCommand()
        : Command(
            {{QStringLiteral("bench"), QStringLiteral("preview")},
             QStringLiteral(
                 "The live preview from a video file as the photo step runs it (frames shown and analysed per second), "
                 "then the capacity: decode, the checks on every frame and the overlay conversion, one after the other "
                 "on "
                 "one core."),
             {},
             {{QStringLiteral("--seconds"), QStringLiteral("N"),
               QStringLiteral("how long each part runs (default 10)")}},
             {{QStringLiteral("VIDEO"), QStringLiteral("the video file")}}})
    {
    }
    int run(Invocation &call) override
    {
        return benchPreview(call, call.argument(0), call.option(QStringLiteral("--seconds")), call.json());
    }
};

} // namespace

QJsonValue photoSummary(StationAccess access, const Programme &programme, qint64 enrollmentId)
{
    auto photo = EnrollmentPhotos(access, programme).photo(enrollmentId);
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
    return QJsonObject {{QStringLiteral("bytes"), static_cast<qint64>(p.jpeg.size())},
                        {QStringLiteral("width"), p.size.width()},
                        {QStringLiteral("height"), p.size.height()},
                        {QStringLiteral("automatic"), p.automatic},
                        {QStringLiteral("captured_at"), p.capturedAt},
                        {QStringLiteral("failed_checks"), failed},
                        {QStringLiteral("overrides"), overrides}};
}

void addPhotoCommands(CommandRegistry &registry)
{
    registry.add(std::make_unique<PhotoCheckCommand>());
    registry.add(std::make_unique<PhotoCropCommand>());
    registry.add(std::make_unique<PhotoDemoVideoCommand>());
    registry.add(std::make_unique<BenchPhotoCommand>());
    registry.add(std::make_unique<BenchPreviewCommand>());
}

} // namespace tessera::cli
