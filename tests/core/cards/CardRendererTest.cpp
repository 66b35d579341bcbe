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
                {QStringLiteral("address"), QStringLiteral("742 Evergreen Terrace\nNew York, NY 10027")},
                {QStringLiteral("emergency_contact"), QStringLiteral("Ana W. +1 555 0100")},
                {QStringLiteral("veteran"), QStringLiteral("true")},
                {QStringLiteral("organ_donor"), QStringLiteral("true")},
                {QStringLiteral("card_name"), QStringLiteral("City of Tessera ID")}};
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

namespace {

// Pixels of `image` inside `box` (millimetres) that differ from `other` by more than 64.
int differingPixels(const QImage &image, const QImage &other, const MmRect &box)
{
    const QRect r = box.toPixels(kGoldenDpi).toAlignedRect() & image.rect();
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QRgb a = image.pixel(x, y);
            const QRgb b = other.pixel(x, y);
            n += std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))})
                    > 64
                ? 1
                : 0;
        }
    return n;
}

const CardElement &elementFor(const CardTemplate &t, CardElement::Kind kind, const QString &field)
{
    for (const CardElement &e : t.front.elements)
        if (e.kind == kind && e.field == field)
            return e;
    FAIL("the template has no element for " << field.toStdString());
    return t.front.elements.front();
}

} // namespace

TEST_CASE("veteran and organ donor print only when ticked, each in its place on the front", "[cards]")
{
    for (const char *id : {"adult", "kids"}) {
        auto layout = CardTemplate::builtIn(QString::fromLatin1(id));
        TESSERA_REQUIRE_OK(layout);
        const CardRenderer renderer(*layout);
        CardData none = sampleCard(true);
        none.values.remove(QStringLiteral("veteran"));
        none.values.insert(QStringLiteral("organ_donor"), QStringLiteral("false"));
        CardData veteranOnly = none;
        veteranOnly.values.insert(QStringLiteral("veteran"), QStringLiteral("true"));
        const QImage plain = renderer.image(CardSide::Front, none, kGoldenDpi);
        const QImage veteran = renderer.image(CardSide::Front, veteranOnly, kGoldenDpi);
        const QImage both = renderer.image(CardSide::Front, sampleCard(true), kGoldenDpi);
        const MmRect veteranBox = elementFor(*layout, CardElement::Kind::Flag, QStringLiteral("veteran")).rect;
        const MmRect donorBox = elementFor(*layout, CardElement::Kind::Flag, QStringLiteral("organ_donor")).rect;
        INFO(id);
        CHECK(differingPixels(veteran, plain, veteranBox) > 50);
        CHECK(differingPixels(veteran, plain, donorBox) == 0);
        CHECK(differingPixels(both, veteran, donorBox) > 50);
        // Only the flags' places change.
        CHECK(compare(plain, veteran).farPixels < 0.01);
    }
}

TEST_CASE("a specimen says so across the whole front, whatever the template draws", "[cards]")
{
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    TESSERA_REQUIRE_OK(layout);
    CardData specimen = sampleCard(true);
    specimen.specimen = true;
    const CardRenderer renderer(*layout);
    const QImage real = renderer.image(CardSide::Front, sampleCard(true), kGoldenDpi);
    const QImage marked = renderer.image(CardSide::Front, specimen, kGoldenDpi);
    // Across the front: the left third, the middle and the right third all change.
    const double third = kCr80Width.value / 3;
    for (int i = 0; i < 3; ++i)
        CHECK(differingPixels(marked, real, {Millimetres {third * i}, 0_mm, Millimetres {third}, kCr80Height}) > 300);
    // The back is not marked (its QR code must still read).
    CHECK(compare(renderer.image(CardSide::Back, specimen, kGoldenDpi),
                  renderer.image(CardSide::Back, sampleCard(true), kGoldenDpi))
              .farPixels
          == 0);
    // A template cannot leave it out: one that covers the whole front with an opaque
    // rectangle drawn last still shows it.
    CardTemplate covering = *layout;
    CardElement cover;
    cover.kind = CardElement::Kind::Rect;
    cover.rect = {Millimetres {-2}, Millimetres {-2}, kCr80Width + 4_mm, kCr80Height + 4_mm};
    cover.colour = Qt::white;
    covering.front.elements.push_back(cover);
    const CardRenderer coveringRenderer(covering);
    CHECK(compare(coveringRenderer.image(CardSide::Front, specimen, kGoldenDpi),
                  coveringRenderer.image(CardSide::Front, sampleCard(true), kGoldenDpi))
              .farPixels
          > 0.05);
}

TEST_CASE("the programme's word for a field replaces the template's label", "[cards]")
{
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    TESSERA_REQUIRE_OK(layout);
    const CardRenderer renderer(*layout);
    CardData sex = sampleCard(true);
    sex.labels.insert(QStringLiteral("gender"), QStringLiteral("Sex"));
    const MmRect genderBox = elementFor(*layout, CardElement::Kind::Field, QStringLiteral("gender")).rect;
    const QImage gender = renderer.image(CardSide::Front, sampleCard(true), kGoldenDpi);
    const QImage relabelled = renderer.image(CardSide::Front, sex, kGoldenDpi);
    CHECK(differingPixels(relabelled, gender, genderBox) > 5);
    CHECK(compare(relabelled, gender).farPixels < 0.002);
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
