#pragma once

#include "core/programme/PhotoThresholds.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace tessera {

// One check's outcome, for the clerk's list and for tessera-cli. `value` is NaN when the
// check could not be measured (then `pass` is false and `message` says why). For the two-sided
// checks (face_size, exposure) `threshold` is the bound the value is held against: the one it
// crossed, or the lower one when it passes.
struct PhotoCheck {
    QString id; // face_count, face_size, centering, roll, sharpness, exposure, illumination, background, resolution
    double value = 0.0; // the measured value, in the unit the threshold uses
    double threshold = 0.0;
    bool pass = false;
    QString message; // plain words for the clerk: what to change, or "ok"
};

struct PhotoAssessment {
    bool acceptable = false; // every check passed
    std::vector<PhotoCheck> checks;
    std::optional<QRectF> face;     // the face measured (the largest found), source pixels
    std::optional<QPointF> leftEye; // in the image, i.e. the applicant's right eye
    std::optional<QPointF> rightEye;

    const PhotoCheck *check(const QString &id) const;
};

// Runs the checks on one frame. Loading the cascades costs tens of milliseconds, so a
// station keeps one analyzer and feeds it every frame; analyze() is not re-entrant (OpenCV's
// CascadeClassifier keeps scratch state), so use one analyzer per thread.
class PhotoAnalyzer {
public:
    // Loads Debian opencv-data's LBP frontal face cascade (lbpcascades/, several times faster
    // than the Haar ones at equal recall on the test portraits) and Haar eye cascade
    // (haarcascades/) from `cascadeDir`.
    static Result<PhotoAnalyzer> create(PhotoThresholds thresholds = {},
                                        const QString &cascadeDir = defaultCascadeDirectory());
    static QString defaultCascadeDirectory();

    PhotoAnalyzer(PhotoAnalyzer &&) noexcept;
    PhotoAnalyzer &operator=(PhotoAnalyzer &&) noexcept;
    ~PhotoAnalyzer();

    // Faces are found on a grey copy 240 rows high, first only those nearly big enough to pass
    // face_size, eyes only in the upper half of the face, so one 1280x720 frame with a face
    // takes about 11 ms of CPU time on one core (tessera-cli bench photo). A frame without an
    // upright face costs more (a search for small faces and for tilted heads follows). Fails
    // only for a null or tiny image or an internal OpenCV error; a bad photo is an assessment
    // with failing checks.
    Result<PhotoAssessment> analyze(const QImage &frame);

    const PhotoThresholds &thresholds() const;

private:
    struct Impl;
    explicit PhotoAnalyzer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The card portrait's shape. Defaults: the 35 x 45 mm passport format of ICAO 9303-3, head
// (crown to chin) at 75 % of the height (70-80 % allowed), eyes 42 % down from the top (the
// ISO/IEC 19794-5 8.3.3 eye line lies between 30 % and 50 % from the top).
struct CropSpec {
    int aspectWidth = 35;
    int aspectHeight = 45;
    int outputWidthPx = 413; // 35 mm at 300 dpi
    double headHeightRatio = 0.75;
    double eyeLineFromTop = 0.42;
};

// Cuts the card portrait from `frame` around the face found by analyze(), scales it to
// `spec.outputWidthPx`, and applies a light gray-world colour balance. Fails when there is no
// face or the crop would reach outside the frame (the applicant should step back or centre).
// Nothing is written anywhere: storing the result is the caller's decision.
Result<QImage> cropForCard(const QImage &frame, const PhotoAssessment &assessment, const CropSpec &spec = {});

// JPEG within `maxBytes`, at the highest quality (92 down to 30) that fits.
Result<QByteArray> encodeJpeg(const QImage &image, int maxBytes);

// How many APPn and comment segments a JPEG may carry before its scan (cameras write a few).
inline constexpr int kMaxJpegMetadataSegments = 64;
// The APPn and comment segments before a JPEG's first scan, counted by walking the segment
// lengths once and stopping at `limit` + 1; nullopt when `bytes` is not a JPEG.
std::optional<int> jpegMetadataSegments(const QByteArray &bytes, int limit);

// Decodes an image held in memory, refusing before decoding one that is empty, not an image,
// a JPEG with more than kMaxJpegMetadataSegments metadata segments, claims more than
// `maxPixels`, is smaller than 64 x 64 or is damaged.
Result<QImage> decodePhoto(const QByteArray &bytes, qint64 maxPixels = 40'000'000);
// Reads the file into memory (refusing at once one larger than `maxBytes`, and a FIFO, device
// or folder, without blocking; see readInputFile) and decodes it there.
Result<QImage> readPhotoFile(const QString &path, qint64 maxBytes = qint64 {64} * 1024 * 1024);

} // namespace tessera
