#include "core/capture/AutoCapture.h"

#include <algorithm>

namespace tessera {

AutoCapture::AutoCapture(int requiredRun)
    : m_required(std::max(1, requiredRun))
{
}

bool AutoCapture::feed(const PhotoAssessment &assessment)
{
    m_run = assessment.acceptable ? m_run + 1 : 0;
    if (m_fired || !m_enabled || m_run < m_required)
        return false;
    m_fired = true;
    return true;
}

void AutoCapture::rearm()
{
    m_run = 0;
    m_fired = false;
}

} // namespace tessera
