#pragma once

#include "core/cards/CardTemplate.h"
#include "core/cards/Units.h"

#include <QByteArray>
#include <QHash>
#include <QImage>
#include <QMap>
#include <QPageSize>
#include <QString>

#include <memory>
#include <optional>

class QIODevice;
class QPainter;
class QPdfWriter;

namespace tessera {

// What one card shows: the values its template's Field and Flag elements name
// (boundFieldNames(), boundFlagNames(): a flag is set when its value is "true"), the holder's
// photo crop if there is one, and the signed token for the QR code.
struct CardData {
    QMap<QString, QString> values;
    // The programme's own words for Field labels, by field ("gender" -> "Sex"): they replace
    // the template's label, so that the card says what the form said.
    QMap<QString, QString> labels;
    std::optional<QImage> photo;
    QByteArray token;
    // A demonstration station's card: SPECIMEN is drawn across the front, over everything
    // the template draws, so that no template can leave it out.
    bool specimen = false;
};

// The one card renderer: draws a side of a card to any QPainter (a QImage for the preview,
// a QPdfWriter, a QPrinter) at the device's resolution, so that the preview, the PDF and the
// printed card are the same drawing. Thread-safe for concurrent draw() calls once made
// (images are loaded in the constructor and only read afterwards).
class CardRenderer {
public:
    explicit CardRenderer(CardTemplate layout);

    const CardTemplate &layout() const { return m_layout; }

    // Draws `side` with the card's top-left trim corner at `origin` (device pixels), one
    // millimetre being dpi/25.4 device pixels. Clips to the trim box.
    void draw(QPainter &painter, CardSide side, const CardData &card, Dpi dpi, QPointF origin = {}) const;
    // The side as an RGB image of the trim size at `dpi`.
    QImage image(CardSide side, const CardData &card, Dpi dpi) const;
    static QSize pixelSize(Dpi dpi);

private:
    // `wrap`: lines may break between words (a badge's words stay on one line and shrink).
    void drawText(QPainter &painter, const QRectF &box, const QString &text, const CardElement &e, double points,
                  Dpi dpi, bool wrap = true) const;
    void drawPhoto(QPainter &painter, const QRectF &box, const std::optional<QImage> &photo, bool ghost) const;
    void drawField(QPainter &painter, const QRectF &box, const CardElement &e, const CardData &card, Dpi dpi) const;
    void drawFlag(QPainter &painter, const QRectF &box, const CardElement &e, Dpi dpi) const;
    void drawSpecimen(QPainter &painter, const QSizeF &trim, Dpi dpi) const;

    CardTemplate m_layout;
    QHash<QString, QImage> m_images;
};

// A PDF of cards, one CR80 page per side (front, then back), written as cards are added so
// that a batch of any size needs the memory of one card. `dpi` is the PDF's resolution.
class CardPdfWriter {
public:
    CardPdfWriter(QIODevice *device, const QString &title, Dpi dpi = Dpi {600});
    ~CardPdfWriter();
    CardPdfWriter(const CardPdfWriter &) = delete;
    CardPdfWriter &operator=(const CardPdfWriter &) = delete;

    Result<void> add(const CardRenderer &renderer, const CardData &card);
    Result<void> finish();

private:
    std::unique_ptr<QPdfWriter> m_writer;
    std::unique_ptr<QPainter> m_painter;
    Dpi m_dpi;
    int m_pages = 0;
};

// The CR80 page, landscape, for PDF writers and printers.
QPageSize cr80PageSize();

} // namespace tessera
