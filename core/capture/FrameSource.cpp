#include "core/capture/FrameSource.h"

#include "core/capture/PhotoChecks.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>

namespace tessera {

namespace {

// OpenCV's BGR (or grey, or BGRA) frame as an RGB888 QImage, converted in one pass into the
// QImage's own pixels.
Result<QImage> toImage(const cv::Mat &mat)
{
    if (mat.empty() || mat.depth() != CV_8U)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The source gave a picture in a format this station cannot show."));
    QImage image(mat.cols, mat.rows, QImage::Format_RGB888);
    if (image.isNull())
        return fail(ErrorCode::Internal, QStringLiteral("Not enough memory for the picture."));
    cv::Mat target(image.height(), image.width(), CV_8UC3, image.bits(), static_cast<size_t>(image.bytesPerLine()));
    switch (mat.channels()) {
    case 1:
        cv::cvtColor(mat, target, cv::COLOR_GRAY2RGB);
        break;
    case 3:
        cv::cvtColor(mat, target, cv::COLOR_BGR2RGB);
        break;
    case 4:
        cv::cvtColor(mat, target, cv::COLOR_BGRA2RGB);
        break;
    default:
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The source gave a picture in a format this station cannot show."));
    }
    return image;
}

// FFmpeg for what cameras and phones record, OpenCV's own reader for MJPEG AVI. Not
// CAP_ANY: that also tries GStreamer, which scans and loads its plugins on every refusal
// (slow, noisy, and they leak).
bool openVideo(cv::VideoCapture &capture, const QString &path)
{
    const std::string name = QFile::encodeName(path).toStdString();
    for (const int api : {int(cv::CAP_FFMPEG), int(cv::CAP_OPENCV_MJPEG)})
        if (capture.open(name, api) && capture.isOpened())
            return true;
    return false;
}

QString cvMessage(const cv::Exception &e)
{
    return QString::fromStdString(e.msg).trimmed();
}

} // namespace

std::vector<CameraInfo> listCameras(const QString &devDir, const QString &sysDir)
{
    static const QRegularExpression videoRe(QStringLiteral("^video(\\d+)$"));
    std::vector<CameraInfo> cameras;
    const QStringList nodes =
        QDir(devDir).entryList({QStringLiteral("video*")}, QDir::System | QDir::Files | QDir::NoDotAndDotDot);
    for (const QString &node : nodes) {
        const auto match = videoRe.match(node);
        if (!match.hasMatch())
            continue;
        CameraInfo info;
        info.index = match.captured(1).toInt();
        info.device = QDir(devDir).filePath(node);
        QFile name(QDir(sysDir).filePath(node + QStringLiteral("/name")));
        if (name.open(QIODevice::ReadOnly))
            info.name = QString::fromUtf8(name.read(256)).trimmed();
        cameras.push_back(info);
    }
    std::sort(cameras.begin(), cameras.end(),
              [](const CameraInfo &l, const CameraInfo &r) { return l.index < r.index; });
    return cameras;
}

struct CameraSource::Impl {
    int index = 0;
    cv::VideoCapture capture;
    cv::Mat frame;
};

CameraSource::CameraSource(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
CameraSource::~CameraSource() = default;

Result<std::unique_ptr<CameraSource>> CameraSource::open(int index, QSize resolution, const QString &devDir)
{
    const QString device = QDir(devDir).filePath(QStringLiteral("video%1").arg(index));
    if (index < 0 || !QFileInfo::exists(device))
        return fail(
            ErrorCode::NotFound,
            QStringLiteral("Camera %1 is not connected (%2 does not exist). Plug it in, or choose another source.")
                .arg(index)
                .arg(device));
    // OpenCV's V4L2 reader waits up to this many seconds for a frame (default 10): a camera
    // that stalls ends the stream after 3 s instead, so stopping it never holds the window
    // longer than that. Read once by OpenCV, so set before the first camera opens.
    if (!qEnvironmentVariableIsSet("OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT"))
        qputenv("OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT", "3");
    auto impl = std::make_unique<Impl>();
    impl->index = index;
    try {
        if (!impl->capture.open(index, cv::CAP_V4L2))
            return fail(
                ErrorCode::Io,
                QStringLiteral(
                    "Camera %1 could not be opened: it may be in use by another program, or %2 is not a camera.")
                    .arg(index)
                    .arg(device));
        if (resolution.isValid()) {
            impl->capture.set(cv::CAP_PROP_FRAME_WIDTH, resolution.width());
            impl->capture.set(cv::CAP_PROP_FRAME_HEIGHT, resolution.height());
        }
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::Io, QStringLiteral("Camera %1 could not be opened: %2").arg(index).arg(cvMessage(e)));
    }
    return std::unique_ptr<CameraSource>(new CameraSource(std::move(impl)));
}

QString CameraSource::description() const
{
    return QStringLiteral("Camera %1").arg(m_impl->index);
}

QSize CameraSource::resolution() const
{
    return QSize(static_cast<int>(m_impl->capture.get(cv::CAP_PROP_FRAME_WIDTH)),
                 static_cast<int>(m_impl->capture.get(cv::CAP_PROP_FRAME_HEIGHT)));
}

Result<std::optional<QImage>> CameraSource::next()
{
    try {
        if (!m_impl->capture.read(m_impl->frame) || m_impl->frame.empty())
            return fail(
                ErrorCode::Io,
                QStringLiteral("Camera %1 stopped sending pictures. Check that it is plugged in, then choose it again.")
                    .arg(m_impl->index));
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::Io, QStringLiteral("Camera %1 failed: %2").arg(m_impl->index).arg(cvMessage(e)));
    }
    auto image = toImage(m_impl->frame);
    if (!image)
        return std::unexpected(image.error());
    return std::optional<QImage>(std::move(*image));
}

struct VideoFileSource::Impl {
    QString path;
    AtEnd atEnd = AtEnd::Loop;
    cv::VideoCapture capture;
    cv::Mat frame;
    double fps = 25.0;
    qint64 framesRead = 0;
};

VideoFileSource::VideoFileSource(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
VideoFileSource::~VideoFileSource() = default;

Result<std::unique_ptr<VideoFileSource>> VideoFileSource::open(const QString &path, AtEnd atEnd)
{
    if (!QFileInfo(path).isFile())
        return fail(ErrorCode::InvalidInput, QStringLiteral("The video file %1 does not exist.").arg(path));
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->atEnd = atEnd;
    try {
        if (!openVideo(impl->capture, path))
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("%1 is not a video this station can play (try an MJPEG or H.264 file).").arg(path));
        const double fps = impl->capture.get(cv::CAP_PROP_FPS);
        // Files that do not say (or say nonsense) play at the European camera rate.
        impl->fps = std::isfinite(fps) && fps >= 1.0 && fps <= 240.0 ? fps : 25.0;
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 could not be opened: %2").arg(path, cvMessage(e)));
    }
    return std::unique_ptr<VideoFileSource>(new VideoFileSource(std::move(impl)));
}

QString VideoFileSource::description() const
{
    return QFileInfo(m_impl->path).fileName();
}

double VideoFileSource::framesPerSecond() const
{
    return m_impl->fps;
}

QSize VideoFileSource::frameSize() const
{
    return QSize(static_cast<int>(m_impl->capture.get(cv::CAP_PROP_FRAME_WIDTH)),
                 static_cast<int>(m_impl->capture.get(cv::CAP_PROP_FRAME_HEIGHT)));
}

std::chrono::microseconds VideoFileSource::frameInterval() const
{
    return std::chrono::microseconds(static_cast<qint64>(std::llround(1e6 / m_impl->fps)));
}

Result<std::optional<QImage>> VideoFileSource::next()
{
    try {
        bool ok = m_impl->capture.read(m_impl->frame) && !m_impl->frame.empty();
        if (!ok && m_impl->framesRead > 0 && m_impl->atEnd == AtEnd::Loop) {
            m_impl->capture.set(cv::CAP_PROP_POS_FRAMES, 0);
            ok = m_impl->capture.read(m_impl->frame) && !m_impl->frame.empty();
            if (!ok) { // some demuxers cannot seek: open the file again instead
                m_impl->capture.release();
                ok = openVideo(m_impl->capture, m_impl->path) && m_impl->capture.read(m_impl->frame)
                    && !m_impl->frame.empty();
            }
        }
        if (!ok) {
            if (m_impl->framesRead == 0)
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("No picture could be read from %1: the file is damaged or empty.")
                                .arg(description()));
            if (m_impl->atEnd == AtEnd::Stop)
                return std::optional<QImage>();
            return fail(ErrorCode::Io,
                        QStringLiteral("%1 could not be played again from the start.").arg(description()));
        }
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1 could not be read: %2").arg(description(), cvMessage(e)));
    }
    ++m_impl->framesRead;
    auto image = toImage(m_impl->frame);
    if (!image)
        return std::unexpected(image.error());
    return std::optional<QImage>(std::move(*image));
}

StillImageSource::StillImageSource(const QImage &image, QString description, std::chrono::microseconds interval)
    : m_image(image.convertToFormat(QImage::Format_RGB888))
    , m_description(std::move(description))
    , m_interval(interval)
{
}

Result<std::unique_ptr<StillImageSource>> StillImageSource::open(const QString &path)
{
    auto image = readPhotoFile(path);
    if (!image)
        return std::unexpected(image.error());
    return std::make_unique<StillImageSource>(std::move(*image), QFileInfo(path).fileName());
}

Result<std::optional<QImage>> StillImageSource::next()
{
    if (m_image.isNull())
        return fail(ErrorCode::InvalidInput, QStringLiteral("There is no picture in %1.").arg(m_description));
    return std::optional<QImage>(m_image);
}

} // namespace tessera
