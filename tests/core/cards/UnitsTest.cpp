#include "core/cards/Units.h"

#include <catch2/catch.hpp>

using namespace tessera;

TEST_CASE("millimetres convert to pixels at a resolution and back")
{
    STATIC_REQUIRE(toPixels(25.4_mm, Dpi {300}).value == 300.0);
    CHECK(toPixels(kCr80Width, Dpi {300}).rounded() == 1011);
    CHECK(toPixels(kCr80Height, Dpi {300}).rounded() == 638);
    CHECK(toMillimetres(Pixels {600}, Dpi {600}).value == Approx(25.4));
    CHECK((10_mm + 2.5_mm).value == 12.5);
    CHECK(fromPoints(72).value == Approx(25.4));
    const QRectF r = MmRect {0_mm, 25.4_mm, 50.8_mm, 12.7_mm}.toPixels(Dpi {100});
    CHECK(r == QRectF(0, 100, 200, 50));
}
