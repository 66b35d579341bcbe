#include "core/document/Pdf417.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <string.h>

#include <exception>
#include <string>

namespace tessera {

Result<QByteArray> decodePdf417(const QImage &image)
{
    if (image.isNull() || image.width() < 16 || image.height() < 16)
        return fail(ErrorCode::InvalidInput, QStringLiteral("The image is empty; capture the back of the card again."));
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    try {
        const ZXing::ImageView view(grey.constBits(), grey.width(), grey.height(), ZXing::ImageFormat::Lum,
                                    static_cast<int>(grey.bytesPerLine()));
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::PDF417).setTryHarder(true).setTryRotate(true).setTryDownscale(true);
        const ZXing::Result result = ZXing::ReadBarcode(view, hints);
        if (!result.isValid())
            return fail(ErrorCode::NotFound,
                        QStringLiteral("No PDF417 barcode could be read. Capture the back of the card, flat "
                                       "and without glare, or enter the details from the card."));
        const ZXing::ByteArray &bytes = result.bytes();
        QByteArray out(reinterpret_cast<const char *>(bytes.data()), static_cast<qsizetype>(bytes.size()));
        // The raw text should not outlive this call in zxing's buffer either.
        explicit_bzero(const_cast<ZXing::ByteArray &>(bytes).data(), bytes.size());
        return out;
    } catch (const std::exception &) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The barcode could not be decoded; capture the back of the card again."));
    }
}

QImage encodePdf417(const QByteArray &bytes, int width, int height)
{
    try {
        ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::PDF417);
        writer.setEncoding(ZXing::CharacterSet::ISO8859_1).setMargin(0).setEccLevel(5);
        const ZXing::BitMatrix matrix =
            writer.encode(std::string(bytes.constData(), static_cast<size_t>(bytes.size())), width, height);
        QImage out(matrix.width(), matrix.height(), QImage::Format_Grayscale8);
        for (int y = 0; y < matrix.height(); ++y) {
            uchar *line = out.scanLine(y);
            for (int x = 0; x < matrix.width(); ++x)
                line[x] = matrix.get(x, y) ? 0 : 255;
        }
        return out;
    } catch (const std::exception &) {
        return {};
    }
}

} // namespace tessera
