#include "app/cli/Cli.h"
#include "tests/support/ApprovedCardStation.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include "core/cards/Cards.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/review/Review.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPdfWriter>
#include <QTextStream>

using namespace tessera;
using namespace tessera::test;

namespace {

// A station with one approved enrollment, and tessera-cli run in-process against it.
struct Office : ApprovedCardStation {
    using Out = CliResult;
    QString file(const char *name) const { return t.dir.filePath(QString::fromLatin1(name)); }
};

} // namespace

TEST_CASE("tessera-cli renders a card, exports the key, and verifies the QR code from an image", "[cli][cards]")
{
    Office o;
    auto listed = o.run({QStringLiteral("card"), QStringLiteral("list")});
    REQUIRE(listed.code == cli::Ok);
    CHECK(listed.out.contains(o.number + QStringLiteral("\tapproved\tadult\t2031-11-23")));

    REQUIRE(
        o.run({QStringLiteral("card"), QStringLiteral("render"), o.number, QStringLiteral("--out"), o.file("card.pdf")})
            .code
        == cli::Ok);
    CHECK(readFile(o.file("card.pdf")).startsWith("%PDF"));
    REQUIRE(o.run({QStringLiteral("card"), QStringLiteral("pubkey"), QStringLiteral("--out"), o.file("key.json")}).code
            == cli::Ok);

    // The back as a verifier would photograph it: the CLI reads the QR code from the image.
    auto cards = Cards(o.t.station->access());
    auto card = cards.card(o.number);
    REQUIRE(card);
    auto data = cards.cardData(*card);
    REQUIRE(data);
    auto renderer = cards.renderer(card->templateId);
    REQUIRE(renderer);
    REQUIRE((*renderer)->image(CardSide::Back, *data, Dpi {300}).save(o.file("back.png")));

    auto verified = o.run({QStringLiteral("card"), QStringLiteral("verify"), o.file("back.png"),
                           QStringLiteral("--pubkey"), o.file("key.json")},
                          false);
    INFO(verified.err.toStdString());
    CHECK(verified.code == cli::Ok);
    CHECK(verified.out.startsWith(QStringLiteral("valid\ncard ") + o.number));
    CHECK_FALSE(verified.out.contains(QStringLiteral("Tester")));

    // The token text works as well; a changed one does not; the front has no code.
    auto asText = o.run({QStringLiteral("card"), QStringLiteral("verify"), QString::fromLatin1(data->token),
                         QStringLiteral("--pubkey"), o.file("key.json"), QStringLiteral("--json")},
                        false);
    CHECK(QJsonDocument::fromJson(asText.out.toUtf8()).object().value(QStringLiteral("valid")).toBool());
    QByteArray altered = data->token;
    altered[20] = altered[20] == 'A' ? 'B' : 'A';
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("verify"), QString::fromLatin1(altered),
                 QStringLiteral("--pubkey"), o.file("key.json")},
                false)
              .code
          == cli::CheckFailed);
    REQUIRE((*renderer)->image(CardSide::Front, *data, Dpi {300}).save(o.file("front.png")));
    auto front = o.run({QStringLiteral("card"), QStringLiteral("verify"), o.file("front.png"),
                        QStringLiteral("--pubkey"), o.file("key.json")},
                       false);
    CHECK(front.code == cli::CheckFailed);
    CHECK(front.out.contains(QStringLiteral("no QR code found")));

    // The print log, as card show gives it.
    auto attempt = cards.beginPrint(o.number, QStringLiteral("CardPrinter-1"));
    REQUIRE(attempt);
    REQUIRE(cards.finishPrint(*attempt, true));
    auto shown = o.run({QStringLiteral("card"), QStringLiteral("show"), o.number});
    CHECK(shown.code == cli::Ok);
    CHECK(shown.out.contains(o.number + QStringLiteral("\tprinted\tadult")));
    CHECK(shown.out.contains(QStringLiteral("attempt 1\t2026-11-23T15:00:00Z\tCardPrinter-1\toperator 1\tconfirmed")));

    // A revoked card fails against the signed revocation list.
    auto sam = o.run({QStringLiteral("card"), QStringLiteral("revoke"), o.number, QStringLiteral("--reason"),
                      QStringLiteral("fraud")});
    CHECK(sam.code == cli::Ok);
    REQUIRE(
        o.run({QStringLiteral("card"), QStringLiteral("revocations"), QStringLiteral("--out"), o.file("revoked.json")})
            .code
        == cli::Ok);
    auto revoked =
        o.run({QStringLiteral("card"), QStringLiteral("verify"), o.file("back.png"), QStringLiteral("--pubkey"),
               o.file("key.json"), QStringLiteral("--revocations"), o.file("revoked.json")},
              false);
    CHECK(revoked.code == cli::CheckFailed);
    CHECK(revoked.out.contains(QStringLiteral("revoked")));
}

TEST_CASE("tessera-cli card verbs refuse bad usage with the usage exit code", "[cli][cards]")
{
    Office o;
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("verify"), QStringLiteral("TEXT")}, false).code == cli::Usage);
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("render"), o.number}).code == cli::Usage);
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("print"), o.number}).code == cli::Usage);
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("report"), o.number, QStringLiteral("misplaced")}).code
          == cli::Usage);
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("shred"), o.number}).code == cli::Usage);
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("issue"), o.number}).code
          == cli::InvalidInput); // not printed yet
    CHECK(
        o.run({QStringLiteral("bench"), QStringLiteral("cards"), QStringLiteral("--count"), QStringLiteral("0")}, false)
            .code
        == cli::Usage);
    const QString notKey = o.file("notkey.json");
    QFile f(notKey);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"something\"}");
    f.close();
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("verify"), QStringLiteral("AAAA"), QStringLiteral("--pubkey"),
                 notKey},
                false)
              .code
          == cli::InvalidInput);
}

TEST_CASE("A revoke reason in free words is refused and nothing of it reaches the audit log", "[cli][cards][audit]")
{
    Office o;
    // The reviewers' attack: a name, a birth date and an address as the "reason".
    const QString words = QStringLiteral("John Smith 1980-01-01 5 Elm St NY");
    auto refused =
        o.run({QStringLiteral("card"), QStringLiteral("revoke"), o.number, QStringLiteral("--reason"), words});
    CHECK(refused.code == cli::InvalidInput);
    CHECK(refused.err.contains(QStringLiteral("revoke reason codes")));
    CHECK(refused.err.contains(QStringLiteral("issued-in-error")));
    CHECK(
        o.run({QStringLiteral("card"), QStringLiteral("show"), o.number}).out.contains(QStringLiteral("\tapproved\t")));

    // A code is accepted, and the audit entry holds the code.
    REQUIRE(o.run({QStringLiteral("card"), QStringLiteral("revoke"), o.number, QStringLiteral("--reason"),
                   QStringLiteral("issued-in-error")})
                .code
            == cli::Ok);
    const QString audit = o.file("audit.jsonl");
    REQUIRE(o.run({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"), audit}).code == cli::Ok);
    const QByteArray exported = readFile(audit);
    REQUIRE(exported.contains("card.revoked"));
    CHECK(exported.contains("\"reason\":\"issued-in-error\""));
    CHECK_FALSE(exported.contains("John"));
    CHECK_FALSE(exported.contains("Elm St"));
    CHECK_FALSE(exported.contains("1980-01-01"));
}

TEST_CASE("tessera-cli card render and card print refuse a card whose enrollment has no photo", "[cli][cards][photo]")
{
    Office o;
    const QString number = o.approveWithoutPhoto(QStringLiteral("Noa"));
    auto rendered =
        o.run({QStringLiteral("card"), QStringLiteral("render"), number, QStringLiteral("--out"), o.file("none.pdf")});
    CHECK(rendered.code == cli::InvalidInput);
    CHECK(rendered.err.contains(QStringLiteral("has no photo")));
    CHECK_FALSE(QFile::exists(o.file("none.pdf")));
    auto printed = o.run(
        {QStringLiteral("card"), QStringLiteral("print"), number, QStringLiteral("--printer"), QStringLiteral("PDF")});
    CHECK(printed.code == cli::InvalidInput);
    CHECK(printed.err.contains(QStringLiteral("has no photo")));
    auto shown = o.run({QStringLiteral("card"), QStringLiteral("list")});
    CHECK(shown.out.contains(number + QStringLiteral("\tapproved\t")));
    // The card with a photo still renders.
    CHECK(o.run({QStringLiteral("card"), QStringLiteral("render"), o.number, QStringLiteral("--out"), o.file("ok.pdf")})
              .code
          == cli::Ok);
}
