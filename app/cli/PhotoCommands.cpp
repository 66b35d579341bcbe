#include "app/cli/PhotoCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/tools/DemoVideo.h"
#include "app/tools/PhotoBenchmark.h"
#include "core/capture/PhotoChecks.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/programme/Programme.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>
#include <cmath>

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

QString oneCoreNote(bool pinned)
{
    return pinned ? QStringLiteral(" on one core") : QStringLiteral(" (could not pin to one core)");
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
    auto b = PhotoBenchmark::run(*image, frames);
    if (!b)
        return call.report(b.error());
    if (json)
        out << QJsonDocument(QJsonObject {{QStringLiteral("frames"), frames},
                                          {QStringLiteral("width"), b->frame.width()},
                                          {QStringLiteral("height"), b->frame.height()},
                                          {QStringLiteral("one_core"), b->oneCore},
                                          {QStringLiteral("median_ms"), b->medianMs},
                                          {QStringLiteral("p95_ms"), b->p95Ms},
                                          {QStringLiteral("cpu_median_ms"), b->cpuMedianMs}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral(
                   "Photo analysis of a %1x%2 frame, %3 frames%4: median %5 ms, p95 %6 ms, max %7 ms; "
                   "CPU time median %8 ms (the wall times include waits for other processes on a busy machine).")
                   .arg(b->frame.width())
                   .arg(b->frame.height())
                   .arg(frames)
                   .arg(oneCoreNote(b->oneCore))
                   .arg(b->medianMs, 0, 'f', 2)
                   .arg(b->p95Ms, 0, 'f', 2)
                   .arg(b->maxMs, 0, 'f', 2)
                   .arg(b->cpuMedianMs, 0, 'f', 2)
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

// Preview rate from a video file (PreviewBenchmark): the live line is shown before the
// capacity part starts.
int benchPreview(Invocation &call, const QString &path, const QString &secondsText, bool json)
{
    QTextStream &out = call.out();
    int seconds = 0;
    if (int r = parseSeconds(call, secondsText, 10, &seconds); r != Ok)
        return r;
    PreviewBenchmark b;
    if (auto r = b.runLive(path, seconds); !r)
        return call.report(r.error());
    if (!json)
        out << QStringLiteral("Live preview of %1 (paced to its %2 frames per second, two threads): %3 frames "
                              "shown per second, "
                              "%4 analysed per second.")
                   .arg(path)
                   .arg(b.fileFps, 0, 'f', 1)
                   .arg(b.liveShownFps, 0, 'f', 1)
                   .arg(b.liveAnalysedFps, 0, 'f', 1)
            << Qt::endl;
    if (auto r = b.runCapacity(path, seconds); !r)
        return call.report(r.error());
    if (json)
        out << QJsonDocument(QJsonObject {{QStringLiteral("frames"), b.frames},
                                          {QStringLiteral("seconds"), b.seconds},
                                          {QStringLiteral("width"), b.size.width()},
                                          {QStringLiteral("height"), b.size.height()},
                                          {QStringLiteral("one_core"), b.oneCore},
                                          {QStringLiteral("fps"), b.fps},
                                          {QStringLiteral("decode_median_ms"), b.decodeMedianMs},
                                          {QStringLiteral("analysis_median_ms"), b.analysisMedianMs},
                                          {QStringLiteral("convert_median_ms"), b.convertMedianMs},
                                          {QStringLiteral("acceptable_frames"), b.acceptableFrames},
                                          {QStringLiteral("live_shown_fps"), b.liveShownFps},
                                          {QStringLiteral("live_analysed_fps"), b.liveAnalysedFps}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral(
                   "Preview of %1 (%2x%3)%4: %5 frames in %6 s = %7 frames per second with every frame analysed "
                   "(median decode %8 ms, analysis %9 ms, overlay conversion %10 ms; %11 frames acceptable).")
                   .arg(path)
                   .arg(b.size.width())
                   .arg(b.size.height())
                   .arg(oneCoreNote(b.oneCore))
                   .arg(b.frames)
                   .arg(b.seconds, 0, 'f', 1)
                   .arg(b.fps, 0, 'f', 1)
                   .arg(b.decodeMedianMs, 0, 'f', 2)
                   .arg(b.analysisMedianMs, 0, 'f', 2)
                   .arg(b.convertMedianMs, 0, 'f', 2)
                   .arg(b.acceptableFrames)
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
