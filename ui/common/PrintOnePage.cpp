#include "ui/common/PrintOnePage.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>

namespace tessera::ui {

Result<std::optional<QString>> printOnePage(QWidget *parent, const OnePageJob &job,
                                            const std::function<void(QPainter &, const QRectF &)> &render)
{
    QPrinter printer(QPrinter::HighResolution);
    if (job.pageSize)
        printer.setPageSize(*job.pageSize);
    printer.setDocName(job.documentName);
    QPrintDialog dialog(&printer, parent);
    dialog.setWindowTitle(job.dialogTitle);
    if (dialog.exec() != QDialog::Accepted)
        return std::optional<QString>();
    QPainter painter;
    if (!painter.begin(&printer))
        return fail(
            ErrorCode::Io,
            QCoreApplication::translate("tessera::ui::PrintOnePage",
                                        "The printer could not be started. Check that it is on and connected and try "
                                        "again, or save a PDF instead."));
    const QRect area = printer.pageLayout().paintRectPixels(printer.resolution());
    render(painter, QRectF(QPointF(0, 0), area.size()));
    painter.end();
    return std::optional<QString>(printer.printerName());
}

} // namespace tessera::ui
