#include "core/print/PageFlow.h"

#include <QFontDatabase>
#include <QPagedPaintDevice>
#include <QPainter>

#include <algorithm>

namespace tessera {

PageFlow::PageFlow(QPagedPaintDevice &device, QPainter &painter)
    : m_device(device)
    , m_p(painter)
{
    // From the resolution: width() / widthMM() is a quotient of integers (11 px/mm at 300 dpi
    // instead of 11.81), and widthMM() is rounded besides.
    m_mm = device.logicalDpiX() / 25.4;
    m_body = QRectF(18 * m_mm, 16 * m_mm, device.width() - 36 * m_mm, device.height() - 32 * m_mm);
    m_y = m_body.top();
    m_base = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
}

QFont PageFlow::font(qreal sizeMm, bool bold, bool mono) const
{
    QFont f = mono ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : m_base;
    f.setPixelSize(std::max(1, static_cast<int>(sizeMm * m_mm)));
    f.setBold(bold);
    return f;
}

void PageFlow::newPageIfBelow(qreal bottom)
{
    // A block taller than a page is drawn from the top of a fresh one, not pushed on forever.
    if (bottom > m_body.bottom() && m_y > m_body.top()) {
        m_device.newPage();
        m_y = m_body.top();
    }
}

void PageFlow::text(const QString &s, const QFont &f, qreal gapMm, qreal indentMm)
{
    m_p.setFont(f);
    const qreal left = m_body.left() + indentMm * m_mm;
    const qreal width = m_body.width() - indentMm * m_mm;
    newPageIfBelow(m_y + m_p.boundingRect(QRectF(left, m_y, width, m_body.height()), Qt::TextWordWrap, s).height());
    const QRectF at(left, m_y, width, m_body.bottom() - m_y);
    const QRectF used = m_p.boundingRect(at, Qt::TextWordWrap, s);
    m_p.drawText(at, Qt::TextWordWrap, s);
    m_y += used.height() + gapMm * m_mm;
}

void PageFlow::table(const std::vector<std::pair<QString, QString>> &rows, const QFont &f)
{
    m_p.setFont(f);
    const qreal line = m_p.fontMetrics().height() * 1.25;
    // The label wraps inside its column (a reason's label is the programme's, of any length),
    // never running under the value or off the page; the value sits on its first line.
    const qreal labelLeft = m_body.left() + 4 * m_mm;
    const qreal labelWidth = m_body.width() * 0.8 - 4 * m_mm - 2 * m_mm;
    for (const auto &[label, value] : rows) {
        const qreal wrapped =
            m_p.boundingRect(QRectF(labelLeft, 0, labelWidth, m_body.height()), Qt::TextWordWrap, label).height();
        const qreal h = std::max(line, wrapped + (line - m_p.fontMetrics().height()));
        newPageIfBelow(m_y + h);
        m_p.drawText(QRectF(labelLeft, m_y, labelWidth, h), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, label);
        m_p.drawText(QRectF(m_body.left() + m_body.width() * 0.8, m_y, m_body.width() * 0.15, line),
                     Qt::AlignRight | Qt::AlignVCenter, value);
        m_y += h;
    }
    m_y += 3 * m_mm;
}

void PageFlow::keep(qreal heightMm)
{
    newPageIfBelow(m_y + heightMm * m_mm);
}

void PageFlow::rule()
{
    m_p.setPen(QPen(Qt::darkGray, 0.3 * m_mm));
    m_p.drawLine(QPointF(m_body.left(), m_y), QPointF(m_body.right(), m_y));
    m_p.setPen(Qt::black);
    m_y += 3 * m_mm;
}

} // namespace tessera
