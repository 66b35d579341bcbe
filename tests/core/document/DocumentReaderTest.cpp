#include "core/document/DocumentReader.h"
#include "app/cli/Cli.h"
#include "app/tools/SampleDocuments.h"
#include "core/capture/FrameSource.h"
#include "core/capture/PhotoChecks.h"
#include "core/document/DocumentCamera.h"
#include "core/document/MrzGlyphReader.h"
#include "core/document/MrzOcr.h"
#include "core/document/Pdf417.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>

#include <QTextStream>
#include <random>

using namespace tessera;

namespace {

const ManualClock &clock2026()
{
    static const ManualClock clock(QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC));
    return clock;
}

QImage astronaut()
{
    static const QImage image(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg"));
    REQUIRE_FALSE(image.isNull());
    return image;
}

DocumentFindings read(const QImage &photo)
{
    auto found = readDocument(photo, clock2026());
    if (!found)
        FAIL(found.error().message.toStdString());
    return std::move(*found);
}

// Distance of a found corner from where the sample put it is not known here; instead the
// rectified image is compared with the flat document it came from.
double meanDifference(const QImage &a, const QImage &b)
{
    const QImage x =
        a.convertToFormat(QImage::Format_Grayscale8).scaled(100, 63, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QImage y =
        b.convertToFormat(QImage::Format_Grayscale8).scaled(100, 63, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    double sum = 0;
    for (int r = 0; r < x.height(); ++r)
        for (int c = 0; c < x.width(); ++c)
            sum += std::abs(int(x.constScanLine(r)[c]) - int(y.constScanLine(r)[c]));
    return sum / (x.width() * x.height());
}

using test::CliResult;

CliResult runCli(const QStringList &args)
{
    return test::runCli(args, clock2026());
}

} // namespace

TEST_CASE("the specimen licence's PDF417, written by zxing-cpp, reads back as AAMVA", "[document]")
{
    const QImage back = sample::licenceBack();
    CHECK(back.size() == QSize(1012, 638));
    auto bytes = decodePdf417(back);
    REQUIRE(bytes);
    CHECK(*bytes == sample::licenceAamvaText());
    auto licence = parseAamva(std::move(*bytes), clock2026());
    REQUIRE(licence);
    CHECK(licence->familyName == QStringLiteral("HALLORAN"));
}

TEST_CASE("a licence photographed in perspective on a photograph, with noise, is rectified and read", "[document]")
{
    for (quint32 seed : {1u, 2u, 3u}) {
        INFO("seed " << seed);
        const QImage photo = sample::inPhoto(sample::licenceBack(), astronaut(), 2000, 1500, seed);
        const DocumentFindings f = read(photo);
        CHECK(f.rectified.cornersFound);
        CHECK(f.rectified.size == DocumentSize::Id1);
        CHECK(f.rectified.image.size() == QSize(1012, 638));
        CHECK(meanDifference(f.rectified.image, sample::licenceBack()) < 20);
        // The measure tells a misplaced outline: the card shifted by a tenth is far off.
        CHECK(meanDifference(sample::licenceBack().copy(100, 60, 912, 578), sample::licenceBack()) > 20);
        REQUIRE(f.licence);
        CHECK(f.licence->familyName == QStringLiteral("HALLORAN"));
        CHECK(f.licence->givenNames == QStringLiteral("MAREN ELISE"));
        CHECK(f.licence->birthDate == QDate(1988, 3, 14));
        CHECK(f.licence->expiry == QDate(2031, 3, 14));
        CHECK(f.licence->documentType == QStringLiteral("DL"));
        CHECK(f.licence->jurisdiction == QStringLiteral("VA"));
        CHECK_FALSE(f.licence->expired);
        CHECK_FALSE(f.mrz);
        CHECK_FALSE(f.machineReadable());
        // A licence read cleanly leaves nothing to tell the clerk (no empty or stray messages).
        CHECK(f.messages.isEmpty());
    }
}

TEST_CASE("a passport page photographed turned, in perspective and blurred has its zone read", "[document]")
{
    const auto typeface = GENERATE(sample::ZoneTypeface::OcrB, sample::ZoneTypeface::DejaVuSansMono);
    for (quint32 seed : {1u, 2u}) {
        INFO("seed " << seed << (typeface == sample::ZoneTypeface::OcrB ? ", OCR-B" : ", DejaVu Sans Mono"));
        const QImage photo = sample::inPhoto(sample::passportPage(typeface), astronaut(), 2400, 1800, seed, 0.6);
        DocumentFindings f = read(photo);
        CHECK(f.rectified.size == DocumentSize::Id3);
        REQUIRE(f.mrz);
        CHECK(f.mrz->format == MrzFormat::TD3);
        CHECK(f.mrz->isPassport());
        CHECK(f.mrz->familyName == QStringLiteral("QUINTERO"));
        CHECK(f.mrz->givenNames == QStringLiteral("ROSALIND JUNE"));
        CHECK(f.mrz->birthDate == QDate(1990, 5, 21));
        CHECK(f.mrz->expiry == QDate(2033, 9, 17));
        INFO(f.mrz->problems.join(QStringLiteral("; ")).toStdString());
        CHECK(f.machineReadable());
        CHECK_FALSE(f.licence);
        f.clearImage();
        CHECK(f.rectified.image.isNull());
    }
}

TEST_CASE("an ID card's three-line TD1 zone is read from a photo", "[document]")
{
    const auto typeface = GENERATE(sample::ZoneTypeface::OcrB, sample::ZoneTypeface::DejaVuSansMono);
    for (quint32 seed : {1u, 2u}) {
        INFO("seed " << seed << (typeface == sample::ZoneTypeface::OcrB ? ", OCR-B" : ", DejaVu Sans Mono"));
        const DocumentFindings f =
            read(sample::inPhoto(sample::idCardBack(typeface), astronaut(), 2000, 1500, seed, 0.6));
        CHECK(f.rectified.size == DocumentSize::Id1);
        REQUIRE(f.mrz);
        CHECK(f.mrz->format == MrzFormat::TD1);
        CHECK_FALSE(f.mrz->isPassport());
        CHECK(f.mrz->issuingState == QStringLiteral("UTO"));
        CHECK(f.mrz->familyName == QStringLiteral("QUINTERO"));
        CHECK(f.mrz->birthDate == QDate(1990, 5, 21));
        CHECK(f.mrz->expiry == QDate(2031, 2, 11));
        CHECK(f.machineReadable());
    }
    auto typed = parseMrz(sample::idCardMrz(), clock2026());
    REQUIRE(typed);
    CHECK(typed->valid());
}

TEST_CASE("an OCR-B zone is read cell by cell: a filler is never a letter, and the names are sure", "[document]")
{
    // General OCR reads OCR-B's chevron-shaped filler as K, X, S or E; names lie outside every
    // check digit, so such a zone used to pass as machine readable with names like "ANNA KK K".
    auto reader = MrzGlyphReader::create();
    REQUIRE(reader);
    const QString zone = sample::passportMrz();
    const QImage page = sample::zonePage(zone.split(QLatin1Char('\n')));
    auto text = reader->read(page.copy(0, page.height() * 7 / 10, page.width(), page.height() * 3 / 10));
    REQUIRE(text);
    CHECK(text->font == QStringLiteral("OCR-B"));
    CHECK(text->lines.join(QLatin1Char('\n')) == zone);
    CHECK(text->certainFrom(0, 5));
    for (const auto &line : text->certainty)
        for (float c : line)
            CHECK(c >= kCertain);

    RectifiedDocument doc;
    doc.image = page;
    doc.size = DocumentSize::Id3;
    QStringList messages;
    const auto reading = readZone(doc, clock2026(), messages);
    REQUIRE(reading);
    CHECK(reading->givenNames == QStringLiteral("ROSALIND JUNE"));
    CHECK_FALSE(reading->namesUncertain);
    CHECK(reading->valid());
}

TEST_CASE("a name letter between two letters is not trusted, and the zone is not machine readable", "[document]")
{
    // QUINTERO's E (line 1, position 10) with its bottom bar fading out, as a worn print leaves
    // it: from E to F. The check digits stay right, so only the names can be doubtful; somewhere
    // on the way the reader must say it does not know rather than jump from a sure E to a sure F.
    auto reader = MrzGlyphReader::create();
    REQUIRE(reader);
    std::optional<double> doubtful;
    QString previous;
    for (int step = 0; step <= 20; ++step) {
        const double w = step / 20.0;
        const QImage page = test::fadingNamePage(w);
        auto text = reader->read(page.copy(0, page.height() * 7 / 10, page.width(), page.height() * 3 / 10));
        REQUIRE(text);
        const QChar read = text->lines[0][10];
        CHECK((read == QLatin1Char('E') || read == QLatin1Char('F')));
        if (!text->certainFrom(0, 5) && !doubtful)
            doubtful = w;
        previous = read;
    }
    CHECK(previous == QStringLiteral("F"));
    REQUIRE(doubtful);
    INFO("doubtful at " << *doubtful);
    RectifiedDocument doc;
    doc.image = test::fadingNamePage(*doubtful);
    doc.size = DocumentSize::Id3;
    QStringList messages;
    const auto reading = readZone(doc, clock2026(), messages);
    REQUIRE(reading);
    CHECK(reading->namesUncertain);
    CHECK_FALSE(reading->valid());
    CHECK(reading->problems.join(QLatin1Char(' ')).contains(QStringLiteral("names")));
    for (const MrzCheck &c : reading->checks)
        CHECK(c.valid);
}

TEST_CASE("the glyph reader says there is no zone in bands that hold none, whatever they hold", "[document]")
{
    auto reader = MrzGlyphReader::create();
    REQUIRE(reader);
    std::mt19937 rng(7);
    QImage noise(1476, 300, QImage::Format_Grayscale8);
    for (int y = 0; y < noise.height(); ++y)
        for (int x = 0; x < noise.width(); ++x)
            noise.scanLine(y)[x] = static_cast<uchar>(rng() & 0xff);
    QImage black(1476, 300, QImage::Format_RGB888);
    black.fill(Qt::black);
    QImage white(1476, 300, QImage::Format_RGB888);
    white.fill(Qt::white);
    // Three rows of the same mark: glyph-sized, evenly spaced, but not 30, 36 or 44 cells of a zone.
    QImage dots = white;
    {
        QPainter p(&dots);
        p.setBrush(Qt::black);
        for (int row = 0; row < 3; ++row)
            for (int i = 0; i < 25; ++i)
                p.drawEllipse(QRect(40 + i * 50, 40 + row * 80, 24, 30));
    }
    for (const QImage &band : {QImage(), QImage(10, 10, QImage::Format_RGB888), noise, black, white, dots}) {
        auto text = reader->read(band);
        if (text) {
            // A reading of marks that are no glyphs must be full of doubt, never a sure zone.
            CHECK_FALSE(text->certainFrom(static_cast<int>(text->lines.size()) - 1, 0));
        } else {
            CHECK_FALSE(text.error().message.isEmpty());
        }
    }
}

TEST_CASE("the photographs of the ICAO specimen passport in the peer vectors are read, names and all",
          "[document][peers]")
{
    // PassportEye's test photographs (../shared/peers/images, MIT): read them where they are;
    // they are not copied into the project.
    const QDir images(QStringLiteral(TESSERA_SOURCE_DIR "/../shared/peers/images"));
    if (!images.exists()) {
        WARN("../shared/peers is not here: the peer photographs are not read");
        return;
    }
    const QStringList files = images.entryList({QStringLiteral("passporteye-passport-*")}, QDir::Files);
    REQUIRE(files.size() == 4);
    for (const QString &file : files) {
        INFO(file.toStdString());
        const QImage image(images.filePath(file));
        REQUIRE_FALSE(image.isNull());
        const DocumentFindings f = read(image);
        REQUIRE(f.mrz);
        CHECK(f.mrz->format == (file.contains(QLatin1String("td2")) ? MrzFormat::TD2 : MrzFormat::TD3));
        CHECK(f.mrz->familyName == QStringLiteral("ERIKSSON"));
        CHECK(f.mrz->givenNames == QStringLiteral("ANNA MARIA"));
        CHECK(f.mrz->birthDate == QDate(1974, 8, 12));
        CHECK_FALSE(f.mrz->namesUncertain);
        CHECK(f.machineReadable());
    }
}

TEST_CASE("a passport page held upside down is read turned over", "[document]")
{
    // On a document camera's dark base: a pale page on the pale, busy wall of the astronaut
    // photograph may show no outline at all (then the whole image is used).
    const DocumentFindings f =
        read(sample::inPhoto(turnedOver(sample::passportPage()), sample::desk(2400, 1800, 4), 2400, 1800, 4, 0.6));
    CHECK(f.rectified.cornersFound);
    REQUIRE(f.mrz);
    CHECK(f.machineReadable());
}

TEST_CASE("OCR repairs use the zone's layout and never invent a number", "[document]")
{
    const QString good = sample::passportMrz();
    QStringList lines = good.split(QLatin1Char('\n'));
    // Letters for digits in dates, a digit in the nationality, fillers miscounted, Q read as 0.
    QString l2 = lines[1];
    l2[14] = QLatin1Char('O'); // birth date 900521: a letter O in a digit field
    l2[16] = QLatin1Char('S');
    l2[10] = QLatin1Char('U');
    l2[12] = QLatin1Char('0'); // UT0
    l2[2] = QLatin1Char('0');  // X7Q -> X70
    QString l1 = lines[0];
    l1.chop(3);       // three fillers lost
    l2.remove(30, 2); // two fillers lost in the personal number
    const QString repaired = repairOcrZone(l1 + QLatin1Char('\n') + l2);
    auto r = parseMrz(repaired, clock2026());
    REQUIRE(r);
    CHECK(r->valid());
    CHECK(repaired == good);
    // A typed zone with one wrong check digit is not "repaired" into a valid one.
    QString wrong = good;
    wrong[wrong.size() - 1] = wrong[wrong.size() - 1] == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
    auto w = parseMrz(repairOcrZone(wrong), clock2026());
    REQUIRE(w);
    CHECK_FALSE(w->valid());
    CHECK(repairOcrZone(QStringLiteral("one line")) == QStringLiteral("one line"));
}

TEST_CASE("a plain image with no document gives a finding with messages, not a crash", "[document]")
{
    QImage grey(800, 600, QImage::Format_RGB888);
    grey.fill(QColor(128, 128, 128));
    const DocumentFindings f = read(grey);
    CHECK_FALSE(f.foundAnything());
    CHECK_FALSE(f.rectified.cornersFound);
    CHECK_FALSE(f.rectified.warnings.isEmpty());
    CHECK_FALSE(f.messages.isEmpty());
    // Each message says its thing once (the OCR's refusal was once wrapped in a copy of itself).
    QImage pale(300, 200, QImage::Format_RGB888);
    pale.fill(QColor(190, 190, 190));
    const DocumentFindings small = read(pale);
    REQUIRE_FALSE(small.messages.isEmpty());
    for (const QString &m : f.messages + small.messages)
        CHECK(m.count(QStringLiteral("machine readable zone")) <= 1);
    // The astronaut alone: no barcode, no zone.
    CHECK_FALSE(read(astronaut()).foundAnything());
}

TEST_CASE("empty, tiny, huge and corrupt images are refused with a message", "[document]")
{
    auto refused = [](const QImage &image, const char *words) {
        auto r = readDocument(image, clock2026());
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidInput);
        CHECK(r.error().message.contains(QString::fromLatin1(words)));
    };
    refused(QImage(), "empty or too small");
    refused(QImage(10, 10, QImage::Format_RGB888), "empty or too small");
    QImage huge(7000, 6000, QImage::Format_Grayscale8);
    huge.fill(0);
    refused(huge, "megapixels");
    CHECK_FALSE(decodePdf417(QImage()));
    CHECK(decodePdf417(astronaut()).error().code == ErrorCode::NotFound);
    auto ocr = MrzOcr::create();
    REQUIRE(ocr);
    CHECK(ocr->read(QImage(), 0).error().code == ErrorCode::InvalidInput);
    CHECK(ocr->read(astronaut(), 0).error().code == ErrorCode::NotFound);
    // Corrupt files: the reader the CLI and the desktop use refuses them whole.
    QByteArray jpeg;
    {
        QBuffer b(&jpeg);
        b.open(QIODevice::WriteOnly);
        sample::licenceBack().save(&b, "JPEG");
    }
    CHECK_FALSE(decodePhoto(jpeg.left(jpeg.size() / 3 < 100 ? 10 : 40)));
    QByteArray flipped = jpeg;
    for (qsizetype i = 600; i < flipped.size(); i += 97)
        flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    if (auto decoded = decodePhoto(flipped))
        (void)readDocument(*decoded, clock2026()); // whatever it decodes to, no crash
    CHECK_FALSE(decodePhoto(QByteArray()));
}

TEST_CASE("tessera-cli document read says what would be prefilled and never the number", "[document][cli]")
{
    QTemporaryDir dir;
    const QString licence = dir.filePath(QStringLiteral("licence.png"));
    const QString passport = dir.filePath(QStringLiteral("passport.png"));
    CliResult made =
        runCli({QStringLiteral("document"), QStringLiteral("make-sample"), QStringLiteral("licence"), licence});
    REQUIRE(made.code == cli::Ok);
    made = runCli({QStringLiteral("document"), QStringLiteral("make-sample"), QStringLiteral("passport"), passport,
                   QStringLiteral("--seed"), QStringLiteral("3")});
    REQUIRE(made.code == cli::Ok);

    CliResult r = runCli({QStringLiteral("document"), QStringLiteral("read"), licence, QStringLiteral("--json")});
    REQUIRE(r.code == cli::Ok);
    const QJsonObject l = QJsonDocument::fromJson(r.out.toUtf8()).object();
    CHECK(l.value(QStringLiteral("kind")).toString() == QStringLiteral("driver-licence"));
    CHECK(l.value(QStringLiteral("fields")).toObject().value(QStringLiteral("family_name")).toString()
          == QStringLiteral("HALLORAN"));
    CHECK(l.value(QStringLiteral("fields")).toObject().value(QStringLiteral("expiry")).toString()
          == QStringLiteral("2031-03-14"));
    CHECK_FALSE(r.out.contains(QString::fromLatin1(sample::kLicenceNumber)));
    CHECK_FALSE(r.out.contains(QStringLiteral("SPECIMEN WAY")));

    r = runCli({QStringLiteral("document"), QStringLiteral("read"), passport, QStringLiteral("--json")});
    REQUIRE(r.code == cli::Ok);
    const QJsonObject p = QJsonDocument::fromJson(r.out.toUtf8()).object();
    CHECK(p.value(QStringLiteral("kind")).toString() == QStringLiteral("passport"));
    CHECK(p.value(QStringLiteral("machine_readable")).toBool());
    CHECK(p.value(QStringLiteral("check_digits")).toObject().value(QStringLiteral("composite")).toBool());
    CHECK_FALSE(r.out.contains(QString::fromLatin1(sample::kPassportNumber)));
    CHECK_FALSE(r.out.contains(QStringLiteral("<<")));

    r = runCli({QStringLiteral("document"), QStringLiteral("read"), passport});
    CHECK(r.code == cli::Ok);
    CHECK(r.out.contains(QStringLiteral("Machine readable: yes")));
    CHECK_FALSE(r.out.contains(QString::fromLatin1(sample::kPassportNumber)));

    const QString out = dir.filePath(QStringLiteral("flat.png"));
    r = runCli({QStringLiteral("document"), QStringLiteral("rectify"), licence, out});
    REQUIRE(r.code == cli::Ok);
    CHECK(QImage(out).size() == QSize(1012, 638));

    // Nothing else was written next to the inputs.
    CHECK(QDir(dir.path()).entryList(QDir::Files).size() == 3);
}

TEST_CASE("tessera-cli document refuses bad images and bad usage", "[document][cli]")
{
    QTemporaryDir dir;
    const QString junk = dir.filePath(QStringLiteral("junk.png"));
    {
        QFile f(junk);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\nthis is not really a png");
    }
    CHECK(runCli({QStringLiteral("document"), QStringLiteral("read"), junk}).code == cli::InvalidInput);
    CHECK(runCli({QStringLiteral("document"), QStringLiteral("read"), dir.filePath(QStringLiteral("missing.png"))}).code
          == cli::InvalidInput);
    CHECK(runCli({QStringLiteral("document"), QStringLiteral("read")}).code == cli::Usage);
    CHECK(runCli({QStringLiteral("document"), QStringLiteral("rectify"), junk}).code == cli::Usage);
    CHECK(runCli({QStringLiteral("document"), QStringLiteral("make-sample"), QStringLiteral("visa"), junk}).code
          == cli::Usage);
    CHECK(runCli({QStringLiteral("document"), QStringLiteral("frobnicate")}).code == cli::Usage);
    CHECK(runCli({QStringLiteral("bench"), QStringLiteral("document")}).code == cli::Usage);
}

TEST_CASE("blur and glare are measured on the rectified document and named for the clerk", "[document]")
{
    const QImage sharpPhoto = sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 6), 2000, 1500, 6);
    auto sharp = rectifyDocument(sharpPhoto);
    REQUIRE(sharp);
    CHECK(sharp->warnings.isEmpty());

    auto blurred =
        rectifyDocument(sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 6), 2000, 1500, 6, 5.0));
    REQUIRE(blurred);
    CHECK(blurred->sharpness < sharp->sharpness / 4);
    CHECK(blurred->warnings.join(QLatin1Char(' ')).contains(QStringLiteral("blurred")));

    // A reflection: a blown-out patch over a fifth of the card.
    QImage card = sample::licenceBack();
    {
        QPainter p(&card);
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawEllipse(QRect(300, 150, 420, 300));
    }
    auto glare = rectifyDocument(sample::inPhoto(card, sample::desk(2000, 1500, 6), 2000, 1500, 6));
    REQUIRE(glare);
    CHECK(glare->glare > 0.08);
    CHECK(glare->warnings.join(QLatin1Char(' ')).contains(QStringLiteral("glare")));
    CHECK(sharp->glare < 0.08);
}

namespace {

// A camera standing in for the document camera: a few frames, then it fails or ends.
class ScriptedSource : public FrameSource {
public:
    ScriptedSource(std::vector<QImage> frames, bool failAtEnd)
        : m_frames(std::move(frames))
        , m_failAtEnd(failAtEnd)
    {
    }
    QString description() const override { return QStringLiteral("Camera 9"); }
    Result<std::optional<QImage>> next() override
    {
        ++given;
        if (m_next < m_frames.size())
            return std::optional<QImage>(m_frames[m_next++].copy());
        if (m_failAtEnd)
            return fail(ErrorCode::Io, QStringLiteral("Camera 9 stopped sending pictures."));
        return std::optional<QImage>();
    }
    std::chrono::microseconds frameInterval() const override { return {}; }
    int given = 0;

private:
    std::vector<QImage> m_frames;
    size_t m_next = 0;
    bool m_failAtEnd;
};

} // namespace

TEST_CASE("the document camera's still is taken after it settles, and read like a scan", "[document]")
{
    const QImage dark(64, 48, QImage::Format_RGB888);
    const QImage licence = sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 3), 2000, 1500, 3);
    std::vector<QImage> frames(kDocumentCameraSettleFrames, dark);
    frames.push_back(licence);
    ScriptedSource camera(frames, true);
    auto picture = takeDocumentPicture(camera);
    REQUIRE(picture);
    CHECK(camera.given == kDocumentCameraSettleFrames + 1);
    CHECK(picture->size() == licence.size());
    ManualClock clock(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    auto f = readDocument(*picture, clock);
    REQUIRE(f);
    REQUIRE(f->licence);
    CHECK(f->licence->familyName == QStringLiteral("HALLORAN"));
}

TEST_CASE("a document camera that fails, ends early or is missing is named, not a crash", "[document]")
{
    ScriptedSource failing({QImage(8, 8, QImage::Format_RGB888)}, true);
    auto failed = takeDocumentPicture(failing);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message.contains(QStringLiteral("stopped sending")));

    ScriptedSource ending({}, false);
    auto ended = takeDocumentPicture(ending);
    REQUIRE_FALSE(ended);
    CHECK(ended.error().message.contains(QStringLiteral("Camera 9 stopped before giving a picture")));

    QTemporaryDir noDevices;
    auto none = openDocumentCamera(0, noDevices.path(), noDevices.path());
    REQUIRE_FALSE(none);
    CHECK(none.error().code == ErrorCode::NotFound);
    CHECK(none.error().message.contains(QStringLiteral("No document camera is connected")));
}

TEST_CASE("the document camera is another camera than the photo step's when there is one", "[document]")
{
    auto cam = [](int index, const char *name) {
        return CameraInfo {index, QStringLiteral("/dev/video%1").arg(index), QString::fromLatin1(name)};
    };
    // A portrait camera, its metadata node (same name), and a document visualiser.
    const std::vector<CameraInfo> three {cam(0, "Portrait Cam"), cam(1, "Portrait Cam"), cam(2, "Document Visualiser")};
    CHECK(chooseDocumentCamera(three, 0) == 2);
    CHECK(chooseDocumentCamera(three, 2) == 0);
    CHECK(chooseDocumentCamera(three, std::nullopt) == 0);
    CHECK(chooseDocumentCamera(three, 7) == 0); // the photo step's camera is unplugged
    // One camera at the counter serves both.
    const std::vector<CameraInfo> one {cam(0, "Portrait Cam"), cam(1, "Portrait Cam")};
    CHECK(chooseDocumentCamera(one, 0) == 0);
    CHECK(chooseDocumentCamera(one, 1) == 1);
    CHECK_FALSE(chooseDocumentCamera({}, 0));
}
