#include "core/capture/PhotoChecks.h"

#include "core/capture/FramingGuide.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>

#include "core/util/InputFile.h"
#include <QImageWriter>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace tessera {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Faces are searched on a grey copy this high: a face a tenth of the frame height is 24 px
// there, the LBP cascade's window, and detection stays within a few milliseconds.
constexpr int kDetectHeight = 240;
constexpr double kSmallFaceZoom = 2.5;
constexpr double kFaceScaleStep = 1.2;
// The first pass searches faces down to this share of face_size's lower bound: the detector's
// scales step by 1.2, so a box reported just under the bound may belong to a face that passes.
constexpr double kFirstPassSizeMargin = 0.9;
// The frontal cascade finds faces rolled up to about 10 degrees; turning the frame by 15 covers
// heads tilted 5 to 25 degrees.
constexpr double kTiltSearchDegrees = 15.0;
// Eyes are searched on the upper face scaled to this width: eyes come out 25-30 px, just above
// the eye cascade's 20 px window.
constexpr int kEyeFaceWidth = 128;
// Sharpness is measured on the face scaled to this width, so that it does not depend on
// how many pixels the face happens to cover.
constexpr int kSharpnessWidth = 128;

QString say(const char *text)
{
    return QString::fromUtf8(text);
}

// The frame as 8-bit grey, converted by OpenCV straight from the formats cameras and decoders
// give (one pass over the pixels); other formats go through RGB888 first.
cv::Mat greyOf(const QImage &image)
{
    QImage src = image;
    switch (src.format()) {
    case QImage::Format_Grayscale8:
    case QImage::Format_RGB888:
        break;
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
    case QImage::Format_ARGB32_Premultiplied:
        if (Q_BYTE_ORDER == Q_LITTLE_ENDIAN)
            break;
        src = image.convertToFormat(QImage::Format_RGB888);
        break;
    default:
        src = image.convertToFormat(QImage::Format_RGB888);
    }
    const cv::Mat view(src.height(), src.width(),
                       src.format() == QImage::Format_Grayscale8   ? CV_8UC1
                           : src.format() == QImage::Format_RGB888 ? CV_8UC3
                                                                   : CV_8UC4,
                       const_cast<uchar *>(src.constBits()), static_cast<size_t>(src.bytesPerLine()));
    cv::Mat grey;
    if (src.format() == QImage::Format_Grayscale8)
        view.copyTo(grey);
    else if (src.format() == QImage::Format_RGB888)
        cv::cvtColor(view, grey, cv::COLOR_RGB2GRAY);
    else // 0xAARRGGBB words are B, G, R, A bytes in memory on little-endian machines
        cv::cvtColor(view, grey, cv::COLOR_BGRA2GRAY);
    return grey;
}

PhotoCheck unmeasured(const char *id, double threshold, const QString &why)
{
    return PhotoCheck {QString::fromLatin1(id), kNaN, threshold, false, why};
}

PhotoCheck measured(const char *id, double value, double threshold, bool pass, const QString &failMessage)
{
    return PhotoCheck {QString::fromLatin1(id), value, threshold, pass, pass ? say("ok") : failMessage};
}

} // namespace

const PhotoCheck *PhotoAssessment::check(const QString &id) const
{
    for (const PhotoCheck &c : checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

struct PhotoAnalyzer::Impl {
    PhotoThresholds thresholds;
    cv::CascadeClassifier face;
    cv::CascadeClassifier eye;

    PhotoAssessment run(const QImage &frame);
    std::vector<cv::Rect> findEyes(const cv::Mat &grey, const cv::Rect &faceBox);
    std::vector<cv::Rect> findFaces(const cv::Mat &grey, double scale, std::optional<int> maxSize, int minSize);
};

QString PhotoAnalyzer::defaultCascadeDirectory()
{
    return QStringLiteral("/usr/share/opencv4");
}

Result<PhotoAnalyzer> PhotoAnalyzer::create(PhotoThresholds thresholds, const QString &cascadeDir)
{
    auto impl = std::make_unique<Impl>();
    impl->thresholds = thresholds;
    const QString facePath = cascadeDir + QStringLiteral("/lbpcascades/lbpcascade_frontalface.xml");
    const QString eyePath = cascadeDir + QStringLiteral("/haarcascades/haarcascade_eye.xml");
    try {
        if (!impl->face.load(QFile::encodeName(facePath).toStdString()))
            return fail(ErrorCode::NotFound,
                        QStringLiteral("The face detector %1 could not be loaded; install the opencv-data package.")
                            .arg(facePath));
        if (!impl->eye.load(QFile::encodeName(eyePath).toStdString()))
            return fail(ErrorCode::NotFound,
                        QStringLiteral("The eye detector %1 could not be loaded; install the opencv-data package.")
                            .arg(eyePath));
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::Internal,
                    QStringLiteral("The face detector could not be loaded: %1").arg(QString::fromStdString(e.msg)));
    }
    return PhotoAnalyzer(std::move(impl));
}

PhotoAnalyzer::PhotoAnalyzer(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
PhotoAnalyzer::PhotoAnalyzer(PhotoAnalyzer &&) noexcept = default;
PhotoAnalyzer &PhotoAnalyzer::operator=(PhotoAnalyzer &&) noexcept = default;
PhotoAnalyzer::~PhotoAnalyzer() = default;

const PhotoThresholds &PhotoAnalyzer::thresholds() const
{
    return m_impl->thresholds;
}

Result<PhotoAssessment> PhotoAnalyzer::analyze(const QImage &frame)
{
    if (frame.isNull() || frame.width() < 16 || frame.height() < 16)
        return fail(ErrorCode::InvalidInput, QStringLiteral("There is no picture to check."));
    try {
        return m_impl->run(frame);
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::Internal,
                    QStringLiteral("The photo could not be analysed: %1").arg(QString::fromStdString(e.msg)));
    } catch (const std::bad_alloc &) {
        return fail(ErrorCode::Internal, QStringLiteral("Not enough memory to analyse the photo."));
    }
}

std::vector<cv::Rect> PhotoAnalyzer::Impl::findEyes(const cv::Mat &grey, const cv::Rect &faceBox)
{
    // Eyes sit between an eighth and five eighths down a frontal face box; searching only
    // there is faster and keeps nostrils and mouth corners from passing for eyes.
    const cv::Rect upper = cv::Rect(faceBox.x, faceBox.y + faceBox.height / 8, faceBox.width, faceBox.height / 2)
        & cv::Rect(0, 0, grey.cols, grey.rows);
    if (upper.width < 8 || upper.height < 4)
        return {};
    const double scale = static_cast<double>(kEyeFaceWidth) / upper.width;
    cv::Mat region;
    cv::resize(grey(upper), region, cv::Size(), scale, scale, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::equalizeHist(region, region);
    std::vector<cv::Rect> found;
    eye.detectMultiScale(region, found, 1.25, 3, 0, cv::Size(kEyeFaceWidth / 8, kEyeFaceWidth / 8),
                         cv::Size(kEyeFaceWidth / 3, kEyeFaceWidth / 3));
    // One eye per half of the face: the largest in each.
    const int middle = region.cols / 2;
    std::optional<cv::Rect> left;
    std::optional<cv::Rect> right;
    for (const cv::Rect &r : found) {
        const int cx = r.x + r.width / 2;
        auto &slot = cx < middle ? left : right;
        if (!slot || r.area() > slot->area())
            slot = r;
    }
    std::vector<cv::Rect> eyes;
    for (const auto &slot : {left, right}) {
        if (!slot)
            continue;
        eyes.emplace_back(upper.x + static_cast<int>(slot->x / scale), upper.y + static_cast<int>(slot->y / scale),
                          static_cast<int>(slot->width / scale), static_cast<int>(slot->height / scale));
    }
    return eyes;
}

// Faces in `grey`, searched at `scale` with sizes from `minSize` (at least the cascade's window)
// to `maxSize` pixels of the scaled copy, returned in `grey`'s pixels.
std::vector<cv::Rect> PhotoAnalyzer::Impl::findFaces(const cv::Mat &grey, double scale, std::optional<int> maxSize,
                                                     int minSize)
{
    cv::Mat small;
    if (scale != 1.0)
        cv::resize(grey, small, cv::Size(), scale, scale, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    else
        small = grey.clone();
    // Equalised, so that a dark or washed-out frame still shows its face and fails exposure,
    // not face_count.
    cv::equalizeHist(small, small);
    std::vector<cv::Rect> found;
    const cv::Size window = face.getOriginalWindowSize();
    const cv::Size smallest(std::max(window.width, minSize), std::max(window.height, minSize));
    face.detectMultiScale(small, found, kFaceScaleStep, 3, 0, smallest,
                          maxSize ? cv::Size(*maxSize, *maxSize) : cv::Size());
    const cv::Rect whole(0, 0, grey.cols, grey.rows);
    for (cv::Rect &r : found)
        r = cv::Rect(static_cast<int>(r.x / scale), static_cast<int>(r.y / scale), static_cast<int>(r.width / scale),
                     static_cast<int>(r.height / scale))
            & whole;
    return found;
}

PhotoAssessment PhotoAnalyzer::Impl::run(const QImage &frame)
{
    const PhotoThresholds &t = thresholds;
    PhotoAssessment a;
    const cv::Mat grey = greyOf(frame);

    // The first pass, on a copy kDetectHeight rows high, finds faces down to nearly face_size's
    // lower bound (13.5 % of the frame height by default) in a few milliseconds. Only when it finds none do the slower
    // passes run, so that the clerk hears the real problem rather than "no face": one at higher resolution for small
    // faces alone ("move closer"), then one on the frame turned kTiltSearchDegrees each way, since a head tilted past
    // about 10 degrees escapes the upright cascade ("hold the head straight"). `work` is the image measured; `toFrame`
    // maps its points back.
    cv::Mat work = grey;
    cv::Mat toFrame;
    const double firstScale = std::min(1.0, static_cast<double>(kDetectHeight) / grey.rows);
    // The first pass looks only for faces nearly big enough to pass face_size: the smallest
    // scales of the search cost the most (half the time on a 720p frame), and a smaller face
    // fails face_size anyway. Such a face, alone in the frame, is found by the next pass.
    const int window = face.getOriginalWindowSize().height;
    const int firstMin =
        std::max(window, static_cast<int>(kFirstPassSizeMargin * t.minFaceHeightRatio * grey.rows * firstScale));
    std::vector<cv::Rect> faces = findFaces(grey, firstScale, std::nullopt, firstMin);
    if (faces.empty()) {
        // The cascade's scales step by kFaceScaleStep, and a face whose size falls between two
        // of them can collect too few detections (the test portrait, blurred, does): search
        // again with the scales shifted by half a step.
        const double halfStep = std::sqrt(kFaceScaleStep);
        faces = findFaces(grey, firstScale * halfStep, std::nullopt, static_cast<int>(firstMin * halfStep));
    }
    if (faces.empty() && (firstScale < 1.0 || firstMin > window)) {
        const double zoom = std::max(1.0, std::min(1.0 / firstScale, kSmallFaceZoom));
        // Up to a little above the first pass's smallest face, so that no size falls between.
        faces = findFaces(grey, firstScale * zoom, static_cast<int>(firstMin * zoom * 1.25), window);
    }
    for (const double angle : {kTiltSearchDegrees, -kTiltSearchDegrees}) {
        if (!faces.empty())
            break;
        const cv::Mat turn = cv::getRotationMatrix2D(
            cv::Point2f(static_cast<float>(grey.cols) / 2.0f, static_cast<float>(grey.rows) / 2.0f), angle, 1.0);
        cv::Mat turned;
        cv::warpAffine(grey, turned, turn, grey.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        faces = findFaces(turned, firstScale, std::nullopt, firstMin);
        if (!faces.empty()) {
            work = turned;
            cv::invertAffineTransform(turn, toFrame);
        }
    }
    const auto inFrame = [&toFrame](cv::Point2d p) {
        if (toFrame.empty())
            return p;
        return cv::Point2d(toFrame.at<double>(0, 0) * p.x + toFrame.at<double>(0, 1) * p.y + toFrame.at<double>(0, 2),
                           toFrame.at<double>(1, 0) * p.x + toFrame.at<double>(1, 1) * p.y + toFrame.at<double>(1, 2));
    };

    const int faceCount = static_cast<int>(faces.size());
    a.checks.push_back(
        measured("face_count", faceCount, t.expectedFaces, faceCount == t.expectedFaces,
                 faceCount == 0 ? say("No face found: the applicant should face the camera, in the frame.")
                                : say("More than one face in the frame: only the applicant may be in the picture.")));

    std::optional<cv::Rect> faceBox;
    if (!faces.empty()) {
        faceBox = *std::max_element(faces.begin(), faces.end(),
                                    [](const cv::Rect &l, const cv::Rect &r) { return l.area() < r.area(); });
        const cv::Point2d centre =
            inFrame(cv::Point2d(faceBox->x + faceBox->width / 2.0, faceBox->y + faceBox->height / 2.0));
        a.face =
            QRectF(centre.x - faceBox->width / 2.0, centre.y - faceBox->height / 2.0, faceBox->width, faceBox->height);
    }

    const QString noFace = say("Cannot be measured: no face found.");
    if (!faceBox) {
        for (const auto &[id, threshold] :
             std::initializer_list<std::pair<const char *, double>> {{"face_size", t.minFaceHeightRatio},
                                                                     {"centering", t.maxCentreOffset},
                                                                     {"roll", t.maxRollDegrees},
                                                                     {"sharpness", t.minSharpness},
                                                                     {"exposure", t.minFaceLuma},
                                                                     {"illumination", t.maxIlluminationImbalance},
                                                                     {"background", t.maxBackgroundStdDev},
                                                                     {"resolution", t.minInterEyePixels}})
            a.checks.push_back(unmeasured(id, threshold, noFace));
        a.acceptable = false;
        return a;
    }
    const cv::Rect fb = *faceBox;

    const cv::Rect whole(0, 0, work.cols, work.rows);
    const double sizeRatio = static_cast<double>(fb.height) / work.rows;
    if (sizeRatio < t.minFaceHeightRatio)
        a.checks.push_back(measured("face_size", sizeRatio, t.minFaceHeightRatio, false,
                                    say("The face is too small: move closer to the camera.")));
    else
        a.checks.push_back(measured("face_size", sizeRatio, t.maxFaceHeightRatio, sizeRatio <= t.maxFaceHeightRatio,
                                    say("The face is too large: move back from the camera.")));

    // Measured against the guide the preview draws (FramingGuide), so the two cannot disagree.
    const FramingGuide guide = framingGuide(QSizeF(grey.cols, grey.rows), t);
    const double offset = guide.centreOffset(*a.face);
    a.checks.push_back(measured("centering", std::abs(offset), t.maxCentreOffset,
                                guide.centred(*a.face, t.maxCentreOffset),
                                offset < 0 ? say("The face is left of centre in the picture: centre it (applicant "
                                                 "moves to the camera's right, or turn the camera).")
                                           : say("The face is right of centre in the picture: centre it (applicant "
                                                 "moves to the camera's left, or turn the camera).")));

    const std::vector<cv::Rect> eyes = findEyes(work, fb);
    std::optional<double> interEye;
    if (eyes.size() == 2) {
        const cv::Point2d l = inFrame(cv::Point2d(eyes[0].x + eyes[0].width / 2.0, eyes[0].y + eyes[0].height / 2.0));
        const cv::Point2d r = inFrame(cv::Point2d(eyes[1].x + eyes[1].width / 2.0, eyes[1].y + eyes[1].height / 2.0));
        a.leftEye = QPointF(l.x, l.y);
        a.rightEye = QPointF(r.x, r.y);
        const double roll = std::atan2(r.y - l.y, r.x - l.x) * 180.0 / std::numbers::pi;
        a.checks.push_back(measured("roll", std::abs(roll), t.maxRollDegrees, std::abs(roll) <= t.maxRollDegrees,
                                    say("The head is tilted: hold the head straight, eyes level.")));
        interEye = std::hypot(r.x - l.x, r.y - l.y);
    } else {
        a.checks.push_back(unmeasured(
            "roll", t.maxRollDegrees,
            say("Cannot be measured: both eyes were not found (face the camera, eyes open, no glare on glasses).")));
    }

    cv::Mat faceGrey;
    const double sharpScale = static_cast<double>(kSharpnessWidth) / fb.width;
    cv::resize(work(fb), faceGrey, cv::Size(), sharpScale, sharpScale,
               sharpScale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat laplacian;
    cv::Laplacian(faceGrey, laplacian, CV_32F);
    cv::Scalar lapMean, lapDev;
    cv::meanStdDev(laplacian, lapMean, lapDev);
    cv::Scalar faceMean, faceDev;
    cv::meanStdDev(faceGrey, faceMean, faceDev);
    const double sharpness = faceDev[0] > 1.0 ? 100.0 * lapDev[0] / faceDev[0] : 0.0;
    a.checks.push_back(measured("sharpness", sharpness, t.minSharpness, sharpness >= t.minSharpness,
                                say("The picture is blurred: hold still, and check the camera's focus.")));

    // Exposure on the inner face (cheeks, forehead, nose), not the hair or background.
    const cv::Rect inner =
        cv::Rect(fb.x + fb.width / 5, fb.y + fb.height / 5, fb.width * 3 / 5, fb.height * 3 / 5) & whole;
    const cv::Mat innerGrey = work(inner);
    const double luma = cv::mean(innerGrey)[0];
    const double clipped = static_cast<double>(cv::countNonZero(innerGrey >= 250) + cv::countNonZero(innerGrey <= 5))
        / static_cast<double>(std::max(1, inner.area()));
    if (luma < t.minFaceLuma)
        a.checks.push_back(
            measured("exposure", luma, t.minFaceLuma, false, say("The face is too dark: more light on the face.")));
    else if (luma > t.maxFaceLuma || clipped > t.maxClippedFraction)
        a.checks.push_back(measured("exposure", luma, t.maxFaceLuma, false,
                                    say("The face is over-exposed: less light, or lower the camera's exposure.")));
    else
        a.checks.push_back(measured("exposure", luma, t.minFaceLuma, true, {}));

    const cv::Rect leftHalf(inner.x, inner.y, inner.width / 2, inner.height);
    const cv::Rect rightHalf(inner.x + inner.width / 2, inner.y, inner.width - inner.width / 2, inner.height);
    const double lm = cv::mean(work(leftHalf))[0];
    const double rm = cv::mean(work(rightHalf))[0];
    const double imbalance = lm + rm > 0.0 ? std::abs(lm - rm) / (lm + rm) : 0.0;
    a.checks.push_back(measured("illumination", imbalance, t.maxIlluminationImbalance,
                                imbalance <= t.maxIlluminationImbalance,
                                say("One side of the face is in shadow: light the face evenly from the front.")));

    // Background: the strips beside the head, from the top of the frame to the eyes.
    const int margin = fb.width / 3;
    const int bottom = fb.y + fb.height / 2;
    std::vector<cv::Rect> strips;
    for (const cv::Rect &r : {cv::Rect(0, 0, fb.x - margin, bottom),
                              cv::Rect(fb.br().x + margin, 0, work.cols - fb.br().x - margin, bottom)}) {
        if (r.width >= 8 && r.height >= 8)
            strips.push_back(r & whole);
    }
    if (strips.empty()) {
        a.checks.push_back(unmeasured("background", t.maxBackgroundStdDev,
                                      say("Cannot be measured: no background visible beside the head (move back).")));
    } else {
        double sum = 0.0;
        double sumSq = 0.0;
        double n = 0.0;
        for (const cv::Rect &r : strips) {
            cv::Scalar m, d;
            cv::meanStdDev(work(r), m, d);
            const double count = r.area();
            sum += m[0] * count;
            sumSq += (d[0] * d[0] + m[0] * m[0]) * count;
            n += count;
        }
        const double mean = sum / n;
        const double dev = std::sqrt(std::max(0.0, sumSq / n - mean * mean));
        a.checks.push_back(measured("background", dev, t.maxBackgroundStdDev, dev <= t.maxBackgroundStdDev,
                                    say("The background is not plain: use the plain screen behind the applicant.")));
    }

    if (interEye)
        a.checks.push_back(
            measured("resolution", *interEye, t.minInterEyePixels, *interEye >= t.minInterEyePixels,
                     say("Too few pixels between the eyes: move closer, or use a higher camera resolution.")));
    else
        a.checks.push_back(
            unmeasured("resolution", t.minInterEyePixels, say("Cannot be measured: both eyes were not found.")));

    a.acceptable = std::all_of(a.checks.begin(), a.checks.end(), [](const PhotoCheck &c) { return c.pass; });
    return a;
}

Result<QImage> cropForCard(const QImage &frame, const PhotoAssessment &assessment, const CropSpec &spec)
{
    if (frame.isNull())
        return fail(ErrorCode::InvalidInput, QStringLiteral("There is no picture to crop."));
    if (!assessment.face)
        return fail(ErrorCode::InvalidInput, QStringLiteral("No face was found, so there is nothing to crop around."));
    if (spec.aspectWidth <= 0 || spec.aspectHeight <= 0 || spec.outputWidthPx < 16 || spec.headHeightRatio <= 0.0
        || spec.headHeightRatio > 1.0 || spec.eyeLineFromTop <= 0.0 || spec.eyeLineFromTop >= 1.0)
        return fail(ErrorCode::InvalidInput, QStringLiteral("The card photo format is not valid."));
    const QRectF face = *assessment.face;
    // The LBP cascade's face box spans forehead to chin; crown to chin (hair included) is
    // about 1.35 times its height on the test portrait, and the eyes lie about 0.40 of the box
    // below its top.
    const double headHeight = face.height() * 1.35;
    const double eyeY = assessment.leftEye && assessment.rightEye
        ? (assessment.leftEye->y() + assessment.rightEye->y()) / 2.0
        : face.top() + face.height() * 0.40;
    const double centreX = assessment.leftEye && assessment.rightEye
        ? (assessment.leftEye->x() + assessment.rightEye->x()) / 2.0
        : face.center().x();
    const double cropH = headHeight / spec.headHeightRatio;
    const double cropW = cropH * spec.aspectWidth / spec.aspectHeight;
    const QRectF crop(centreX - cropW / 2.0, eyeY - cropH * spec.eyeLineFromTop, cropW, cropH);
    // Half a percent of slack for rounding; beyond that the applicant must move.
    const QRectF bounds = QRectF(frame.rect()).adjusted(-cropW * 0.005, -cropH * 0.005, cropW * 0.005, cropH * 0.005);
    if (!bounds.contains(crop)) {
        if (crop.height() > frame.height() || crop.width() > frame.width())
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("The head is too close to cut a card photo: the applicant should move back."));
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("The head is too near the edge of the picture to cut a card photo: centre the applicant."));
    }
    const QRect pixels = crop.toAlignedRect().intersected(frame.rect());
    const int outW = spec.outputWidthPx;
    const int outH = static_cast<int>(std::lround(static_cast<double>(outW) * spec.aspectHeight / spec.aspectWidth));
    QImage out = frame.copy(pixels)
                     .convertToFormat(QImage::Format_RGB888)
                     .scaled(outW, outH, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    if (out.isNull())
        return fail(ErrorCode::Internal, QStringLiteral("Not enough memory to cut the card photo."));

    try {
        // Gray-world balance, applied halfway and with gains kept within 0.85-1.18, so a cast
        // from the room light is reduced without repainting skin tones.
        cv::Mat rgb(out.height(), out.width(), CV_8UC3, out.bits(), static_cast<size_t>(out.bytesPerLine()));
        const cv::Scalar means = cv::mean(rgb);
        const double grey = (means[0] + means[1] + means[2]) / 3.0;
        std::vector<cv::Mat> channels;
        cv::split(rgb, channels);
        for (int c = 0; c < 3; ++c) {
            if (means[c] < 1.0)
                continue;
            const double gain = std::clamp(1.0 + (grey / means[c] - 1.0) * 0.5, 0.85, 1.18);
            channels[static_cast<size_t>(c)].convertTo(channels[static_cast<size_t>(c)], CV_8U, gain);
        }
        cv::merge(channels, rgb); // same size and type: writes into `out`'s pixels
    } catch (const cv::Exception &e) {
        return fail(
            ErrorCode::Internal,
            QStringLiteral("The card photo could not be colour-balanced: %1").arg(QString::fromStdString(e.msg)));
    }
    return out;
}

Result<QByteArray> encodeJpeg(const QImage &image, int maxBytes)
{
    if (image.isNull())
        return fail(ErrorCode::InvalidInput, QStringLiteral("There is no picture to encode."));
    for (int quality = 92; quality >= 30; quality -= 6) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "jpeg");
        writer.setQuality(quality);
        writer.setOptimizedWrite(true);
        if (!writer.write(image))
            return fail(ErrorCode::Internal,
                        QStringLiteral("The photo could not be encoded as JPEG: %1").arg(writer.errorString()));
        if (bytes.size() <= maxBytes)
            return bytes;
    }
    return fail(ErrorCode::InvalidInput,
                QStringLiteral(
                    "The photo does not fit in %1 bytes even at low JPEG quality; raise the programme's size budget.")
                    .arg(maxBytes));
}

std::optional<int> jpegMetadataSegments(const QByteArray &bytes, int limit)
{
    const auto at = [&](qsizetype i) { return static_cast<unsigned char>(bytes.at(i)); };
    if (bytes.size() < 4 || at(0) != 0xFF || at(1) != 0xD8)
        return std::nullopt;
    int segments = 0;
    qsizetype i = 2;
    while (i + 1 < bytes.size()) {
        if (at(i) != 0xFF)
            return segments; // not a marker where one must be: the decoder will say it is damaged
        while (i + 1 < bytes.size() && at(i + 1) == 0xFF) // fill bytes
            ++i;
        if (i + 1 >= bytes.size())
            break;
        const unsigned char marker = at(i + 1);
        i += 2;
        if (marker == 0xDA || marker == 0xD9) // start of scan, end of image: the header is over
            break;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) // no length
            continue;
        if (i + 1 >= bytes.size())
            break;
        const qsizetype length = (at(i) << 8) | at(i + 1);
        if ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE)
            if (++segments > limit)
                return segments;
        i += std::max<qsizetype>(length, 2);
    }
    return segments;
}

Result<QImage> decodePhoto(const QByteArray &bytes, qint64 maxPixels)
{
    if (bytes.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("The image file is empty."));
    // libjpeg appends each saved marker to the end of a linked list (jdmarker.c, save_marker),
    // and Qt saves every APP1, APP2 and comment: decoding a header of n such segments costs n²
    // (200,000 took over two minutes). No camera writes more than a handful; refuse before
    // the decoder is ever called, in one linear pass that stops at the limit.
    if (const auto segments = jpegMetadataSegments(bytes, kMaxJpegMetadataSegments);
        segments && *segments > kMaxJpegMetadataSegments)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The JPEG has more than %1 metadata segments before its picture, which no camera "
                                   "writes; it is refused as malformed.")
                        .arg(kMaxJpegMetadataSegments));
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true);
    // Qt refuses, before allocating, images that would need more than this (in MB).
    reader.setAllocationLimit(static_cast<int>(std::max<qint64>(64, maxPixels * 4 / (qint64 {1024} * 1024) + 1)));
    if (!reader.canRead())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The file is not an image this station can read (PNG, JPEG, BMP, PPM)."));
    const QSize claimed = reader.size();
    if (claimed.isValid() && static_cast<qint64>(claimed.width()) * claimed.height() > maxPixels)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The image claims %1 x %2 pixels, more than the %3 megapixels accepted.")
                        .arg(claimed.width())
                        .arg(claimed.height())
                        .arg(maxPixels / 1'000'000));
    QImage image;
    if (!reader.read(&image) || image.isNull())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The image is damaged and could not be decoded (%1).").arg(reader.errorString()));
    if (static_cast<qint64>(image.width()) * image.height() > maxPixels)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The image is larger than the %1 megapixels accepted.").arg(maxPixels / 1'000'000));
    if (image.width() < 64 || image.height() < 64)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The image is only %1 x %2 pixels, too small for a photo.")
                        .arg(image.width())
                        .arg(image.height()));
    return image;
}

Result<QImage> readPhotoFile(const QString &path, qint64 maxBytes)
{
    auto bytes = readInputFile(path, maxBytes);
    if (!bytes)
        return std::unexpected(bytes.error());
    auto image = decodePhoto(*bytes);
    if (!image)
        return fail(image.error().code, QStringLiteral("%1: %2").arg(path, image.error().message));
    return image;
}

} // namespace tessera
