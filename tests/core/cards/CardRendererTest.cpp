#include "core/cards/CardRenderer.h"
#include "core/cards/QrCode.h"

#include "tests/support/TestSupport.h"

#include <QBuffer>
#include <QDir>
#include <QFontDatabase>
#include <QPainter>

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

// Golden images are rendered at this resolution: fine enough to see a layout change, small
// enough to keep in the repository.
constexpr Dpi kGoldenDpi {150};

CardData sampleCard(bool withPhoto)
{
    CardData d;
    d.values = {{QStringLiteral("card_number"), QStringLiteral("MS1-000042-K")},
                {QStringLiteral("family_name"), QStringLiteral("Wąsowska")},
                {QStringLiteral("given_names"), QStringLiteral("Zofia Maria")},
                {QStringLiteral("birth_date"), QStringLiteral("12 APR 1988")},
                {QStringLiteral("gender"), QStringLiteral("X")},
                {QStringLiteral("issued_on"), QStringLiteral("23 NOV 2026")},
                {QStringLiteral("expires_on"), QStringLiteral("23 NOV 2031")},
                {QStringLiteral("address"), QStringLiteral("742 Evergreen Terrace\n10027 New York")},
                {QStringLiteral("emergency_contact"), QStringLiteral("Ana W. +1 555 0100")},
                {QStringLiteral("programme_name"), QStringLiteral("Points-based municipal ID")}};
    // A fixed token text (the renderer draws whatever it is given; signing is tested elsewhere).
    d.token = QByteArrayLiteral("AEJDIVPHBVGVGMJNGAYDAMBUGIWUWAEUOI3CE4AAAAMHA33JNZ2HGLLCMFZWKZAAAAAAAAAAAAAAAAAAAAAAAA"
                                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    if (withPhoto) {
        QImage photo(350, 450, QImage::Format_RGB32);
        photo.fill(QColor(0xc9, 0xd6, 0xe3));
        QPainter p(&photo);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x8d, 0x5a, 0x3b));
        p.drawEllipse(QRectF(105, 90, 140, 180));
        p.setBrush(QColor(0x33, 0x44, 0x66));
        p.drawRect(QRectF(60, 300, 230, 150));
        d.photo = photo;
    }
    return d;
}

struct Difference {
    double meanAbsolute = 0; // per channel, 0..255
    double farPixels = 0;    // share of pixels off by more than 64 in any channel
};

Difference compare(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    Difference d;
    if (x.size() != y.size()) {
        d.meanAbsolute = 255;
        d.farPixels = 1;
        return d;
    }
    double sum = 0;
    qint64 far = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto *p = reinterpret_cast<const QRgb *>(x.constScanLine(row));
        const auto *q = reinterpret_cast<const QRgb *>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col) {
            const int dr = std::abs(qRed(p[col]) - qRed(q[col]));
            const int dg = std::abs(qGreen(p[col]) - qGreen(q[col]));
            const int db = std::abs(qBlue(p[col]) - qBlue(q[col]));
            sum += dr + dg + db;
            far += std::max({dr, dg, db}) > 64 ? 1 : 0;
        }
    }
    const double pixels = static_cast<double>(x.width()) * x.height();
    d.meanAbsolute = sum / (pixels * 3);
    d.farPixels = static_cast<double>(far) / pixels;
    return d;
}

QString goldenPath(const QString &name)
{
    return QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/cards/") + name + QStringLiteral(".png");
}

} // namespace

TEST_CASE("card sides match the golden images within a tolerance", "[cards][golden]")
{
    REQUIRE(QFontDatabase::families().contains(QStringLiteral("DejaVu Sans")));
    const bool update = qEnvironmentVariableIsSet("TESSERA_UPDATE_GOLDEN");
    for (const char *id : {"adult", "kids"}) {
        auto layout = CardTemplate::builtIn(QString::fromLatin1(id));
        TESSERA_REQUIRE_OK(layout);
        const CardRenderer renderer(*layout);
        for (const auto &[side, sideName] :
             {std::pair {CardSide::Front, "front"}, std::pair {CardSide::Back, "back"}}) {
            const QString name = QStringLiteral("%1-%2").arg(QLatin1String(id), QLatin1String(sideName));
            const QImage image = renderer.image(side, sampleCard(true), kGoldenDpi);
            CHECK(image.size() == QSize(506, 319));
            if (update) {
                REQUIRE(image.save(goldenPath(name)));
                continue;
            }
            const QImage golden(goldenPath(name));
            INFO(
                name.toStdString() << " (TESSERA_UPDATE_GOLDEN=1 rewrites the golden images after an intended change)");
            REQUIRE_FALSE(golden.isNull());
            const Difference d = compare(image, golden);
            CHECK(d.meanAbsolute < 1.5);
            CHECK(d.farPixels < 0.003);
        }
    }
}

TEST_CASE("the comparison catches a changed layout", "[cards][golden]")
{
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    TESSERA_REQUIRE_OK(layout);
    CardTemplate moved = *layout;
    for (CardElement &e : moved.front.elements)
        if (e.kind == CardElement::Kind::Photo)
            e.rect.x = e.rect.x + 3_mm;
    const QImage a = CardRenderer(*layout).image(CardSide::Front, sampleCard(true), kGoldenDpi);
    const QImage b = CardRenderer(moved).image(CardSide::Front, sampleCard(true), kGoldenDpi);
    const Difference d = compare(a, b);
    CHECK((d.meanAbsolute >= 1.5 || d.farPixels >= 0.003));
    // A missing photo is drawn as a silhouette, not left blank.
    const QImage placeholder = CardRenderer(*layout).image(CardSide::Front, sampleCard(false), kGoldenDpi);
    CHECK(compare(a, placeholder).farPixels > 0.01);
}

TEST_CASE("the QR code on a rendered back reads back from a 300 dpi image", "[cards]")
{
    auto layout = CardTemplate::builtIn(QStringLiteral("kids"));
    TESSERA_REQUIRE_OK(layout);
    const CardData card = sampleCard(false);
    const QImage back = CardRenderer(*layout).image(CardSide::Back, card, Dpi {300});
    CHECK(back.size() == QSize(1011, 638));
    const auto codes = readQrCodes(back);
    REQUIRE(codes.size() == 1);
    CHECK(codes.first() == card.token);
}

TEST_CASE("the PDF has one CR80 landscape page per side", "[cards]")
{
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    TESSERA_REQUIRE_OK(layout);
    const CardRenderer renderer(*layout);
    QByteArray pdf;
    QBuffer buffer(&pdf);
    REQUIRE(buffer.open(QIODevice::WriteOnly));
    {
        CardPdfWriter writer(&buffer, QStringLiteral("test"), Dpi {300});
        CHECK_FALSE(CardPdfWriter(&buffer, QStringLiteral("empty")).finish());
        TESSERA_REQUIRE_OK(writer.add(renderer, sampleCard(true)));
        TESSERA_REQUIRE_OK(writer.add(renderer, sampleCard(false)));
        TESSERA_REQUIRE_OK(writer.finish());
    }
    CHECK(pdf.startsWith("%PDF"));
    // Two cards, front and back: four pages of 85.6 x 53.98 mm (Qt rounds to whole points).
    CHECK(pdf.count("/MediaBox [0 0 243.000000 153.000000]") == 4);
}
