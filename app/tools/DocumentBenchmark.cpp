#include "app/tools/DocumentBenchmark.h"

#include "core/document/Pdf417.h"

#include <QElapsedTimer>
#include <algorithm>
#include <vector>

namespace tessera {

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

Result<DocumentBenchmark> DocumentBenchmark::run(const QImage &image, int runs)
{
    const QImage capture =
        image.scaled(4000, 3000, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    auto first = rectifyDocument(capture);
    if (!first)
        return std::unexpected(first.error());
    std::vector<double> rectifyMs;
    QElapsedTimer timer;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        auto doc = rectifyDocument(capture);
        rectifyMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        if (!doc)
            return std::unexpected(doc.error());
    }
    std::vector<double> decodeMs;
    bool decoded = false;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        auto bytes = decodePdf417(first->image);
        decodeMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        decoded = bytes.has_value();
        if (bytes)
            bytes->fill('\0');
    }
    DocumentBenchmark b;
    b.runs = runs;
    b.size = first->size;
    b.rectified = first->image.size();
    b.rectifyMedianMs = median(rectifyMs);
    b.decoded = decoded;
    b.decodeMedianMs = median(decodeMs);
    return b;
}

} // namespace tessera
