#include "core/cards/Cards.h"
#include "core/capture/PhotoChecks.h"
#include "core/enrollment/CardNumber.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/Eligibility.h"
#include "core/programme/ProgrammeStore.h"
#include "core/review/Review.h"
#include "core/store/StationSettings.h"
#include "tests/support/TestSupport.h"

#include <QJsonDocument>

#include <set>

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

namespace {

// A clerk who enrolls, a supervisor who approves, the points-based programme, a fixed day.
struct Office {
    TestStation t;
    Programme programme;
    std::unique_ptr<Station> carla;

    Office()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        auto p =
            installProgramme(t.station->access(),
                             readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
        REQUIRE(p);
        programme = *p;
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        t.addOperator(QStringLiteral("sam"), Role::Supervisor);
        carla = as("carla");
    }

    std::unique_ptr<Station> as(const char *name)
    {
        auto s = Station::login(t.path(), QString::fromLatin1(name), secret(kClerkPassword), t.clock);
        REQUIRE(s);
        return std::move(*s);
    }

    // Enrolls and approves an applicant; returns the card number.
    QString approved(const QString &given, const QDate &born = QDate(1980, 1, 1), const QByteArray &photoJpeg = {})
    {
        Enrollments e(carla->access(), programme);
        EnrollmentDraft d = eligibleDraft(given);
        d.applicant.birthDate = born;
        if (!photoJpeg.isEmpty()) {
            TESSERA_REQUIRE_OK(e.saveDraft(d));
            PhotoAssessment passed;
            passed.acceptable = true;
            TESSERA_REQUIRE_OK(
                EnrollmentPhotos(carla->access(), programme).setPhoto(d.id, photoJpeg, passed, {}, true));
        } else {
            givePhoto(carla->access(), programme, d);
        }
        if (born.daysTo(QDate(2026, 11, 23)) < 18 * 365) {
            d.caretakerPresent = true;
            d.caretakerRelationship = QStringLiteral("parent");
        }
        auto submitted = e.submit(d);
        TESSERA_REQUIRE_OK(submitted);
        auto sam = as("sam");
        TESSERA_REQUIRE_OK(
            Review(sam->access(), programme).decide({{d.id, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));
        return submitted->cardNumber;
    }

    // Enrolls with the programme's exception for a card without a photo, and approves with the
    // supervisor's confirmation; returns the card number.
    QString approvedWithoutPhoto(const QString &given)
    {
        Enrollments e(carla->access(), programme);
        EnrollmentDraft d = eligibleDraft(given);
        d.noPhotoReason = QStringLiteral("religious-objection-to-photograph");
        auto submitted = e.submit(d);
        TESSERA_REQUIRE_OK(submitted);
        Decision approve {d.id, DecisionKind::Approve, {}, {}};
        approve.confirmedNoPhoto = true;
        TESSERA_REQUIRE_OK(Review(as("sam")->access(), programme).decide({approve}, secret(kClerkPassword)));
        return submitted->cardNumber;
    }

    bool printedOnlyHeld(const QString &cardNumber)
    {
        Enrollments e(carla->access(), programme);
        auto id = e.idForCardNumber(cardNumber);
        REQUIRE(id);
        auto rec = e.record(*id);
        REQUIRE(rec);
        return rec->printedOnlyHeld;
    }

    // Prints with the outcome given; returns the attempt id.
    void print(Cards &cards, const QString &number, bool confirmed, const QString &reason = {})
    {
        auto attempt = cards.beginPrint(number, QStringLiteral("TesseraPDF"), reason);
        TESSERA_REQUIRE_OK(attempt);
        TESSERA_REQUIRE_OK(cards.finishPrint(*attempt, confirmed));
    }
};

} // namespace

TEST_CASE("the card state machine allows exactly its listed edges", "[cards][states]")
{
    using S = CardState;
    const std::set<std::pair<S, S>> allowed {
        {S::Approved, S::Printed}, {S::Printed, S::Printed}, {S::Printed, S::Issued},  {S::Issued, S::Lost},
        {S::Issued, S::Stolen},    {S::Issued, S::Damaged},  {S::Lost, S::Replaced},   {S::Stolen, S::Replaced},
        {S::Damaged, S::Replaced}, {S::Issued, S::Replaced}, {S::Issued, S::Renewed},  {S::Expired, S::Renewed},
        {S::Approved, S::Revoked}, {S::Printed, S::Revoked}, {S::Issued, S::Revoked},  {S::Lost, S::Revoked},
        {S::Stolen, S::Revoked},   {S::Damaged, S::Revoked}, {S::Printed, S::Expired}, {S::Issued, S::Expired},
    };
    int count = 0;
    for (S from : allCardStates())
        for (S to : allCardStates()) {
            INFO(cardStateName(from).toStdString() << " -> " << cardStateName(to).toStdString());
            CHECK(isAllowedCardTransition(from, to) == allowed.contains({from, to}));
            count += isAllowedCardTransition(from, to) ? 1 : 0;
        }
    CHECK(count == static_cast<int>(allowed.size()));
    for (S s : allCardStates())
        CHECK(cardStateFromName(cardStateName(s)) == s);
    CHECK_FALSE(cardStateFromName(QStringLiteral("shredded")));
}

TEST_CASE("expiry follows the age band's validity and ends a kids card when the band ends", "[cards]")
{
    Office o;
    // Adult: five years.
    CHECK(Cards::expiryFor(o.programme, QDate(1980, 1, 1), QDate(2026, 11, 23)) == QDate(2031, 11, 23));
    // Kids band (to age 13 in this programme): the card ends before the 14th birthday.
    const AgeBand *kids = o.programme.bandForAge(11);
    REQUIRE(kids);
    REQUIRE(kids->toAge);
    const QDate born(2015, 3, 1);
    CHECK(Cards::expiryFor(o.programme, born, QDate(2026, 11, 23))
          == std::min(QDate(2031, 11, 23), born.addYears(*kids->toAge + 1).addDays(-1)));
    CHECK_FALSE(Cards::expiryFor(o.programme, QDate(), QDate(2026, 11, 23)));

    // Born on 29 February: the birthday is 1 March in other years, for the card as for
    // eligibility. On 28 February 2026 this child is still 13, so a kids card to that day.
    const QDate leapDay(2012, 2, 29);
    REQUIRE(ageOn(leapDay, QDate(2026, 2, 28)) == 13);
    CHECK(Cards::expiryFor(o.programme, leapDay, QDate(2026, 2, 28)) == QDate(2026, 2, 28));
    CHECK(Cards::expiryFor(o.programme, leapDay, QDate(2026, 3, 1)) == QDate(2031, 3, 1)); // 14: adult, five years
}

TEST_CASE("an approved card prints, reprints with a reason, is handed over; printing destroys the printed-only values",
          "[cards]")
{
    Office o;
    const QString number = o.approved(QStringLiteral("Ana"));
    Cards cards(o.carla->access());
    auto made = cards.sync();
    TESSERA_REQUIRE_OK(made);
    CHECK(*made == 1);
    CHECK(*cards.sync() == 0);
    auto c = cards.card(number);
    TESSERA_REQUIRE_OK(c);
    CHECK(c->state == CardState::Approved);
    CHECK(c->templateId == QLatin1String("adult"));
    CHECK(c->expiresOn == QDate(2031, 11, 23));

    // What the card shows, before printing: the address is still held.
    auto data = cards.cardData(*c);
    TESSERA_REQUIRE_OK(data);
    CHECK(data->values.value(QStringLiteral("family_name")) == QLatin1String("Tester"));
    CHECK(data->values.value(QStringLiteral("address")).contains(QStringLiteral("1 Main St")));
    CHECK(data->values.value(QStringLiteral("expires_on")) == QLatin1String("23 NOV 2031"));
    CHECK(data->photo); // a card is drawn only with its photo
    auto key = cards.issuerKey();
    TESSERA_REQUIRE_OK(key);
    CHECK(verifyCardToken(data->token, key->publicKey(), o.t.clock.now().date()).valid);

    // Handing over an unprinted card, or a first print with a reprint reason: refused.
    CHECK_FALSE(cards.handOver(number));
    CHECK_FALSE(cards.beginPrint(number, QStringLiteral("TesseraPDF"), QStringLiteral("printer-fault")));

    // A failed print changes nothing but the log.
    o.print(cards, number, false);
    CHECK(cards.card(number)->state == CardState::Approved);
    CHECK(o.printedOnlyHeld(number));

    o.print(cards, number, true);
    c = cards.card(number);
    CHECK(c->state == CardState::Printed);
    CHECK(c->printCount == 1);
    CHECK(c->issuedOn == QDate(2026, 11, 23));
    CHECK_FALSE(o.printedOnlyHeld(number));
    const QString rows =
        sqlcipherQuery(o.t.station->paths().store(), o.t.rawKey(),
                       QStringLiteral("SELECT count(*) FROM sealed_values; SELECT count(*) FROM enrollment_keys;"));
    CHECK(rows.trimmed() == QStringLiteral("0\n0"));

    // A reprint needs one of the programme's reasons, and is counted.
    CHECK(cards.beginPrint(number, QStringLiteral("TesseraPDF"))
              .error()
              .message.contains(QStringLiteral("reprint reasons")));
    CHECK_FALSE(cards.beginPrint(number, QStringLiteral("TesseraPDF"), QStringLiteral("felt-like-it")));
    o.print(cards, number, true, QStringLiteral("printer-fault"));
    c = cards.card(number);
    CHECK(c->printCount == 2);
    CHECK(c->reprintCount == 1);
    auto log = cards.printLog(c->id);
    TESSERA_REQUIRE_OK(log);
    REQUIRE(log->size() == 3);
    CHECK((*log)[0].outcome == QLatin1String("failed"));
    CHECK((*log)[1].outcome == QLatin1String("confirmed"));
    CHECK((*log)[2].reprintReason == QLatin1String("printer-fault"));
    CHECK((*log)[2].printer == QLatin1String("TesseraPDF"));
    CHECK((*log)[2].attempt == 3);
    // An attempt's outcome is recorded once.
    CHECK_FALSE(cards.finishPrint((*log)[2].id, true));

    TESSERA_REQUIRE_OK(cards.handOver(number));
    CHECK(cards.card(number)->state == CardState::Issued);
    CHECK_FALSE(cards.beginPrint(number, QStringLiteral("TesseraPDF"), QStringLiteral("printer-fault")));

    // Nothing personal reached the audit log.
    auto entries = o.t.station->audit().entries();
    TESSERA_REQUIRE_OK(entries);
    for (const AuditEntry &e : *entries) {
        const QString text = QString::fromUtf8(QJsonDocument(e.details).toJson()) + e.object;
        CHECK_FALSE(text.contains(QStringLiteral("Tester")));
        CHECK_FALSE(text.contains(QStringLiteral("Main St")));
    }
}

TEST_CASE("the card shows the photo the clerk took for the enrollment; one without a photo is neither drawn nor "
          "printed",
          "[cards][photo]")
{
    Office o;
    // One plain colour, so that the card's photo can be told from anything else.
    QImage crop(413, 531, QImage::Format_RGB888);
    crop.fill(QColor(200, 30, 40));
    auto jpeg = encodeJpeg(crop, 60 * 1024);
    TESSERA_REQUIRE_OK(jpeg);
    const QString withPhoto = o.approved(QStringLiteral("Ana"), QDate(1980, 1, 1), *jpeg);
    const QString without = o.approvedWithoutPhoto(QStringLiteral("Bea"));
    Cards cards(o.carla->access());
    TESSERA_REQUIRE_OK(cards.sync());

    auto card = cards.card(withPhoto);
    TESSERA_REQUIRE_OK(card);
    auto data = cards.cardData(*card);
    TESSERA_REQUIRE_OK(data);
    REQUIRE(data->photo);
    CHECK(data->photo->size() == crop.size());
    const QColor centre = data->photo->pixelColor(crop.width() / 2, crop.height() / 2);
    CHECK(std::abs(centre.red() - 200) < 8);
    CHECK(std::abs(centre.green() - 30) < 8);

    auto other = cards.card(without);
    TESSERA_REQUIRE_OK(other);
    // The adult template has a place for the photo: no silhouette in it, no preview, no PDF, no print.
    auto otherData = cards.cardData(*other);
    REQUIRE_FALSE(otherData);
    CHECK(otherData.error().code == ErrorCode::InvalidInput);
    CHECK(otherData.error().message.contains(QStringLiteral("has no photo")));
    auto attempt = cards.beginPrint(without, QStringLiteral("TesseraPDF"));
    REQUIRE_FALSE(attempt);
    CHECK(attempt.error().message.contains(QStringLiteral("has no photo")));
    auto log = cards.printLog(other->id);
    TESSERA_REQUIRE_OK(log);
    CHECK(log->empty());
    auto still = cards.card(without);
    TESSERA_REQUIRE_OK(still);
    CHECK(still->state == CardState::Approved);
}

TEST_CASE("lost, replaced, revoked and renewed cards; the revocation list says which", "[cards]")
{
    Office o;
    const QString first = o.approved(QStringLiteral("Bea"));
    const QString second = o.approved(QStringLiteral("Cy"));
    Cards cards(o.carla->access());
    TESSERA_REQUIRE_OK(cards.sync());
    for (const QString &n : {first, second}) {
        o.print(cards, n, true);
        TESSERA_REQUIRE_OK(cards.handOver(n));
    }
    CHECK_FALSE(cards.report(first, CardState::Expired));
    TESSERA_REQUIRE_OK(cards.report(first, CardState::Lost));
    CHECK_FALSE(cards.report(first, CardState::Stolen));
    auto replacement = cards.replace(first);
    TESSERA_REQUIRE_OK(replacement);
    CHECK(replacement->cardNumber != first);
    CHECK(replacement->state == CardState::Approved);
    CHECK(replacement->replacesCardId == cards.card(first)->id);
    CHECK(replacement->expiresOn == cards.card(first)->expiresOn);
    CHECK(cards.card(first)->state == CardState::Replaced);
    CHECK_FALSE(cards.replace(first));

    // Revoking takes a supervisor and a reason.
    CHECK(cards.revoke(second, QStringLiteral("fraud")).error().code == ErrorCode::PermissionDenied);
    auto sam = o.as("sam");
    Cards supervisor(sam->access());
    CHECK_FALSE(supervisor.revoke(second, QString()));
    TESSERA_REQUIRE_OK(supervisor.revoke(second, QStringLiteral("fraud")));
    CHECK_FALSE(supervisor.handOver(second));

    auto list = cards.revocations();
    TESSERA_REQUIRE_OK(list);
    CHECK(list->cards == QStringList({first, second}));
    auto key = cards.issuerKey();
    TESSERA_REQUIRE_OK(key);
    auto file = list->toSignedFile(*key);
    TESSERA_REQUIRE_OK(file);
    auto back = RevocationList::fromSignedFile(*file, key->publicKey());
    TESSERA_REQUIRE_OK(back);
    auto oldCard = cards.card(first);
    auto data = cards.cardData(*cards.card(replacement->cardNumber));
    TESSERA_REQUIRE_OK(data);
    CHECK(verifyCardToken(data->token, key->publicKey(), o.t.clock.now().date(), &*back).valid);
    // The replacement is drawn without the address: it went when the first card printed.
    CHECK(data->values.value(QStringLiteral("address")).isEmpty());

    // Renewal opens 90 days before expiry; past the date the card expires by itself.
    const QString n = replacement->cardNumber;
    o.print(cards, n, true);
    TESSERA_REQUIRE_OK(cards.handOver(n));
    CHECK(cards.renew(n).error().message.contains(QStringLiteral("renewal opens")));
    o.t.clock.set(QDateTime(QDate(2031, 11, 25), QTime(10, 0), Qt::UTC));
    auto carla = o.as("carla");
    Cards later(carla->access());
    TESSERA_REQUIRE_OK(later.sync());
    CHECK(later.card(n)->state == CardState::Expired);
    CHECK_FALSE(later.handOver(n));
    auto renewed = later.renew(n);
    TESSERA_REQUIRE_OK(renewed);
    CHECK(renewed->expiresOn == QDate(2036, 11, 25));
    CHECK(later.card(n)->state == CardState::Renewed);
}

TEST_CASE("Submissions and replacement cards draw their numbers from one sequence", "[cards]")
{
    Office o;
    auto code = StationSettings(o.carla->database()).stationCode();
    TESSERA_REQUIRE_OK(code);
    const QString first = o.approved(QStringLiteral("Bea"));
    CHECK(first == makeCardNumber(*code, 1));
    Cards cards(o.carla->access());
    TESSERA_REQUIRE_OK(cards.sync());
    o.print(cards, first, true);
    TESSERA_REQUIRE_OK(cards.handOver(first));
    TESSERA_REQUIRE_OK(cards.report(first, CardState::Lost));
    auto replacement = cards.replace(first);
    TESSERA_REQUIRE_OK(replacement);
    CHECK(replacement->cardNumber == makeCardNumber(*code, 2));
    // The next submission continues after the replacement, not after the last submission.
    CHECK(o.approved(QStringLiteral("Cy")) == makeCardNumber(*code, 3));
}

namespace {

// Enrolls and approves an applicant with these details under `programme`; returns the card.
CardRecord approvedWith(Office &o, const Programme &programme, const Applicant &details)
{
    Enrollments e(o.carla->access(), programme);
    EnrollmentDraft d = eligibleDraft(details.givenNames);
    if (!details.addressLine.isEmpty()) {
        d.applicant.addressLine = details.addressLine;
        d.applicant.careOf = details.careOf;
        d.applicant.city = details.city;
        d.applicant.postalCode = details.postalCode;
    }
    d.applicant.veteran = details.veteran;
    d.applicant.organDonor = details.organDonor;
    givePhoto(o.carla->access(), programme, d);
    auto submitted = e.submit(d);
    TESSERA_REQUIRE_OK(submitted);
    auto sam = o.as("sam");
    TESSERA_REQUIRE_OK(
        Review(sam->access(), programme).decide({{d.id, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));
    Cards cards(o.carla->access());
    TESSERA_REQUIRE_OK(cards.sync());
    auto card = cards.card(submitted->cardNumber);
    TESSERA_REQUIRE_OK(card);
    return *card;
}

} // namespace

TEST_CASE("the card shows what the form promised, in the programme's words and address format", "[cards]")
{
    Office o;
    Applicant a;
    a.givenNames = QStringLiteral("Rosa");
    a.addressLine = QStringLiteral("500 W 120th St");
    a.city = QStringLiteral("New York");
    a.postalCode = QStringLiteral("10027");
    a.veteran = true;
    const CardRecord card = approvedWith(o, o.programme, a);
    Cards cards(o.carla->access());
    auto data = cards.cardData(card);
    TESSERA_REQUIRE_OK(data);
    // Ticked: printed; not ticked: absent.
    CHECK(data->values.value(QStringLiteral("veteran")) == QStringLiteral("true"));
    CHECK_FALSE(data->values.contains(QStringLiteral("organ_donor")));
    // US: the street, then "City, ST 10027".
    CHECK(data->values.value(QStringLiteral("address")) == QStringLiteral("500 W 120th St\nNew York, NY 10027"));
    // The public card name, never the programme's internal name.
    CHECK(data->values.value(QStringLiteral("card_name")) == QStringLiteral("City of Tessera ID"));
    for (const QString &v : data->values)
        CHECK_FALSE(v.contains(o.programme.name.in(QStringLiteral("en"))));
    CHECK(data->labels.value(QStringLiteral("gender")) == QStringLiteral("Gender"));
    // Not a demo station: no SPECIMEN.
    CHECK_FALSE(data->specimen);
}

TEST_CASE("a demo station's cards are specimens", "[cards]")
{
    TestStation demo(true);
    demo.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    auto p = installProgramme(demo.station->access(),
                              readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    TESSERA_REQUIRE_OK(p);
    demo.addOperator(QStringLiteral("carla"), Role::Clerk);
    demo.addOperator(QStringLiteral("sam"), Role::Supervisor);
    auto carla = Station::login(demo.path(), QStringLiteral("carla"), secret(kClerkPassword), demo.clock);
    TESSERA_REQUIRE_OK(carla);
    Enrollments e((*carla)->access(), *p);
    EnrollmentDraft d = eligibleDraft(QStringLiteral("Dana"));
    givePhoto((*carla)->access(), *p, d);
    auto submitted = e.submit(d);
    TESSERA_REQUIRE_OK(submitted);
    auto sam = Station::login(demo.path(), QStringLiteral("sam"), secret(kClerkPassword), demo.clock);
    TESSERA_REQUIRE_OK(sam);
    TESSERA_REQUIRE_OK(
        Review((*sam)->access(), *p).decide({{d.id, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));
    Cards cards((*carla)->access());
    TESSERA_REQUIRE_OK(cards.sync());
    auto card = cards.card(submitted->cardNumber);
    TESSERA_REQUIRE_OK(card);
    auto data = cards.cardData(*card);
    TESSERA_REQUIRE_OK(data);
    CHECK(data->specimen);
}

TEST_CASE("a printed-only flag reaches the card from the printed-only values and is never stored", "[cards]")
{
    Office o;
    QByteArray json = readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"));
    json.replace("\"veteran\": \"stored\"", "\"veteran\": \"printed-only\"");
    json.replace("\"rules_version\": \"2026.2\"", "\"rules_version\": \"2026.2-po\"");
    auto programme = installProgramme(o.t.station->access(), json);
    TESSERA_REQUIRE_OK(programme);
    REQUIRE(programme->retentionOf(Field::Veteran) == Retention::PrintedOnly);
    Applicant a;
    a.givenNames = QStringLiteral("Lee");
    a.veteran = true;
    const CardRecord card = approvedWith(o, *programme, a);
    auto stored = EnrollmentStore(o.carla->access().db).storedField(card.enrollmentId, QStringLiteral("veteran"));
    TESSERA_REQUIRE_OK(stored);
    CHECK(stored->isEmpty());
    Cards cards(o.carla->access());
    auto before = cards.cardData(card);
    TESSERA_REQUIRE_OK(before);
    CHECK(before->values.value(QStringLiteral("veteran")) == QStringLiteral("true"));
    o.print(cards, card.cardNumber, true);
    // Printed: the flag went with the other printed-only values (a reprint no longer shows it).
    auto after = cards.cardData(*cards.card(card.cardNumber));
    TESSERA_REQUIRE_OK(after);
    CHECK_FALSE(after->values.contains(QStringLiteral("veteran")));
}
