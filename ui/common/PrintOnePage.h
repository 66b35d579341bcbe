#pragma once

#include "core/util/Error.h"

#include <QPageSize>
#include <QRectF>
#include <QString>

#include <functional>
#include <optional>

class QPainter;
class QWidget;

namespace tessera::ui {

// One page through the operating system's print dialog: the receipt, the rejection notice,
// the recovery sheet. `render` draws into `page`, the printable area in device pixels with
// its origin at the top left. The answer is the printer's name, nothing when the operator
// cancelled, or an error to show (the printer could not be started).
struct OnePageJob {
    QString dialogTitle;
    QString documentName;
    std::optional<QPageSize> pageSize; // none: the printer's default
};
Result<std::optional<QString>> printOnePage(QWidget *parent, const OnePageJob &job,
                                            const std::function<void(QPainter &, const QRectF &)> &render);

} // namespace tessera::ui
