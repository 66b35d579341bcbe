#pragma once

#include "core/util/Error.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace tessera {

// Where the photo station's pictures come from: a camera, a video file standing in for one,
// or a still image. Injected into the capture session, so that tests and demonstrations drive
// the whole capture path without hardware (style.md, principle 5).
//
// A source is used from one thread at a time (the capture session's grab thread); creating it
// and destroying it may happen on another. Frames are held in memory only: nothing a source
// gives is written anywhere.
class FrameSource {
public:
    virtual ~FrameSource() = default;

    // What the clerk sees in the source picker and in messages ("Camera 0", "demo.avi").
    virtual QString description() const = 0;
    // The next picture (RGB888). A live camera blocks until its next frame; files return at
    // once and leave the pacing to the caller (frameInterval()). No value: the source ended
    // cleanly (a video played once). An error: the source failed and gives no more frames; the
    // message says what happened and what to do (unplugged camera, damaged file).
    virtual Result<std::optional<QImage>> next() = 0;
    // How far apart frames are meant to be shown; zero for a camera, which paces itself.
    virtual std::chrono::microseconds frameInterval() const = 0;
};

struct CameraInfo {
    int index = 0;  // the OpenCV / V4L2 index: /dev/video<index>
    QString device; // "/dev/video0"
    QString name;   // the driver's name for it, when the system says ("HD Pro Webcam C920")
};

// The cameras present, found by listing /dev/video* (and their names from
// /sys/class/video4linux), without opening any: listing never blocks on a busy or broken
// device. Video nodes that are not capture devices (metadata nodes) are listed too; opening
// one gives a clear error. The directories are parameters for tests.
std::vector<CameraInfo> listCameras(const QString &devDir = QStringLiteral("/dev"),
                                    const QString &sysDir = QStringLiteral("/sys/class/video4linux"));

// A camera by V4L2 index, through OpenCV's VideoCapture, asking for `resolution` (the camera
// may give another; frames come as it sends them).
class CameraSource : public FrameSource {
public:
    // Fails at once, with a message for the clerk, when /dev/video<index> does not exist or
    // cannot be opened (unplugged, used by another program, not a camera).
    static Result<std::unique_ptr<CameraSource>> open(int index, QSize resolution = QSize(1280, 720),
                                                      const QString &devDir = QStringLiteral("/dev"));
    ~CameraSource() override;
    QString description() const override;
    // A read failure (the camera unplugged mid-stream) is an error, after which the stream
    // is over; OpenCV's V4L2 backend bounds a read by its select() timeout, which open()
    // sets to 3 s unless OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT is set, so this never waits
    // longer than that.
    Result<std::optional<QImage>> next() override;
    std::chrono::microseconds frameInterval() const override { return {}; }
    QSize resolution() const; // what the camera actually delivers

private:
    struct Impl;
    explicit CameraSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// A video file played as if it were a camera, paced to the file's frame rate.
class VideoFileSource : public FrameSource {
public:
    enum class AtEnd { Loop, Stop };
    static Result<std::unique_ptr<VideoFileSource>> open(const QString &path, AtEnd atEnd = AtEnd::Loop);
    ~VideoFileSource() override;
    QString description() const override;
    Result<std::optional<QImage>> next() override;
    std::chrono::microseconds frameInterval() const override;
    double framesPerSecond() const;
    QSize frameSize() const;

private:
    struct Impl;
    explicit VideoFileSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// One still picture, given again every `interval` (so the preview and the checks run on it as
// on a live stream).
class StillImageSource : public FrameSource {
public:
    explicit StillImageSource(const QImage &image, QString description = QStringLiteral("still image"),
                              std::chrono::microseconds interval = std::chrono::milliseconds(100));
    // Reads the file through readPhotoFile (size and decoding limits of the photo checks).
    static Result<std::unique_ptr<StillImageSource>> open(const QString &path);
    QString description() const override { return m_description; }
    Result<std::optional<QImage>> next() override;
    std::chrono::microseconds frameInterval() const override { return m_interval; }

private:
    QImage m_image;
    QString m_description;
    std::chrono::microseconds m_interval;
};

} // namespace tessera
