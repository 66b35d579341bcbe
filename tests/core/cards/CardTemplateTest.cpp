#include "core/cards/CardTemplate.h"

#include "tests/support/TestSupport.h"

#include <QFile>

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

QByteArray shipped(const char *name)
{
    QFile f(QStringLiteral(":/tessera/templates/%1.json").arg(QLatin1String(name)));
    REQUIRE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

} // namespace

TEST_CASE("the shipped adult and kids templates load")
{
    for (const char *id : {"adult", "kids"}) {
        auto t = CardTemplate::builtIn(QString::fromLatin1(id));
        TESSERA_REQUIRE_OK(t);
        CHECK(t->id == QLatin1String(id));
        CHECK(t->fontFamily == QLatin1String("DejaVu Sans"));
        CHECK(t->bleed.value == 2.0);
        const auto has = [&](const CardSideLayout &side, CardElement::Kind kind) {
            return std::any_of(side.elements.begin(), side.elements.end(),
                               [&](const CardElement &e) { return e.kind == kind; });
        };
        CHECK(has(t->front, CardElement::Kind::Photo));
        CHECK(has(t->front, CardElement::Kind::GhostPhoto));
        CHECK(has(t->front, CardElement::Kind::Image));
        CHECK(has(t->back, CardElement::Kind::Qr));
    }
    CHECK_FALSE(CardTemplate::builtIn(QStringLiteral("../secret")));
    CHECK_FALSE(CardTemplate::builtIn(QStringLiteral("missing")));
}

TEST_CASE("a template with mistakes is refused whole, naming line and field")
{
    QByteArray json = shipped("adult");
    json.replace("\"field\": \"gender\"", "\"field\": \"shoe_size\"");
    json.replace("\"rect_mm\": [57, 6.8, 26, 26] }", "\"rect_mm\": [57, 6.8, 26, 20] }");
    json.replace("\"colour\": \"accent\" },", "\"colour\": \"pink\" },");
    auto t = CardTemplate::fromJson(json);
    REQUIRE_FALSE(t);
    const QString m = t.error().message;
    INFO(m.toStdString());
    CHECK(
        m.contains(QRegularExpression(QStringLiteral("line \\d+, front\\.elements\\[11\\]\\.field: must be one of"))));
    CHECK(m.contains(
        QRegularExpression(QStringLiteral("line \\d+, back\\.elements\\[7\\]\\.rect_mm: a QR code must be square"))));
    CHECK(m.contains(QStringLiteral("front.elements[2].colour")));

    CHECK_FALSE(CardTemplate::fromJson("{\"format\": \"tessera-card-template\", \"format_version\": 2}"));
    CHECK(CardTemplate::fromJson("{ not json").error().message.startsWith(QStringLiteral("line 1, column")));
    QByteArray outside = shipped("kids");
    outside.replace("\"rect_mm\": [3, 1.5, 9, 9]", "\"rect_mm\": [80, 1.5, 9, 9]");
    CHECK(CardTemplate::fromJson(outside).error().message.contains(
        QStringLiteral("front.elements[3].rect_mm: must be [x, y, width, height]")));
    QByteArray badImage = shipped("kids");
    badImage.replace("logo.png", "nothere.png");
    CHECK(CardTemplate::fromJson(badImage).error().message.contains(QStringLiteral("nothere.png cannot be read")));
}
