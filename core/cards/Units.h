#pragma once

#include <QRectF>
#include <QSizeF>

#include <cmath>

namespace tessera {

// Physical lengths and resolutions as types, so a card is 85.60_mm x 53.98_mm and nothing
// mixes millimetres with device pixels by accident. 1 inch = 25.4 mm (ISO/IEC 7810 gives
// the CR80 / ID-1 size in millimetres).
struct Millimetres {
    double value = 0;
    constexpr Millimetres operator+(Millimetres o) const { return {value + o.value}; }
    constexpr Millimetres operator-(Millimetres o) const { return {value - o.value}; }
    constexpr Millimetres operator*(double k) const { return {value * k}; }
    constexpr Millimetres operator/(double k) const { return {value / k}; }
    constexpr auto operator<=>(const Millimetres &) const = default;
};

struct Dpi {
    double value = 0; // dots per inch
    constexpr auto operator<=>(const Dpi &) const = default;
};

struct Pixels {
    double value = 0; // device pixels (may be fractional: painters work in floating point)
    int rounded() const { return static_cast<int>(std::lround(value)); }
    constexpr auto operator<=>(const Pixels &) const = default;
};

constexpr Millimetres operator""_mm(long double v)
{
    return {static_cast<double>(v)};
}
constexpr Millimetres operator""_mm(unsigned long long v)
{
    return {static_cast<double>(v)};
}

inline constexpr double kMillimetresPerInch = 25.4;

constexpr Pixels toPixels(Millimetres mm, Dpi dpi)
{
    return {mm.value * dpi.value / kMillimetresPerInch};
}
constexpr Millimetres toMillimetres(Pixels px, Dpi dpi)
{
    return {px.value * kMillimetresPerInch / dpi.value};
}

// A point size (1/72 inch) as millimetres, for fonts given in points in templates.
constexpr Millimetres fromPoints(double points)
{
    return {points * kMillimetresPerInch / 72.0};
}

// A rectangle in millimetres from the card's top-left corner.
struct MmRect {
    Millimetres x, y, width, height;
    QRectF toPixels(Dpi dpi) const
    {
        return {tessera::toPixels(x, dpi).value, tessera::toPixels(y, dpi).value, tessera::toPixels(width, dpi).value,
                tessera::toPixels(height, dpi).value};
    }
};

// ISO/IEC 7810 ID-1, the size of bank and ID cards ("CR80").
inline constexpr Millimetres kCr80Width = 85.60_mm;
inline constexpr Millimetres kCr80Height = 53.98_mm;

} // namespace tessera
