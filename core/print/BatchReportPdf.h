#pragma once

#include "core/review/Review.h"

class QPagedPaintDevice;

namespace tessera {

// Renders a closed day's report onto any paged device (PDF writer or printer), paginating as
// needed: counts by decision, clerk and reason; the card numbers; the audit chain head at
// closing. It carries no applicant name, by construction: BatchReport has none.
Result<void> renderBatchReport(QPagedPaintDevice &device, const BatchReport &report);
Result<void> writeBatchReportPdf(const QString &path, const BatchReport &report);

} // namespace tessera
