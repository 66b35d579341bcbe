#include "core/programme/Eligibility.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

const Programme &points()
{
    static const Programme p = *Programme::fromJson(
        test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    return p;
}

const Programme &category()
{
    static const Programme p = *Programme::fromJson(
        test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/category-based.json")));
    return p;
}

const QDate kToday(2026, 3, 2);
const QDate kAdultBirth(1990, 6, 15);

PresentedDocument withExpiry(const char *type, QDate expiry, bool machineReadable = false)
{
    return {QString::fromLatin1(type), expiry, std::nullopt, machineReadable, false};
}

PresentedDocument undated(const char *type)
{
    return {QString::fromLatin1(type), std::nullopt, std::nullopt, false, false};
}

PresentedDocument issuedOn(const char *type, QDate issued, bool byCaretaker = false)
{
    return {QString::fromLatin1(type), std::nullopt, issued, false, byCaretaker};
}

const RuleAssessment &rule(const Eligibility &e, const char *id)
{
    for (const RuleAssessment &r : e.rules)
        if (r.ruleId == QLatin1String(id))
            return r;
    FAIL("no rule " << id);
    return e.rules.front();
}

} // namespace

TEST_CASE("Age in whole years, with 29 February falling on 1 March in common years", "[eligibility]")
{
    const QDate leapling(2012, 2, 29);
    CHECK(ageOn(leapling, QDate(2026, 2, 28)) == 13);
    CHECK(ageOn(leapling, QDate(2026, 3, 1)) == 14);
    CHECK(ageOn(leapling, QDate(2028, 2, 28)) == 15);
    CHECK(ageOn(leapling, QDate(2028, 2, 29)) == 16);
    CHECK(addYears(leapling, 2) == QDate(2014, 3, 1));
    CHECK(ageOn(QDate(2012, 3, 2), kToday) == 14); // turning 14 today
    CHECK(ageOn(QDate(2012, 3, 3), kToday) == 13); // turns 14 tomorrow
}

TEST_CASE("Points-based: a passport and a recent bill make 4 points", "[eligibility][points]")
{
    const Eligibility e =
        assess(points(), kAdultBirth,
               {withExpiry("foreign-passport", QDate(2030, 1, 1)), issuedOn("utility-bill", kToday.addDays(-10))},
               false, kToday, QStringLiteral("en"));
    CHECK(e.eligible);
    CHECK(rule(e, "total-points").met);
    CHECK(rule(e, "total-points").why == QStringLiteral("4 of 4 points in all."));
    CHECK(rule(e, "total-points").margin == 0);
    CHECK(rule(e, "identity-points").margin == 0);
    CHECK(e.cardExpiry == QDate(2031, 3, 2));
}

TEST_CASE("Points-based: what is missing is said in plain words", "[eligibility][points]")
{
    const Eligibility e = assess(points(), kAdultBirth, {withExpiry("foreign-driver-licence", QDate(2030, 1, 1))},
                                 false, kToday, QStringLiteral("en"));
    CHECK_FALSE(e.eligible);
    CHECK(rule(e, "identity-points").why == QStringLiteral("2 of 3 identity points: 1 more needed."));
    CHECK(rule(e, "residency-points").why == QStringLiteral("0 of 1 residency points: 1 more needed."));
    CHECK(rule(e, "photo").met);
    CHECK_FALSE(e.cardExpiry);
}

TEST_CASE("A document expiring today still counts; one that expired yesterday does not", "[eligibility][points]")
{
    const auto withLicence = [](QDate expiry) {
        return assess(points(), kAdultBirth,
                      {withExpiry("us-driver-licence", expiry), issuedOn("bank-statement", kToday)}, false, kToday,
                      QStringLiteral("en"));
    };
    const test::DefaultLocale us(test::kUsEnglish); // the station's date format, four-digit year
    const Eligibility today = withLicence(kToday);
    CHECK(today.eligible);
    CHECK(today.documents[0].counts);
    CHECK(today.documents[0].note == QStringLiteral("Valid until 3/2/2026."));
    const Eligibility yesterday = withLicence(kToday.addDays(-1));
    CHECK_FALSE(yesterday.eligible);
    CHECK(yesterday.documents[0].expired);
    CHECK(yesterday.documents[0].note == QStringLiteral("Expired: not accepted."));
}

TEST_CASE("An expired machine-readable passport counts fewer points for less than 3 years", "[eligibility][points]")
{
    const QDate twoYears364 = addYears(kToday, -3).addDays(1);
    const QDate threeYears1 = addYears(kToday, -3).addDays(-1);
    const auto withPassport = [](QDate expiry, bool mrz) {
        return assess(points(), kAdultBirth, {withExpiry("us-passport", expiry, mrz), issuedOn("utility-bill", kToday)},
                      false, kToday, QStringLiteral("en"));
    };
    const Eligibility recent = withPassport(twoYears364, true);
    CHECK(recent.documents[0].withinGrace);
    CHECK(recent.documents[0].note
          == QStringLiteral("Expired, but machine readable and within the 3-year grace: counts at reduced points."));
    CHECK(recent.documents[0].points.value(QStringLiteral("identity")) == 2);
    CHECK_FALSE(rule(recent, "identity-points").met); // 2 < 3: fewer points than a valid one
    CHECK(rule(recent, "photo").met);

    CHECK_FALSE(withPassport(threeYears1, true).documents[0].counts);
    CHECK_FALSE(withPassport(addYears(kToday, -3), true).documents[0].counts); // exactly 3 years: not "less than"
    const Eligibility notMachineReadable = withPassport(twoYears364, false);
    CHECK_FALSE(notMachineReadable.documents[0].counts);
    CHECK(notMachineReadable.documents[0].note.contains(QStringLiteral("machine-readable")));

    // With a second identity document the grace passport completes the tally.
    const Eligibility plusBirthCertificate = assess(
        points(), kAdultBirth,
        {withExpiry("us-passport", twoYears364, true), undated("birth-certificate"), issuedOn("utility-bill", kToday)},
        false, kToday, QStringLiteral("en"));
    CHECK(plusBirthCertificate.eligible);
}

TEST_CASE("Category-based: residency dated 30 days ago counts, 31 days does not", "[eligibility][category]")
{
    const auto withBill = [](int daysOld) {
        return assess(category(), kAdultBirth,
                      {withExpiry("passport", QDate(2030, 1, 1)), issuedOn("utility-bill", kToday.addDays(-daysOld))},
                      false, kToday, QStringLiteral("en"));
    };
    CHECK(withBill(30).eligible);
    const Eligibility stale = withBill(31);
    CHECK_FALSE(stale.eligible);
    CHECK(stale.documents[1].note == QStringLiteral("Issued 31 days ago; it must be at most 30 days old."));
    CHECK_FALSE(rule(stale, "residency").met);
}

TEST_CASE("Category-based: identity must carry a photo, birth date may come from another document",
          "[eligibility][category]")
{
    const Eligibility noPhoto =
        assess(category(), kAdultBirth, {undated("birth-certificate"), issuedOn("pay-stub", kToday)}, false, kToday,
               QStringLiteral("en"));
    CHECK_FALSE(noPhoto.eligible);
    CHECK(rule(noPhoto, "birth-date").met);
    CHECK(rule(noPhoto, "identity-with-photo").why
          == QStringLiteral("Not yet: a document with a photo that counts for identity is needed."));

    const Eligibility schoolId = assess(category(), QDate(2010, 5, 5),
                                        {withExpiry("school-photo-id", QDate(2027, 6, 30)),
                                         undated("birth-certificate"), issuedOn("school-letter", kToday)},
                                        false, kToday, QStringLiteral("en"));
    CHECK(schoolId.eligible);
}

TEST_CASE("Category-based: kids card under 14 needs a caretaker; validity by age", "[eligibility][category]")
{
    const QDate thirteen(2012, 3, 3); // turns 14 tomorrow
    const std::vector<PresentedDocument> docs {withExpiry("passport", QDate(2030, 1, 1)),
                                               issuedOn("utility-bill", kToday, true)};
    const Eligibility alone = assess(category(), thirteen, docs, false, kToday, QStringLiteral("en"));
    CHECK_FALSE(alone.eligible);
    CHECK(alone.problems.join(QLatin1Char(' ')).contains(QStringLiteral("need a caretaker present")));
    const Eligibility withCaretaker = assess(category(), thirteen, docs, true, kToday, QStringLiteral("en"));
    CHECK(withCaretaker.eligible);
    CHECK(withCaretaker.band->card == QLatin1String("kids"));
    CHECK(withCaretaker.cardExpiry == QDate(2028, 3, 2));

    // Turning 14 today: adult card, caretaker allowed (not required), caretaker proves residency only.
    const Eligibility fourteen = assess(category(), QDate(2012, 3, 2), docs, false, kToday, QStringLiteral("en"));
    CHECK(fourteen.eligible);
    CHECK(fourteen.band->card == QLatin1String("adult"));
    CHECK(fourteen.cardExpiry == QDate(2031, 3, 2));
    const Eligibility caretakerIdentity =
        assess(category(), QDate(2012, 3, 2),
               {PresentedDocument {QStringLiteral("passport"), QDate(2030, 1, 1), std::nullopt, false, true},
                issuedOn("utility-bill", kToday)},
               false, kToday, QStringLiteral("en"));
    CHECK_FALSE(caretakerIdentity.documents[0].counts);
    CHECK_FALSE(caretakerIdentity.eligible);
}

TEST_CASE("Category-based: no expiry from 65", "[eligibility][category]")
{
    const std::vector<PresentedDocument> docs {withExpiry("passport", QDate(2030, 1, 1)),
                                               issuedOn("bank-statement", kToday)};
    const Eligibility senior = assess(category(), QDate(1961, 3, 2), docs, false, kToday, QStringLiteral("en"));
    CHECK(senior.eligible);
    CHECK(senior.age == 65);
    CHECK_FALSE(senior.cardExpiry);
    const Eligibility almost = assess(category(), QDate(1961, 3, 3), docs, false, kToday, QStringLiteral("en"));
    CHECK(almost.cardExpiry == QDate(2031, 3, 2));
}

TEST_CASE("Rule texts come in the applicant's language", "[eligibility]")
{
    const Eligibility e = assess(category(), kAdultBirth, {}, false, kToday, QStringLiteral("pl"));
    CHECK(rule(e, "residency").text == QStringLiteral("Dowód zamieszkania z ostatnich 30 dni"));
    const Eligibility fallback = assess(category(), kAdultBirth, {}, false, kToday, QStringLiteral("fr"));
    CHECK(rule(fallback, "residency").text == QStringLiteral("Proof of residency dated within the last 30 days"));
}

TEST_CASE("Unknown document types and impossible dates are problems, not crashes", "[eligibility]")
{
    const Eligibility e = assess(points(), kAdultBirth, {undated("library-card")}, false, kToday, QStringLiteral("en"));
    CHECK_FALSE(e.eligible);
    CHECK(e.problems.contains(QStringLiteral("This document is not on the programme's list.")));
    const Eligibility future = assess(points(), kToday.addDays(1), {}, false, kToday, QStringLiteral("en"));
    CHECK_FALSE(future.eligible);
    CHECK(future.problems.contains(QStringLiteral("The date of birth is in the future.")));
    // Missing or impossible (30 February) is not "in the future".
    const Eligibility none = assess(points(), QDate(1990, 2, 30), {}, false, kToday, QStringLiteral("en"));
    CHECK(none.problems.contains(QStringLiteral("A date of birth that exists is needed.")));
    const Eligibility tooYoung = assess(points(), QDate(2017, 1, 1), {}, false, kToday, QStringLiteral("en"));
    CHECK(tooYoung.problems.contains(QStringLiteral("Applicants must be at least 10 years old; this applicant is 9.")));
}

TEST_CASE("A document date that does not exist counts as no date: a wrong issue date is not a fresh bill",
          "[eligibility]")
{
    // An invalid QDate is before every day, so it once passed as issued today (a form sent one
    // when the clerk typed 31 November).
    const Eligibility bill = assess(
        points(), kAdultBirth, {withExpiry("foreign-passport", QDate(2030, 1, 1)), issuedOn("utility-bill", QDate())},
        false, kToday, QStringLiteral("en"));
    CHECK_FALSE(bill.eligible);
    CHECK_FALSE(bill.documents[1].counts);
    CHECK(bill.documents[1].note == QStringLiteral("Enter the date it was issued."));
    const Eligibility licence =
        assess(points(), kAdultBirth, {withExpiry("us-driver-licence", QDate()), issuedOn("bank-statement", kToday)},
               false, kToday, QStringLiteral("en"));
    CHECK_FALSE(licence.documents[0].counts);
    CHECK(licence.documents[0].note == QStringLiteral("Enter the expiry date."));
}
