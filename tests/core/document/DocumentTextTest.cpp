#include "core/document/DocumentText.h"
#include "app/tools/SampleDocuments.h"
#include "core/document/AamvaParser.h"
#include "core/util/Clock.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace tessera;

namespace {

const ManualClock &clock2026()
{
    static const ManualClock clock(QDateTime(QDate(2026, 12, 7), QTime(9, 0), Qt::UTC));
    return clock;
}

QByteArray normalized(const QByteArray &text)
{
    return normalizeAamvaText(QByteArray(text));
}

} // namespace

TEST_CASE("a wedge-mangled barcode text is brought back to the bytes its directory describes", "[document]")
{
    const QByteArray clean = sample::licenceAamvaText();
    const QByteArray body = clean.mid(4);
    CHECK(normalized(clean) == clean);
    CHECK(normalized("@\n\x1e\n" + body) == clean);
    CHECK(normalized("@\n6M" + body) == clean);
    CHECK(normalized("@a\n" + body) == clean);
    CHECK(normalized("@" + body) == clean);
    CHECK(normalized(" \t@\n\n" + body.chopped(1) + "\n") == clean);
    QByteArray crlf = body;
    crlf.replace('\n', "\r\n");
    CHECK(normalized("@\n\x1e\r" + crlf) == clean);
    // ISO 8859-1 text (a name with an accent) survives, whether it came as UTF-8 or not.
    QByteArray accented = clean;
    accented.replace("HALLORAN", "HALLOR\xc1N");
    CHECK(normalized(accented) == accented);
    QByteArray asUtf8 = clean;
    asUtf8.replace("HALLORAN", "HALLOR\xc3\x81N");
    CHECK(normalized(asUtf8) == accented);
    // Not a barcode: returned as it is (less leading blanks).
    CHECK(normalized("  P<UTO") == QByteArray("P<UTO"));
    CHECK(normalized(QByteArray()).isEmpty());
}

TEST_CASE("the peers' barcode texts as their scanners captured them read like the repaired ones", "[document][peers]")
{
    // IdParser's licences were captured with keyboard-wedge scanners; the peer vectors keep
    // each text as published (verbatim_raw) beside the repaired one (raw). Read from the shared
    // folder at test time, never copied; no text is ever printed, only the vector's id.
    QFile file(QStringLiteral(TESSERA_SOURCE_DIR "/../shared/peers/vectors.jsonl"));
    if (!file.open(QIODevice::ReadOnly)) {
        WARN("../shared/peers/vectors.jsonl is not there; nothing to compare");
        return;
    }
    int compared = 0;
    while (!file.atEnd()) {
        const QJsonObject v = QJsonDocument::fromJson(file.readLine()).object();
        if (v.value(QStringLiteral("kind")).toString() != QLatin1String("aamva")
            || !v.contains(QStringLiteral("verbatim_raw")))
            continue;
        const QString id = v.value(QStringLiteral("id")).toString();
        // Scanner noise above U+00FF has no ISO 8859-1 form; those texts are not keyboard text.
        const QString verbatim = v.value(QStringLiteral("verbatim_raw")).toString();
        INFO(id.toStdString());
        auto repaired = parseAamva(v.value(QStringLiteral("raw")).toString().toLatin1(), clock2026());
        auto typed = readDocumentText(verbatim.toUtf8(), clock2026());
        REQUIRE(repaired.has_value() == typed.has_value());
        ++compared;
        if (!repaired)
            continue;
        REQUIRE(typed->licence);
        const AamvaReading &a = *repaired;
        const AamvaReading &b = *typed->licence;
        CHECK(a.version == b.version);
        CHECK(a.jurisdiction == b.jurisdiction);
        CHECK(a.country == b.country);
        CHECK(a.documentType == b.documentType);
        CHECK((a.familyName == b.familyName && a.givenNames == b.givenNames));
        CHECK(a.birthDate == b.birthDate);
        CHECK(a.expiry == b.expiry);
        CHECK(a.namesUncertain == b.namesUncertain);
    }
    CHECK(compared > 50);
}
