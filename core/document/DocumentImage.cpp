#include "core/document/DocumentImage.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <vector>

namespace tessera {

namespace {

constexpr int kDetectSide = 800; // the outline is looked for on a copy at most this large
constexpr double kMinSharpness = 60.0;
// Printed white (a barcode's quiet zone, a pale card) is legitimately near 250; glare is
// clipped at the sensor's top. A document with more than this share of clipped pixels has a
// reflection on it.
constexpr double kMaxGlare = 0.08;

struct Proportions {
    DocumentSize size;
    double aspect; // long side / short side
    int longPx;    // output long side in pixels
    bool portrait;
};

constexpr Proportions kSizes[] = {
    {DocumentSize::Id1, 85.60 / 53.98, 1012, false},   // 300 dpi
    {DocumentSize::Id3, 125.0 / 88.0, 1476, false},    // 300 dpi
    {DocumentSize::Letter, 279.4 / 215.9, 1650, true}, // 150 dpi
    {DocumentSize::A4, 297.0 / 210.0, 1754, true},     // 150 dpi
};

// A view of the QImage's pixels as a Mat, converting only formats OpenCV cannot read.
cv::Mat viewOf(const QImage &image, QImage &keep, int &channels)
{
    keep = image;
    switch (image.format()) {
    case QImage::Format_Grayscale8:
        channels = 1;
        break;
    case QImage::Format_RGB888:
        channels = 3;
        break;
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
    case QImage::Format_ARGB32_Premultiplied:
        channels = 4;
        break;
    default:
        keep = image.convertToFormat(QImage::Format_RGB888);
        channels = 3;
        break;
    }
    return cv::Mat(keep.height(), keep.width(), CV_8UC(channels), const_cast<uchar *>(keep.constBits()),
                   static_cast<size_t>(keep.bytesPerLine()));
}

cv::Mat greyOf(const cv::Mat &m, int channels)
{
    cv::Mat grey;
    if (channels == 1)
        grey = m;
    else if (channels == 3)
        cv::cvtColor(m, grey, cv::COLOR_RGB2GRAY);
    else
        cv::cvtColor(m, grey, cv::COLOR_BGRA2GRAY);
    return grey;
}

double area(const std::vector<cv::Point2f> &q)
{
    return std::abs(cv::contourArea(q));
}

// The largest convex quadrilateral among the outlines of `binary`, or empty.
std::vector<cv::Point2f> largestQuad(const cv::Mat &binary, double minArea)
{
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(binary, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    std::vector<cv::Point2f> best;
    double bestArea = minArea;
    for (const auto &c : contours) {
        if (std::abs(cv::contourArea(c)) < bestArea)
            continue;
        std::vector<cv::Point> hull;
        cv::convexHull(c, hull);
        std::vector<cv::Point> approx;
        cv::approxPolyDP(hull, approx, 0.02 * cv::arcLength(hull, true), true);
        if (approx.size() != 4 || !cv::isContourConvex(approx))
            continue;
        std::vector<cv::Point2f> q(approx.begin(), approx.end());
        // The outline must be a real outline, not the hull of scattered texture: the contour
        // fills most of its quadrilateral.
        if (std::abs(cv::contourArea(c)) < 0.85 * area(q))
            continue;
        if (area(q) > bestArea) {
            bestArea = area(q);
            best = q;
        }
    }
    return best;
}

// Top left, top right, bottom right, bottom left.
std::array<cv::Point2f, 4> ordered(const std::vector<cv::Point2f> &q)
{
    std::array<cv::Point2f, 4> out;
    auto bySum = [](const cv::Point2f &a, const cv::Point2f &b) { return a.x + a.y < b.x + b.y; };
    auto byDiff = [](const cv::Point2f &a, const cv::Point2f &b) { return a.y - a.x < b.y - b.x; };
    out[0] = *std::min_element(q.begin(), q.end(), bySum);
    out[2] = *std::max_element(q.begin(), q.end(), bySum);
    out[1] = *std::min_element(q.begin(), q.end(), byDiff);
    out[3] = *std::max_element(q.begin(), q.end(), byDiff);
    return out;
}

// The width / height ratio of the rectangle whose picture is the quadrilateral tl, tr, br, bl,
// for a pinhole camera with square pixels and its principal point at `centre` (Zhang and He,
// "Whiteboard scanning and image enhancement", Digital Signal Processing 17(2), 2007, sec. 3).
// The focal length is solved for; with little perspective that solution is unstable, so one
// outside 0.7 to 3 frame widths (fields of view of about 19 to 71 degrees) is replaced by one
// frame width (a normal lens, about 53 degrees). The size chosen from this ratio is only a
// first guess: the reader corrects it from what it reads (a PDF417 is a card, a TD3 zone a page).
double trueAspect(const std::array<cv::Point2f, 4> &c, const cv::Point2f &centre, double frameWidth)
{
    auto h = [&](const cv::Point2f &p) { return cv::Vec3d(p.x - centre.x, p.y - centre.y, 1.0); };
    const cv::Vec3d m1 = h(c[0]);
    const cv::Vec3d m2 = h(c[1]);
    const cv::Vec3d m3 = h(c[3]);
    const cv::Vec3d m4 = h(c[2]);
    const double k2 = m1.cross(m4).dot(m3) / m2.cross(m4).dot(m3);
    const double k3 = m1.cross(m4).dot(m2) / m3.cross(m4).dot(m2);
    const cv::Vec3d n2 = k2 * m2 - m1;
    const cv::Vec3d n3 = k3 * m3 - m1;
    const double affine = std::sqrt((n2[0] * n2[0] + n2[1] * n2[1]) / (n3[0] * n3[0] + n3[1] * n3[1]));
    if (!std::isfinite(affine))
        return 1.0;
    const double denominator = n2[2] * n3[2];
    double f2 = std::abs(denominator) < 1e-12 ? -1.0 : -(n2[0] * n3[0] + n2[1] * n3[1]) / denominator;
    const double lowest = 0.7 * frameWidth;
    const double highest = 3.0 * frameWidth;
    if (!std::isfinite(f2) || f2 < lowest * lowest || f2 > highest * highest)
        f2 = frameWidth * frameWidth;
    const double ratio = std::sqrt((n2[0] * n2[0] + n2[1] * n2[1] + f2 * n2[2] * n2[2])
                                   / (n3[0] * n3[0] + n3[1] * n3[1] + f2 * n3[2] * n3[2]));
    return std::isfinite(ratio) && ratio > 0 ? ratio : affine;
}

Result<RectifiedDocument> rectify(const QImage &photo, std::optional<DocumentSize> forced)
{
    if (photo.isNull() || photo.width() < 64 || photo.height() < 64)
        return fail(ErrorCode::InvalidInput, QStringLiteral("The image is empty or too small to hold a document."));
    if (static_cast<qint64>(photo.width()) * photo.height() > kMaxDocumentPixels)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The image has more than the %1 megapixels accepted; "
                                   "scan or photograph the document at a lower resolution.")
                        .arg(kMaxDocumentPixels / 1'000'000));
    QImage keep;
    int channels = 0;
    const cv::Mat source = viewOf(photo, keep, channels);
    const double scale = std::min(1.0, static_cast<double>(kDetectSide) / std::max(source.cols, source.rows));
    cv::Mat small;
    if (scale < 1.0)
        cv::resize(source, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else
        small = source;
    cv::Mat grey = greyOf(small, channels);
    cv::GaussianBlur(grey, grey, cv::Size(5, 5), 0);
    const double imageArea = static_cast<double>(grey.rows) * grey.cols;
    const double minArea = 0.12 * imageArea;

    // Edges in each colour channel (a pale card on a pale wall differs in hue more than in
    // brightness): first at a threshold that ignores texture, then lower with the gaps closed.
    std::vector<cv::Mat> planes;
    cv::split(small, planes);
    if (channels == 4)
        planes.resize(3);
    for (cv::Mat &plane : planes)
        cv::GaussianBlur(plane, plane, cv::Size(5, 5), 0);
    std::vector<cv::Point2f> quad;
    for (const auto &[low, high, close] : {std::tuple {40, 120, false}, std::tuple {10, 30, true}}) {
        cv::Mat edges = cv::Mat::zeros(grey.size(), CV_8UC1);
        for (const cv::Mat &plane : planes) {
            cv::Mat e;
            cv::Canny(plane, e, low, high);
            edges |= e;
        }
        if (close)
            cv::morphologyEx(edges, edges, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
        cv::dilate(edges, edges, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
        quad = largestQuad(edges, minArea);
        if (!quad.empty() && area(quad) <= 0.97 * imageArea)
            break;
        quad.clear();
    }
    if (quad.empty()) {
        cv::Mat binary;
        cv::threshold(grey, binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
        quad = largestQuad(binary, minArea);
        if (quad.empty()) {
            cv::bitwise_not(binary, binary);
            quad = largestQuad(binary, minArea);
        }
    }
    // The frame of the image itself is not a document's outline.
    if (!quad.empty() && area(quad) > 0.97 * imageArea)
        quad.clear();
    // The outline found is the inside of the thickened edge: move it out by that thickness.
    if (!quad.empty()) {
        cv::Point2f centre(0, 0);
        for (const auto &q : quad)
            centre += q * 0.25f;
        for (auto &q : quad) {
            const cv::Point2f away = q - centre;
            const float length = std::hypot(away.x, away.y);
            if (length > 1)
                q += away * (2.5f / length);
        }
    }

    RectifiedDocument doc;
    std::array<cv::Point2f, 4> corners;
    if (!quad.empty()) {
        doc.cornersFound = true;
        corners = ordered(quad);
        for (auto &c : corners)
            c *= static_cast<float>(1.0 / scale);
    } else {
        const auto w = static_cast<float>(source.cols - 1);
        const auto h = static_cast<float>(source.rows - 1);
        corners = {cv::Point2f(0, 0), cv::Point2f(w, 0), cv::Point2f(w, h), cv::Point2f(0, h)};
        doc.warnings << QStringLiteral("No document outline was found; the whole image is used. "
                                       "Place the document on a plain, darker background.");
    }
    const double widthOverHeight = doc.cornersFound
        ? trueAspect(corners, cv::Point2f(static_cast<float>(source.cols) / 2, static_cast<float>(source.rows) / 2),
                     std::max(source.cols, source.rows))
        : static_cast<double>(source.cols) / source.rows;
    const double aspect = std::max(widthOverHeight, 1.0 / widthOverHeight);
    const Proportions *chosen = &kSizes[0];
    for (const Proportions &p : kSizes)
        if (std::abs(std::log(aspect / p.aspect)) < std::abs(std::log(aspect / chosen->aspect)))
            chosen = &p;
    const bool landscapeOutline = widthOverHeight >= 1.0;
    // ID-3 and A4 share a shape: a passport data page is read landscape, a page portrait.
    if (chosen->size == DocumentSize::A4 || chosen->size == DocumentSize::Id3)
        chosen = landscapeOutline ? &kSizes[1] : &kSizes[3];
    if (forced)
        for (const Proportions &p : kSizes)
            if (p.size == *forced)
                chosen = &p;
    doc.size = chosen->size;
    // Turn the corner order so the document's long side runs the way it is read.
    if (landscapeOutline == chosen->portrait)
        corners = {corners[3], corners[0], corners[1], corners[2]};
    for (std::size_t i = 0; i < 4; ++i)
        doc.corners[i] = QPointF(corners[i].x, corners[i].y);
    const int longPx = chosen->longPx;
    const int shortPx = static_cast<int>(std::lround(longPx / chosen->aspect));
    const int outW = chosen->portrait ? shortPx : longPx;
    const int outH = chosen->portrait ? longPx : shortPx;
    const cv::Point2f target[4] = {{0, 0},
                                   {static_cast<float>(outW), 0},
                                   {static_cast<float>(outW), static_cast<float>(outH)},
                                   {0, static_cast<float>(outH)}};
    const cv::Mat h = cv::getPerspectiveTransform(corners.data(), target);
    cv::Mat warped;
    cv::warpPerspective(source, warped, h, cv::Size(outW, outH), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::Mat rgb;
    if (channels == 1)
        cv::cvtColor(warped, rgb, cv::COLOR_GRAY2RGB);
    else if (channels == 4)
        cv::cvtColor(warped, rgb, cv::COLOR_BGRA2RGB);
    else
        rgb = warped;
    doc.image = QImage(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step), QImage::Format_RGB888).copy();

    // Sharpness at a fixed scale, so the threshold means the same for every size.
    cv::Mat g = greyOf(warped, channels);
    cv::Mat fixed;
    cv::resize(g, fixed, cv::Size(800, static_cast<int>(std::lround(800.0 * g.rows / g.cols))), 0, 0, cv::INTER_AREA);
    // Sensor noise would read as detail: measure on a lightly smoothed copy.
    cv::GaussianBlur(fixed, fixed, cv::Size(5, 5), 0);
    cv::Mat lap;
    cv::Laplacian(fixed, lap, CV_64F);
    cv::Scalar mean;
    cv::Scalar stddev;
    cv::meanStdDev(lap, mean, stddev);
    doc.sharpness = stddev[0] * stddev[0];
    doc.glare = static_cast<double>(cv::countNonZero(fixed >= 250)) / static_cast<double>(fixed.total());
    if (doc.sharpness < kMinSharpness)
        doc.warnings << QStringLiteral("The document is blurred: hold it still, focus, and capture again.");
    if (doc.glare > kMaxGlare)
        doc.warnings << QStringLiteral(
            "There is glare on the document: tilt it away from the light and capture again.");
    return doc;
}

} // namespace

QString documentSizeName(DocumentSize s)
{
    switch (s) {
    case DocumentSize::Id1:
        return QStringLiteral("ID-1 card");
    case DocumentSize::Id3:
        return QStringLiteral("passport page (ID-3)");
    case DocumentSize::Letter:
        return QStringLiteral("US letter page");
    case DocumentSize::A4:
        return QStringLiteral("A4 page");
    }
    return {};
}

Result<RectifiedDocument> rectifyDocument(const QImage &photo, std::optional<DocumentSize> size)
{
    try {
        return rectify(photo, size);
    } catch (const cv::Exception &) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The image could not be processed; capture the document again."));
    } catch (const std::bad_alloc &) {
        return fail(ErrorCode::Internal, QStringLiteral("Not enough memory to process the image; use a smaller one."));
    }
}

QImage turnedOver(const QImage &image)
{
    return image.mirrored(true, true);
}

} // namespace tessera
