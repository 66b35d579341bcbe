#include "core/cards/CardRenderer.h"

#include "core/cards/QrCode.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include <cmath>
#include <numbers>

namespace tessera {

namespace {

constexpr double kLabelPoints = 4.6;

QFont cardFont(const QString &family, double points, bool bold, Dpi dpi)
{
    QFont f(family);
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(points / 72.0 * dpi.value))));
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);
    f.setKerning(true);
    return f;
}

// A neutral head-and-shoulders outline, for cards whose photo is not there (yet).
void drawSilhouette(QPainter &painter, const QRectF &box, const QColor &back, const QColor &figure)
{
    painter.fillRect(box, back);
    const double w = box.width();
    const double h = box.height();
    QPainterPath path;
    path.addEllipse(QPointF(box.center().x(), box.top() + h * 0.38), w * 0.22, h * 0.19);
    QPainterPath shoulders;
    shoulders.moveTo(box.left() + w * 0.08, box.bottom());
    shoulders.cubicTo(box.left() + w * 0.1, box.top() + h * 0.62, box.right() - w * 0.1, box.top() + h * 0.62,
                      box.right() - w * 0.08, box.bottom());
    shoulders.closeSubpath();
    path.addPath(shoulders);
    painter.fillPath(path.simplified(), figure);
}

} // namespace

QPageSize cr80PageSize()
{
    return QPageSize(QSizeF(kCr80Width.value, kCr80Height.value), QPageSize::Millimeter, QStringLiteral("CR80"),
                     QPageSize::ExactMatch);
}

CardRenderer::CardRenderer(CardTemplate layout)
    : m_layout(std::move(layout))
{
    for (const CardSideLayout *side : {&m_layout.front, &m_layout.back})
        for (const CardElement &e : side->elements)
            if (e.kind == CardElement::Kind::Image && !m_images.contains(e.image))
                m_images.insert(e.image, QImage(e.image).convertToFormat(QImage::Format_ARGB32_Premultiplied));
}

QSize CardRenderer::pixelSize(Dpi dpi)
{
    return {toPixels(kCr80Width, dpi).rounded(), toPixels(kCr80Height, dpi).rounded()};
}

QImage CardRenderer::image(CardSide side, const CardData &card, Dpi dpi) const
{
    QImage out(pixelSize(dpi), QImage::Format_RGB32);
    out.setDotsPerMeterX(static_cast<int>(std::lround(dpi.value / 0.0254)));
    out.setDotsPerMeterY(static_cast<int>(std::lround(dpi.value / 0.0254)));
    out.fill(Qt::white);
    QPainter painter(&out);
    draw(painter, side, card, dpi);
    return out;
}

void CardRenderer::draw(QPainter &painter, CardSide side, const CardData &card, Dpi dpi, QPointF origin) const
{
    const CardSideLayout &layout = m_layout.side(side);
    const QSizeF trim(toPixels(kCr80Width, dpi).value, toPixels(kCr80Height, dpi).value);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.translate(origin);
    painter.setClipRect(QRectF(QPointF(0, 0), trim));
    painter.fillRect(QRectF(QPointF(0, 0), trim), layout.background);
    for (const CardElement &e : layout.elements) {
        const QRectF box = e.rect.toPixels(dpi);
        painter.setOpacity(e.opacity);
        switch (e.kind) {
        case CardElement::Kind::Rect: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(e.colour);
            const double radius = toPixels(e.cornerRadius, dpi).value;
            if (radius > 0)
                painter.drawRoundedRect(box, radius, radius);
            else
                painter.drawRect(box);
            break;
        }
        case CardElement::Kind::Text:
            drawText(painter, box, e.uppercase ? e.text.toUpper() : e.text, e, e.fontPoints, dpi);
            break;
        case CardElement::Kind::Field:
            drawField(painter, box, e, card, dpi);
            break;
        case CardElement::Kind::Flag:
            if (card.values.value(e.field) == QLatin1String("true"))
                drawFlag(painter, box, e, dpi);
            break;
        case CardElement::Kind::Photo:
            drawPhoto(painter, box, card.photo, false);
            break;
        case CardElement::Kind::GhostPhoto:
            drawPhoto(painter, box, card.photo, true);
            break;
        case CardElement::Kind::Qr: {
            if (card.token.isEmpty())
                break;
            if (auto code = QrCode::encode(card.token, 7))
                code->paint(painter, box, e.colour.isValid() ? e.colour : QColor(Qt::black));
            break;
        }
        case CardElement::Kind::Image: {
            const QImage &img = m_images[e.image];
            if (img.isNull())
                break;
            // Keep the picture's proportions inside the box, centred.
            const QSizeF fitted = QSizeF(img.size()).scaled(box.size(), Qt::KeepAspectRatio);
            painter.drawImage(QRectF(box.center() - QPointF(fitted.width() / 2, fitted.height() / 2), fitted), img);
            break;
        }
        }
    }
    painter.setOpacity(1.0);
    if (side == CardSide::Front && card.specimen)
        drawSpecimen(painter, trim, dpi);
    painter.restore();
}

void CardRenderer::drawField(QPainter &painter, const QRectF &box, const CardElement &e, const CardData &card,
                             Dpi dpi) const
{
    QRectF valueBox = box;
    const QString value = card.values.value(e.field);
    // An empty value goes without its label: a blank "Emergency contact" reads as a mistake.
    if (!e.text.isEmpty() && !value.isEmpty()) {
        const double labelHeight = toPixels(fromPoints(kLabelPoints * 1.25), dpi).value;
        CardElement label = e;
        label.colour = m_layout.labelColour;
        label.bold = false;
        label.align = (e.align & Qt::AlignHorizontal_Mask) | Qt::AlignTop;
        drawText(painter, QRectF(box.left(), box.top(), box.width(), labelHeight), card.labels.value(e.field, e.text),
                 label, kLabelPoints, dpi);
        valueBox.setTop(box.top() + labelHeight);
    }
    drawText(painter, valueBox, e.uppercase ? value.toUpper() : value, e, e.fontPoints, dpi);
}

void CardRenderer::drawFlag(QPainter &painter, const QRectF &box, const CardElement &e, Dpi dpi) const
{
    if (e.fill.isValid()) {
        const double radius = toPixels(e.cornerRadius, dpi).value;
        painter.setPen(Qt::NoPen);
        painter.setBrush(e.fill);
        painter.drawRoundedRect(box, radius, radius);
    }
    drawText(painter, box, e.uppercase ? e.text.toUpper() : e.text, e, e.fontPoints, dpi, false);
}

// Diagonal, corner to corner, in outlined red letters half as opaque as ink: the card stays
// readable (a demo shows what a real card would), and no cropping or covering removes it.
void CardRenderer::drawSpecimen(QPainter &painter, const QSizeF &trim, Dpi dpi) const
{
    const QString word = QStringLiteral("SPECIMEN");
    QFont font = cardFont(m_layout.fontFamily, 28, true, dpi);
    const double diagonal = std::hypot(trim.width(), trim.height());
    QFontMetricsF metrics(font);
    // As large as fits along 85% of the diagonal.
    font.setPixelSize(std::max(
        1, static_cast<int>(font.pixelSize() * diagonal * 0.85 / std::max(1.0, metrics.horizontalAdvance(word)))));
    metrics = QFontMetricsF(font);
    QPainterPath path;
    path.addText(-metrics.horizontalAdvance(word) / 2, metrics.capHeight() / 2, font, word);
    painter.save();
    painter.translate(trim.width() / 2, trim.height() / 2);
    painter.rotate(-std::atan2(trim.height(), trim.width()) * 180.0 / std::numbers::pi);
    painter.setOpacity(0.55);
    painter.setPen(QPen(QColor(0xb0, 0x10, 0x10), std::max(1.0, dpi.value / 150.0)));
    painter.setBrush(QColor(0xd0, 0x20, 0x20, 0x90));
    painter.drawPath(path);
    painter.restore();
}

void CardRenderer::drawText(QPainter &painter, const QRectF &box, const QString &text, const CardElement &e,
                            double points, Dpi dpi, bool wrap) const
{
    if (text.isEmpty())
        return;
    const int flags = static_cast<int>(e.align) | (wrap ? Qt::TextWordWrap : 0);
    // Long names shrink to fit rather than run off the card: down to 60% of the size.
    double size = points;
    QFont font = cardFont(m_layout.fontFamily, size, e.bold, dpi);
    painter.setFont(font);
    for (int step = 0; step < 8; ++step) {
        const QRectF needed = painter.boundingRect(box, flags, text);
        if (needed.width() <= box.width() + 0.5 && needed.height() <= box.height() + 0.5)
            break;
        size *= 0.94;
        font = cardFont(m_layout.fontFamily, size, e.bold, dpi);
        painter.setFont(font);
    }
    painter.setPen(e.colour);
    painter.drawText(box, flags, text);
}

void CardRenderer::drawPhoto(QPainter &painter, const QRectF &box, const std::optional<QImage> &photo, bool ghost) const
{
    if (!photo || photo->isNull()) {
        drawSilhouette(painter, box, ghost ? QColor(0, 0, 0, 0) : QColor(0xdf, 0xe4, 0xea),
                       ghost ? QColor(0x8a, 0x96, 0xa3) : QColor(0xa9, 0xb3, 0xbe));
        return;
    }
    // Cover the box, cutting the photo's excess evenly (a 35x45 crop fits exactly).
    const QImage source = ghost ? photo->convertToFormat(QImage::Format_Grayscale8) : *photo;
    const QSizeF covered = QSizeF(source.size()).scaled(box.size(), Qt::KeepAspectRatioByExpanding);
    const double scale = covered.width() / source.width();
    const QRectF sourceRect(
        QPointF((covered.width() - box.width()) / 2 / scale, (covered.height() - box.height()) / 2 / scale),
        QSizeF(box.width() / scale, box.height() / scale));
    painter.drawImage(box, source, sourceRect);
}

CardPdfWriter::CardPdfWriter(QIODevice *device, const QString &title, Dpi dpi)
    : m_writer(std::make_unique<QPdfWriter>(device))
    , m_dpi(dpi)
{
    m_writer->setPageSize(cr80PageSize());
    m_writer->setPageMargins(QMarginsF(0, 0, 0, 0));
    m_writer->setResolution(static_cast<int>(dpi.value));
    m_writer->setTitle(title);
    m_writer->setCreator(QStringLiteral("Tessera"));
}

CardPdfWriter::~CardPdfWriter()
{
    if (m_painter && m_painter->isActive())
        m_painter->end();
}

Result<void> CardPdfWriter::add(const CardRenderer &renderer, const CardData &card)
{
    if (!m_painter) {
        m_painter = std::make_unique<QPainter>();
        if (!m_painter->begin(m_writer.get()))
            return fail(ErrorCode::Io, QStringLiteral("The card PDF could not be started. Choose another folder."));
    }
    for (CardSide side : {CardSide::Front, CardSide::Back}) {
        if (m_pages++ > 0 && !m_writer->newPage())
            return fail(ErrorCode::Io, QStringLiteral("The card PDF could not be written (disk full?)."));
        renderer.draw(*m_painter, side, card, m_dpi);
    }
    return {};
}

Result<void> CardPdfWriter::finish()
{
    if (!m_painter)
        return fail(ErrorCode::InvalidInput, QStringLiteral("There are no cards to write."));
    if (!m_painter->end())
        return fail(ErrorCode::Io, QStringLiteral("The card PDF could not be finished (disk full?)."));
    return {};
}

} // namespace tessera
