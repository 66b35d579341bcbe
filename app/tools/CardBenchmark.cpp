#include "app/tools/CardBenchmark.h"

#include "core/cards/CardRenderer.h"
#include "core/cards/CardTemplate.h"
#include "core/cards/CardToken.h"
#include "core/cards/IssuerKey.h"
#include "core/crypto/Signing.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <vector>

namespace tessera {

namespace {

// Resident set size now and at its peak, in KiB, from /proc/self/status.
std::pair<qint64, qint64> memoryKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    qint64 rss = 0;
    qint64 peak = 0;
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                rss = line.mid(6).trimmed().split(' ').value(0).toLongLong();
            else if (line.startsWith("VmHWM:"))
                peak = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    return {rss, peak};
}

} // namespace

Result<CardBenchmark> CardBenchmark::run(int count)
{
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    if (!layout)
        return std::unexpected(layout.error());
    const CardRenderer renderer(std::move(*layout));
    // A made-up holder and a throw-away key: the benchmark touches no station.
    crypto::SigningKeyPair pair = crypto::generateSigningKeyPair();
    const auto cardFor = [&](int i) -> Result<CardData> {
        CardToken token;
        token.keyId = issuerKeyId(pair.publicKey);
        token.cardNumber = QStringLiteral("BEN-%1-X").arg(i, 6, 10, QLatin1Char('0'));
        token.issuedOn = QDate(2026, 11, 23);
        token.expiresOn = QDate(2031, 11, 23);
        token.programmeId = QStringLiteral("points-based");
        auto text = token.signedText(pair.secretKey);
        if (!text)
            return std::unexpected(text.error());
        CardData d;
        d.token = *text;
        d.values = {{QStringLiteral("card_number"), token.cardNumber},
                    {QStringLiteral("family_name"), QStringLiteral("Benchmark")},
                    {QStringLiteral("given_names"), QStringLiteral("Maria Example")},
                    {QStringLiteral("birth_date"), QStringLiteral("01 JAN 1980")},
                    {QStringLiteral("gender"), QStringLiteral("F")},
                    {QStringLiteral("issued_on"), QStringLiteral("23 NOV 2026")},
                    {QStringLiteral("expires_on"), QStringLiteral("23 NOV 2031")},
                    {QStringLiteral("address"), QStringLiteral("1 Example Street\n10001 Tessera")},
                    {QStringLiteral("card_name"), QStringLiteral("Benchmark ID")}};
        QImage photo(413, 531, QImage::Format_RGB32);
        photo.fill(QColor(0x9a, 0x8c, 0x7e));
        d.photo = photo;
        return d;
    };

    const Dpi dpi {300};
    std::vector<double> times;
    const int renders = std::min(count, 200);
    for (int i = 0; i < renders + 5; ++i) {
        auto card = cardFor(i);
        if (!card)
            return std::unexpected(card.error());
        QElapsedTimer t;
        t.start();
        const QImage front = renderer.image(CardSide::Front, *card, dpi);
        const QImage back = renderer.image(CardSide::Back, *card, dpi);
        const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
        if (i >= 5) // the first few warm the font and image caches
            times.push_back(ms);
        if (front.isNull() || back.isNull())
            return fail(ErrorCode::Internal, QStringLiteral("rendering failed"));
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    const double p95 = times[std::min(times.size() - 1, times.size() * 95 / 100)];

    QTemporaryDir dir;
    QFile pdf(dir.path() + QStringLiteral("/bench.pdf"));
    if (!pdf.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, QStringLiteral("no temporary folder for the benchmark PDF"));
    const auto before = memoryKiB();
    qint64 rssMid = 0;
    QElapsedTimer batch;
    batch.start();
    {
        CardPdfWriter writer(&pdf, QStringLiteral("benchmark"), Dpi {300});
        for (int i = 0; i < count; ++i) {
            auto card = cardFor(i);
            if (!card)
                return std::unexpected(card.error());
            if (auto r = writer.add(renderer, *card); !r)
                return std::unexpected(r.error());
            if (i == count / 2)
                rssMid = memoryKiB().first;
        }
        if (auto r = writer.finish(); !r)
            return std::unexpected(r.error());
    }
    const double batchSeconds = static_cast<double>(batch.nsecsElapsed()) / 1e9;
    pdf.close();
    const auto after = memoryKiB();
    CardBenchmark b;
    b.renders = renders;
    b.renderMedianMs = median;
    b.renderP95Ms = p95;
    b.batchCards = count;
    b.batchSeconds = batchSeconds;
    b.batchPdfBytes = pdf.size();
    b.rssBeforeKiB = before.first;
    b.rssMidKiB = rssMid;
    b.rssAfterKiB = after.first;
    b.peakBeforeKiB = before.second;
    b.peakAfterKiB = after.second;
    return b;
}

} // namespace tessera
