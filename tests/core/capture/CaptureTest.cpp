#include "app/tools/DemoVideo.h"
#include "core/capture/AutoCapture.h"
#include "core/capture/CameraChoice.h"
#include "core/capture/CaptureSession.h"
#include "core/capture/FrameSource.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <random>

using namespace tessera;

namespace {

QImage astronaut()
{
    static const QImage image(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg"));
    REQUIRE_FALSE(image.isNull());
    return image.convertToFormat(QImage::Format_RGB888);
}

PhotoAnalyzer &analyzer()
{
    static PhotoAnalyzer instance = [] {
        auto created = PhotoAnalyzer::create();
        if (!created)
            FAIL(created.error().message.toStdString());
        return std::move(*created);
    }();
    return instance;
}

PhotoAssessment verdict(bool acceptable)
{
    PhotoAssessment a;
    a.acceptable = acceptable;
    return a;
}

// The demo video, written once per test process (4 s at 10 frames per second: 40 frames).
const QString &demoVideo()
{
    static QTemporaryDir dir;
    static const QString path = [] {
        REQUIRE(dir.isValid());
        const QString p = dir.filePath(QStringLiteral("demo.avi"));
        TESSERA_REQUIRE_OK(writeDemoVideo(astronaut(), p, 4, 10));
        return p;
    }();
    return path;
}

std::vector<QImage> allFrames(const QString &path)
{
    auto source = VideoFileSource::open(path, VideoFileSource::AtEnd::Stop);
    TESSERA_REQUIRE_OK(source);
    std::vector<QImage> frames;
    for (;;) {
        auto frame = (*source)->next();
        TESSERA_REQUIRE_OK(frame);
        if (!*frame)
            break;
        frames.push_back(**frame);
    }
    return frames;
}

} // namespace

TEST_CASE("Auto-capture fires once, on the Nth acceptable frame in a row", "[capture][auto]")
{
    AutoCapture autoCapture(3);
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    CHECK_FALSE(autoCapture.feed(verdict(false))); // the run is broken
    CHECK(autoCapture.run() == 0);
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    autoCapture.interrupt(); // a frame that could not be analysed breaks it too
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    CHECK(autoCapture.feed(verdict(true)));
    CHECK(autoCapture.hasFired());
    CHECK_FALSE(autoCapture.feed(verdict(true))); // once per arming
    CHECK_FALSE(autoCapture.feed(verdict(true)));

    autoCapture.rearm(); // retake
    CHECK_FALSE(autoCapture.hasFired());
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    CHECK_FALSE(autoCapture.feed(verdict(true)));
    CHECK(autoCapture.feed(verdict(true)));

    AutoCapture manual(1);
    manual.setEnabled(false);
    CHECK_FALSE(manual.feed(verdict(true)));
    CHECK(manual.run() == 1);
    AutoCapture atLeastOne(0);
    CHECK(atLeastOne.requiredRun() == 1);
    CHECK(atLeastOne.feed(verdict(true)));
}

TEST_CASE("The demo video moves the head so that the checks fail, pass and fail again", "[capture][video]")
{
    const std::vector<QImage> frames = allFrames(demoVideo());
    REQUIRE(frames.size() == 40);
    CHECK(frames.front().size() == QSize(1280, 720));
    auto at = [&](double t) {
        auto a = analyzer().analyze(frames[static_cast<size_t>(t * static_cast<double>(frames.size()))]);
        TESSERA_REQUIRE_OK(a);
        return *a;
    };
    const PhotoAssessment start = at(0.0);
    CHECK_FALSE(start.acceptable);
    REQUIRE(start.check(QStringLiteral("centering")));
    CHECK_FALSE(start.check(QStringLiteral("centering"))->pass);
    int acceptable = 0;
    for (double t : {0.30, 0.35, 0.40, 0.45, 0.50}) {
        const PhotoAssessment a = at(t);
        for (const PhotoCheck &c : a.checks)
            INFO("t=" << t << " " << c.id.toStdString() << " " << c.value << " " << c.message.toStdString());
        acceptable += a.acceptable ? 1 : 0;
    }
    CHECK(acceptable == 5);
    const PhotoAssessment tilted = at(0.65);
    CHECK_FALSE(tilted.acceptable);
}

TEST_CASE("A video file plays to its end or loops; a missing or damaged one is refused with a message",
          "[capture][video]")
{
    auto once = VideoFileSource::open(demoVideo(), VideoFileSource::AtEnd::Stop);
    TESSERA_REQUIRE_OK(once);
    CHECK((*once)->framesPerSecond() == Approx(10.0));
    CHECK((*once)->frameInterval() == std::chrono::milliseconds(100));
    CHECK((*once)->frameSize() == QSize(1280, 720));
    CHECK((*once)->description() == QStringLiteral("demo.avi"));

    auto looping = VideoFileSource::open(demoVideo(), VideoFileSource::AtEnd::Loop);
    TESSERA_REQUIRE_OK(looping);
    for (int i = 0; i < 95; ++i) {
        auto frame = (*looping)->next();
        TESSERA_REQUIRE_OK(frame);
        REQUIRE(frame->has_value());
    }

    auto missing = VideoFileSource::open(QStringLiteral("/nonexistent/demo.avi"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.contains(QStringLiteral("does not exist")));

    QTemporaryDir dir;
    std::mt19937 random(4);
    QByteArray junk(20000, '\0');
    for (char &c : junk)
        c = static_cast<char>(random() & 0xff);
    const QString damaged = dir.filePath(QStringLiteral("damaged.avi"));
    QFile f(damaged);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(junk);
    f.close();
    auto opened = VideoFileSource::open(damaged);
    if (opened) {
        auto frame = (*opened)->next();
        REQUIRE_FALSE(frame);
        CHECK(frame.error().message.contains(QStringLiteral("damaged")));
    } else {
        CHECK(opened.error().message.contains(QStringLiteral("not a video")));
    }
}

TEST_CASE("A camera that is not there is an error at once, not a wait; cameras are listed from /dev",
          "[capture][camera]")
{
    QTemporaryDir dev;
    QTemporaryDir sys;
    for (const char *node : {"video2", "video0", "videoX", "null"}) {
        QFile f(dev.filePath(QString::fromLatin1(node)));
        REQUIRE(f.open(QIODevice::WriteOnly));
    }
    REQUIRE(QDir(sys.path()).mkpath(QStringLiteral("video0")));
    QFile name(sys.filePath(QStringLiteral("video0/name")));
    REQUIRE(name.open(QIODevice::WriteOnly));
    name.write("Counter Cam\n");
    name.close();
    const std::vector<CameraInfo> cameras = listCameras(dev.path(), sys.path());
    REQUIRE(cameras.size() == 2);
    CHECK(cameras[0].index == 0);
    CHECK(cameras[0].name == QStringLiteral("Counter Cam"));
    CHECK(cameras[0].device == dev.filePath(QStringLiteral("video0")));
    CHECK(cameras[1].index == 2);
    CHECK(cameras[1].name.isEmpty());

    auto unplugged = CameraSource::open(5, QSize(1280, 720), dev.path());
    REQUIRE_FALSE(unplugged);
    CHECK(unplugged.error().code == ErrorCode::NotFound);
    CHECK(unplugged.error().message.contains(QStringLiteral("Camera 5 is not connected")));
    // A node that is not a video device (here a plain file) is refused, not waited on.
    auto notACamera = CameraSource::open(0, QSize(1280, 720), dev.path());
    REQUIRE_FALSE(notACamera);
    CHECK(notACamera.error().message.contains(QStringLiteral("Camera 0")));
}

TEST_CASE("The station remembers its camera and resolution", "[capture][camera]")
{
    test::TestStation t;
    StationSettings settings(t.station->database());
    auto none = loadCameraChoice(settings);
    TESSERA_REQUIRE_OK(none);
    CHECK_FALSE(none->has_value());
    TESSERA_REQUIRE_OK(saveCameraChoice(settings, CameraChoice {2, QSize(1920, 1080), QString()}));
    auto back = loadCameraChoice(settings);
    TESSERA_REQUIRE_OK(back);
    REQUIRE(back->has_value());
    CHECK((*back)->index == 2);
    CHECK((*back)->resolution == QSize(1920, 1080));
    CHECK_FALSE(saveCameraChoice(settings, CameraChoice {-1, QSize(1280, 720), QString()}));
    CHECK_FALSE(saveCameraChoice(settings, CameraChoice {0, QSize(10, 10), QString()}));
    // A value damaged outside Tessera reads as no choice, so the clerk is asked again.
    TESSERA_REQUIRE_OK(settings.setPhotoCamera(CameraSetting {0, QSize(10, 10), QString()}));
    auto damaged = loadCameraChoice(settings);
    TESSERA_REQUIRE_OK(damaged);
    CHECK_FALSE(damaged->has_value());
    // A video standing in for the camera is remembered by its path, and the camera is then unused.
    TESSERA_REQUIRE_OK(saveCameraChoice(settings, CameraChoice {0, QSize(1280, 720), QStringLiteral("/srv/demo.avi")}));
    auto video = loadCameraChoice(settings);
    TESSERA_REQUIRE_OK(video);
    REQUIRE(video->has_value());
    CHECK((*video)->videoFile == QStringLiteral("/srv/demo.avi"));
    TESSERA_REQUIRE_OK(saveCameraChoice(settings, CameraChoice {2, QSize(1920, 1080), QString()}));
    CHECK(loadCameraChoice(settings).value()->videoFile.isEmpty()); // a camera again: the video is forgotten
}

TEST_CASE("A capture session delivers frames and analyses the newest, off the calling thread", "[capture][session]")
{
    auto created = PhotoAnalyzer::create();
    TESSERA_REQUIRE_OK(created);
    QImage frame(1280, 720, QImage::Format_RGB888);
    frame.fill(QColor(200, 200, 200));
    CaptureSession session(
        std::make_unique<StillImageSource>(frame, QStringLiteral("grey"), std::chrono::milliseconds(5)),
        std::move(*created));
    int frames = 0;
    int analysed = 0;
    QEventLoop loop;
    QObject::connect(&session, &CaptureSession::frameReady, &loop, [&](const QImage &f) {
        CHECK(f.size() == QSize(1280, 720));
        ++frames;
    });
    QObject::connect(&session, &CaptureSession::analysed, &loop, [&](const QImage &, const PhotoAssessment &a) {
        CHECK_FALSE(a.acceptable); // no face in a grey frame
        if (++analysed == 3)
            loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit); // a bound, not a wait: quit() comes first
    session.start();
    CHECK(session.isRunning());
    loop.exec();
    session.stop();
    CHECK_FALSE(session.isRunning());
    CHECK(analysed >= 3);
    CHECK(frames >= 1);
}

TEST_CASE("A capture session says when its source ends", "[capture][session]")
{
    auto created = PhotoAnalyzer::create();
    TESSERA_REQUIRE_OK(created);
    auto source = VideoFileSource::open(demoVideo(), VideoFileSource::AtEnd::Stop);
    TESSERA_REQUIRE_OK(source);
    CaptureSession session(std::move(*source), std::move(*created));
    QString message = QStringLiteral("(not ended)");
    QEventLoop loop;
    QObject::connect(&session, &CaptureSession::ended, &loop, [&](const QString &m) {
        message = m;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    session.start();
    loop.exec();
    CHECK(message.isEmpty()); // ended cleanly
}
