#pragma once

#include "core/capture/PhotoChecks.h"

namespace tessera {

// When to take the photo by itself: once every check has passed on `requiredRun` analysed
// frames in a row (the programme's photo.auto_capture_frames), so that one lucky frame in a
// moving stream does not decide. Fed one assessment per analysed frame, in order; pure logic,
// no threads or clocks, so it is tested frame by frame. Not thread-safe: the capture panel
// feeds it on the GUI thread.
class AutoCapture {
public:
    explicit AutoCapture(int requiredRun = 5);

    // The next analysed frame's assessment. True exactly once per arming: on the frame that
    // completes the run. Afterwards it stays quiet until rearm().
    bool feed(const PhotoAssessment &assessment);
    // A frame could not be analysed: the run starts again.
    void interrupt() { m_run = 0; }
    // A retake, or a new applicant: count afresh and fire again.
    void rearm();
    // Manual capture only: feed() never fires (the run is still counted for display).
    void setEnabled(bool enabled) { m_enabled = enabled; }

    int run() const { return m_run; }
    int requiredRun() const { return m_required; }
    bool hasFired() const { return m_fired; }
    bool isEnabled() const { return m_enabled; }

private:
    int m_required;
    int m_run = 0;
    bool m_fired = false;
    bool m_enabled = true;
};

} // namespace tessera
