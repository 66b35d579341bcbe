#include "core/enrollment/Enrollments.h"
#include "app/tools/SampleEnrollments.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/programme/ProgrammeStore.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace tessera;
using namespace tessera::test;

namespace {

QByteArray programmeJson(const char *name)
{
    return readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/") + QString::fromLatin1(name));
}

// A station with the points-based programme, a clerk "carla" signed in, a second clerk and
// a supervisor "sam".
struct Counter {
    TestStation t;
    std::unique_ptr<Station> clerk;
    std::unique_ptr<Enrollments> enrollments;

    Counter()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        REQUIRE(installProgramme(t.station->access(), programmeJson("points-based.json")));
        const qint64 carla = t.addOperator(QStringLiteral("carla"), Role::Clerk);
        t.addOperator(QStringLiteral("sam"), Role::Supervisor);
        REQUIRE(carla > 0);
        clerk = signIn(QStringLiteral("carla"));
        auto programme = activeProgramme(clerk->database());
        REQUIRE(programme);
        REQUIRE(programme->has_value());
        enrollments = std::make_unique<Enrollments>(clerk->access(), **programme);
    }

    std::unique_ptr<Station> signIn(const QString &name)
    {
        auto s = Station::login(t.path(), name, secret(kClerkPassword), t.clock);
        REQUIRE(s);
        return std::move(*s);
    }

    // The photo step's accepted photo, which submitting needs.
    void photo(EnrollmentDraft &d) { givePhoto(clerk->access(), enrollments->programme(), d); }

    QString dump()
    {
        REQUIRE(clerk->database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        bool ok = false;
        const QString out = sqlcipherQuery(StationPaths {t.path()}.store(), t.rawKey(), QStringLiteral(".dump"), &ok);
        REQUIRE(ok);
        return out;
    }
};

EnrollmentDraft adult(Enrollments &e, const QString &given = QStringLiteral("Zofia"),
                      const QString &family = QStringLiteral("Wąsowska"))
{
    EnrollmentDraft d;
    d.applicant.givenNames = given;
    d.applicant.familyName = family;
    d.applicant.birthDate = QDate(1988, 4, 12);
    d.applicant.gender = QStringLiteral("X");
    d.applicant.addressLine = QStringLiteral("742 Evergreen Terrace Apt 3");
    d.applicant.careOf = QStringLiteral("c/o Marsh");
    d.applicant.city = QStringLiteral("Springfield");
    d.applicant.postalCode = QStringLiteral("10027");
    d.applicant.telephone = QStringLiteral("555-0100");
    d.applicant.medicalNotes = QStringLiteral("penicillin allergy");
    d.applicant.organDonor = true;
    d.applicant.preferredLanguage = QStringLiteral("es");
    auto fp = e.fingerprint(QStringLiteral("foreign-passport"), secret("XK9923417"));
    REQUIRE(fp);
    d.documents.push_back(
        {PresentedDocument {QStringLiteral("foreign-passport"), QDate(2030, 5, 1), std::nullopt, true, false}, *fp});
    d.documents.push_back(
        {PresentedDocument {QStringLiteral("utility-bill"), std::nullopt, QDate(2026, 11, 2), false, false},
         QByteArray()});
    return d;
}

} // namespace

TEST_CASE("A draft saves as typed and comes back whole, printed-only values included", "[enrollment][drafts]")
{
    Counter c;
    EnrollmentDraft d = adult(*c.enrollments);
    REQUIRE(c.enrollments->saveDraft(d));
    REQUIRE(d.id > 0);
    auto back = c.enrollments->loadDraft(d.id);
    REQUIRE(back);
    CHECK(back->applicant.givenNames == d.applicant.givenNames);
    CHECK(back->applicant.addressLine == d.applicant.addressLine); // printed-only, sealed
    CHECK(back->applicant.careOf == d.applicant.careOf);
    CHECK(back->applicant.organDonor == std::optional<bool>(true));
    CHECK(back->applicant.telephone.isEmpty()); // not collected: never written
    CHECK(back->applicant.medicalNotes.isEmpty());
    REQUIRE(back->documents.size() == 2);
    CHECK(back->documents[0].presented.expiry == QDate(2030, 5, 1)); // draft dates come back
    CHECK(back->documents[1].presented.issued == QDate(2026, 11, 2));
    CHECK(back->documents[0].fingerprint == d.documents[0].fingerprint);
}

TEST_CASE("A sealed value that cannot be read is an error, not an enrollment that holds nothing",
          "[enrollment][drafts]")
{
    Counter c;
    EnrollmentDraft d = adult(*c.enrollments);
    REQUIRE(c.enrollments->saveDraft(d));
    // The key row, or the sealed value, out of reach: as a damaged store would have it. Read as
    // "nothing held", the draft would resume without its address and document dates, and its
    // next autosave would write that over what the store holds.
    const char *table = GENERATE("enrollment_keys", "sealed_values");
    INFO(table);
    REQUIRE(
        c.clerk->database().exec(QStringLiteral("ALTER TABLE %1 RENAME TO %1_unreadable").arg(QLatin1String(table))));

    auto rec = c.enrollments->record(d.id);
    CHECK_FALSE(rec);
    auto draft = c.enrollments->loadDraft(d.id);
    REQUIRE_FALSE(draft);
    CHECK(draft.error().message.contains(QLatin1String(table)));
}

TEST_CASE("Submitting allocates a card number and moves the enrollment to pending review", "[enrollment][submit]")
{
    Counter c;
    EnrollmentDraft d = adult(*c.enrollments);
    c.photo(d);
    auto submitted = c.enrollments->submit(d);
    REQUIRE(submitted);
    CHECK(submitted->cardNumber == QStringLiteral("TC1-000001-") + submitted->cardNumber.right(1));
    auto rec = c.enrollments->record(d.id);
    REQUIRE(rec);
    CHECK(rec->summary.state == EnrollmentState::Submitted);
    CHECK(rec->summary.displayName == QStringLiteral("Zofia Wąsowska"));
    CHECK(rec->summary.rulesVersion == QStringLiteral("2026.2"));
    CHECK(rec->summary.cardExpiry == QStringLiteral("2031-11-23"));
    REQUIRE(rec->attestations.size() == 2);
    CHECK(rec->attestations[0].documentType == QStringLiteral("foreign-passport"));
    CHECK(rec->attestations[0].points.value(QStringLiteral("identity")) == 3);
    CHECK(rec->attestations[0].fingerprinted);
    CHECK(rec->attestations[0].rulesVersion == QStringLiteral("2026.2"));
    CHECK(rec->printedOnlyHeld);
    CHECK(rec->printedOnlyFields.value(QStringLiteral("address_line")) == d.applicant.addressLine);
    CHECK(rec->summary.flags.isEmpty()); // exactly 4 of 4 points is the ordinary case, not a flag

    EnrollmentDraft second = adult(*c.enrollments, QStringLiteral("Ana"), QStringLiteral("Ruiz"));
    second.documents[0].fingerprint.clear();
    c.photo(second);
    auto next = c.enrollments->submit(second);
    REQUIRE(next);
    CHECK(next->cardNumber.startsWith(QStringLiteral("TC1-000002-")));
}

TEST_CASE("What the clerk corrects after the last autosave is what gets submitted", "[enrollment][submit]")
{
    Counter c;
    EnrollmentDraft d = adult(*c.enrollments);
    d.applicant.birthDate = QDate(2014, 5, 5); // 12: the caretaker must be there
    d.caretakerPresent = true;                 // relationship not chosen yet when the draft saves
    d.documents[1].presented.byCaretaker = true;
    d.documents.push_back(
        {PresentedDocument {QStringLiteral("birth-certificate"), std::nullopt, std::nullopt, false, false},
         QByteArray()});
    REQUIRE(c.enrollments->saveDraft(d));
    d.caretakerRelationship = QStringLiteral("guardian");
    c.photo(d);
    TESSERA_REQUIRE_OK(c.enrollments->submit(d));
    auto rec = c.enrollments->record(d.id);
    REQUIRE(rec);
    CHECK(rec->summary.flags.contains(QStringLiteral("caretaker:guardian")));
    CHECK_FALSE(rec->summary.flags.contains(QStringLiteral("caretaker:")));
    CHECK(rec->summary.cardLayout == QStringLiteral("kids"));
}

TEST_CASE("Submitting refuses what the form would refuse, naming the field", "[enrollment][submit]")
{
    Counter c;
    EnrollmentDraft d = adult(*c.enrollments);
    d.applicant.birthDate = QDate();
    d.documents.pop_back(); // no residency
    auto r = c.enrollments->submit(d);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidInput);
    CHECK(r.error().message.contains(QStringLiteral("birth_date: ")));
    d.applicant.birthDate = QDate(1988, 4, 12);
    r = c.enrollments->submit(d);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.contains(QStringLiteral("0 of 1 residency points")));
    CHECK(d.id == 0); // nothing was written for a refused submission
    auto all = c.enrollments->list();
    REQUIRE(all);
    CHECK(all->empty());
}

TEST_CASE("The store never holds a document number, a not-collected value or printed-only plaintext",
          "[enrollment][store]")
{
    Counter c;
    EnrollmentDraft d = adult(*c.enrollments);
    REQUIRE(c.enrollments->saveDraft(d));
    QString dump = c.dump();
    CHECK(dump.contains(QStringLiteral("Zofia")));           // stored class: there
    CHECK_FALSE(dump.contains(QStringLiteral("XK9923417"))); // document number: never
    CHECK_FALSE(dump.contains(QStringLiteral("555-0100")));  // not collected: never
    CHECK_FALSE(dump.contains(QStringLiteral("penicillin")));
    CHECK_FALSE(dump.contains(QStringLiteral("Evergreen")));  // printed-only: sealed
    CHECK_FALSE(dump.contains(QStringLiteral("2030-05-01"))); // a draft's document dates: sealed

    c.photo(d);
    REQUIRE(c.enrollments->submit(d));
    REQUIRE(c.enrollments->destroyPrintedOnly(d.id, QStringLiteral("printed")));
    auto rec = c.enrollments->record(d.id);
    REQUIRE(rec);
    CHECK_FALSE(rec->printedOnlyHeld);
    CHECK(rec->printedOnlyFields.isEmpty());
    dump = c.dump();
    CHECK_FALSE(dump.contains(QStringLiteral("INSERT INTO enrollment_keys")));
    CHECK_FALSE(dump.contains(QStringLiteral("INSERT INTO sealed_values")));
    CHECK_FALSE(dump.contains(QStringLiteral("XK9923417")));
}

TEST_CASE("A possible duplicate needs another person, a supervisor, to go on", "[enrollment][duplicates]")
{
    Counter c;
    EnrollmentDraft first = adult(*c.enrollments);
    c.photo(first);
    REQUIRE(c.enrollments->submit(first));

    // Same person, differently typed, with a different passport.
    EnrollmentDraft again = adult(*c.enrollments, QStringLiteral("ZOFIA"), QStringLiteral("Wasowska"));
    again.documents[0].fingerprint.clear();
    auto hits = c.enrollments->possibleDuplicates(again);
    REQUIRE(hits);
    REQUIRE(hits->size() == 1);
    CHECK(hits->front().kind == DuplicateHit::Kind::SamePerson);
    CHECK(hits->front().reason == QStringLiteral("same name and date of birth"));
    c.photo(again);
    auto refused = c.enrollments->submit(again);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::AlreadyExists);
    CHECK(refused.error().message.contains(hits->front().cardNumber));

    auto wrongReason = c.enrollments->submit(
        again,
        Enrollments::SupervisorOverride {QStringLiteral("sam"), secret(kClerkPassword), QStringLiteral("because")});
    REQUIRE_FALSE(wrongReason);
    CHECK(wrongReason.error().code == ErrorCode::InvalidInput);
    auto notASupervisor =
        c.enrollments->submit(again,
                              Enrollments::SupervisorOverride {QStringLiteral("carla"), secret(kClerkPassword),
                                                               QStringLiteral("different-person-same-name")});
    REQUIRE_FALSE(notASupervisor);
    CHECK(notASupervisor.error().code == ErrorCode::PermissionDenied);
    auto wrongPassword =
        c.enrollments->submit(again,
                              Enrollments::SupervisorOverride {QStringLiteral("sam"), secret("not the password at all"),
                                                               QStringLiteral("different-person-same-name")});
    REQUIRE_FALSE(wrongPassword);
    CHECK(wrongPassword.error().code == ErrorCode::AuthFailed);

    auto ok = c.enrollments->submit(again,
                                    Enrollments::SupervisorOverride {QStringLiteral("sam"), secret(kClerkPassword),
                                                                     QStringLiteral("different-person-same-name")});
    REQUIRE(ok);
    CHECK(ok->overridden.size() == 1);
    auto rec = c.enrollments->record(again.id);
    REQUIRE(rec);
    CHECK(rec->summary.flags.contains(QStringLiteral("duplicate_override")));

    auto entries = c.clerk->audit().entries();
    REQUIRE(entries);
    bool audited = false;
    for (const AuditEntry &e : *entries) {
        const QString text = e.object + QString::fromUtf8(QJsonDocument(e.details).toJson());
        CHECK_FALSE(text.contains(QStringLiteral("Zofia"), Qt::CaseInsensitive));
        CHECK_FALSE(text.contains(QStringLiteral("sowska"), Qt::CaseInsensitive));
        if (e.event == QLatin1String("duplicate.override")) {
            audited = true;
            CHECK(e.details.value(QStringLiteral("reason")).toString() == QStringLiteral("different-person-same-name"));
        }
    }
    CHECK(audited);
}

TEST_CASE("The same document presented for two applicants is flagged without keeping its number",
          "[enrollment][duplicates]")
{
    Counter c;
    EnrollmentDraft first = adult(*c.enrollments);
    c.photo(first);
    REQUIRE(c.enrollments->submit(first));
    EnrollmentDraft other = adult(*c.enrollments, QStringLiteral("Ana"), QStringLiteral("Ruiz"));
    auto fp = c.enrollments->fingerprint(QStringLiteral("foreign-passport"),
                                         secret("xk 992-3417")); // same number, typed loosely
    REQUIRE(fp);
    other.documents[0].fingerprint = *fp;
    auto hits = c.enrollments->possibleDuplicates(other);
    REQUIRE(hits);
    REQUIRE(hits->size() == 1);
    CHECK(hits->front().kind == DuplicateHit::Kind::SameDocument);
    CHECK(hits->front().reason == QStringLiteral("same document"));
}

TEST_CASE("Only clerks enroll; a submitted enrollment cannot be edited as a draft", "[enrollment][roles]")
{
    Counter c;
    auto sam = c.signIn(QStringLiteral("sam"));
    auto programme = activeProgramme(sam->database());
    REQUIRE(programme);
    Enrollments asSupervisor(sam->access(), **programme);
    EnrollmentDraft d = adult(*c.enrollments);
    auto denied = asSupervisor.saveDraft(d);
    REQUIRE_FALSE(denied);
    CHECK(denied.error().code == ErrorCode::PermissionDenied);

    c.photo(d);
    REQUIRE(c.enrollments->submit(d));
    auto edit = c.enrollments->saveDraft(d);
    REQUIRE_FALSE(edit);
    CHECK(edit.error().message.contains(QStringLiteral("no longer be edited")));
}

TEST_CASE("Programme rules are loaded by administrators; a changed file needs a new version", "[programme][store]")
{
    TestStation t;
    const QByteArray json = programmeJson("points-based.json");
    REQUIRE(installProgramme(t.station->access(), json));
    REQUIRE(installProgramme(t.station->access(), json)); // the same again: fine
    QByteArray changed = json;
    changed.replace("\"points\": 4", "\"points\": 5");
    auto refused = installProgramme(t.station->access(), changed);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("new rules_version")));
    changed.replace("\"rules_version\": \"2026.2\"", "\"rules_version\": \"2026.3\"");
    REQUIRE(installProgramme(t.station->access(), changed));
    auto active = activeProgramme(t.station->database());
    REQUIRE(active);
    CHECK((*active)->rulesVersion == QStringLiteral("2026.3"));
    CHECK(programmeVersion(t.station->database(), QStringLiteral("points-based"), QStringLiteral("2026.2")));

    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    auto carla = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(carla);
    auto denied = installProgramme((*carla)->access(), json);
    REQUIRE_FALSE(denied);
    CHECK(denied.error().code == ErrorCode::PermissionDenied);
}

TEST_CASE("Submit refuses an enrollment without an accepted photo; the programme's exception goes through, flagged",
          "[enrollment][submit][photo]")
{
    Counter c;
    EnrollmentDraft d = adult(*c.enrollments);
    // The bypass: straight to submit, no photo step.
    auto refused = c.enrollments->submit(d);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::InvalidInput);
    CHECK(refused.error().message.startsWith(QStringLiteral("Photo: there is no accepted photo")));
    auto submitted = c.enrollments->list(EnrollmentState::Submitted);
    TESSERA_REQUIRE_OK(submitted);
    CHECK(submitted->empty());

    // A photo that fails a check without an override is not accepted, so it does not count.
    TESSERA_REQUIRE_OK(c.enrollments->saveDraft(d));
    auto photo = sample::cardPhoto();
    TESSERA_REQUIRE_OK(photo);
    photo->assessment.checks[2].pass = false;
    photo->assessment.acceptable = false;
    CHECK_FALSE(EnrollmentPhotos(c.clerk->access(), c.enrollments->programme())
                    .setPhoto(d.id, photo->jpeg, photo->assessment, {}, false));
    CHECK_FALSE(c.enrollments->submit(d));

    // An exception must be one of the programme's no_photo codes.
    d.noPhotoReason = QStringLiteral("camera-broken");
    auto unknown = c.enrollments->submit(d);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.contains(QStringLiteral("not one of the programme's reasons")));
    d.noPhotoReason = QStringLiteral("religious-objection-to-photograph");
    TESSERA_REQUIRE_OK(c.enrollments->submit(d));
    auto rec = c.enrollments->record(d.id);
    TESSERA_REQUIRE_OK(rec);
    CHECK(rec->summary.flags.contains(QStringLiteral("no_photo")));
    auto events = EnrollmentStore(c.clerk->database()).events(d.id);
    TESSERA_REQUIRE_OK(events);
    CHECK(std::any_of(events->begin(), events->end(), [](const EnrollmentStore::Event &e) {
        return e.event == QLatin1String("photo_waived")
            && e.reason == QLatin1String("religious-objection-to-photograph");
    }));
    auto entries = c.clerk->audit().entries();
    TESSERA_REQUIRE_OK(entries);
    CHECK(std::any_of(entries->begin(), entries->end(), [](const AuditEntry &e) {
        return e.event == QLatin1String("photo.waived")
            && e.details.value(QStringLiteral("reason")).toString()
            == QLatin1String("religious-objection-to-photograph");
    }));

    // With an accepted photo there is no flag.
    EnrollmentDraft other = adult(*c.enrollments, QStringLiteral("Ana"), QStringLiteral("Ruiz"));
    other.documents[0].fingerprint.clear();
    c.photo(other);
    TESSERA_REQUIRE_OK(c.enrollments->submit(other));
    auto otherRec = c.enrollments->record(other.id);
    TESSERA_REQUIRE_OK(otherRec);
    CHECK_FALSE(otherRec->summary.flags.contains(QStringLiteral("no_photo")));
}

TEST_CASE("A programme that does not require a photo submits without one, and flags it", "[enrollment][submit][photo]")
{
    Counter c;
    Programme optional = c.enrollments->programme();
    optional.photo.required = false;
    Enrollments e(c.clerk->access(), optional);
    EnrollmentDraft d = adult(e);
    TESSERA_REQUIRE_OK(e.submit(d));
    auto rec = e.record(d.id);
    TESSERA_REQUIRE_OK(rec);
    CHECK(rec->summary.flags.contains(QStringLiteral("no_photo")));
}
