#include "app/tools/DemoVideo.h"

#include "core/capture/PhotoChecks.h"

#include <QFile>
#include <QPainter>
#include <QPainterPath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>

namespace tessera {

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 720;
const QColor kScreen(196, 198, 200);

double smooth(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

double mix(double a, double b, double t)
{
    return a + (b - a) * t;
}

} // namespace

Result<DemoScene> DemoScene::create(const QImage &portrait)
{
    if (portrait.isNull())
        return fail(ErrorCode::InvalidInput, QStringLiteral("There is no portrait to make the video from."));
    auto analyzer = PhotoAnalyzer::create();
    if (!analyzer)
        return std::unexpected(analyzer.error());
    auto found = analyzer->analyze(portrait);
    if (!found)
        return std::unexpected(found.error());
    if (!found->face || !found->leftEye || !found->rightEye)
        return fail(ErrorCode::InvalidInput, QStringLiteral("No face with both eyes was found in the portrait."));
    const QRectF face = *found->face;
    DemoScene scene;
    scene.m_eyes = (*found->leftEye + *found->rightEye) / 2.0;
    scene.m_interEye =
        std::hypot(found->rightEye->x() - found->leftEye->x(), found->rightEye->y() - found->leftEye->y());

    // The head (an ellipse around the face box, hair included) and everything below the eye
    // line; beside the head, above the eyes, the plain screen.
    scene.m_cutout = QImage(portrait.size(), QImage::Format_ARGB32_Premultiplied);
    scene.m_cutout.fill(Qt::transparent);
    QPainter p(&scene.m_cutout);
    p.setRenderHint(QPainter::Antialiasing);
    QPainterPath keep;
    keep.setFillRule(Qt::WindingFill); // the union of the two, not their difference
    keep.addEllipse(face.center() + QPointF(0, -face.height() * 0.12), face.width() * 0.78, face.height() * 0.78);
    keep.addRect(QRectF(0, scene.m_eyes.y() + face.height() * 0.25, portrait.width(), portrait.height()));
    p.setClipPath(keep);
    p.drawImage(0, 0, portrait);
    p.end();
    return scene;
}

QImage DemoScene::frameAt(double t) const
{
    // Card size: 72 px between the eyes (above the 60 px the resolution check asks).
    const double goodScale = 72.0 / m_interEye;
    const double smallScale = 54.0 / m_interEye;
    const QPointF goodAt(kWidth / 2.0, kHeight * 0.40);
    const QPointF startAt(kWidth * 0.33, kHeight * 0.45);
    t = std::clamp(t, 0.0, 1.0);
    double scale = goodScale;
    QPointF at = goodAt;
    double roll = 0.0;
    if (t < 0.25) {
        const double k = smooth(t / 0.25);
        scale = mix(smallScale, goodScale, k);
        at = QPointF(mix(startAt.x(), goodAt.x(), k), mix(startAt.y(), goodAt.y(), k));
    } else if (t < 0.55) {
        // still, at card size
    } else if (t < 0.75) {
        roll = 14.0 * std::sin((t - 0.55) / 0.20 * 3.14159265358979);
    } else {
        const double k = smooth((t - 0.75) / 0.25);
        scale = mix(goodScale, smallScale, k);
        at = QPointF(mix(goodAt.x(), startAt.x(), k), mix(goodAt.y(), startAt.y(), k));
    }
    QImage frame(kWidth, kHeight, QImage::Format_RGB888);
    frame.fill(kScreen);
    QPainter p(&frame);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.setRenderHint(QPainter::Antialiasing);
    p.translate(at);
    p.rotate(roll);
    p.scale(scale, scale);
    p.translate(-m_eyes);
    p.drawImage(0, 0, m_cutout);
    p.end();
    return frame;
}

Result<void> writeDemoVideo(const QImage &portrait, const QString &path, int seconds, int fps)
{
    if (seconds < 1 || seconds > 600 || fps < 1 || fps > 60)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The demo video needs 1 to 600 seconds at 1 to 60 frames per second."));
    auto scene = DemoScene::create(portrait);
    if (!scene)
        return std::unexpected(scene.error());
    cv::VideoWriter writer;
    try {
        if (!writer.open(QFile::encodeName(path).toStdString(), cv::CAP_OPENCV_MJPEG,
                         cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, cv::Size(kWidth, kHeight)))
            return fail(ErrorCode::Io, QStringLiteral("%1 could not be written as an MJPEG video.").arg(path));
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::Io,
                    QStringLiteral("%1 could not be written: %2").arg(path, QString::fromStdString(e.msg)));
    }
    cv::Mat bgr(kHeight, kWidth, CV_8UC3);
    const int total = seconds * fps;
    for (int i = 0; i < total; ++i) {
        QImage frame = scene->frameAt(static_cast<double>(i) / total);
        const cv::Mat rgb(kHeight, kWidth, CV_8UC3, frame.bits(), static_cast<size_t>(frame.bytesPerLine()));
        try {
            cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
            writer.write(bgr);
        } catch (const cv::Exception &e) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1 could not be written: %2").arg(path, QString::fromStdString(e.msg)));
        }
    }
    writer.release();
    return {};
}

} // namespace tessera
