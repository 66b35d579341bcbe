#pragma once

#include "core/util/Error.h"

#include <QImage>
#include <QPointF>
#include <QString>

namespace tessera {

// A 1280x720 MJPEG AVI that stands in for a counter camera in tests, benchmarks and
// demonstrations (no camera on a build machine). Made from `portrait` (the public-domain test
// portrait, tests/data/astronaut.jpg): the head is cut out onto a plain grey screen (the photo's
// own flag background would fail the background check for ever) and moved in a slow loop:
//   0-25 %   small and off to the left, drifting to the centre and growing (size, centring and
//            resolution fail, then pass);
//   25-55 %  centred at card size and still: every check passes, auto-capture fires;
//   55-75 %  the head tilts by up to 14 degrees and back (roll fails, then passes);
//   75-100 % it shrinks and drifts back to the start, so the loop has no jump.
// The face is found in `portrait` with the photo analyzer, so the cascades must be installed.
// Only the file at `path` is written.
Result<void> writeDemoVideo(const QImage &portrait, const QString &path, int seconds = 16, int fps = 25);

// The same scene one frame at a time, for tests that want a single frame of a phase without
// a file (frameAt(0.4): every check passes; frameAt(0.65): the head is tilted).
class DemoScene {
public:
    static Result<DemoScene> create(const QImage &portrait);
    // The 1280x720 RGB888 frame at `t` from 0 to 1 through the loop.
    QImage frameAt(double t) const;

private:
    QImage m_cutout;
    QPointF m_eyes;
    double m_interEye = 0.0;
};

} // namespace tessera
