#include "core/print/SinglePagePdf.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPdfWriter>

namespace tessera {

Result<void> writeSinglePagePdf(const QString &path, QPageSize::PageSizeId size, const QString &title,
                                const std::function<void(QPainter &, const QRectF &)> &draw)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(size));
    writer.setResolution(300);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("Tessera"));
    QPainter painter;
    if (!painter.begin(&writer))
        return fail(
            ErrorCode::Io,
            QCoreApplication::translate("SinglePagePdf", "%1 could not be written to %2. Choose another folder.")
                .arg(title, path));
    draw(painter, QRectF(QPointF(0, 0), QSizeF(writer.width(), writer.height())));
    painter.end();
    return {};
}

} // namespace tessera
