#include "app/cli/Cli.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTextStream>

using namespace tessera;
using namespace tessera::test;

namespace {

struct Cli {
    TestStation t;
    QString adminPw;
    QString clerkPw;

    Cli()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        adminPw = write(QStringLiteral("admin.pw"), kAdminPassword);
        clerkPw = write(QStringLiteral("clerk.pw"), kClerkPassword);
        // The clerk's first password was set by the administrator: choose one's own first.
        REQUIRE(run({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("--as"), QStringLiteral("carla"),
                     QStringLiteral("--password-file"), clerkPw, QStringLiteral("--new-password-file"),
                     write(QStringLiteral("new.pw"), "amber lamps at dusk")})
                    .code
                == 0);
        clerkPw = write(QStringLiteral("clerk.pw"), "amber lamps at dusk");
    }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = t.dir.filePath(name);
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content + "\n");
        return path;
    }

    using Out = CliResult;
    Out run(QStringList args)
    {
        args.prepend(t.path());
        args.prepend(QStringLiteral("--store"));
        return runCli(args, t.clock);
    }
    Out asAdmin(QStringList args)
    {
        return run(args << QStringLiteral("--as") << QStringLiteral("admin") << QStringLiteral("--password-file")
                        << adminPw);
    }
    Out asClerk(QStringList args)
    {
        return run(args << QStringLiteral("--as") << QStringLiteral("carla") << QStringLiteral("--password-file")
                        << clerkPw);
    }
};

// No photo at all: what the programme refuses.
const QByteArray kBare =
    R"({"applicant": {"given_names": "Ana", "family_name": "Ruiz", "birth_date": "1990-06-15", "gender": "F",
  "address_line": "12 Main St", "city": "New York", "postal_code": "10001", "telephone": "555-0100"},
  "documents": [{"type": "us-state-id", "expiry": "2029-01-01", "number": "S123 456 789"}, {"type": "bank-statement", "issued": "2026-11-01"}]})";
// Without a photo under the programme's documented exception.
const QByteArray kGood = QByteArray(kBare).chopped(1) + R"(, "photo": {"none": "religious-objection-to-photograph"}})";

} // namespace

TEST_CASE("tessera-cli loads programme rules, refusing a damaged file with its lines", "[cli][programme]")
{
    Cli c;
    QByteArray rules = readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"));
    const QString bad = c.write(QStringLiteral("bad.json"),
                                QByteArray(rules).replace("\"minimum_age\": 10", "\"minimum_age\": \"ten\""));
    auto refused = c.asAdmin({QStringLiteral("programme"), QStringLiteral("load"), bad});
    CHECK(refused.code == cli::InvalidInput);
    CHECK(refused.err.contains(QStringLiteral("nothing was changed")));
    CHECK(refused.err.contains(QRegularExpression(QStringLiteral("line \\d+, minimum_age: must be a whole number"))));
    CHECK(c.asAdmin({QStringLiteral("programme"), QStringLiteral("show")})
              .out.contains(QStringLiteral("No programme rules")));

    const QString good = c.write(QStringLiteral("rules.json"), rules);
    CHECK(c.asClerk({QStringLiteral("programme"), QStringLiteral("load"), good}).code == cli::Denied);
    CHECK(c.asAdmin({QStringLiteral("programme"), QStringLiteral("load"), good}).code == cli::Ok);
    auto shown = c.asAdmin({QStringLiteral("programme"), QStringLiteral("show"), QStringLiteral("--json")});
    const QJsonObject o = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    CHECK(o.value(QStringLiteral("rules_version")).toString() == QStringLiteral("2026.2"));
    CHECK(o.value(QStringLiteral("retention")).toObject().value(QStringLiteral("telephone")).toString()
          == QStringLiteral("not-collected"));
}

TEST_CASE("tessera-cli enroll goes through the form's validation and rules", "[cli][enroll]")
{
    Cli c;
    REQUIRE(c.asAdmin({QStringLiteral("programme"), QStringLiteral("load"),
                       QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")})
                .code
            == 0);

    const QString bad = c.write(QStringLiteral("bad.json"),
                                R"({"applicant": {"given_names": "4na", "birth_date": "1990-02-30", "ssn": "123"},
        "documents": [{"type": "utility-bill"}]})");
    auto refused = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"), bad});
    CHECK(refused.code == cli::InvalidInput);
    const QStringList lines = refused.err.trimmed().split(QLatin1Char('\n'));
    CHECK(lines.size() >= 5); // one problem per line
    CHECK(refused.err.contains(QStringLiteral("applicant.ssn: not a field Tessera has")));
    CHECK(refused.err.contains(QStringLiteral("applicant.given_names: Use letters")));
    // A file that is valid JSON but not one object is named as such, not as a missing applicant.
    auto notObject =
        c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"), c.write(QStringLiteral("list.json"), "[]")});
    CHECK(notObject.code == cli::InvalidInput);
    CHECK(notObject.err.contains(QStringLiteral("line 1: an enrollment description is one JSON object")));
    CHECK(refused.err.contains(QStringLiteral("applicant.birth_date: Enter a date of birth that exists")));
    CHECK(refused.err.contains(QStringLiteral("documents[0].issued: Enter the date")));

    // No card without a photo: the file that gives neither a photo nor the programme's exception.
    auto bare =
        c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"), c.write(QStringLiteral("bare.json"), kBare)});
    CHECK(bare.code == cli::InvalidInput);
    CHECK(bare.err.contains(QStringLiteral("Photo: there is no accepted photo")));
    auto madeUp = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"),
                             c.write(QStringLiteral("madeup.json"),
                                     QByteArray(kGood).replace("religious-objection-to-photograph", "camera-broken"))});
    CHECK(madeUp.code == cli::InvalidInput);
    CHECK(madeUp.err.contains(QStringLiteral("not one of the programme's reasons")));
    CHECK(c.asClerk({QStringLiteral("enrollment"), QStringLiteral("list")}).out.trimmed().isEmpty());

    const QString good = c.write(QStringLiteral("good.json"), kGood);
    auto ok = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"), good, QStringLiteral("--json")});
    INFO(ok.err.toStdString());
    REQUIRE(ok.code == cli::Ok);
    const QString card =
        QJsonDocument::fromJson(ok.out.toUtf8()).object().value(QStringLiteral("card_number")).toString();
    CHECK(card.startsWith(QStringLiteral("TC1-000001-")));

    // The same file again is a retry: it finds the enrollment it made (see EnrollCrashTest).
    auto again = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"), good});
    CHECK(again.code == cli::Ok);
    CHECK(again.out.contains(QStringLiteral("already submitted, as ") + card));
    // Another description of the same person is a possible duplicate.
    auto other = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"),
                            c.write(QStringLiteral("other.json"), QByteArray(kGood).replace("555-0100", "555-0199"))});
    CHECK(other.code == cli::InvalidInput);
    CHECK(other.err.contains(QStringLiteral("Possible duplicate of ") + card));

    auto listed = c.asClerk({QStringLiteral("enrollment"), QStringLiteral("list"), QStringLiteral("--json")});
    const QJsonArray list =
        QJsonDocument::fromJson(listed.out.toUtf8()).object().value(QStringLiteral("enrollments")).toArray();
    REQUIRE(list.size() == 1);
    CHECK(list[0].toObject().value(QStringLiteral("state")).toString() == QStringLiteral("submitted"));
    CHECK(listed.out.contains(QStringLiteral("no_photo")));

    auto shown = c.asClerk({QStringLiteral("enrollment"), QStringLiteral("show"), card, QStringLiteral("--json")});
    const QJsonObject rec = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    CHECK(rec.value(QStringLiteral("fields")).toObject().value(QStringLiteral("given_names")).toString()
          == QStringLiteral("Ana"));
    CHECK(rec.value(QStringLiteral("printed_only")).toObject().value(QStringLiteral("address_line")).toString()
          == QStringLiteral("12 Main St"));
    CHECK_FALSE(shown.out.contains(QStringLiteral("555-0100")));
    CHECK_FALSE(shown.out.contains(QStringLiteral("S123")));
    CHECK(rec.value(QStringLiteral("attestations")).toArray().size() == 2);
    CHECK(rec.contains(QStringLiteral("photo")));
    CHECK(rec.value(QStringLiteral("photo")).isNull()); // enrolled without a photo

    const QString pdf = c.t.dir.filePath(QStringLiteral("receipt.pdf"));
    CHECK(c.asClerk({QStringLiteral("enrollment"), QStringLiteral("receipt"), card, QStringLiteral("--out"), pdf}).code
          == cli::Ok);
    CHECK(readFile(pdf).startsWith("%PDF"));
    CHECK(c.asClerk({QStringLiteral("enrollment"), QStringLiteral("show"), QStringLiteral("TC1-999999-0")}).code
          == cli::InvalidInput);
}

TEST_CASE("tessera-cli enroll takes a portrait file through the photo step, whole or not at all",
          "[cli][enroll][photo]")
{
    Cli c;
    REQUIRE(c.asAdmin({QStringLiteral("programme"), QStringLiteral("load"),
                       QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")})
                .code
            == 0);
    // A 720p frame with the portrait in the middle: every check passes but the background
    // (the astronaut photo's own background is not a plain screen).
    QImage frame(1280, 720, QImage::Format_RGB888);
    frame.fill(QColor(208, 208, 208));
    {
        QPainter p(&frame);
        p.drawImage(QRect(280, 0, 720, 720), QImage(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg")));
    }
    REQUIRE(frame.save(c.t.dir.filePath(QStringLiteral("frame.png"))));
    auto withPhoto = [&](const char *photo) {
        QByteArray json = kBare;
        json.chop(1);
        return c.write(QStringLiteral("photo.json"), json + ", \"photo\": " + photo + "}");
    };
    auto list = [&] { return c.asClerk({QStringLiteral("enrollment"), QStringLiteral("list")}).out; };

    // A failing check needs a reason; a reason that is not the programme's is named, with the
    // ones that are; a missing file is named. None of them leaves a draft behind.
    auto unexplained =
        c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"), withPhoto(R"({"file": "frame.png"})")});
    CHECK(unexplained.code == cli::InvalidInput);
    CHECK(unexplained.err.contains(QStringLiteral("fails background")));
    auto unknown = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"),
                              withPhoto(R"({"file": "frame.png", "overrides": {"background": "because"}})")});
    CHECK(unknown.code == cli::InvalidInput);
    CHECK(unknown.err.contains(QStringLiteral("medical-condition")));
    auto missing =
        c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"), withPhoto(R"({"file": "nowhere.png"})")});
    CHECK(missing.code == cli::InvalidInput);
    CHECK(missing.err.contains(QStringLiteral("photo.file")));
    CHECK(list().trimmed().isEmpty());

    auto done = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"),
                           withPhoto(R"({"file": "frame.png", "overrides": {"background": "medical-condition"}})"),
                           QStringLiteral("--json")});
    INFO(done.err.toStdString());
    REQUIRE(done.code == cli::Ok);
    const QString number =
        QJsonDocument::fromJson(done.out.toUtf8()).object().value(QStringLiteral("card_number")).toString();
    CHECK(list().count(QLatin1Char('\n')) == 1);
    CHECK(list().contains(QStringLiteral("photo_override")));
    auto shown = c.asClerk({QStringLiteral("enrollment"), QStringLiteral("show"), number, QStringLiteral("--json")});
    const QJsonObject photo =
        QJsonDocument::fromJson(shown.out.toUtf8()).object().value(QStringLiteral("photo")).toObject();
    CHECK(photo.value(QStringLiteral("overrides")).toObject().value(QStringLiteral("background")).toString()
          == QStringLiteral("medical-condition"));
    CHECK(photo.value(QStringLiteral("bytes")).toInt() > 0);
    CHECK(photo.value(QStringLiteral("height")).toInt() > photo.value(QStringLiteral("width")).toInt());
}

TEST_CASE("tessera-cli review and batch: decide, refuse the clerk, close the day with a report", "[cli][review]")
{
    Cli c;
    REQUIRE(c.asAdmin({QStringLiteral("programme"), QStringLiteral("load"),
                       QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")})
                .code
            == 0);
    c.t.addOperator(QStringLiteral("sam"), Role::Supervisor);
    const QString samFirst = c.write(QStringLiteral("sam0.pw"), kClerkPassword);
    REQUIRE(c.run({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("--as"), QStringLiteral("sam"),
                   QStringLiteral("--password-file"), samFirst, QStringLiteral("--new-password-file"),
                   c.write(QStringLiteral("sam.pw"), "quiet harbour at noon")})
                .code
            == 0);
    auto asSam = [&](QStringList args) {
        return c.run(args << QStringLiteral("--as") << QStringLiteral("sam") << QStringLiteral("--password-file")
                          << c.t.dir.filePath(QStringLiteral("sam.pw")));
    };
    auto ok = c.asClerk({QStringLiteral("enroll"), QStringLiteral("--from"),
                         c.write(QStringLiteral("good.json"), kGood), QStringLiteral("--json")});
    INFO(ok.err.toStdString());
    REQUIRE(ok.code == cli::Ok);
    const QString card =
        QJsonDocument::fromJson(ok.out.toUtf8()).object().value(QStringLiteral("card_number")).toString();

    CHECK(c.asClerk({QStringLiteral("review"), card, QStringLiteral("--approve")}).code == cli::Denied);
    CHECK(asSam({QStringLiteral("review"), card}).code == cli::Usage);
    auto pending = asSam({QStringLiteral("batch"), QStringLiteral("close"), QStringLiteral("today")});
    CHECK(pending.code == cli::InvalidInput);
    CHECK(pending.err.contains(QStringLiteral("pending review")));
    CHECK(asSam({QStringLiteral("review"), card, QStringLiteral("--reject"), QStringLiteral("not-a-reason")}).code
          == cli::InvalidInput);
    // It has no photo: approving it takes the supervisor's explicit confirmation.
    auto unconfirmed = asSam({QStringLiteral("review"), card, QStringLiteral("--approve")});
    CHECK(unconfirmed.code == cli::InvalidInput);
    CHECK(unconfirmed.err.contains(QStringLiteral("--confirm-no-photo")));
    CHECK(
        asSam({QStringLiteral("review"), card, QStringLiteral("--approve"), QStringLiteral("--confirm-no-photo")}).code
        == cli::Ok);

    const QString pdf = c.t.dir.filePath(QStringLiteral("batch.pdf"));
    auto closed = asSam({QStringLiteral("batch"), QStringLiteral("close"), QStringLiteral("2026-11-23"),
                         QStringLiteral("--out"), pdf, QStringLiteral("--json")});
    INFO(closed.err.toStdString());
    REQUIRE(closed.code == cli::Ok);
    CHECK(QJsonDocument::fromJson(closed.out.toUtf8())
              .object()
              .value(QStringLiteral("counts"))
              .toObject()
              .value(QStringLiteral("approved"))
              .toInt()
          == 1);
    CHECK(readFile(pdf).startsWith("%PDF"));
    CHECK(asSam({QStringLiteral("batch"), QStringLiteral("report"), QStringLiteral("2026-11-23"),
                 QStringLiteral("--out"), pdf})
              .code
          == cli::Ok);
    CHECK(asSam({QStringLiteral("batch"), QStringLiteral("show"), QStringLiteral("23/11/2026")}).code
          == cli::InvalidInput);
}
