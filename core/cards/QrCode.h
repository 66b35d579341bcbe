#pragma once

#include "core/util/Error.h"

#include <QByteArray>
#include <QImage>
#include <QRectF>
#include <QStringList>

#include <vector>

class QPainter;

namespace tessera {

// A QR code (ISO/IEC 18004) at error correction level M, as a matrix of modules. The one
// place libqrencode (encoding) and zxing-cpp (reading) are used; neither header leaves
// QrCode.cpp. Immutable and thread-safe once made.
class QrCode {
public:
    // Encodes `text` in the smallest version that holds it (upper-case letters, digits and
    // " $%*+-./:" go in alphanumeric mode, 5.5 bits a character). Fails when the text needs
    // a version above `maxVersion`.
    static Result<QrCode> encode(const QByteArray &text, int maxVersion = 40);

    int version() const { return m_version; }
    int size() const { return m_size; } // modules per side, without the quiet zone
    bool dark(int x, int y) const
    {
        return m_modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_size) + static_cast<std::size_t>(x)];
    }

    // Draws the code on white, filling the largest square at the top left of `target`; the
    // 4-module quiet zone the standard asks for is inside that square.
    void paint(QPainter &painter, const QRectF &target, const QColor &dark = Qt::black) const;

private:
    int m_version = 0;
    int m_size = 0;
    std::vector<bool> m_modules;
};

// Every QR code zxing-cpp finds in an image (trying harder: rotated, small or printed
// codes), as the raw bytes each holds. Empty when there is none; never throws.
QList<QByteArray> readQrCodes(const QImage &image);

} // namespace tessera
