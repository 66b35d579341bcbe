#include "core/capture/FramingGuide.h"

#include <cmath>

namespace tessera {

namespace {

// Width over height of a face box as the detector draws it (forehead to chin, cheek to cheek).
constexpr double kFaceAspect = 0.8;
// Where the oval's centre sits, from the top, as a fraction of the frame height.
constexpr double kOvalCentreFromTop = 0.45;

} // namespace

double FramingGuide::centreOffset(const QRectF &face) const
{
    return frame.width() > 0.0 ? (face.center().x() - centreX) / frame.width() : 0.0;
}

bool FramingGuide::centred(const QRectF &face, double maxCentreOffset) const
{
    return std::abs(centreOffset(face)) <= maxCentreOffset;
}

FramingGuide framingGuide(QSizeF frame, const PhotoThresholds &thresholds)
{
    FramingGuide g;
    g.frame = frame;
    g.centreX = frame.width() / 2.0;
    g.bandLeft = g.centreX - thresholds.maxCentreOffset * frame.width();
    g.bandRight = g.centreX + thresholds.maxCentreOffset * frame.width();
    g.smallestFace = thresholds.minFaceHeightRatio * frame.height();
    g.largestFace = thresholds.maxFaceHeightRatio * frame.height();
    const double h = (g.smallestFace + g.largestFace) / 2.0;
    const double w = h * kFaceAspect;
    g.oval = QRectF(g.centreX - w / 2.0, frame.height() * kOvalCentreFromTop - h / 2.0, w, h);
    return g;
}

} // namespace tessera
