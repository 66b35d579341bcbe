#include "core/retention/Purge.h"
#include "core/backup/Backup.h"
#include "core/cards/Cards.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Holdings.h"
#include "core/review/Review.h"
#include "core/store/KeySlots.h"
#include "tests/support/StorePages.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include "core/util/CrashPoint.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

#include <csignal>

using namespace tessera;
using namespace tessera::test;

namespace {

// Child mode: purge-killed-at STATION ISO-TIME: signs in as the administrator and runs an
// on-demand purge as of ISO-TIME, SIGKILLed just before it empties the journal.
const RegisterChildMode purgeKilled {
    "purge-killed-at", [](int argc, char **argv) {
        if (argc < 4)
            return 64;
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        setCrashPointHook([](std::string_view name) {
            if (name == "purge.before-checkpoint")
                ::raise(SIGKILL);
        });
        ManualClock clock(QDateTime::fromString(QString::fromLatin1(argv[3]), Qt::ISODate));
        auto admin =
            Station::login(QString::fromLocal8Bit(argv[2]), QStringLiteral("admin"), secret(kAdminPassword), clock);
        if (!admin)
            return 1;
        PurgeOptions options;
        options.onDemand = true;
        return runPurge((*admin)->access(), options) ? 0 : 1;
    }};

// A station with the points-based programme (printed-only 60 days, drafts 14 days idle,
// rejected 90 days, cards 365 days after expiry, audit 2555 days), a clerk and a supervisor.
struct Office {
    TestStation t;
    Programme programme;
    std::unique_ptr<Station> clerk;
    std::unique_ptr<Station> supervisor;

    Office()
    {
        programme = setUpOffice(t);
        auto c = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
        REQUIRE(c);
        clerk = std::move(*c);
        auto s = Station::login(t.path(), QStringLiteral("sam"), secret(kClerkPassword), t.clock);
        REQUIRE(s);
        supervisor = std::move(*s);
    }

    EnrollmentDraft draft(const QString &given) { return eligibleDraft(given, QStringLiteral("M")); }

    // A card crop as the photo step stores it, with `marker` in a JPEG comment segment so that
    // the page search can look for this photo's bytes.
    static QByteArray photoJpeg(const QByteArray &marker)
    {
        QImage image(413, 531, QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 3) % 256, ((x + y) * 5) % 256));
        auto jpeg = encodeJpeg(image, 40 * 1024);
        REQUIRE(jpeg);
        const qsizetype length = marker.size() + 2;
        QByteArray comment("\xFF\xFE", 2);
        comment.append(char(length >> 8)).append(char(length & 0xFF)).append(marker);
        return jpeg->insert(2, comment); // after SOI
    }

    void setPhoto(qint64 id, const QByteArray &marker)
    {
        PhotoAssessment passed;
        for (const char *check : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure",
                                  "illumination", "background", "resolution"})
            passed.checks.push_back(PhotoCheck {QString::fromLatin1(check), 1.0, 2.0, true, QString()});
        passed.acceptable = true;
        TESSERA_REQUIRE_OK(
            EnrollmentPhotos(clerk->access(), programme).setPhoto(id, photoJpeg(marker), passed, {}, true));
    }

    // Submitted for review; with a card photo carrying `photoMarker` when one is given.
    qint64 submit(const QString &given, const QByteArray &photoMarker = {})
    {
        Enrollments e(clerk->access(), programme);
        EnrollmentDraft d = draft(given);
        if (!photoMarker.isEmpty()) {
            TESSERA_REQUIRE_OK(e.saveDraft(d));
            setPhoto(d.id, photoMarker);
        } else {
            givePhoto(clerk->access(), programme, d);
        }
        TESSERA_REQUIRE_OK(e.submit(d));
        return d.id;
    }

    qint64 saveDraft(const QString &given, const QByteArray &photoMarker = {})
    {
        Enrollments e(clerk->access(), programme);
        EnrollmentDraft d = draft(given);
        TESSERA_REQUIRE_OK(e.saveDraft(d));
        if (!photoMarker.isEmpty())
            setPhoto(d.id, photoMarker);
        return d.id;
    }

    // The card of an approved enrollment, printed (first print confirmed) and handed over.
    CardRecord issueCard(qint64 id)
    {
        Cards cards(clerk->access());
        TESSERA_REQUIRE_OK(cards.sync());
        auto number =
            t.station->database().scalar(QStringLiteral("SELECT card_number FROM enrollments WHERE id = ?"), {id});
        REQUIRE(number);
        auto attempt = cards.beginPrint(number->toString(), QStringLiteral("TesseraPDF"));
        TESSERA_REQUIRE_OK(attempt);
        TESSERA_REQUIRE_OK(cards.finishPrint(*attempt, true));
        TESSERA_REQUIRE_OK(cards.handOver(number->toString()));
        auto card = cards.card(number->toString());
        REQUIRE(card);
        return *card;
    }

    void decide(qint64 id, DecisionKind kind, const QString &note = {})
    {
        Review r(supervisor->access(), programme);
        TESSERA_REQUIRE_OK(r.decide(
            {{id, kind, kind == DecisionKind::Reject ? QStringLiteral("documents-insufficient") : QString(), note}},
            secret(kClerkPassword)));
    }

    PurgeReport purge(bool dryRun = false)
    {
        auto r = runPurge(t.station->access(), PurgeOptions {dryRun, false});
        if (!r)
            FAIL(r.error().message.toStdString());
        return *r;
    }

    bool exists(qint64 id)
    {
        auto n = t.station->database().scalar(QStringLiteral("SELECT count(*) FROM enrollments WHERE id = ?"), {id});
        REQUIRE(n);
        return n->toLongLong() == 1;
    }

    qint64 rows(const QString &sql, qint64 id)
    {
        auto n = t.station->database().scalar(sql, {id});
        REQUIRE(n);
        return n->toLongLong();
    }

    QByteArray sealedBlob(qint64 id)
    {
        auto b = t.station->database().scalar(
            QStringLiteral("SELECT sealed FROM sealed_values WHERE enrollment_id = ? AND kind = 'printed_only'"), {id});
        REQUIRE(b);
        return b->toByteArray();
    }

    DecryptedStore decrypted() { return decryptStorePages(StationPaths {t.path()}.store(), t.rawKey()); }

    QByteArray fileHash()
    {
        const QString store = StationPaths {t.path()}.store();
        const QByteArray both = readFile(store) + readFile(store + QStringLiteral("-wal"));
        return QCryptographicHash::hash(both, QCryptographicHash::Sha256);
    }

    void advanceDays(int days) { t.clock.advance(qint64(days) * 86400); }
};

// The counts of a report as class=count, for readable failures.
std::string counts(const PurgeReport &r)
{
    std::string s;
    for (const PurgeCount &c : r.classes)
        s += c.dataClass.toStdString() + "=" + std::to_string(c.count) + " ";
    return s;
}

void requireCounts(const PurgeReport &r, std::map<QString, qint64> expected)
{
    INFO(counts(r));
    for (const PurgeCount &c : r.classes)
        CHECK(c.count == expected[c.dataClass]);
}

} // namespace

TEST_CASE("The page decrypter reads every page of a store and finds what is there", "[retention][pages]")
{
    TestStation t;
    REQUIRE(t.station->database().run(
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('probe', 'Zyxmarker-present')")));
    const DecryptedStore d = decryptStorePages(StationPaths {t.path()}.store(), t.rawKey());
    INFO(d.problems.join(QLatin1Char(';')).toStdString());
    CHECK(d.ok());
    CHECK(d.pageCount + d.walFrameCount > 1);
    CHECK(d.pages.startsWith("SQLite format 3"));
    CHECK(d.contains("Zyxmarker-present"));
    CHECK(d.contains("CREATE TABLE enrollments")); // the schema on page 1 (or its overflow)

    // A wrong key fails on every page instead of quietly finding nothing.
    const DecryptedStore wrong = decryptStorePages(StationPaths {t.path()}.store(), SecureBuffer::random(32));
    CHECK_FALSE(wrong.ok());
    CHECK_FALSE(wrong.contains("Zyxmarker-present"));
}

TEST_CASE("The clock drives every retention rule, and purged values are in no page of the file", "[retention][purge]")
{
    Office o;
    const qint64 rejected = o.submit(QStringLiteral("Rejectmarker"), "Rejectphotomarker");
    const qint64 approved = o.submit(QStringLiteral("Approvedmarker"));
    const qint64 issued = o.submit(QStringLiteral("Issuedmarker"), "Issuedphotomarker");
    const qint64 draft = o.saveDraft(QStringLiteral("Draftmarker"), "Draftphotomarker");
    o.decide(rejected, DecisionKind::Reject, QStringLiteral("Notemarker about the applicant"));
    o.decide(approved, DecisionKind::Approve);
    o.decide(issued, DecisionKind::Approve);
    const QByteArray approvedSealed = o.sealedBlob(approved);
    REQUIRE(approvedSealed.size() > 16);
    // A supervisor's free-text note on the issued enrollment (the rule removes it once a card exists).
    Database &db = o.t.station->database();
    REQUIRE(
        db.run(QStringLiteral("UPDATE enrollment_events SET note = 'Issuednote' WHERE enrollment_id = ?"), {issued}));

    // The card issue: the card is printed (which destroys the printed-only values) and handed over.
    const CardRecord card = o.issueCard(issued);
    REQUIRE(card.expiresOn);
    CHECK(o.rows(QStringLiteral(
                     "SELECT count(*) FROM print_log l JOIN cards c ON c.id = l.card_id WHERE c.enrollment_id = ?"),
                 issued)
          == 1);

    {
        const DecryptedStore before = o.decrypted();
        INFO(before.problems.join(QLatin1Char(';')).toStdString());
        REQUIRE(before.ok());
        for (const char *m : {"Rejectmarker", "Draftmarker", "Notemarker", "Issuednote", "Rejectphotomarker",
                              "Draftphotomarker", "Issuedphotomarker"})
            CHECK(before.contains(m));
        CHECK(before.contains(approvedSealed));
    }

    // Day 0: the issued card is reduced at once (free-text notes; printing already took the
    // sealed values); the photo and the card record stay for replacement and renewal.
    requireCounts(o.purge(true), {{QStringLiteral("cards_reduced"), 1}});
    requireCounts(o.purge(), {{QStringLiteral("cards_reduced"), 1}});
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_photos WHERE enrollment_id = ?"), issued) == 1);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM cards WHERE enrollment_id = ?"), issued) == 1);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM sealed_values WHERE enrollment_id = ?"), issued) == 0);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_keys WHERE enrollment_id = ?"), issued) == 0);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_fields WHERE enrollment_id = ?"), issued)
          > 0); // renewal needs them
    CHECK_FALSE(o.decrypted().contains("Issuednote"));
    requireCounts(o.purge(), {});

    // Day 13: nothing yet. Day 14: the idle draft goes, whole.
    o.advanceDays(13);
    requireCounts(o.purge(), {});
    CHECK(o.exists(draft));
    o.advanceDays(1);
    requireCounts(o.purge(true), {{QStringLiteral("drafts"), 1}});
    CHECK(o.exists(draft)); // the dry run changed nothing
    const PurgeReport drafts = o.purge();
    requireCounts(drafts, {{QStringLiteral("drafts"), 1}});
    CHECK(drafts.classes[1].photos == 1); // the draft's photo went with it, and the receipt says so
    CHECK_FALSE(o.exists(draft));
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_photos WHERE enrollment_id = ?"), draft) == 0);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_fields WHERE enrollment_id = ?"), draft) == 0);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM attestations WHERE enrollment_id = ?"), draft) == 0);
    {
        const DecryptedStore after = o.decrypted();
        REQUIRE(after.ok());
        CHECK_FALSE(after.contains("Draftmarker"));
        CHECK_FALSE(after.contains("Draftphotomarker"));
        CHECK(after.contains("Rejectmarker")); // not due yet: the search does find what is there
        CHECK(after.contains("Rejectphotomarker"));
        CHECK(after.walFrameCount == 0); // the journal was emptied
    }

    // Day 60: printed-only values of the approved and the (still held) rejected enrollment.
    o.advanceDays(45);
    requireCounts(o.purge(), {});
    o.advanceDays(1);
    requireCounts(o.purge(), {{QStringLiteral("printed_only"), 2}});
    CHECK(o.exists(approved));
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_keys WHERE enrollment_id = ?"), approved) == 0);
    CHECK_FALSE(o.decrypted().contains(approvedSealed));

    // Day 90 after the decision: the rejected enrollment goes, whole, note and all.
    o.advanceDays(29);
    requireCounts(o.purge(), {});
    o.advanceDays(1);
    const PurgeReport rejectedPurge = o.purge();
    requireCounts(rejectedPurge, {{QStringLiteral("rejected"), 1}});
    CHECK(rejectedPurge.classes[2].photos == 1);
    CHECK_FALSE(o.exists(rejected));
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_events WHERE enrollment_id = ?"), rejected) == 0);
    {
        const DecryptedStore after = o.decrypted();
        REQUIRE(after.ok());
        CHECK_FALSE(after.contains("Rejectmarker"));
        CHECK_FALSE(after.contains("Notemarker"));
        CHECK_FALSE(after.contains("Rejectphotomarker"));
        CHECK(after.contains("Issuedmarker")); // the card's record stays until expiry + 365 days
        CHECK(after.contains("Issuedphotomarker"));
    }

    // The card (adult: five years) is kept through expiry + 365 days and gone the day after,
    // with its photo, its card record and its print log.
    const QDate lastDay = card.expiresOn->addDays(365);
    o.t.clock.set(QDateTime(lastDay, QTime(23, 59), Qt::UTC));
    requireCounts(o.purge(), {});
    CHECK(o.exists(issued));
    o.t.clock.set(QDateTime(lastDay.addDays(1), QTime(0, 0), Qt::UTC));
    const PurgeReport removed = o.purge();
    requireCounts(removed, {{QStringLiteral("cards_removed"), 1}});
    CHECK(removed.classes[4].photos == 1);
    CHECK(removed.classes[4].cards == 1);
    CHECK(removed.classes[4].printAttempts == 1);
    CHECK_FALSE(o.exists(issued));
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM cards WHERE enrollment_id = ?"), issued) == 0);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM print_log WHERE card_id = ?"), card.id) == 0);
    CHECK(o.rows(QStringLiteral("SELECT count(*) FROM enrollment_photos WHERE enrollment_id = ?"), issued) == 0);
    {
        const DecryptedStore after = o.decrypted();
        REQUIRE(after.ok());
        CHECK_FALSE(after.contains("Issuedmarker"));
        CHECK_FALSE(after.contains("Issuedphotomarker"));
        CHECK_FALSE(after.contains(card.cardNumber.toLatin1()));
    }
    CHECK(o.exists(approved)); // approved, not yet printed: no rule removes it

    // Audit entries older than 2555 days go behind a checkpoint; the log still verifies.
    auto verified = o.t.station->audit().verify();
    REQUIRE(verified);
    REQUIRE(verified->ok);
    const qint64 before = *o.t.station->audit().count();
    o.t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC).addDays(2555).addSecs(3600));
    const PurgeReport auditPurge = o.purge();
    CHECK(auditPurge.count(QStringLiteral("audit")) > 0);
    CHECK(auditPurge.count(QStringLiteral("audit")) < before);
    verified = o.t.station->audit().verify();
    REQUIRE(verified);
    CHECK(verified->ok);
    CHECK(verified->truncatedThrough == auditPurge.count(QStringLiteral("audit")));

    // Every receipt names a class and a count, and nothing about a person.
    auto entries = o.t.station->audit().entries();
    REQUIRE(entries);
    int receipts = 0;
    for (const AuditEntry &e : *entries) {
        if (e.event != QStringLiteral("retention.purged") && e.event != QStringLiteral("audit.truncated"))
            continue;
        ++receipts;
        CHECK(e.details.contains(QStringLiteral("class")));
        CHECK(e.details.contains(QStringLiteral("count")));
        const QString text = e.object + QString::number(e.details.size());
        CHECK_FALSE(text.contains(QStringLiteral("marker"), Qt::CaseInsensitive));
    }
    CHECK(receipts >= 1);
}

TEST_CASE("A dry run computes the counts and changes nothing, not a byte of the file", "[retention][dry-run]")
{
    Office o;
    o.saveDraft(QStringLiteral("Dryrunmarker"));
    const qint64 rejected = o.submit(QStringLiteral("Other"));
    o.decide(rejected, DecisionKind::Reject);
    o.advanceDays(100);
    // Settle the journal so that only the dry run could change the files.
    REQUIRE(o.t.station->database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    const QByteArray hash = o.fileHash();
    const qint64 entries = *o.t.station->audit().count();

    const PurgeReport dry = o.purge(true);
    CHECK(dry.dryRun);
    requireCounts(dry, {{QStringLiteral("drafts"), 1}, {QStringLiteral("rejected"), 1}});
    CHECK(o.fileHash() == hash);
    CHECK(*o.t.station->audit().count() == entries);

    const PurgeReport real = o.purge();
    for (const PurgeCount &c : dry.classes)
        CHECK(real.count(c.dataClass) == c.count);
    CHECK(real.compacted);
    CHECK(o.fileHash() != hash);
}

TEST_CASE("An on-demand purge needs an administrator and leaves a receipt for every class", "[retention][receipts]")
{
    Office o;
    auto refused = runPurge(o.clerk->access(), PurgeOptions {false, true});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::PermissionDenied);

    const qint64 before = *o.t.station->audit().count();
    auto done = runPurge(o.t.station->access(), PurgeOptions {false, true});
    REQUIRE(done);
    CHECK(done->total() == 0);
    auto entries = o.t.station->audit().entries(before + 1);
    REQUIRE(entries);
    QStringList classes;
    for (const AuditEntry &e : *entries) {
        CHECK(e.event == QStringLiteral("retention.purged"));
        CHECK(e.operatorId == o.t.station->session().currentOperator().id);
        classes << e.details.value(QStringLiteral("class")).toString();
    }
    CHECK(classes
          == QStringList {QStringLiteral("printed_only"), QStringLiteral("drafts"), QStringLiteral("rejected"),
                          QStringLiteral("cards_reduced"), QStringLiteral("cards_removed"), QStringLiteral("audit")});

    // A scheduled run with nothing to do writes nothing.
    const qint64 after = *o.t.station->audit().count();
    auto quiet = runPurge(o.t.station->access(), PurgeOptions {});
    REQUIRE(quiet);
    CHECK(*o.t.station->audit().count() == after);
}

TEST_CASE("A purge that cannot empty the journal says so, and the next run finishes the job", "[retention][compaction]")
{
    Office o;
    o.saveDraft(QStringLiteral("Busymarker"));
    o.advanceDays(15);
    // Another process in the middle of a read: the checkpoint cannot truncate the WAL.
    Database &other = o.clerk->database();
    REQUIRE(other.exec(QStringLiteral("BEGIN")));
    REQUIRE(other.scalar(QStringLiteral("SELECT count(*) FROM enrollments")));
    const PurgeReport busy = o.purge();
    CHECK(busy.count(QStringLiteral("drafts")) == 1);
    CHECK_FALSE(busy.compacted);
    CHECK_FALSE(busy.compactionProblem.isEmpty());
    REQUIRE(other.exec(QStringLiteral("COMMIT")));

    // Nothing is due now, but the pending compaction runs.
    const PurgeReport next = o.purge();
    CHECK(next.total() == 0);
    CHECK(next.compacted);
    const DecryptedStore after = o.decrypted();
    REQUIRE(after.ok());
    CHECK_FALSE(after.contains("Busymarker"));
    CHECK(o.purge().compacted == false); // and then it is not run again for nothing
}

TEST_CASE("A scheduled purge of a few records empties the journal without rewriting the file; on demand it compacts",
          "[retention][compaction]")
{
    Office o;
    o.saveDraft(QStringLiteral("Oldmarker"));
    o.advanceDays(10);
    for (int i = 0; i < 30; ++i)
        o.saveDraft(QStringLiteral("Keptmarker%1").arg(i));
    o.advanceDays(5);

    // The desktop runs this at sign-in and hourly on the GUI thread: it must not VACUUM a
    // whole year's store to remove one draft (secure_delete has already overwritten it).
    const PurgeReport scheduled = o.purge();
    CHECK(scheduled.count(QStringLiteral("drafts")) == 1);
    CHECK(scheduled.compacted);
    CHECK_FALSE(scheduled.rebuilt);
    const DecryptedStore after = o.decrypted();
    REQUIRE(after.ok());
    CHECK_FALSE(after.contains("Oldmarker"));
    CHECK(after.contains("Keptmarker29"));
    CHECK(QFileInfo(StationPaths {o.t.path()}.store() + QStringLiteral("-wal")).size() == 0);

    o.advanceDays(15);
    auto onDemand = runPurge(o.t.station->access(), PurgeOptions {false, true});
    TESSERA_REQUIRE_OK(onDemand);
    CHECK(onDemand->count(QStringLiteral("drafts")) == 30);
    CHECK(onDemand->rebuilt);
    CHECK_FALSE(o.decrypted().contains("Keptmarker29"));
}

TEST_CASE("The holdings report counts card photos, card records and print attempts, and when they go",
          "[retention][holdings]")
{
    Office o;
    const qint64 issued = o.submit(QStringLiteral("Holder"), "Holderphoto");
    const qint64 waiting = o.submit(QStringLiteral("Waiting"));
    o.saveDraft(QStringLiteral("Idle"), "Idlephoto");
    o.decide(issued, DecisionKind::Approve);
    o.decide(waiting, DecisionKind::Approve);
    const CardRecord card = o.issueCard(issued); // sync also makes the waiting one's card record
    REQUIRE(card.expiresOn);

    auto h = holdingsReport(o.t.station->access());
    TESSERA_REQUIRE_OK(h);
    auto row = [&](const char *kind) {
        for (const Holding &r : h->holdings)
            if (r.kind == QLatin1String(kind))
                return r;
        FAIL("no holdings row " << kind);
        return Holding {};
    };
    const Holding photos = row("photos");
    CHECK(photos.count == 3); // every submitted enrollment has its photo, and the idle draft has one
    CHECK(photos.oldest == QStringLiteral("2026-11-23T15:00:00Z"));
    CHECK(photos.nextPurge == QStringLiteral("2026-12-07")); // the idle draft's, 14 days on
    CHECK(photos.nextPurgeCount == 1);
    const Holding cards = row("cards");
    CHECK(cards.count == 2);
    CHECK(cards.nextPurge == card.expiresOn->addDays(366).toString(Qt::ISODate)); // the printed card's
    CHECK(cards.nextPurgeCount == 1);
    const Holding log = row("print_log");
    CHECK(log.count == 1);
    CHECK(log.nextPurge == cards.nextPurge);
    CHECK(row("enrollments.cards").count == 1);    // card printed
    CHECK(row("enrollments.approved").count == 1); // waiting for its card
    CHECK(row("enrollments.cards").nextPurge == cards.nextPurge);

    const QJsonObject json = holdingsJson(*h);
    QStringList kinds;
    for (const QJsonValue &v : json.value(QStringLiteral("holdings")).toArray())
        kinds << v.toObject().value(QStringLiteral("kind")).toString();
    CHECK(kinds.contains(QStringLiteral("photos")));
    CHECK(kinds.contains(QStringLiteral("cards")));
    CHECK(kinds.contains(QStringLiteral("print_log")));
    CHECK(holdingsText(*h).contains(QStringLiteral("Card photos")));
}

TEST_CASE("Photos, cards and the print log survive backup and restore, and the restored station purges them on time",
          "[retention][backup]")
{
    Office o;
    const qint64 issued = o.submit(QStringLiteral("Holder"), "Holderphoto");
    o.decide(issued, DecisionKind::Approve);
    const CardRecord card = o.issueCard(issued);
    REQUIRE(card.expiresOn);
    auto jpeg = o.t.station->database().scalar(
        QStringLiteral("SELECT jpeg FROM enrollment_photos WHERE enrollment_id = ?"), {issued});
    REQUIRE(jpeg);
    REQUIRE(jpeg->toByteArray().contains("Holderphoto"));

    const QString usb = o.t.dir.path() + QStringLiteral("/usb");
    auto made = createBackup(o.t.station->access(), o.t.station->paths(),
                             {usb, 0, secret("backup drawer key 2026"), std::nullopt});
    TESSERA_REQUIRE_OK(made);
    RestoreOptions r;
    r.backupPath = made->file.path;
    r.targetDir = o.t.dir.path() + QStringLiteral("/second");
    r.username = QStringLiteral("admin");
    r.password = secret(kAdminPassword);
    r.backupPassword = secret("backup drawer key 2026");
    TESSERA_REQUIRE_OK(restoreBackup(r, o.t.clock));

    auto second = Station::login(r.targetDir, QStringLiteral("admin"), secret(kAdminPassword), o.t.clock);
    REQUIRE(second);
    Database &db = (*second)->database();
    auto restoredJpeg =
        db.scalar(QStringLiteral("SELECT jpeg FROM enrollment_photos WHERE enrollment_id = ?"), {issued});
    REQUIRE(restoredJpeg);
    CHECK(restoredJpeg->toByteArray() == jpeg->toByteArray());
    auto state = db.scalar(
        QStringLiteral("SELECT state || ' ' || expires_on || ' ' || print_count FROM cards WHERE card_number = ?"),
        {card.cardNumber});
    REQUIRE(state);
    CHECK(state->toString()
          == QStringLiteral("issued ") + card.expiresOn->toString(Qt::ISODate) + QStringLiteral(" 1"));
    auto attempts = db.scalar(
        QStringLiteral("SELECT count(*) FROM print_log WHERE card_id = ? AND outcome = 'confirmed'"), {card.id});
    REQUIRE(attempts);
    CHECK(attempts->toLongLong() == 1);

    // The restored station applies the same rule: gone the day after expiry + 365 days.
    o.t.clock.set(QDateTime(card.expiresOn->addDays(366), QTime(0, 0), Qt::UTC));
    auto purged = runPurge((*second)->access(), PurgeOptions {false, true});
    TESSERA_REQUIRE_OK(purged);
    CHECK(purged->count(QStringLiteral("cards_removed")) == 1);
    CHECK(purged->classes[4].photos == 1);
    CHECK(purged->classes[4].cards == 1);
    CHECK(purged->classes[4].printAttempts == 1);
    auto slots = KeySlotFile::load(StationPaths {r.targetDir}.keys());
    REQUIRE(slots);
    auto key = slots->unlockWithPassword(QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(key);
    const DecryptedStore after = decryptStorePages(StationPaths {r.targetDir}.store(), *key);
    REQUIRE(after.ok());
    CHECK_FALSE(after.contains("Holderphoto"));
}

TEST_CASE("A purge killed before it empties the journal leaves the purged values nowhere once the store is open again",
          "[retention][crash]")
{
    Office o;
    o.saveDraft(QStringLiteral("Crashmarker"));
    o.advanceDays(15);
    const QString now = o.t.clock.now().toString(Qt::ISODate);
    const SecureBuffer key = o.t.rawKey();
    // Every connection of this process closed, as after the desktop's last window.
    o.clerk.reset();
    o.supervisor.reset();
    o.t.station.reset();
    REQUIRE(decryptStorePages(StationPaths {o.t.path()}.store(), key).contains("Crashmarker"));

    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("purge-killed-at"), o.t.path(), now});
    REQUIRE(child.waitForFinished(120000));
    REQUIRE(child.exitStatus() == QProcess::CrashExit);
    // The purge committed (into the journal) and was killed: the old pages are still in the file.
    REQUIRE(decryptStorePages(StationPaths {o.t.path()}.store(), key).contains("Crashmarker"));

    // Signing in again (and staying signed in) empties the journal into the file first.
    auto admin = Station::login(o.t.path(), QStringLiteral("admin"), secret(kAdminPassword), o.t.clock);
    REQUIRE(admin);
    const DecryptedStore after = decryptStorePages(StationPaths {o.t.path()}.store(), key);
    REQUIRE(after.ok());
    CHECK_FALSE(after.contains("Crashmarker"));
    auto drafts = (*admin)->database().scalar(QStringLiteral("SELECT count(*) FROM enrollments"));
    REQUIRE(drafts);
    CHECK(drafts->toLongLong() == 0);
}

TEST_CASE("The holdings report, every section: counts, oldest, rule and next purge of each kind held",
          "[retention][holdings]")
{
    Office o;
    const qint64 issued = o.submit(QStringLiteral("Holder"), "Holderphoto");
    const qint64 waiting = o.submit(QStringLiteral("Waiting"));
    const qint64 rejected = o.submit(QStringLiteral("Rejected"));
    const qint64 returned = o.submit(QStringLiteral("Returned"));
    o.saveDraft(QStringLiteral("Idle"), "Idlephoto");
    o.decide(issued, DecisionKind::Approve);
    o.decide(waiting, DecisionKind::Approve);
    o.decide(rejected, DecisionKind::Reject, QStringLiteral("A note for the record"));
    o.decide(returned, DecisionKind::Return, QStringLiteral("Check the birth date"));
    o.issueCard(issued);
    TESSERA_REQUIRE_OK(Review(o.supervisor->access(), o.programme)
                           .closeDay(o.t.clock.now().toLocalTime().date(), secret(kClerkPassword)));
    o.advanceDays(1);
    o.submit(QStringLiteral("Pending"));

    auto h = holdingsReport(o.t.station->access());
    TESSERA_REQUIRE_OK(h);
    const QJsonObject json = holdingsJson(*h);
    const QString rows = QString::fromUtf8(
        QJsonDocument(json.value(QStringLiteral("holdings")).toArray()).toJson(QJsonDocument::Indented));
    // The whole of it, as the report gave it before it was split into a function per section.
    const char *expected = R"json([
    {
        "count": 2,
        "kind": "enrollments.draft",
        "next_purge": "2026-12-07",
        "next_purge_count": 2,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Deleted whole after 14 days without a change (the programme's period for idle drafts).",
        "what": "Enrollments not yet submitted (drafts, and enrollments returned for correction)"
    },
    {
        "count": 1,
        "kind": "enrollments.pending",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": "2026-11-24T15:00:00Z",
        "rule": "Kept until decided; then the rule of the decision applies.",
        "what": "Enrollments waiting for a supervisor's decision"
    },
    {
        "count": 1,
        "kind": "enrollments.approved",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Kept until the card is printed; their printed-only values go after 60 days at most.",
        "what": "Approved enrollments waiting for their card"
    },
    {
        "count": 1,
        "kind": "enrollments.rejected",
        "next_purge": "2027-02-21",
        "next_purge_count": 1,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Deleted whole (fields, attestations, decision notes) 90 days after the decision (the programme's period for rejected enrollments).",
        "what": "Rejected enrollments"
    },
    {
        "count": 1,
        "kind": "enrollments.cards",
        "next_purge": "2032-11-23",
        "next_purge_count": 1,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Reduced at once to what replacement and renewal need (stored fields, the photo, the card records); deleted whole 365 days after their latest card's expiry (the programme's period after expiry). Cards that do not expire are kept while valid.",
        "what": "Enrollments whose card has been printed (card holders)"
    },
    {
        "count": 24,
        "kind": "applicant_fields",
        "next_purge": "2026-12-07",
        "next_purge_count": 2,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Kept with their enrollment and deleted with it.",
        "what": "Applicant details kept in the clear inside the encrypted store (fields: date of birth, family name, gender, given names)"
    },
    {
        "count": 5,
        "kind": "printed_only",
        "next_purge": "2026-12-07",
        "next_purge_count": 2,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Destroyed, key and all, when the card is printed, and after 60 days at most (the programme's period for printed-only values).",
        "what": "Printed-only values (e.g. the address), sealed under a key of their own per enrollment"
    },
    {
        "count": 3,
        "kind": "draft_documents",
        "next_purge": "2026-12-07",
        "next_purge_count": 2,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Deleted when a supervisor approves or rejects the enrollment (a return keeps them), or with the draft.",
        "what": "Dates of documents presented for a draft or an enrollment awaiting its decision (type, expiry and issue dates; never the number), sealed"
    },
    {
        "count": 6,
        "kind": "photos",
        "next_purge": "2026-12-07",
        "next_purge_count": 2,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "One per enrollment, kept for printing, replacement and renewal; deleted with their enrollment: drafts after 14 days idle, rejected enrollments 90 days after the decision, card holders 365 days after their latest card's expiry.",
        "what": "Card photos: the final crop only (JPEG), with the automatic checks' results and override reason codes"
    },
    {
        "count": 2,
        "kind": "cards",
        "next_purge": "2032-11-23",
        "next_purge_count": 1,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Replacements and renewals are new records of the same enrollment; all are deleted with their enrollment: drafts after 14 days idle, rejected enrollments 90 days after the decision, card holders 365 days after their latest card's expiry.",
        "what": "Card records (card number, template, state, issue and expiry dates, print counts; what a card shows is read from the enrollment)"
    },
    {
        "count": 1,
        "kind": "print_log",
        "next_purge": "2032-11-23",
        "next_purge_count": 1,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Kept with their card record and deleted with their enrollment: drafts after 14 days idle, rejected enrollments 90 days after the decision, card holders 365 days after their latest card's expiry.",
        "what": "Print attempts (printer, time, operator number, outcome, reprint reason code)"
    },
    {
        "count": 18,
        "kind": "attestations",
        "next_purge": "2026-12-07",
        "next_purge_count": 2,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Kept with their enrollment and deleted with it.",
        "what": "Attestations: which document types were seen and what they scored (a keyed hash of the number where the programme asks for duplicate checks, from which the number cannot be recovered)"
    },
    {
        "count": 9,
        "kind": "decision_history",
        "next_purge": "2026-12-07",
        "next_purge_count": 2,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Kept with their enrollment and deleted with it; notes are removed when a card is issued.",
        "what": "Decisions and corrections on enrollments (who, when, reason code, supervisor's note)"
    },
    {
        "count": 36,
        "kind": "audit",
        "next_purge": "2033-01-03",
        "next_purge_count": 3,
        "oldest": "2026-01-05T09:00:00Z",
        "rule": "Removed after 2555 days (the programme's period for audit entries), behind a checkpoint that keeps the chain verifiable.",
        "what": "Audit log entries (what was done, by which operator number, when; no applicant data)"
    },
    {
        "count": 3,
        "kind": "operators",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": "2026-01-05T09:00:00Z",
        "rule": "Kept while the station exists; disabled operators stay, so the audit log can be read.",
        "what": "Operators (staff user names, display names, roles)"
    },
    {
        "count": 1,
        "kind": "batch_reports",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "No programme period applies; kept.",
        "what": "Closed-day batch reports (card numbers and counts per clerk; no names)"
    },
    {
        "count": 1,
        "kind": "programmes",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": "2026-11-23T15:00:00Z",
        "rule": "Kept.",
        "what": "Programme rules files loaded (every version, to re-read old enrollments)"
    }
]
)json";
    CHECK(rows.toStdString() == expected);
}

TEST_CASE("The holdings report before any programme is loaded says that no period applies yet", "[retention][holdings]")
{
    TestStation t;
    auto h = holdingsReport(t.station->access());
    TESSERA_REQUIRE_OK(h);
    const QString rows = QString::fromUtf8(
        QJsonDocument(holdingsJson(*h).value(QStringLiteral("holdings")).toArray()).toJson(QJsonDocument::Indented));
    const char *expected = R"json([
    {
        "count": 0,
        "kind": "enrollments.draft",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Deleted whole after 0 days without a change (the programme's period for idle drafts). No programme is active, so no period applies yet.",
        "what": "Enrollments not yet submitted (drafts, and enrollments returned for correction)"
    },
    {
        "count": 0,
        "kind": "enrollments.pending",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Kept until decided; then the rule of the decision applies. No programme is active, so no period applies yet.",
        "what": "Enrollments waiting for a supervisor's decision"
    },
    {
        "count": 0,
        "kind": "enrollments.approved",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Kept until the card is printed; their printed-only values go after 0 days at most. No programme is active, so no period applies yet.",
        "what": "Approved enrollments waiting for their card"
    },
    {
        "count": 0,
        "kind": "enrollments.rejected",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Deleted whole (fields, attestations, decision notes) 0 days after the decision (the programme's period for rejected enrollments). No programme is active, so no period applies yet.",
        "what": "Rejected enrollments"
    },
    {
        "count": 0,
        "kind": "enrollments.cards",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Reduced at once to what replacement and renewal need (stored fields, the photo, the card records); deleted whole 0 days after their latest card's expiry (the programme's period after expiry). Cards that do not expire are kept while valid. No programme is active, so no period applies yet.",
        "what": "Enrollments whose card has been printed (card holders)"
    },
    {
        "count": 0,
        "kind": "applicant_fields",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Kept with their enrollment and deleted with it.",
        "what": "Applicant details kept in the clear inside the encrypted store (fields: none)"
    },
    {
        "count": 0,
        "kind": "printed_only",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Destroyed, key and all, when the card is printed, and after 0 days at most (the programme's period for printed-only values). No programme is active, so no period applies yet.",
        "what": "Printed-only values (e.g. the address), sealed under a key of their own per enrollment"
    },
    {
        "count": 0,
        "kind": "draft_documents",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Deleted when a supervisor approves or rejects the enrollment (a return keeps them), or with the draft.",
        "what": "Dates of documents presented for a draft or an enrollment awaiting its decision (type, expiry and issue dates; never the number), sealed"
    },
    {
        "count": 0,
        "kind": "photos",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "One per enrollment, kept for printing, replacement and renewal; deleted with their enrollment: drafts after 0 days idle, rejected enrollments 0 days after the decision, card holders 0 days after their latest card's expiry. No programme is active, so no period applies yet.",
        "what": "Card photos: the final crop only (JPEG), with the automatic checks' results and override reason codes"
    },
    {
        "count": 0,
        "kind": "cards",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Replacements and renewals are new records of the same enrollment; all are deleted with their enrollment: drafts after 0 days idle, rejected enrollments 0 days after the decision, card holders 0 days after their latest card's expiry. No programme is active, so no period applies yet.",
        "what": "Card records (card number, template, state, issue and expiry dates, print counts; what a card shows is read from the enrollment)"
    },
    {
        "count": 0,
        "kind": "print_log",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Kept with their card record and deleted with their enrollment: drafts after 0 days idle, rejected enrollments 0 days after the decision, card holders 0 days after their latest card's expiry. No programme is active, so no period applies yet.",
        "what": "Print attempts (printer, time, operator number, outcome, reprint reason code)"
    },
    {
        "count": 0,
        "kind": "attestations",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Kept with their enrollment and deleted with it.",
        "what": "Attestations: which document types were seen and what they scored (a keyed hash of the number where the programme asks for duplicate checks, from which the number cannot be recovered)"
    },
    {
        "count": 0,
        "kind": "decision_history",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Kept with their enrollment and deleted with it; notes are removed when a card is issued.",
        "what": "Decisions and corrections on enrollments (who, when, reason code, supervisor's note)"
    },
    {
        "count": 3,
        "kind": "audit",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": "2026-01-05T09:00:00Z",
        "rule": "Removed after 0 days (the programme's period for audit entries), behind a checkpoint that keeps the chain verifiable. No programme is active, so no period applies yet.",
        "what": "Audit log entries (what was done, by which operator number, when; no applicant data)"
    },
    {
        "count": 1,
        "kind": "operators",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": "2026-01-05T09:00:00Z",
        "rule": "Kept while the station exists; disabled operators stay, so the audit log can be read.",
        "what": "Operators (staff user names, display names, roles)"
    },
    {
        "count": 0,
        "kind": "batch_reports",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "No programme period applies; kept.",
        "what": "Closed-day batch reports (card numbers and counts per clerk; no names)"
    },
    {
        "count": 0,
        "kind": "programmes",
        "next_purge": null,
        "next_purge_count": 0,
        "oldest": null,
        "rule": "Kept.",
        "what": "Programme rules files loaded (every version, to re-read old enrollments)"
    }
]
)json";
    CHECK(rows.toStdString() == expected);
}
