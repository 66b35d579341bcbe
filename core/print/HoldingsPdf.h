#pragma once

#include "core/retention/Holdings.h"

class QPagedPaintDevice;

namespace tessera {

// The holdings report for counsel, A4, as many pages as it needs.
Result<void> renderHoldingsReport(QPagedPaintDevice &device, const Holdings &holdings);
Result<void> writeHoldingsPdf(const QString &path, const Holdings &holdings);

} // namespace tessera
