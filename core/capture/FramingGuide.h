#pragma once

#include "core/programme/PhotoThresholds.h"

#include <QRectF>
#include <QSizeF>

namespace tessera {

// Where the photo checks want the face, in the frame's pixels. It is the one definition of
// the centring and head-size geometry: PhotoAnalyzer measures centring against it and the
// preview draws it, so that the guide the clerk sees is where the check measures (a face whose
// centre is inside the band passes centring, one outside fails). See PhotoThresholds for the
// standards behind the limits.
struct FramingGuide {
    QSizeF frame;
    double centreX = 0.0; // the line the face centre is measured from (the frame's middle)
    // The face centre must lie between these x (centreX ± maxCentreOffset × frame width).
    double bandLeft = 0.0;
    double bandRight = 0.0;
    // The face box heights face_size accepts, in pixels.
    double smallestFace = 0.0;
    double largestFace = 0.0;
    // The oval drawn for the applicant to fill: a face box of the middle accepted height,
    // centred on centreX, with its centre at 45 % of the frame height (the card crop then has
    // room above the crown).
    QRectF oval;

    // The centring check's measure: the face centre's signed distance from centreX, as a
    // fraction of the frame width (negative: left of centre in the picture).
    double centreOffset(const QRectF &face) const;
    bool centred(const QRectF &face, double maxCentreOffset) const;
};

FramingGuide framingGuide(QSizeF frame, const PhotoThresholds &thresholds);

} // namespace tessera
