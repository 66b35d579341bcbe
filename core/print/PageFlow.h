#pragma once

#include <QFont>
#include <QRectF>
#include <QString>

#include <utility>
#include <vector>

class QPagedPaintDevice;
class QPainter;

namespace tessera {

// Writes the blocks of a multi-page report top to bottom (A4 margins of 18 x 16 mm) and
// starts a new page when the next block does not fit. Sizes are in millimetres, so the same
// report draws alike on a PDF writer and on a printer of any resolution.
class PageFlow {
public:
    PageFlow(QPagedPaintDevice &device, QPainter &painter);

    QFont font(qreal sizeMm, bool bold = false, bool mono = false) const;
    // A word-wrapped paragraph, `gapMm` below it, indented by `indentMm`.
    void text(const QString &s, const QFont &f, qreal gapMm = 1.5, qreal indentMm = 0);
    // Rows of (label, value) in two columns; a long label wraps within its column.
    void table(const std::vector<std::pair<QString, QString>> &rows, const QFont &f);
    // Keeps a block of about `heightMm` together on one page.
    void keep(qreal heightMm);
    // A thin horizontal line across the body.
    void rule();

private:
    void newPageIfBelow(qreal bottom);

    QPagedPaintDevice &m_device;
    QPainter &m_p;
    qreal m_mm = 1;
    QRectF m_body;
    qreal m_y = 0;
    QFont m_base;
};

} // namespace tessera
