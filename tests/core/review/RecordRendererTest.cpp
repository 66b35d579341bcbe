// The review page's record pane as HTML, rendered from plain values: no station, no widgets.
#include "core/review/RecordRenderer.h"

#include "tests/support/TestSupport.h"

#include <QTextDocument>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace tessera;
using namespace tessera::test;

namespace {

Programme pointsBased()
{
    auto p =
        Programme::fromJson(readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    REQUIRE(p);
    return *p;
}

RecordView submittedRecord()
{
    RecordView v;
    v.summary.id = 12;
    v.summary.state = EnrollmentState::Submitted;
    v.summary.cardNumber = QStringLiteral("NYC-000012");
    v.summary.programmeId = QStringLiteral("points-based");
    v.summary.rulesVersion = QStringLiteral("3");
    v.summary.flags = {QStringLiteral("photo_override"), QStringLiteral("caretaker:parent")};
    EnrollmentRecord r;
    r.summary = v.summary;
    r.storedFields.insert(QStringLiteral("birth_date"), QStringLiteral("1980-01-01"));
    r.storedFields.insert(QStringLiteral("family_name"), QStringLiteral("<b>Quintero</b>"));
    r.storedFields.insert(QStringLiteral("organ_donor"), QStringLiteral("true"));
    Attestation a;
    a.documentType = QStringLiteral("us-passport");
    a.points.insert(QStringLiteral("identity"), 4);
    a.counted = true;
    a.rulesVersion = QStringLiteral("3");
    r.attestations.push_back(a);
    v.record = r;
    v.history = std::vector<EnrollmentEvent> {
        {QStringLiteral("2026-11-23T15:00:00Z"), 3, QStringLiteral("submitted"), {}, {}},
        {QStringLiteral("2026-11-23T16:00:00Z"), 8, QStringLiteral("returned"), {}, QStringLiteral("Photo too dark")}};
    EnrollmentPhoto photo;
    photo.jpeg = QByteArray("\xff\xd8 not really a jpeg");
    photo.overrides.insert(QStringLiteral("face_size"), QStringLiteral("religious-head-covering"));
    photo.checks.push_back({QStringLiteral("face_size"), 0.61, 0.70, false, {}});
    photo.checks.push_back({QStringLiteral("sharpness"), std::numeric_limits<double>::quiet_NaN(), 100.0, true, {}});
    v.photo = std::optional<EnrollmentPhoto>(photo);
    return v;
}

QString plain(const QString &html)
{
    QTextDocument doc;
    doc.setHtml(html);
    return doc.toPlainText();
}

} // namespace

TEST_CASE("a record renders in the supervisor's words: labels, names, the photo checks and the queued decision")
{
    const RecordRenderer renderer(pointsBased(), {{3, QStringLiteral("carla Person (carla)")}});
    RecordView view = submittedRecord();
    view.pending = Decision {12, DecisionKind::Reject, QStringLiteral("documents-insufficient"), {}};
    const QString html = renderer.html(view);
    const QString text = plain(html);

    CHECK(text.contains(QStringLiteral("Card NYC-000012")));
    CHECK(text.contains(QStringLiteral("pending review")));
    CHECK(text.contains(QString::fromUtf8("reject (Documents do not meet the programme's rules) — not yet committed")));
    CHECK(text.contains(QStringLiteral("photo check overridden, presented by a parent")));
    // Field labels, not keys; values in words.
    CHECK(text.contains(QStringLiteral("Date of birth")));
    CHECK_FALSE(text.contains(QStringLiteral("birth_date")));
    CHECK(text.contains(QStringLiteral("yes")));
    CHECK(text.contains(QStringLiteral("U.S. passport")));
    // The photo's checks by name, with the override's reason label; the photo as a data URL.
    CHECK(html.contains(QStringLiteral("src=\"data:image/jpeg;base64,")));
    CHECK(text.contains(QString::fromUtf8("Head size — reason: Religious head covering — measured 0.61, limit 0.70")));
    // No keys a supervisor would have to decode (it said "Head size (face_size)").
    CHECK_FALSE(text.contains(QStringLiteral("face_size")));
    CHECK_FALSE(text.contains(QStringLiteral("points-based")));
    CHECK(text.contains(QStringLiteral("Rules: Points-based municipal ID")));
    CHECK(text.contains(QStringLiteral("Sharp")));
    CHECK(text.contains(QStringLiteral("not measured")));
    // History with names where known, an id only where not.
    CHECK(text.contains(QStringLiteral("submitted by carla Person (carla)")));
    CHECK(text.contains(QStringLiteral("returned to the clerk by operator 8")));
    CHECK(text.contains(QStringLiteral("note: Photo too dark")));
}

TEST_CASE("stored values are escaped, not interpreted as HTML")
{
    const RecordRenderer renderer(pointsBased(), {});
    const QString html = renderer.html(submittedRecord());
    CHECK_FALSE(html.contains(QStringLiteral("<b>Quintero</b>")));
    CHECK(html.contains(QStringLiteral("&lt;b&gt;Quintero&lt;/b&gt;")));
}

TEST_CASE("a part that could not be read shows its error in its place, the rest still renders")
{
    const RecordRenderer renderer(pointsBased(), {});
    RecordView view = submittedRecord();
    view.record = std::unexpected(Error {ErrorCode::NotFound, QStringLiteral("There is no enrollment 12.")});
    view.photo = std::optional<EnrollmentPhoto>();
    const QString text = plain(renderer.html(view));
    CHECK(text.contains(QStringLiteral("There is no enrollment 12.")));
    CHECK(text.contains(QStringLiteral("No photo: this card would be printed without one")));
    CHECK(text.contains(QStringLiteral("History")));
    CHECK_FALSE(text.contains(QStringLiteral("Stored fields")));
}

TEST_CASE("states, flags and queued decisions in the table's words")
{
    const RecordRenderer renderer(pointsBased(), {});
    CHECK(RecordRenderer::stateText(EnrollmentState::Submitted) == QStringLiteral("pending review"));
    CHECK(RecordRenderer::flagsText({QStringLiteral("narrow_margin"), QStringLiteral("some_new_flag")})
          == QStringLiteral("points met exactly, some new flag"));
    CHECK(RecordRenderer::flagsText({QStringLiteral("expired_document"), QStringLiteral("caretaker:guardian")})
          == QStringLiteral("eligible only with an expired document, presented by a guardian"));
    // The table's state column: every text it can show is known, so it is sized once.
    CHECK(RecordRenderer::queuedText(DecisionKind::Reject) == QStringLiteral("to reject"));
    CHECK(RecordRenderer::columnStateTexts().contains(QStringLiteral("pending review")));
    CHECK(RecordRenderer::columnStateTexts().contains(QStringLiteral("to return")));
    // What a commit will do, counted by kind.
    const auto d = [](DecisionKind k) { return Decision {1, k, {}, {}}; };
    CHECK(
        RecordRenderer::decisionCountsText({d(DecisionKind::Approve), d(DecisionKind::Return), d(DecisionKind::Approve),
                                            d(DecisionKind::Reject), d(DecisionKind::Approve)})
        == QStringLiteral("3 approvals, 1 rejection, 1 return to the clerk"));
    CHECK(RecordRenderer::decisionCountsText({d(DecisionKind::Reject), d(DecisionKind::Reject)})
          == QStringLiteral("2 rejections"));
    CHECK(renderer.pendingText({1, DecisionKind::Approve, {}, {}}) == QString::fromUtf8("approve — not yet committed"));
    CHECK(renderer.reasonLabel(QStringLiteral("unknown-code")) == QStringLiteral("unknown-code"));
    CHECK(plain(RecordRenderer::emptyHtml(true)) == QStringLiteral("Nothing submitted on this day yet."));
    CHECK(plain(RecordRenderer::emptyHtml(false)) == QStringLiteral("No open batch."));
}

TEST_CASE("the record names gender with the programme's word and shows the birth date in the locale's format")
{
    auto programme =
        Programme::fromJson(readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/category-based.json")));
    REQUIRE(programme);
    REQUIRE(programme->card.genderLabel.in(QStringLiteral("en")) == QStringLiteral("Sex"));
    const RecordRenderer renderer(*programme, {});
    RecordView view = submittedRecord();
    auto record = *view.record;
    record.storedFields.insert(QStringLiteral("gender"), programme->genders.front().code);
    view.record = record;
    {
        const DefaultLocale us(kUsEnglish);
        const QString text = plain(renderer.html(view));
        CHECK(text.contains(QStringLiteral("Sex")));
        CHECK_FALSE(text.contains(QStringLiteral("Gender"), Qt::CaseInsensitive)); // the form and card say Sex
        CHECK(text.contains(QStringLiteral("1/1/1980")));
        CHECK_FALSE(text.contains(QStringLiteral("Tuesday"))); // it said "Tuesday, January 1, 1980"
        CHECK(text.contains(QStringLiteral("11/23/2026")));    // the history's times
    }
    const DefaultLocale german(kGerman);
    CHECK(plain(renderer.html(view)).contains(QStringLiteral("01.01.1980")));
}
