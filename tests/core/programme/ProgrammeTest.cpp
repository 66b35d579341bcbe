#include "core/programme/Programme.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <random>

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace tessera;

namespace {

QByteArray shipped(const char *name)
{
    return test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/") + QString::fromLatin1(name));
}

// The points-based file with one edit applied to its JSON tree.
QByteArray edited(const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject root = QJsonDocument::fromJson(shipped("points-based.json")).object();
    edit(root);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString refusal(const QByteArray &json)
{
    auto p = Programme::fromJson(json);
    REQUIRE_FALSE(p);
    return p.error().message;
}

} // namespace

TEST_CASE("Both shipped programmes load and say what they collect", "[programme]")
{
    for (const char *name : {"points-based.json", "category-based.json"}) {
        INFO(name);
        auto p = Programme::fromJson(shipped(name));
        REQUIRE(p);
        CHECK_FALSE(p->rulesVersion.isEmpty());
        CHECK(p->collects(Field::GivenNames));
        CHECK_FALSE(p->collects(Field::Telephone));
        CHECK(p->retentionOf(Field::AddressLine) == Retention::PrintedOnly);
        CHECK(p->ageBands.back().toAge == std::nullopt);
    }
    auto chicago = Programme::fromJson(shipped("category-based.json"));
    REQUIRE(chicago);
    CHECK(chicago->bandForAge(70)->validityYears == std::nullopt);
    CHECK(chicago->bandForAge(13)->card == QLatin1String("kids"));
    CHECK(chicago->bandForAge(13)->validityYears == 2);
    CHECK(chicago->bandForAge(14)->caretaker == CaretakerPath::Allowed);
    CHECK(chicago->bandForAge(21)->caretaker == CaretakerPath::Allowed);
    CHECK(chicago->bandForAge(22)->caretaker == CaretakerPath::None);
}

TEST_CASE("A file that is not JSON is refused with its line and column", "[programme]")
{
    QByteArray json = shipped("points-based.json");
    const qsizetype at = json.indexOf("\"minimum_age\"");
    json.insert(at, "oops ");
    const QString message = refusal(json);
    const int line = static_cast<int>(json.left(at).count('\n')) + 1;
    CHECK(message.startsWith(QStringLiteral("line %1, column").arg(line)));
}

TEST_CASE("Semantic errors name the line and the field", "[programme]")
{
    SECTION("points for an unknown category")
    {
        const QByteArray json = edited([](QJsonObject &root) {
            QJsonArray docs = root[QStringLiteral("documents")].toArray();
            QJsonObject d = docs[2].toObject();
            d[QStringLiteral("points")] = QJsonObject {{QStringLiteral("identiy"), 3}};
            docs[2] = d;
            root[QStringLiteral("documents")] = docs;
        });
        const QString message = refusal(json);
        CHECK(message.contains(QStringLiteral("documents[2].points.identiy: is not a category")));
        CHECK(message.startsWith(QStringLiteral("line ")));
    }
    SECTION("a field Tessera never has")
    {
        const QString message = refusal(edited([](QJsonObject &root) {
            QJsonObject f = root[QStringLiteral("fields")].toObject();
            f[QStringLiteral("citizenship")] = QStringLiteral("stored");
            root[QStringLiteral("fields")] = f;
        }));
        CHECK(message.contains(QStringLiteral("fields.citizenship: is not a field Tessera has")));
    }
    SECTION("a field without a retention class")
    {
        const QString message = refusal(edited([](QJsonObject &root) {
            QJsonObject f = root[QStringLiteral("fields")].toObject();
            f.remove(QStringLiteral("telephone"));
            root[QStringLiteral("fields")] = f;
        }));
        CHECK(message.contains(QStringLiteral("gives no retention class for \"telephone\"")));
    }
    SECTION("a retention class that does not exist")
    {
        const QString message = refusal(edited([](QJsonObject &root) {
            QJsonObject f = root[QStringLiteral("fields")].toObject();
            f[QStringLiteral("city")] = QStringLiteral("kept");
            root[QStringLiteral("fields")] = f;
        }));
        CHECK(
            message.contains(QStringLiteral("fields.city: must be \"stored\", \"printed-only\" or \"not-collected\"")));
    }
    SECTION("age bands with a gap")
    {
        const QString message = refusal(edited([](QJsonObject &root) {
            QJsonArray bands = root[QStringLiteral("age_bands")].toArray();
            QJsonObject b = bands[1].toObject();
            b[QStringLiteral("from")] = 15;
            bands[1] = b;
            root[QStringLiteral("age_bands")] = bands;
        }));
        CHECK(message.contains(QStringLiteral("age_bands[1].from: must be 14")));
    }
    SECTION("an expired document that counts as much as a valid one")
    {
        const QString message = refusal(edited([](QJsonObject &root) {
            QJsonArray docs = root[QStringLiteral("documents")].toArray();
            QJsonObject d = docs[0].toObject();
            QJsonObject g = d[QStringLiteral("expired_grace")].toObject();
            g[QStringLiteral("points")] = QJsonObject {{QStringLiteral("identity"), 3}};
            d[QStringLiteral("expired_grace")] = g;
            docs[0] = d;
            root[QStringLiteral("documents")] = docs;
        }));
        CHECK(message.contains(
            QStringLiteral("documents[0].expired_grace.points: an expired document must count fewer points")));
    }
    SECTION("a rule no document can meet")
    {
        const QString message = refusal(edited([](QJsonObject &root) {
            QJsonArray cats = root[QStringLiteral("categories")].toArray();
            cats.append(QStringLiteral("income"));
            root[QStringLiteral("categories")] = cats;
            QJsonArray rules = root[QStringLiteral("rules")].toArray();
            rules.append(
                QJsonObject {{QStringLiteral("id"), QStringLiteral("income")},
                             {QStringLiteral("kind"), QStringLiteral("min_points")},
                             {QStringLiteral("category"), QStringLiteral("income")},
                             {QStringLiteral("points"), 1},
                             {QStringLiteral("text"), QJsonObject {{QStringLiteral("en"), QStringLiteral("Income")}}}});
            root[QStringLiteral("rules")] = rules;
        }));
        CHECK(message.contains(QStringLiteral("rules[5]: can never be met")));
    }
    SECTION("a label missing the first language")
    {
        const QString message = refusal(edited([](QJsonObject &root) {
            root[QStringLiteral("name")] = QJsonObject {{QStringLiteral("es"), QStringLiteral("Sólo en español")}};
        }));
        CHECK(message.contains(QStringLiteral("name: needs a text in en")));
    }
    SECTION("a file from a newer Tessera")
    {
        const QString message = refusal(edited([](QJsonObject &root) { root[QStringLiteral("format_version")] = 2; }));
        CHECK(message.contains(QStringLiteral("newer than this Tessera understands")));
    }
}

TEST_CASE("Every problem in a file is listed, not only the first", "[programme]")
{
    const QString message = refusal(edited([](QJsonObject &root) {
        root[QStringLiteral("minimum_age")] = -1;
        QJsonObject periods = root[QStringLiteral("retention_periods")].toObject();
        periods[QStringLiteral("draft_idle_days")] = QStringLiteral("thirty");
        root[QStringLiteral("retention_periods")] = periods;
    }));
    CHECK(message.contains(QStringLiteral("minimum_age: must be a whole number")));
    CHECK(message.contains(QStringLiteral("retention_periods.draft_idle_days: must be a whole number")));
}

TEST_CASE("Garbage never crashes the loader", "[programme]")
{
    const QByteArray source = shipped("points-based.json");
    std::mt19937 rng(20261123);
    for (int i = 0; i < 300; ++i) {
        QByteArray mutated = source;
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits; ++e) {
            const auto at = static_cast<qsizetype>(rng() % static_cast<unsigned>(mutated.size()));
            switch (rng() % 3) {
            case 0:
                mutated[at] = static_cast<char>(rng() % 256);
                break;
            case 1:
                mutated.remove(at, 1 + static_cast<qsizetype>(rng() % 40));
                break;
            default:
                mutated.insert(at, "]}[{\",:"[rng() % 7]);
                break;
            }
        }
        (void)Programme::fromJson(mutated);
    }
    CHECK_FALSE(Programme::fromJson(QByteArray()));
    CHECK_FALSE(Programme::fromJson(QByteArray("[]")));
    CHECK_FALSE(Programme::fromJson(QByteArray("{\"format\": \"tessera-programme\", \"format_version\": 1}")));
}

TEST_CASE("The photo section is optional and sets the thresholds, the JPEG budget and the auto-capture run",
          "[programme][photo]")
{
    auto plain = Programme::fromJson(shipped("points-based.json"));
    REQUIRE(plain);
    CHECK(plain->photo.maxJpegBytes == PhotoRules {}.maxJpegBytes);
    CHECK(plain->photo.autoCaptureFrames == 5);
    CHECK(plain->photo.thresholds.minSharpness == PhotoThresholds {}.minSharpness);

    auto set = Programme::fromJson(edited([](QJsonObject &root) {
        root.insert(QStringLiteral("photo"),
                    QJsonObject {{QStringLiteral("max_jpeg_bytes"), 40000},
                                 {QStringLiteral("auto_capture_frames"), 8},
                                 {QStringLiteral("thresholds"),
                                  QJsonObject {{QStringLiteral("min_sharpness"), 20.5},
                                               {QStringLiteral("max_roll_degrees"), 5}}}});
    }));
    REQUIRE(set);
    CHECK(set->photo.maxJpegBytes == 40000);
    CHECK(set->photo.autoCaptureFrames == 8);
    CHECK(set->photo.thresholds.minSharpness == 20.5);
    CHECK(set->photo.thresholds.maxRollDegrees == 5.0);
    CHECK(set->photo.thresholds.maxCentreOffset == PhotoThresholds {}.maxCentreOffset); // left out: the default
    CHECK(set->photo.required);                                                         // left out: a photo is required
}

TEST_CASE("A programme says whether a card may go without a photo, and with which reasons", "[programme][photo]")
{
    // The shipped files require a photo, document one exception, and give technical override reasons.
    for (const char *name : {"points-based.json", "category-based.json"}) {
        auto p = Programme::fromJson(shipped(name));
        REQUIRE(p);
        CHECK(p->photo.required);
        CHECK(p->hasReasonCode(QStringLiteral("no_photo"), QStringLiteral("religious-objection-to-photograph")));
        CHECK(p->hasReasonCode(QStringLiteral("photo_override"), QStringLiteral("camera-below-resolution")));
        CHECK(p->reasonLabel(QStringLiteral("photo_override"), QStringLiteral("camera-below-resolution"),
                             QStringLiteral("es"))
              == QStringLiteral("La cámara no alcanza la resolución"));
        CHECK(p->reasonLabel(QStringLiteral("no_photo"), QStringLiteral("unknown-code"), QStringLiteral("en"))
              == QStringLiteral("unknown-code"));
    }
    auto optional = Programme::fromJson(edited([](QJsonObject &root) {
        root.insert(QStringLiteral("photo"), QJsonObject {{QStringLiteral("required"), false}});
        QJsonObject reasons = root.value(QStringLiteral("reason_codes")).toObject();
        reasons.remove(QStringLiteral("no_photo"));
        root.insert(QStringLiteral("reason_codes"), reasons);
    }));
    REQUIRE(optional);
    CHECK_FALSE(optional->photo.required);
    CHECK(optional->reasonCodes.value(QStringLiteral("no_photo")).empty()); // the list is optional
    CHECK(refusal(edited([](QJsonObject &root) {
              root.insert(QStringLiteral("photo"), QJsonObject {{QStringLiteral("required"), QStringLiteral("no")}});
          })).contains(QStringLiteral("photo.required: must be true or false")));
    CHECK(refusal(edited([](QJsonObject &root) {
              QJsonObject reasons = root.value(QStringLiteral("reason_codes")).toObject();
              reasons.insert(QStringLiteral("no_photo"),
                             QJsonArray {QJsonObject {{QStringLiteral("code"), QStringLiteral("No Photo")},
                                                      {QStringLiteral("label"),
                                                       QJsonObject {{QStringLiteral("en"), QStringLiteral("x")},
                                                                    {QStringLiteral("es"), QStringLiteral("x")}}}}});
              root.insert(QStringLiteral("reason_codes"), reasons);
          })).contains(QStringLiteral("reason_codes.no_photo[0].code")));
}

TEST_CASE("A bad photo section is refused naming the field", "[programme][photo]")
{
    auto with = [](QJsonObject photo) {
        return edited([&](QJsonObject &root) { root.insert(QStringLiteral("photo"), photo); });
    };
    CHECK(refusal(with({{QStringLiteral("max_jpeg_bytes"), 100}}))
              .contains(QStringLiteral("photo.max_jpeg_bytes: must be a whole number from 4096")));
    CHECK(refusal(with({{QStringLiteral("auto_capture_frames"), 0}}))
              .contains(QStringLiteral("photo.auto_capture_frames")));
    CHECK(refusal(with({{QStringLiteral("thresholds"),
                         QJsonObject {{QStringLiteral("min_sharpness"), QStringLiteral("high")}}}}))
              .contains(QStringLiteral("photo.thresholds.min_sharpness: must be a number from 0 to 1000")));
    CHECK(refusal(with({{QStringLiteral("thresholds"), QJsonObject {{QStringLiteral("min_sharpnes"), 3}}}}))
              .contains(QStringLiteral("photo.thresholds.min_sharpnes: is not a photo threshold")));
    CHECK(
        refusal(with({{QStringLiteral("thresholds"),
                       QJsonObject {{QStringLiteral("min_face_luma"), 150}, {QStringLiteral("max_face_luma"), 100}}}}))
            .contains(QStringLiteral("photo.thresholds.max_face_luma: must be above min_face_luma")));
    CHECK(refusal(with({{QStringLiteral("jpeg_bytes"), 5000}}))
              .contains(QStringLiteral("photo.jpeg_bytes: is not a photo setting")));
    // The line is named too.
    CHECK(refusal(with({{QStringLiteral("max_jpeg_bytes"), 100}})).startsWith(QStringLiteral("line ")));
}

TEST_CASE("The card section gives the public card name, the gender word and the address format", "[programme][card]")
{
    auto ny = Programme::fromJson(shipped("points-based.json"));
    REQUIRE(ny);
    CHECK(ny->card.publicName.in(QStringLiteral("en")) == QStringLiteral("City of Tessera ID"));
    CHECK(ny->card.publicName.in(QStringLiteral("en")) != ny->name.in(QStringLiteral("en")));
    CHECK(ny->card.genderLabel.in(QStringLiteral("es")) == QStringLiteral("Género"));
    const QMap<QString, QString> address {{QStringLiteral("address_line"), QStringLiteral("500 W 120th St")},
                                          {QStringLiteral("city"), QStringLiteral("New York")},
                                          {QStringLiteral("postal_code"), QStringLiteral("10027")}};
    CHECK(ny->card.formatAddress(address)
          == QStringList {QStringLiteral("500 W 120th St"), QStringLiteral("New York, NY 10027")});
    // A part left out leaves no stray comma, and a line with nothing in it goes.
    CHECK(ny->card.formatAddress({{QStringLiteral("postal_code"), QStringLiteral("10027")}})
          == QStringList {QStringLiteral("NY 10027")});
    CHECK(ny->card.formatAddress({}).isEmpty());
    auto chicago = Programme::fromJson(shipped("category-based.json"));
    REQUIRE(chicago);
    CHECK(chicago->card.genderLabel.in(QStringLiteral("en")) == QStringLiteral("Sex"));

    // Optional, so that stored programme versions from before it still load: then the card
    // shows no public name (never the internal one) and the address as street, city and code.
    auto without = Programme::fromJson(edited([](QJsonObject &root) { root.remove(QStringLiteral("card")); }));
    REQUIRE(without);
    CHECK(without->card.publicName.in(QStringLiteral("en")).isEmpty());
    CHECK(without->card.genderLabel.in(QStringLiteral("en")).isEmpty());
    CHECK(without->card.formatAddress(address)
          == QStringList {QStringLiteral("500 W 120th St"), QStringLiteral("New York 10027")});
}

TEST_CASE("A bad card section is refused naming the field", "[programme][card]")
{
    auto with = [](QJsonObject card) {
        return edited([&](QJsonObject &root) { root.insert(QStringLiteral("card"), card); });
    };
    CHECK(refusal(with({{QStringLiteral("address_format"), QJsonArray {QStringLiteral("{town} {postal_code}")}}}))
              .contains(QStringLiteral("card.address_format[0]: {town} is not an address field")));
    CHECK(refusal(with({{QStringLiteral("address_format"), QJsonArray {QStringLiteral("New York")}}}))
              .contains(QStringLiteral("card.address_format[0]: names no address field")));
    CHECK(refusal(with({{QStringLiteral("public_name"), QStringLiteral("IDNYC")}}))
              .contains(QStringLiteral("card.public_name: must give the text per language")));
    CHECK(refusal(with({{QStringLiteral("gender_word"), QJsonObject {{QStringLiteral("en"), QStringLiteral("Sex")}}}}))
              .contains(QStringLiteral("card.gender_word: is not a card setting")));
}

TEST_CASE("a shipped programme file whose rules change gets a new rules_version", "[programme]")
{
    // Enrollments, attestations and cards carry the rules version they were decided under, and
    // a station refuses a file whose id and version it has already loaded with other rules
    // (installProgramme). A shipped file changed under the same version would be refused by
    // every station that loaded the old one, and the old records would read as decided under
    // the new rules. The list beside this test pins each file's version to the hash of its
    // rules in the form a station stores them (compact JSON: formatting is not a change).
    const QString dir = QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/");
    QMap<QString, QStringList> pinned;
    const QString list = QString::fromUtf8(
        test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/tests/core/programme/shipped-programmes.txt")));
    for (const QString &line : list.split(QLatin1Char('\n'))) {
        const QStringList parts = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.size() == 3 && !line.startsWith(QLatin1Char('#')))
            pinned.insert(parts.at(0), parts.mid(1));
    }
    const QStringList files = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files);
    REQUIRE_FALSE(files.isEmpty());
    for (const QString &file : files) {
        const QJsonDocument doc = QJsonDocument::fromJson(test::readFile(dir + file));
        const QString version = doc.object().value(QStringLiteral("rules_version")).toString();
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(doc.toJson(QJsonDocument::Compact), QCryptographicHash::Sha256).toHex());
        const QString expected = file + QLatin1Char(' ') + version + QLatin1Char(' ') + hash;
        INFO(file.toStdString() << ": the line in tests/core/programme/shipped-programmes.txt for it is now\n  "
                                << expected.toStdString());
        REQUIRE(pinned.contains(file));
        const QStringList was = pinned.value(file);
        if (was.at(1) != hash) {
            INFO("its rules changed: give it a new rules_version (it has " << version.toStdString()
                                                                           << "), then update the line");
            CHECK(was.at(0) != version);
        }
        CHECK(was == QStringList {version, hash});
    }
}
