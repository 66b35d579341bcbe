#include "core/document/MrzOcr.h"

#include <tesseract/baseapi.h>

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string.h>

namespace tessera {

namespace {

constexpr int kLineHeight = 40; // pixels per MRZ line Tesseract reads best at (about 30 px capitals)

// The band as an 8-bit black-on-white image, lines about kLineHeight high, with a white margin.
QImage prepared(const QImage &band, int lines)
{
    QImage grey = band.convertToFormat(QImage::Format_Grayscale8);
    // The band holds the lines and some space: about 3.5 line heights per line.
    const int lowest = lines * kLineHeight * 3;
    const int highest = lines * kLineHeight * 6;
    if (grey.height() < lowest)
        grey = grey.scaledToHeight(lowest, Qt::SmoothTransformation);
    else if (grey.height() > highest)
        grey = grey.scaledToHeight(highest, Qt::SmoothTransformation);
    // Otsu's threshold on the histogram.
    int histogram[256] = {};
    for (int y = 0; y < grey.height(); ++y) {
        const uchar *line = grey.constScanLine(y);
        for (int x = 0; x < grey.width(); ++x)
            ++histogram[line[x]];
    }
    const double total = static_cast<double>(grey.width()) * grey.height();
    double sum = 0;
    for (int i = 0; i < 256; ++i)
        sum += i * static_cast<double>(histogram[i]);
    double sumBack = 0;
    double weightBack = 0;
    double best = -1;
    int threshold = 128;
    for (int t = 0; t < 256; ++t) {
        weightBack += histogram[t];
        if (weightBack == 0)
            continue;
        const double weightFore = total - weightBack;
        if (weightFore == 0)
            break;
        sumBack += t * static_cast<double>(histogram[t]);
        const double meanBack = sumBack / weightBack;
        const double meanFore = (sum - sumBack) / weightFore;
        const double between = weightBack * weightFore * (meanBack - meanFore) * (meanBack - meanFore);
        if (between > best) {
            best = between;
            threshold = t;
        }
    }
    const int margin = 20;
    QImage out(grey.width() + 2 * margin, grey.height() + 2 * margin, QImage::Format_Grayscale8);
    out.fill(255);
    for (int y = 0; y < grey.height(); ++y) {
        const uchar *in = grey.constScanLine(y);
        uchar *o = out.scanLine(y + margin) + margin;
        for (int x = 0; x < grey.width(); ++x)
            o[x] = in[x] > threshold ? 255 : 0;
    }
    return out;
}

// The band in grey with a white margin, unscaled: clean prints read best this way.
QImage asIs(const QImage &band)
{
    const QImage grey = band.convertToFormat(QImage::Format_Grayscale8);
    const int margin = 20;
    QImage out(grey.width() + 2 * margin, grey.height() + 2 * margin, QImage::Format_Grayscale8);
    out.fill(255);
    for (int y = 0; y < grey.height(); ++y)
        std::memcpy(out.scanLine(y + margin) + margin, grey.constScanLine(y), static_cast<size_t>(grey.width()));
    return out;
}

struct TessDeleter {
    void operator()(tesseract::TessBaseAPI *api) const
    {
        api->End();
        delete api;
    }
};

} // namespace

struct MrzOcr::Engine {
    std::unique_ptr<tesseract::TessBaseAPI, TessDeleter> api;
};

MrzOcr::MrzOcr(std::unique_ptr<Engine> engine)
    : m_engine(std::move(engine))
{
}
MrzOcr::MrzOcr(MrzOcr &&) noexcept = default;
MrzOcr &MrzOcr::operator=(MrzOcr &&) noexcept = default;
MrzOcr::~MrzOcr() = default;

Result<MrzOcr> MrzOcr::create()
{
    auto engine = std::make_unique<Engine>();
    engine->api.reset(new tesseract::TessBaseAPI);
    // No dictionaries: the zone is not words. Tesseract's own messages go nowhere.
    std::vector<std::string> names = {"load_system_dawg", "load_freq_dawg", "debug_file"};
    std::vector<std::string> values = {"0", "0", "/dev/null"};
    if (engine->api->Init(nullptr, "eng", tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false) != 0)
        return fail(
            ErrorCode::NotFound,
            QStringLiteral("Tesseract's English data is not installed (tesseract-ocr-eng); type the zone's lines."));
    engine->api->SetVariable("tessedit_char_whitelist", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");
    engine->api->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
    return MrzOcr(std::move(engine));
}

Result<QString> MrzOcr::read(const QImage &band, int preparation)
{
    if (band.isNull() || band.width() < 32 || band.height() < 16)
        return fail(ErrorCode::InvalidInput, QStringLiteral("There is no zone to read in the image."));
    const QImage image = preparation == 0 ? asIs(band) : prepared(band, preparation == 1 ? 2 : 3);
    tesseract::TessBaseAPI &api = *m_engine->api;
    api.SetImage(image.constBits(), image.width(), image.height(), 1, static_cast<int>(image.bytesPerLine()));
    const std::unique_ptr<char[]> text(api.GetUTF8Text());
    api.Clear();
    QStringList kept;
    if (text) {
        for (QString line : QString::fromUtf8(text.get()).split(QLatin1Char('\n'))) {
            line.remove(QRegularExpression(QStringLiteral("[^A-Z0-9<]")));
            if (line.size() >= 20)
                kept << line;
        }
        explicit_bzero(text.get(), std::strlen(text.get()));
    }
    if (kept.size() > 3)
        kept = kept.mid(kept.size() - 3);
    if (kept.size() < 2)
        return fail(ErrorCode::NotFound, QStringLiteral("No machine readable zone could be read; type its lines."));
    return kept.join(QLatin1Char('\n'));
}

} // namespace tessera
