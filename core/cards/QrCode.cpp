#include "core/cards/QrCode.h"

#include <QPainter>

#include <memory>

#include <qrencode.h>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

namespace tessera {

namespace {

struct QrFree {
    void operator()(QRcode *c) const { QRcode_free(c); }
};

constexpr int kQuietZone = 4;

} // namespace

Result<QrCode> QrCode::encode(const QByteArray &text, int maxVersion)
{
    if (text.isEmpty() || text.contains('\0'))
        return fail(ErrorCode::InvalidInput, QStringLiteral("A QR code needs text without NUL bytes."));
    const std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString(text.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The text is too long for any QR code (%1 bytes).").arg(text.size()));
    if (code->version > maxVersion)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("The text needs QR version %1; at most %2 is allowed.").arg(code->version).arg(maxVersion));
    QrCode out;
    out.m_version = code->version;
    out.m_size = code->width;
    out.m_modules.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
    for (int i = 0; i < code->width * code->width; ++i)
        out.m_modules[static_cast<std::size_t>(i)] = (code->data[i] & 1) != 0;
    return out;
}

void QrCode::paint(QPainter &painter, const QRectF &target, const QColor &dark) const
{
    const int total = m_size + 2 * kQuietZone;
    const double side = std::min(target.width(), target.height());
    const double module = side / total;
    const QPointF origin = target.topLeft() + QPointF(kQuietZone * module, kQuietZone * module);
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(target.topLeft(), QSizeF(side, side)));
    painter.setBrush(dark);
    // Runs of dark modules along a row as one rectangle: fewer, larger shapes print cleaner
    // and make PDFs smaller.
    for (int y = 0; y < m_size; ++y) {
        int x = 0;
        while (x < m_size) {
            if (!this->dark(x, y)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < m_size && this->dark(x, y))
                ++x;
            painter.drawRect(
                QRectF(origin.x() + start * module, origin.y() + y * module, (x - start) * module, module));
        }
    }
    painter.restore();
}

QList<QByteArray> readQrCodes(const QImage &image)
{
    QList<QByteArray> out;
    if (image.isNull())
        return out;
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    try {
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        hints.setTryHarder(true);
        hints.setTryRotate(true);
        const ZXing::ImageView view(grey.constBits(), grey.width(), grey.height(), ZXing::ImageFormat::Lum,
                                    static_cast<int>(grey.bytesPerLine()));
        for (const ZXing::Result &r : ZXing::ReadBarcodes(view, hints)) {
            if (!r.isValid())
                continue;
            const auto &bytes = r.bytes();
            out << QByteArray(reinterpret_cast<const char *>(bytes.data()), static_cast<qsizetype>(bytes.size()));
        }
    } catch (...) {
        // A malformed image is "no code found", never a crash.
    }
    return out;
}

} // namespace tessera
