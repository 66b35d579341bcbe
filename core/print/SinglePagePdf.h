#pragma once

#include "core/util/Error.h"

#include <QPageSize>
#include <QRectF>
#include <QString>

#include <functional>

class QPainter;

namespace tessera {

// Writes a one-page PDF at 300 dpi: `draw` gets a painter and the page rectangle in device
// units. The one place the single-page documents (recovery sheet, receipt, rejection notice)
// are turned into files; the error names the path and says what to do.
Result<void> writeSinglePagePdf(const QString &path, QPageSize::PageSizeId size, const QString &title,
                                const std::function<void(QPainter &, const QRectF &)> &draw);

} // namespace tessera
