#include "app/tools/SampleDocuments.h"

#include "core/document/MrzParser.h"
#include "core/document/Pdf417.h"

#include <QFont>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>
#include <QTransform>

#include <cmath>
#include <random>

namespace tessera::sample {

namespace {

QString withCheck(const QString &field)
{
    return field + QString::number(mrzCheckDigit(field));
}

QFont font(const QString &family, int pixelSize, bool bold = false)
{
    QFont f(family);
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    f.setStyleHint(family.contains(QLatin1String("Mono")) ? QFont::Monospace : QFont::SansSerif);
    return f;
}

// Draws the zone's lines at the pitch ICAO 9303 part 3 prints them, 10 characters an inch
// (30 px at 300 dpi), their baselines `lineGap` apart with the last at `lastBase`.
void drawZone(QPainter &p, const QStringList &lines, ZoneTypeface typeface, double left, double lastBase,
              double lineGap)
{
    QFont f = font(QStringLiteral("DejaVu Sans Mono"), 40);
    if (typeface == ZoneTypeface::OcrB) {
        QFont ocrb = font(QStringLiteral("OCR B"), 40);
        ocrb.setStyleStrategy(QFont::NoFontMerging);
        if (QFontInfo(ocrb).family().contains(QLatin1String("OCR")))
            f = ocrb;
    }
    constexpr double kPitch = 30.0;
    const double advance = QFontMetricsF(f).horizontalAdvance(QLatin1Char('<'));
    f.setPixelSize(static_cast<int>(std::lround(40.0 * kPitch / advance)));
    p.setFont(f);
    p.setPen(QColor(20, 20, 20));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const double base = lastBase - lineGap * static_cast<double>(lines.size() - 1 - i);
        for (qsizetype j = 0; j < lines[i].size(); ++j)
            p.drawText(QPointF(left + kPitch * static_cast<double>(j), base), QString(lines[i][j]));
    }
}

} // namespace

QByteArray licenceAamvaText()
{
    const QByteArray elements = QByteArray("DL") + "DAQ" + kLicenceNumber
        + "\nDCSHALLORAN\nDDEN\nDACMAREN\nDDFN\nDADELISE\nDDGN\nDCAD\nDCBNONE\nDCDNONE\nDBD03102023\nDBB03141988\n"
          "DBA03142031\nDBC2\nDAU066 IN\nDAYGRN\nDAG100 SPECIMEN WAY\nDAIRICHMOND\nDAJVA\nDAK232190000  \n"
          "DCFSPECIMEN0000001\nDCGUSA\nDDAF\nDDB12102016\nDDD0\r";
    const QByteArray header = QByteArray("@\n\x1e\rANSI 636000100001");
    const qsizetype offset = header.size() + 10;
    return header + "DL" + QByteArray::number(offset).rightJustified(4, '0')
        + QByteArray::number(elements.size()).rightJustified(4, '0') + elements;
}

QImage licenceBack()
{
    QImage card(1012, 638, QImage::Format_RGB888);
    card.fill(QColor(226, 234, 244));
    QPainter p(&card);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QColor(40, 60, 110));
    p.setFont(font(QStringLiteral("DejaVu Sans"), 30, true));
    p.drawText(QRect(40, 24, 932, 44), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("SPECIMEN - NOT A REAL LICENCE"));
    p.setFont(font(QStringLiteral("DejaVu Sans"), 20));
    p.drawText(QRect(40, 70, 932, 30), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("Fictional data for trying Tessera's document reader"));
    const QImage symbol = encodePdf417(licenceAamvaText(), 900, 360);
    if (!symbol.isNull()) {
        const QRect area(56, 130, 900, 380);
        QSize fit = symbol.size().scaled(area.size(), Qt::KeepAspectRatio);
        // Whole pixels per module, so the symbol stays crisp.
        const int factor = std::max(1, fit.width() / symbol.width());
        fit = symbol.size() * factor;
        const QRect target(area.x() + (area.width() - fit.width()) / 2, area.y() + (area.height() - fit.height()) / 2,
                           fit.width(), fit.height());
        // Printed white is paper white, not the camera's clipped white (glare).
        const QColor paper(246, 246, 242);
        QImage scaled =
            symbol.scaled(fit, Qt::IgnoreAspectRatio, Qt::FastTransformation).convertToFormat(QImage::Format_RGB888);
        for (int y = 0; y < scaled.height(); ++y) {
            uchar *line = scaled.scanLine(y);
            for (int x = 0; x < scaled.width() * 3; x += 3)
                if (line[x] > 128) {
                    line[x] = 246;
                    line[x + 1] = 246;
                    line[x + 2] = 242;
                }
        }
        p.fillRect(target.adjusted(-16, -16, 16, 16), paper);
        p.drawImage(target, scaled);
    }
    p.setFont(font(QStringLiteral("DejaVu Sans"), 18));
    p.drawText(QRect(40, 560, 932, 40), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("SPECIMEN  SPECIMEN  SPECIMEN"));
    return card;
}

QString passportMrz()
{
    QString line1 = QStringLiteral("P<UTOQUINTERO<<ROSALIND<JUNE");
    line1 += QString(44 - line1.size(), QLatin1Char('<'));
    const QString number = withCheck(QString::fromLatin1(kPassportNumber));
    const QString birth = withCheck(QStringLiteral("900521"));
    const QString expiry = withCheck(QStringLiteral("330917"));
    const QString personal = QStringLiteral("<<<<<<<<<<<<<<<");
    const QString composite = number + birth + expiry + personal;
    const QString line2 = number + QStringLiteral("UTO") + birth + QStringLiteral("F") + expiry + personal
        + QString::number(mrzCheckDigit(composite));
    return line1 + QLatin1Char('\n') + line2;
}

QImage passportPage(ZoneTypeface typeface)
{
    QImage page(1476, 1039, QImage::Format_RGB888);
    page.fill(QColor(242, 238, 224));
    QPainter p(&page);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setPen(QColor(90, 60, 40));
    p.setFont(font(QStringLiteral("DejaVu Sans"), 34, true));
    p.drawText(QRect(60, 30, 1356, 50), Qt::AlignLeft, QStringLiteral("UTOPIA  PASSPORT  -  SPECIMEN"));
    p.fillRect(QRect(70, 120, 320, 410), QColor(200, 196, 188));
    p.setFont(font(QStringLiteral("DejaVu Sans"), 24));
    const char *labels[][2] = {{"Surname", "QUINTERO"},
                               {"Given names", "ROSALIND JUNE"},
                               {"Nationality", "UTOPIAN"},
                               {"Date of birth", "21 MAY 1990"},
                               {"Date of expiry", "17 SEP 2033"}};
    int y = 130;
    for (const auto &pair : labels) {
        p.setPen(QColor(120, 100, 80));
        p.setFont(font(QStringLiteral("DejaVu Sans"), 18));
        p.drawText(QPoint(440, y), QString::fromLatin1(pair[0]));
        p.setPen(QColor(30, 30, 30));
        p.setFont(font(QStringLiteral("DejaVu Sans"), 28, true));
        p.drawText(QPoint(440, y + 36), QString::fromLatin1(pair[1]));
        y += 84;
    }
    // TD3: two lines of 44 characters, 4.23 mm (50 px) apart (ICAO 9303 part 4).
    drawZone(p, passportMrz().split(QLatin1Char('\n')), typeface, 60, 1039 - 50, 60);
    return page;
}

QString idCardMrz()
{
    QString line1 = QStringLiteral("I<UTO") + withCheck(QString::fromLatin1(kIdCardNumber));
    line1 += QString(30 - line1.size(), QLatin1Char('<'));
    QString line2 = withCheck(QStringLiteral("900521")) + QStringLiteral("F") + withCheck(QStringLiteral("310211"))
        + QStringLiteral("UTO");
    line2 += QString(29 - line2.size(), QLatin1Char('<'));
    const QString composite = line1.mid(5) + line2.left(7) + line2.mid(8, 7) + line2.mid(18, 11);
    line2 += QString::number(mrzCheckDigit(composite));
    QString line3 = QStringLiteral("QUINTERO<<ROSALIND<JUNE");
    line3 += QString(30 - line3.size(), QLatin1Char('<'));
    return line1 + QLatin1Char('\n') + line2 + QLatin1Char('\n') + line3;
}

QImage idCardBack(ZoneTypeface typeface)
{
    QImage card(1012, 638, QImage::Format_RGB888);
    card.fill(QColor(232, 238, 226));
    QPainter p(&card);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setPen(QColor(50, 80, 50));
    p.setFont(font(QStringLiteral("DejaVu Sans"), 28, true));
    p.drawText(QRect(40, 24, 932, 44), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("UTOPIA IDENTITY CARD - SPECIMEN"));
    p.setFont(font(QStringLiteral("DejaVu Sans"), 20));
    p.drawText(QRect(40, 76, 932, 30), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("Fictional data for trying Tessera's document reader"));
    // TD1: three lines of 30 characters across the card's width (ICAO 9303 part 5).
    drawZone(p, idCardMrz().split(QLatin1Char('\n')), typeface, 56, 638 - 50, 64);
    return card;
}

QImage zonePage(const QStringList &lines, ZoneTypeface typeface)
{
    const bool card = lines.size() == 3;
    QImage page(card ? 1012 : 1476, card ? 638 : 1039, QImage::Format_RGB888);
    page.fill(QColor(244, 242, 236));
    QPainter p(&page);
    p.setRenderHint(QPainter::TextAntialiasing);
    if (card)
        drawZone(p, lines, typeface, 56, 638 - 50, 64);
    else
        drawZone(p, lines, typeface, 60, 1039 - 50, 60);
    return page;
}

QImage desk(int width, int height, quint32 seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> shade(-14, 14);
    QImage image(width, height, QImage::Format_RGB888);
    image.fill(QColor(92, 70, 52));
    QPainter p(&image);
    for (int y = 0; y < height; y += 6) {
        const int s = shade(rng);
        p.fillRect(QRect(0, y, width, 6), QColor(92 + s, 70 + s, 52 + s / 2));
    }
    return image;
}

QImage inPhoto(const QImage &document, const QImage &background, int width, int height, quint32 seed, double blur)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> jitter(-0.035, 0.035);
    QImage frame(width, height, QImage::Format_RGB888);
    QPainter p(&frame);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(frame.rect(),
                background.isNull() ? QImage()
                                    : background.scaled(frame.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    if (background.isNull())
        p.fillRect(frame.rect(), QColor(60, 60, 70));
    // A pinhole camera (focal length 1.2 frame widths) looking down at the document lying
    // tilted away by 20-30 degrees, turned a few degrees, filling about 60% of the width.
    const double f = 1.2 * width;
    const double docW = document.width();
    const double docH = document.height();
    const double distance = f * docW / (0.6 * width);
    const double tilt = (25.0 + jitter(rng) / 0.035 * 5.0) * M_PI / 180.0;
    const double yaw = (jitter(rng) / 0.035 * 6.0) * M_PI / 180.0;
    const double roll = (jitter(rng) / 0.035 * 4.0) * M_PI / 180.0;
    const QPointF shift(jitter(rng) * width, jitter(rng) * height);
    auto corner = [&](double x, double y) {
        // roll (about z), then tilt (about x), then yaw (about y)
        const double x1 = x * std::cos(roll) - y * std::sin(roll);
        const double y1 = x * std::sin(roll) + y * std::cos(roll);
        const double y2 = y1 * std::cos(tilt);
        const double z2 = y1 * std::sin(tilt);
        const double x3 = x1 * std::cos(yaw) + z2 * std::sin(yaw);
        const double z3 = -x1 * std::sin(yaw) + z2 * std::cos(yaw) + distance;
        return QPointF(width / 2.0 + f * x3 / z3, height / 2.0 + f * y2 / z3) + shift;
    };
    const QPolygonF quad {corner(-docW / 2, -docH / 2), corner(docW / 2, -docH / 2), corner(docW / 2, docH / 2),
                          corner(-docW / 2, docH / 2)};
    QTransform t;
    const QPolygonF source {QPointF(0, 0), QPointF(document.width(), 0), QPointF(document.width(), document.height()),
                            QPointF(0, document.height())};
    if (QTransform::quadToQuad(source, quad, t)) {
        p.setTransform(t);
        p.drawImage(QPointF(0, 0), document);
    }
    p.end();
    if (blur > 0.0) {
        const QSize full = frame.size();
        frame = frame.scaled(full / (1.0 + blur), Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                    .scaled(full, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    std::normal_distribution<double> noise(0.0, 6.0);
    for (int yy = 0; yy < frame.height(); ++yy) {
        uchar *line = frame.scanLine(yy);
        for (int x = 0; x < frame.width() * 3; ++x)
            line[x] = static_cast<uchar>(std::clamp(line[x] + noise(rng), 0.0, 255.0));
    }
    return frame;
}

} // namespace tessera::sample
