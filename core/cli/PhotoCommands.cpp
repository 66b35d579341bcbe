#include "cli/PhotoCommands.h"

#include "capture/PhotoChecks.h"
#include "enrollment/EnrollmentPhotos.h"
#include "cli/Cli.h"
#include "programme/Programme.h"

#include <QElapsedTimer>
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

namespace tessera::cli {

namespace {

const int kDefaultMaxBytes = PhotoRules{}.maxJpegBytes;  // the programme default; a station uses its programme's
constexpr int kDefaultFrames = 200;

int fromError(const Error &e, QTextStream &err)
{
    err << "tessera-cli: " << e.message << Qt::endl;
    return e.code == ErrorCode::InvalidInput ? InvalidInput : OtherError;
}

int usage(const QString &problem, QTextStream &err)
{
    err << "tessera-cli: " << problem << " See tessera-cli --help." << Qt::endl;
    return Usage;
}

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
    return std::pair{std::move(*image), std::move(*assessment)};
}

int check(const QString &path, bool json, QTextStream &out, QTextStream &err)
{
    auto assessed = assessFile(path);
    if (!assessed)
        return fromError(assessed.error(), err);
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
            return usage(QStringLiteral("--max-bytes needs a whole number of bytes, at least 1024."), err);
    }
    auto assessed = assessFile(path);
    if (!assessed)
        return fromError(assessed.error(), err);
    const QImage &image = assessed->first;
    const PhotoAssessment *assessment = &assessed->second;
    if (const PhotoCheck *faces = assessment->check(QStringLiteral("face_count")); faces && !faces->pass)
        return fromError({ErrorCode::InvalidInput, QStringLiteral("No card photo cut: %1").arg(faces->message)}, err);
    auto card = cropForCard(image, *assessment);
    if (!card)
        return fromError(card.error(), err);
    auto jpeg = encodeJpeg(*card, maxBytes);
    if (!jpeg)
        return fromError(jpeg.error(), err);
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(*jpeg) != jpeg->size() || !file.commit())
        return fromError({ErrorCode::Io, QStringLiteral("%1 could not be written (%2).").arg(target, file.errorString())}, err);
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
            return usage(QStringLiteral("--frames needs a whole number from 1 to 100000."), err);
    }
    auto image = readPhotoFile(path);
    if (!image)
        return fromError(image.error(), err);
    // The target is per core: keep this process (and OpenCV's workers) on one CPU.
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
    const bool pinned = sched_setaffinity(0, sizeof(one), &one) == 0;
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
        return fromError(analyzer.error(), err);
    if (auto warm = analyzer->analyze(frame); !warm)
        return fromError(warm.error(), err);
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(frames));
    QElapsedTimer timer;
    for (int i = 0; i < frames; ++i) {
        timer.start();
        auto result = analyzer->analyze(frame);
        ms.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        if (!result)
            return fromError(result.error(), err);
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    const double p95 = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    if (json)
        out << QJsonDocument(QJsonObject{{QStringLiteral("frames"), frames}, {QStringLiteral("width"), 1280}, {QStringLiteral("height"), 720},
                                         {QStringLiteral("one_core"), pinned}, {QStringLiteral("median_ms"), median},
                                         {QStringLiteral("p95_ms"), p95}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral("Photo analysis of a 1280x720 frame, %1 frames%2: median %3 ms, p95 %4 ms, max %5 ms.")
                   .arg(frames)
                   .arg(pinned ? QStringLiteral(" on one core") : QStringLiteral(" (could not pin to one core)"))
                   .arg(median, 0, 'f', 2)
                   .arg(p95, 0, 'f', 2)
                   .arg(ms.back(), 0, 'f', 2)
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
        if (action != QLatin1String("photo") || words.size() != 3)
            return usage(QStringLiteral("bench needs: photo IMAGE."), err);
        return bench(words.value(2), options.frames, options.json, out, err);
    }
    if (action == QLatin1String("check")) {
        if (words.size() != 3)
            return usage(QStringLiteral("photo check needs one IMAGE."), err);
        return check(words.value(2), options.json, out, err);
    }
    if (action == QLatin1String("crop")) {
        if (words.size() != 4)
            return usage(QStringLiteral("photo crop needs IMAGE and OUT.jpg."), err);
        return crop(words.value(2), words.value(3), options.maxBytes, out, err);
    }
    return usage(QStringLiteral("photo needs check or crop."), err);
}

} // namespace tessera::cli
