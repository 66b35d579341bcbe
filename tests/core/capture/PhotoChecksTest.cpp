#include "core/capture/PhotoChecks.h"
#include "app/cli/Cli.h"
#include "core/capture/FramingGuide.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QFile>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTransform>

#include <cmath>
#include <cstring>
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
    // One per test process (the tests of one executable run on one thread).
    static PhotoAnalyzer instance = [] {
        auto created = PhotoAnalyzer::create();
        if (!created)
            FAIL(created.error().message.toStdString());
        return std::move(*created);
    }();
    return instance;
}

PhotoAssessment assess(const QImage &image)
{
    auto result = analyzer().analyze(image);
    TESSERA_REQUIRE_OK(result);
    return *result;
}

const PhotoCheck &checkOf(const PhotoAssessment &a, const char *id)
{
    const PhotoCheck *c = a.check(QString::fromLatin1(id));
    REQUIRE(c != nullptr);
    return *c;
}

bool passes(const PhotoAssessment &a, const char *id)
{
    return checkOf(a, id).pass;
}

// Every pixel's channels times `factor`, clipped.
QImage scaledBrightness(const QImage &src, double factor)
{
    QImage out = src.convertToFormat(QImage::Format_RGB888);
    for (int y = 0; y < out.height(); ++y) {
        uchar *line = out.scanLine(y);
        for (int x = 0; x < out.width() * 3; ++x)
            line[x] = static_cast<uchar>(std::clamp(std::lround(line[x] * factor), 0L, 255L));
    }
    return out;
}

// A box blur repeated three times (close to a Gaussian of sigma ~ radius), in plain Qt so the
// defect does not depend on the code under test.
QImage blurred(const QImage &src, int radius)
{
    QImage img = src.convertToFormat(QImage::Format_RGB888);
    const int w = img.width();
    const int h = img.height();
    for (int pass = 0; pass < 3; ++pass) {
        for (const bool horizontal : {true, false}) {
            QImage out(w, h, QImage::Format_RGB888);
            for (int y = 0; y < h; ++y) {
                for (int x = 0; x < w; ++x) {
                    int sum[3] = {0, 0, 0};
                    int n = 0;
                    for (int d = -radius; d <= radius; ++d) {
                        const int sx = horizontal ? std::clamp(x + d, 0, w - 1) : x;
                        const int sy = horizontal ? y : std::clamp(y + d, 0, h - 1);
                        const uchar *p = img.constScanLine(sy) + sx * 3;
                        for (int c = 0; c < 3; ++c)
                            sum[c] += p[c];
                        ++n;
                    }
                    uchar *q = out.scanLine(y) + x * 3;
                    for (int c = 0; c < 3; ++c)
                        q[c] = static_cast<uchar>(sum[c] / n);
                }
            }
            img = out;
        }
    }
    return img;
}

QImage onCanvas(const QImage &src, QSize canvas, QPoint at, double scale = 1.0)
{
    QImage out(canvas, QImage::Format_RGB888);
    out.fill(QColor(128, 128, 128));
    QPainter painter(&out);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const QImage placed =
        scale == 1.0 ? src : src.scaled(src.size() * scale, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    painter.drawImage(at, placed);
    return out;
}

QImage rotated(const QImage &src, double degrees)
{
    QImage out(src.size(), QImage::Format_RGB888);
    out.fill(QColor(128, 128, 128));
    QPainter painter(&out);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.translate(src.width() / 2.0, src.height() / 2.0);
    painter.rotate(degrees);
    painter.translate(-src.width() / 2.0, -src.height() / 2.0);
    painter.drawImage(0, 0, src);
    return out;
}

QByteArray encoded(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    REQUIRE(QImageWriter(&buffer, format).write(image));
    return bytes;
}

} // namespace

TEST_CASE("The test portrait passes the face, geometry, sharpness and exposure checks")
{
    const PhotoAssessment a = assess(astronaut());
    CHECK(checkOf(a, "face_count").value == 1.0);
    for (const char *id : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure", "illumination"}) {
        INFO(id << ": " << checkOf(a, id).message.toStdString() << " (" << checkOf(a, id).value << ")");
        CHECK(passes(a, id));
    }
    // The NASA portrait has a flag and a model behind her, and 512 px: an honest fail.
    CHECK_FALSE(passes(a, "background"));
    CHECK_FALSE(a.acceptable);
    REQUIRE(a.face);
    REQUIRE(a.leftEye);
    REQUIRE(a.rightEye);
    CHECK(a.leftEye->x() < a.rightEye->x());
    CHECK(a.face->contains(*a.leftEye));
    CHECK(a.face->contains(*a.rightEye));

    const std::vector<QString> ids {
        QStringLiteral("face_count"),   QStringLiteral("face_size"),  QStringLiteral("centering"),
        QStringLiteral("roll"),         QStringLiteral("sharpness"),  QStringLiteral("exposure"),
        QStringLiteral("illumination"), QStringLiteral("background"), QStringLiteral("resolution")};
    REQUIRE(a.checks.size() == ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        CHECK(a.checks[i].id == ids[i]);
        CHECK_FALSE(a.checks[i].message.isEmpty());
    }
}

TEST_CASE("The card crop of the test portrait passes the face, geometry, sharpness and exposure checks")
{
    const QImage frame = astronaut();
    const PhotoAssessment a = assess(frame);
    auto crop = cropForCard(frame, a);
    TESSERA_REQUIRE_OK(crop);
    CHECK(crop->width() == 413);
    CHECK(crop->height() == 531); // 35 x 45

    const PhotoAssessment c = assess(*crop);
    for (const char *id : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure", "resolution"}) {
        INFO(id << ": " << checkOf(c, id).message.toStdString() << " (" << checkOf(c, id).value << ")");
        CHECK(passes(c, id));
    }
    // Eyes level at the ICAO height: about 42 % from the top, within the 30-50 % band.
    REQUIRE(c.leftEye);
    REQUIRE(c.rightEye);
    const double eyeLine = (c.leftEye->y() + c.rightEye->y()) / 2.0 / crop->height();
    CHECK(eyeLine > 0.30);
    CHECK(eyeLine < 0.50);

    auto jpeg = encodeJpeg(*crop, 30 * 1024);
    TESSERA_REQUIRE_OK(jpeg);
    CHECK(jpeg->size() <= 30 * 1024);
    CHECK(jpeg->startsWith("\xFF\xD8"));
    auto tiny = encodeJpeg(*crop, 500);
    REQUIRE_FALSE(tiny);
    CHECK(tiny.error().code == ErrorCode::InvalidInput);
}

TEST_CASE("Each defect fails the check that names it")
{
    const QImage good = astronaut();

    SECTION("blurred: sharpness")
    {
        const PhotoAssessment a = assess(blurred(good, 3));
        CHECK(passes(a, "face_count"));
        // The face measured is the applicant's, not a stray detection in the background.
        CHECK(passes(a, "face_size"));
        CHECK(passes(a, "centering"));
        CHECK_FALSE(passes(a, "sharpness"));
        CHECK(checkOf(a, "sharpness").message.contains(QStringLiteral("hold still")));
    }
    SECTION("dark: exposure, and it is still sharp")
    {
        const PhotoAssessment a = assess(scaledBrightness(good, 0.3));
        CHECK(passes(a, "face_count"));
        CHECK(passes(a, "face_size"));
        CHECK(passes(a, "centering"));
        CHECK_FALSE(passes(a, "exposure"));
        CHECK(checkOf(a, "exposure").message.contains(QStringLiteral("more light")));
        CHECK(passes(a, "sharpness"));
    }
    SECTION("over-exposed: exposure")
    {
        const PhotoAssessment a = assess(scaledBrightness(good, 1.4));
        CHECK(passes(a, "face_count"));
        CHECK(passes(a, "face_size"));
        CHECK(passes(a, "centering"));
        CHECK_FALSE(passes(a, "exposure"));
        CHECK(checkOf(a, "exposure").value > 200.0);
    }
    SECTION("off-centre: centering")
    {
        const PhotoAssessment a = assess(onCanvas(good, QSize(900, 512), QPoint(0, 0)));
        CHECK(passes(a, "face_count"));
        CHECK(passes(a, "sharpness"));
        CHECK_FALSE(passes(a, "centering"));
        CHECK(checkOf(a, "centering").message.contains(QStringLiteral("left of centre")));
    }
    SECTION("tilted: roll")
    {
        for (const double degrees : {-15.0, 15.0}) {
            INFO(degrees << " degrees");
            const PhotoAssessment a = assess(rotated(good, degrees));
            CHECK(passes(a, "face_count"));
            CHECK_FALSE(passes(a, "roll"));
            CHECK(checkOf(a, "roll").value > 10.0);
            CHECK(checkOf(a, "roll").value < 22.0);
        }
    }
    SECTION("tiny in the frame: face_size and resolution")
    {
        const PhotoAssessment a = assess(onCanvas(good, good.size(), QPoint(128, 128), 0.5));
        CHECK(passes(a, "face_count"));
        CHECK_FALSE(passes(a, "face_size"));
        CHECK(checkOf(a, "face_size").message.contains(QStringLiteral("move closer")));
        CHECK_FALSE(passes(a, "resolution"));
    }
    SECTION("far away in a large frame: face_size, found by the small-face pass")
    {
        const PhotoAssessment a = assess(onCanvas(good, QSize(1280, 1280), QPoint(384, 384)));
        CHECK(passes(a, "face_count"));
        CHECK_FALSE(passes(a, "face_size"));
    }
    SECTION("two faces: face_count")
    {
        QImage two(good.width() * 2, good.height(), QImage::Format_RGB888);
        QPainter painter(&two);
        painter.drawImage(0, 0, good);
        painter.drawImage(good.width(), 0, good);
        painter.end();
        const PhotoAssessment a = assess(two);
        CHECK(checkOf(a, "face_count").value == 2.0);
        CHECK_FALSE(passes(a, "face_count"));
        CHECK(checkOf(a, "face_count").message.contains(QStringLiteral("More than one face")));
        CHECK_FALSE(a.acceptable);
    }
}

TEST_CASE("The framing guide is where the centring and size checks measure: inside the band passes, outside fails")
{
    // The portrait slid across a 1280x720 frame: the check's verdict and the guide's agree at
    // every position, and both verdicts occur (the band is not everything or nothing).
    const QImage good = astronaut();
    const PhotoThresholds thresholds;
    const FramingGuide guide = framingGuide(QSizeF(1280, 720), thresholds);
    CHECK(guide.oval.center().x() == Approx(guide.centreX));
    CHECK(guide.bandLeft < guide.oval.left());
    CHECK(guide.bandRight > guide.oval.right());
    CHECK(guide.oval.height() > guide.smallestFace);
    CHECK(guide.oval.height() < guide.largestFace);
    int inside = 0;
    int outside = 0;
    for (int x = 0; x <= 1280 - 512; x += 64) {
        const PhotoAssessment a = assess(onCanvas(good, QSize(1280, 720), QPoint(x, 104)));
        REQUIRE(a.face);
        INFO("portrait at x " << x << ", face centre " << a.face->center().x());
        const bool centred = guide.centred(*a.face, thresholds.maxCentreOffset);
        CHECK(passes(a, "centering") == centred);
        CHECK(checkOf(a, "centering").value == Approx(std::abs(guide.centreOffset(*a.face))));
        const bool sized = a.face->height() >= guide.smallestFace && a.face->height() <= guide.largestFace;
        CHECK(passes(a, "face_size") == sized);
        (centred ? inside : outside) += 1;
        // The oval is drawn on the centre line the check measures from: a face centred in it passes.
        if (std::abs(a.face->center().x() - guide.oval.center().x()) < 8.0)
            CHECK(passes(a, "centering"));
    }
    CHECK(inside >= 2);
    CHECK(outside >= 2);
}

TEST_CASE("A picture with no human face fails face_count and says the rest cannot be measured")
{
    std::mt19937 random(20261123);
    std::uniform_int_distribution<int> noise(-20, 20);
    QImage image(640, 480, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y) {
        uchar *line = image.scanLine(y);
        for (int x = 0; x < image.width(); ++x)
            for (int c = 0; c < 3; ++c)
                line[x * 3 + c] = static_cast<uchar>(std::clamp(x * 255 / 640 + noise(random), 0, 255));
    }
    const PhotoAssessment a = assess(image);
    CHECK(checkOf(a, "face_count").value == 0.0);
    CHECK_FALSE(passes(a, "face_count"));
    CHECK(checkOf(a, "face_count").message.contains(QStringLiteral("No face found")));
    CHECK_FALSE(a.face);
    for (const char *id : {"face_size", "centering", "roll", "sharpness", "exposure", "resolution"}) {
        CHECK_FALSE(passes(a, id));
        CHECK(std::isnan(checkOf(a, id).value));
        CHECK(checkOf(a, id).message.contains(QStringLiteral("Cannot be measured")));
    }
    CHECK_FALSE(a.acceptable);
    CHECK_FALSE(cropForCard(image, a));
}

TEST_CASE("Damaged, empty, tiny and huge images are refused with a reason, never a crash")
{
    const QByteArray png = encoded(astronaut(), "png");
    std::mt19937 random(4);
    QByteArray noise(4096, '\0');
    for (char &b : noise)
        b = static_cast<char>(random() & 0xFF);
    QImage one(1, 1, QImage::Format_RGB888);
    one.fill(Qt::white);

    struct Case {
        const char *name;
        QByteArray bytes;
        const char *says;
    };
    const std::vector<Case> cases {
        {"empty", QByteArray(), "empty"},
        {"truncated PNG", png.left(png.size() / 3), "damaged"},
        {"PNG header only", png.left(40), ""},
        {"random bytes", noise, "not an image"},
        {"1x1 image", encoded(one, "png"), "too small"},
        {"claims 10000 x 10000", QByteArray("P5\n10000 10000\n255\n") + QByteArray(64, '\x7f'), "megapixels"},
        {"claims 100000 x 100000", QByteArray("P5\n100000 100000\n255\n") + QByteArray(64, '\x7f'), ""},
        {"claims 60000 x 60000 BMP",
         [] {
             QByteArray bmp = encoded(QImage(64, 64, QImage::Format_RGB888), "bmp");
             const qint32 side = 60000;
             std::memcpy(bmp.data() + 18, &side, 4);
             std::memcpy(bmp.data() + 22, &side, 4);
             return bmp;
         }(),
         ""},
    };
    for (const Case &c : cases) {
        INFO(c.name);
        auto image = decodePhoto(c.bytes);
        REQUIRE_FALSE(image);
        CHECK(image.error().code == ErrorCode::InvalidInput);
        CHECK(image.error().message.contains(QString::fromLatin1(c.says)));
    }
    CHECK_FALSE(analyzer().analyze(QImage()));
    CHECK_FALSE(cropForCard(QImage(), PhotoAssessment {}));

    auto ok = decodePhoto(png);
    TESSERA_REQUIRE_OK(ok);
    CHECK(ok->size() == QSize(512, 512));
}

using CliRun = test::CliResult;

CliRun runCli(const QStringList &args)
{
    const ManualClock clock;
    return test::runCli(args, clock);
}

QString written(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    return path;
}

TEST_CASE("tessera-cli photo check and photo crop, without a station")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString portrait = QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg");

    SECTION("JSON with exactly acceptable and the nine checks; exit 1 as a check fails")
    {
        const CliRun r = runCli({QStringLiteral("photo"), QStringLiteral("check"), portrait, QStringLiteral("--json")});
        INFO(r.err.toStdString());
        CHECK(r.code == cli::CheckFailed);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        CHECK(o.keys() == QStringList {QStringLiteral("acceptable"), QStringLiteral("checks")});
        CHECK(o.value(QStringLiteral("acceptable")) == QJsonValue(false));
        const QJsonArray checks = o.value(QStringLiteral("checks")).toArray();
        REQUIRE(checks.size() == 9);
        for (const QJsonValue &v : checks) {
            const QJsonObject c = v.toObject();
            CHECK(c.keys()
                  == QStringList {QStringLiteral("id"), QStringLiteral("message"), QStringLiteral("pass"),
                                  QStringLiteral("threshold"), QStringLiteral("value")});
            CHECK(c.value(QStringLiteral("value")).isDouble());
            CHECK(c.value(QStringLiteral("pass")).isBool());
        }
        QStringList ids;
        for (const QJsonValue &v : checks)
            ids << v.toObject().value(QStringLiteral("id")).toString();
        CHECK(ids
              == QStringList {QStringLiteral("face_count"), QStringLiteral("face_size"), QStringLiteral("centering"),
                              QStringLiteral("roll"), QStringLiteral("sharpness"), QStringLiteral("exposure"),
                              QStringLiteral("illumination"), QStringLiteral("background"),
                              QStringLiteral("resolution")});
        CHECK(checks.at(0).toObject().value(QStringLiteral("pass")).toBool());
    }
    SECTION("the card crop is written within the size budget, and checks as a readable table")
    {
        const QString out = dir.filePath(QStringLiteral("card.jpg"));
        const CliRun crop = runCli({QStringLiteral("photo"), QStringLiteral("crop"), portrait, out});
        INFO(crop.err.toStdString());
        REQUIRE(crop.code == cli::Ok);
        CHECK(QFile(out).size() <= 60 * 1024);
        const CliRun r = runCli({QStringLiteral("photo"), QStringLiteral("check"), out});
        INFO(r.out.toStdString());
        CHECK(r.out.contains(QStringLiteral("face_count")));
        CHECK(r.out.contains(QStringLiteral("sharpness")));
        CHECK(r.out.contains(QStringLiteral("pass")));
    }
    SECTION("no face: nothing is written, and the reason is given")
    {
        QImage grey(320, 240, QImage::Format_RGB888);
        grey.fill(QColor(90, 90, 90));
        const QString in = written(dir, QStringLiteral("wall.png"), encoded(grey, "png"));
        const QString out = dir.filePath(QStringLiteral("card.jpg"));
        const CliRun r = runCli({QStringLiteral("photo"), QStringLiteral("crop"), in, out});
        CHECK(r.code == cli::InvalidInput);
        CHECK(r.err.contains(QStringLiteral("No face found")));
        CHECK_FALSE(QFile::exists(out));
        const CliRun check = runCli({QStringLiteral("photo"), QStringLiteral("check"), in, QStringLiteral("--json")});
        CHECK(check.code == cli::CheckFailed);
        CHECK(check.out.contains(QStringLiteral("\"value\":null")));
    }
    SECTION("unreadable images: exit 5 with a message")
    {
        const QByteArray png = encoded(astronaut(), "png");
        for (const auto &[name, bytes] : std::vector<std::pair<QString, QByteArray>> {
                 {QStringLiteral("empty.png"), QByteArray()},
                 {QStringLiteral("cut.png"), png.left(png.size() / 2)},
                 {QStringLiteral("huge.pgm"), QByteArray("P5\n100000 100000\n255\n")}}) {
            INFO(name.toStdString());
            const CliRun r = runCli({QStringLiteral("photo"), QStringLiteral("check"), written(dir, name, bytes)});
            CHECK(r.code == cli::InvalidInput);
            CHECK(r.err.startsWith(QStringLiteral("tessera-cli: ")));
            CHECK(r.out.isEmpty());
        }
        CHECK(
            runCli({QStringLiteral("photo"), QStringLiteral("check"), dir.filePath(QStringLiteral("missing.png"))}).code
            == cli::InvalidInput);
        CHECK(runCli({QStringLiteral("photo"), QStringLiteral("check")}).code == cli::Usage);
        CHECK(runCli({QStringLiteral("photo"), QStringLiteral("frame")}).code == cli::Usage);
    }
}

TEST_CASE("tessera-cli photo make-demo-video writes the stand-in camera video; bench preview refuses bad input")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString portrait = QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg");
    const QString video = dir.filePath(QStringLiteral("demo.avi"));
    const CliRun made = runCli({QStringLiteral("photo"), QStringLiteral("make-demo-video"), portrait, video,
                                QStringLiteral("--seconds"), QStringLiteral("1")});
    INFO(made.err.toStdString());
    REQUIRE(made.code == cli::Ok);
    CHECK(made.out.contains(QStringLiteral("1280x720")));
    CHECK(QFile(video).size() > 100 * 1024);

    CHECK(runCli({QStringLiteral("photo"), QStringLiteral("make-demo-video"), portrait}).code == cli::Usage);
    CHECK(runCli({QStringLiteral("photo"), QStringLiteral("make-demo-video"), dir.filePath(QStringLiteral("none.jpg")),
                  video})
              .code
          == cli::InvalidInput);
    CHECK(runCli({QStringLiteral("bench"), QStringLiteral("preview"), video, QStringLiteral("--seconds"),
                  QStringLiteral("0")})
              .code
          == cli::Usage);
    const CliRun missing =
        runCli({QStringLiteral("bench"), QStringLiteral("preview"), dir.filePath(QStringLiteral("none.avi"))});
    CHECK(missing.code == cli::InvalidInput);
    CHECK(missing.err.contains(QStringLiteral("does not exist")));
}
