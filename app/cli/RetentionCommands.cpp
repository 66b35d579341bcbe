#include "app/cli/RetentionCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/cli/StationCommand.h"
#include "core/backup/Backup.h"
#include "core/capture/PhotoChecks.h"
#include "core/cards/Cards.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/print/HoldingsPdf.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Holdings.h"
#include "core/retention/Purge.h"
#include "core/review/Review.h"
#include "core/setup/StationSetup.h"
#include "core/station/Station.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

namespace tessera::cli {

namespace {

class PurgeCommand : public StationCommand {
public:
    PurgeCommand()
        : StationCommand({{QStringLiteral("purge")},
                          QStringLiteral("Apply the programme's retention periods now (administrator); one receipt per "
                                         "class in the audit log."),
                          {},
                          {{QStringLiteral("--dry-run"), {}, QStringLiteral("print the counts and change nothing")}},
                          {}})
    {
    }

protected:
    // This is the purge: were the scheduled one run first, a dry run would have nothing to show.
    bool runsScheduledDuties() const override { return false; }

    int runSignedIn(Invocation &call, Station &station) override
    {
        QTextStream &out = call.out();
        auto r = runPurge(station.access(), PurgeOptions {call.given(QStringLiteral("--dry-run")), true});
        if (!r)
            return call.report(r.error());
        if (call.json()) {
            QJsonArray classes;
            for (const PurgeCount &p : r->classes)
                classes.append(QJsonObject {{QStringLiteral("class"), p.dataClass},
                                            {QStringLiteral("count"), p.count},
                                            {QStringLiteral("days"), p.days},
                                            {QStringLiteral("photos"), p.photos},
                                            {QStringLiteral("cards"), p.cards},
                                            {QStringLiteral("print_attempts"), p.printAttempts}});
            call.emitJson({{QStringLiteral("dry_run"), r->dryRun},
                           {QStringLiteral("classes"), classes},
                           {QStringLiteral("total"), r->total()},
                           {QStringLiteral("compacted"), r->compacted},
                           {QStringLiteral("rebuilt"), r->rebuilt},
                           {QStringLiteral("compaction_problem"), r->compactionProblem}});
            return Ok;
        }
        out << (r->dryRun ? "Dry run: nothing was changed. A purge now would remove:\n" : "Purged:\n");
        for (const PurgeCount &p : r->classes) {
            out << "  " << p.dataClass << "\t" << p.count
                << (p.days > 0 ? QStringLiteral("\t(period %1 days)").arg(p.days) : QString());
            if (p.photos + p.cards + p.printAttempts > 0)
                out << QStringLiteral("\twith %1 photo(s), %2 card record(s), %3 print attempt(s)")
                           .arg(p.photos)
                           .arg(p.cards)
                           .arg(p.printAttempts);
            out << "\n";
        }
        if (!r->dryRun) {
            out << (r->total() == 0 ? QStringLiteral("Nothing was due.")
                        : r->compacted
                        ? (r->rebuilt ? QStringLiteral("The journal was emptied and the store file compacted.")
                                      : QStringLiteral("The journal was emptied."))
                        : r->compactionProblem)
                << "\nOne receipt per class is in the audit log (tessera-cli audit export).\n";
        }
        out.flush();
        return Ok;
    }
};

class HoldingsReportCommand : public StationCommand {
public:
    HoldingsReportCommand()
        : StationCommand(
            {{QStringLiteral("report"), QStringLiteral("holdings")},
             QStringLiteral(
                 "What this station holds, for counsel: per kind of data, how many, the oldest, the next purge; the "
                 "fields never collected; the backups and their ages (administrator)."),
             {},
             {{QStringLiteral("--out"), QStringLiteral("FILE.pdf"), QStringLiteral("also write it as a PDF")}},
             {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &station) override
    {
        QTextStream &out = call.out();
        auto h = holdingsReport(station.access());
        if (!h)
            return call.report(h.error());
        if (!call.option(QStringLiteral("--out")).isEmpty())
            if (auto r = writeHoldingsPdf(call.option(QStringLiteral("--out")), *h); !r)
                return call.report(r.error());
        if (call.json())
            call.emitJson(holdingsJson(*h));
        else
            out << holdingsText(*h) << Qt::flush;
        return Ok;
    }
};

class BackupCommand : public StationCommand {
public:
    BackupCommand()
        : StationCommand(
            {{QStringLiteral("backup")},
             QStringLiteral(
                 "Write an encrypted copy of the store under its own key, protected by a backup password (or the "
                 "recovery key); keep the newest N (administrator)."),
             {},
             {{QStringLiteral("--to"), QStringLiteral("DIR"), QStringLiteral("the folder the backups go to"), true},
              {QStringLiteral("--keep"), QStringLiteral("N"),
               QStringLiteral("keep the newest N backups there (0 keeps every one)")},
              {QStringLiteral("--backup-password-file"), QStringLiteral("FILE"),
               QStringLiteral("the backup password (first line of FILE)")},
              {QStringLiteral("--backup-recovery-key-file"), QStringLiteral("FILE"),
               QStringLiteral("protect it with the recovery key instead")}},
             {}})
    {
    }

protected:
    int check(Invocation &call) override
    {
        bool numeric = true;
        const int keep =
            call.option(QStringLiteral("--keep")).isEmpty() ? 0 : call.option(QStringLiteral("--keep")).toInt(&numeric);
        if (!numeric || keep < 0)
            return call.usage(QStringLiteral("--keep needs a whole number (0 keeps every backup)."));
        return Ok;
    }

    int runSignedIn(Invocation &call, Station &station) override
    {
        QTextStream &out = call.out();
        BackupOptions o;
        o.dir = call.option(QStringLiteral("--to"));
        o.keep = call.option(QStringLiteral("--keep")).toInt(); // checked above; empty is 0
        if (call.given(QStringLiteral("--backup-recovery-key-file"))) {
            auto key = call.secret(QStringLiteral("--backup-recovery-key-file"), QStringLiteral("Recovery key"));
            if (!key)
                return call.report(key.error());
            o.recoveryKey = std::move(*key);
        } else {
            auto password = call.secret(QStringLiteral("--backup-password-file"), QStringLiteral("Backup password"));
            if (!password)
                return call.report(password.error());
            o.password = std::move(*password);
        }
        auto r = createBackup(station.access(), station.paths(), o);
        if (!r)
            return call.report(r.error());
        if (call.json()) {
            call.emitJson({{QStringLiteral("file"), r->file.path},
                           {QStringLiteral("created_at"), isoUtc(r->file.createdAt)},
                           {QStringLiteral("bytes"), r->file.bytes},
                           {QStringLiteral("enrollments"), r->enrollments},
                           {QStringLiteral("audit_entries"), r->auditEntries},
                           {QStringLiteral("rotated_away"), r->rotatedAway}});
        } else {
            out << "Backup written: " << r->file.path << " (" << r->file.bytes << " bytes; " << r->enrollments
                << " enrollment(s), " << r->auditEntries << " audit entries)\n";
            if (r->rotatedAway > 0)
                out << r->rotatedAway << " older backup(s) rotated away.\n";
            out << "Keep the backup password apart from the media. A backup still holds what later purges remove, "
                   "until it is rotated away."
                << Qt::endl;
        }
        return Ok;
    }
};

// Opens no station: the backup is verified first, and the station it replaces may be gone.
class RestoreCommand : public Command {
public:
    RestoreCommand()
        : Command(
            {{QStringLiteral("restore")},
             QStringLiteral("Verify a backup (key, integrity, schema, audit chain), then replace the store in --store "
                            "DIR with it."),
             QStringLiteral(
                 "Needs an administrator's password as of the backup (--as, --password-file) or --recovery-key-file. "
                 "A newer store is replaced only with --force."),
             {{QStringLiteral("--force"), {}, QStringLiteral("replace a store newer than the backup")},
              {QStringLiteral("--backup-password-file"), QStringLiteral("FILE"),
               QStringLiteral("the backup password (first line of FILE)")}},
             {{QStringLiteral("FILE.tdb"), QStringLiteral("the backup")}}})
    {
        for (OptionSpec &o : signInOptions()) {
            o.common = true;
            m_spec.options.push_back(std::move(o));
        }
    }

    int run(Invocation &call) override
    {
        QTextStream &out = call.out();
        RestoreOptions o;
        o.backupPath = call.argument(0);
        o.targetDir = call.stationDir();
        o.force = call.given(QStringLiteral("--force"));
        if (call.given(QStringLiteral("--recovery-key-file"))) {
            auto key = call.secret(QStringLiteral("--recovery-key-file"), QStringLiteral("Recovery key"));
            if (!key)
                return call.report(key.error());
            o.recoveryKey = std::move(*key);
        } else {
            if (call.user().isEmpty())
                return call.report(
                    {ErrorCode::InvalidInput,
                     QStringLiteral("Say which administrator restores: --as USER (or set TESSERA_USER).")});
            o.username = call.user();
            auto password =
                call.secret(QStringLiteral("--password-file"), QStringLiteral("Password for %1").arg(call.user()));
            if (!password)
                return call.report(password.error());
            o.password = std::move(*password);
            auto backupPassword =
                call.secret(QStringLiteral("--backup-password-file"), QStringLiteral("Backup password"));
            if (!backupPassword)
                return call.report(backupPassword.error());
            o.backupPassword = std::move(*backupPassword);
        }
        auto r = restoreBackup(o, call.clock());
        if (!r)
            return call.report(r.error());
        if (call.json()) {
            call.emitJson({{QStringLiteral("station"), call.stationDir()},
                           {QStringLiteral("enrollments"), r->enrollments},
                           {QStringLiteral("audit_entries"), r->auditEntries},
                           {QStringLiteral("schema"), r->schemaVersion},
                           {QStringLiteral("replaced_existing"), r->replacedExisting}});
        } else {
            out << "Backup verified and restored into " << call.stationDir() << ": " << r->enrollments
                << " enrollment(s), " << r->auditEntries << " audit entries (chain verified), schema "
                << r->schemaVersion << ".\n"
                << "Operators sign in with their passwords as they were when the backup was made." << Qt::endl;
        }
        return Ok;
    }
};

class BenchRetentionCommand : public Command {
public:
    BenchRetentionCommand()
        : Command(
            {{QStringLiteral("bench"), QStringLiteral("retention")},
             QStringLiteral(
                 "On a synthetic station in a temporary folder (N enrollments with photos): the scheduled purge, the "
                 "holdings report, a purge with VACUUM, backup and restore, timed."),
             {},
             {{QStringLiteral("--count"), QStringLiteral("N"), QStringLiteral("enrollments (default 2000)")}},
             {}})
    {
    }

    // A synthetic office, made through the same code paths as the counter, timed where
    // retention does its work. Nothing personal: the names are made up from the counter index.
    int run(Invocation &call) override
    {
        QTextStream &out = call.out();
        bool ok = true;
        const int count =
            call.option(QStringLiteral("--count")).isEmpty() ? 2000 : call.option(QStringLiteral("--count")).toInt(&ok);
        if (!ok || count < 8 || count > 100000)
            return call.usage(QStringLiteral("--count must be a number from 8 to 100000."));
        QTemporaryDir work;
        if (!work.isValid())
            return call.report(
                Error {ErrorCode::Io,
                       QStringLiteral("Cannot make a temporary folder for the bench: %1").arg(work.errorString())});
        ManualClock clock(QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC));
        const QString dir = work.filePath(QStringLiteral("station"));
        auto pw = [](const char *text) { return SecureBuffer::fromText(QString::fromLatin1(text)); };
        auto fail = [&](const Error &e) { return call.report(e); };
        QElapsedTimer timer;
        auto ms = [&] { return static_cast<double>(timer.nsecsElapsed()) / 1e6; };
        auto row = [&](const QString &what, double millis, const QString &extra = {}) {
            out << QStringLiteral("  %1  %2 ms%3\n")
                       .arg(what, -44)
                       .arg(millis, 10, 'f', 1)
                       .arg(extra.isEmpty() ? QString() : QStringLiteral("  (") + extra + QLatin1Char(')'));
            out.flush();
        };

        auto created =
            setUpStation(dir,
                         {QStringLiteral("Bench"), QStringLiteral("BNCH"), QStringLiteral("admin"),
                          QStringLiteral("Bench Admin"), pw("quiet harbour lantern 47"), std::nullopt, false},
                         clock);
        if (!created)
            return fail(created.error());
        std::unique_ptr<Station> admin = std::move(created->station);
        QFile rules(QStringLiteral(":/tessera/programmes/points-based.json"));
        if (!rules.open(QIODevice::ReadOnly))
            return fail(Error {ErrorCode::Io,
                               QStringLiteral("The built-in points-based programme is missing from this build.")});
        auto programme = installProgramme(admin->access(), rules.readAll());
        if (!programme)
            return fail(programme.error());
        for (const char *name : {"clerk", "super"})
            if (auto op = admin->addOperator({QString::fromLatin1(name), QString::fromLatin1(name),
                                              name[0] == 'c' ? Roles(Role::Clerk) : Roles(Role::Supervisor),
                                              pw("amber meadow violin 83")});
                !op)
                return fail(op.error());
        auto clerk = Station::login(dir, QStringLiteral("clerk"), pw("amber meadow violin 83"), clock);
        auto super = Station::login(dir, QStringLiteral("super"), pw("amber meadow violin 83"), clock);
        if (!clerk || !super)
            return fail(!clerk ? clerk.error() : super.error());

        // The photo: a card crop of the size the photo step stores.
        QImage image(413, 531, QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                image.setPixelColor(x, y, QColor((x * 7 + y) % 256, (y * 3) % 256, ((x + y) * 5) % 256));
        auto jpeg = encodeJpeg(image, 40 * 1024);
        if (!jpeg)
            return fail(jpeg.error());
        PhotoAssessment passed;
        for (const char *check : {"face_count", "face_size", "centering", "roll", "sharpness", "exposure",
                                  "illumination", "background", "resolution"})
            passed.checks.push_back(PhotoCheck {QString::fromLatin1(check), 1.0, 2.0, true, QString()});
        passed.acceptable = true;

        out << "bench retention: " << count << " enrollments, each with a " << jpeg->size() << "-byte photo; "
            << "a quarter rejected, a quarter idle drafts, the rest approved, half of those printed and issued.\n";
        out.flush();
        Enrollments enrollments((*clerk)->access(), *programme);
        EnrollmentPhotos photos((*clerk)->access(), *programme);
        std::vector<Decision> decisions;
        auto letters = [](int n) {
            QString s;
            for (int i = 0; i < 4; ++i, n /= 26)
                s.prepend(QChar(u'a' + n % 26));
            return s;
        };
        timer.start();
        for (int i = 0; i < count; ++i) {
            EnrollmentDraft d;
            d.applicant.givenNames = QStringLiteral("Bench") + letters(i);
            d.applicant.familyName = QStringLiteral("Counter") + letters(i * 7 + 3);
            d.applicant.birthDate = QDate(1950, 1, 1).addDays(i % 18000);
            d.applicant.gender = QStringLiteral("F");
            d.applicant.addressLine = QStringLiteral("%1 Bench Street").arg(i + 1);
            d.applicant.city = QStringLiteral("New York");
            d.applicant.postalCode = QStringLiteral("10001");
            d.documents.push_back(
                {PresentedDocument {QStringLiteral("us-passport"), QDate(2030, 1, 1), std::nullopt, true, false},
                 QByteArray()});
            d.documents.push_back(
                {PresentedDocument {QStringLiteral("birth-certificate"), std::nullopt, std::nullopt, false, false},
                 QByteArray()});
            d.documents.push_back(
                {PresentedDocument {QStringLiteral("pay-stub"), std::nullopt, QDate(2026, 11, 1), false, false},
                 QByteArray()});
            if (auto r = enrollments.saveDraft(d); !r)
                return fail(r.error());
            if (auto r = photos.setPhoto(d.id, *jpeg, passed, {}, true); !r)
                return fail(r.error());
            if (i % 4 == 3)
                continue; // stays an idle draft
            if (auto r = enrollments.submit(d); !r)
                return fail(r.error());
            decisions.push_back({d.id, i % 4 == 0 ? DecisionKind::Reject : DecisionKind::Approve,
                                 i % 4 == 0 ? QStringLiteral("documents-insufficient") : QString(), QString()});
        }
        row(QStringLiteral("fill: enroll with photo"), ms(),
            QStringLiteral("%1 ms per enrollment").arg(ms() / count, 0, 'f', 2));
        timer.start();
        if (auto r = Review((*super)->access(), *programme).decide(decisions, pw("amber meadow violin 83")); !r)
            return fail(r.error());
        row(QStringLiteral("fill: review decisions"), ms(), QString::number(decisions.size()));
        timer.start();
        Cards cards((*clerk)->access());
        if (auto r = cards.sync(); !r)
            return fail(r.error());
        auto approved = cards.list();
        if (!approved)
            return fail(approved.error());
        int printed = 0;
        for (std::size_t i = 0; i < approved->size(); i += 2) {
            const QString number = (*approved)[i].cardNumber;
            auto attempt = cards.beginPrint(number, QStringLiteral("bench"));
            if (!attempt)
                return fail(attempt.error());
            if (auto r = cards.finishPrint(*attempt, true); !r)
                return fail(r.error());
            if (auto r = cards.handOver(number); !r)
                return fail(r.error());
            ++printed;
        }
        row(QStringLiteral("fill: cards made, printed, issued"), ms(),
            QStringLiteral("%1 cards, %2 printed").arg(approved->size()).arg(printed));
        // The size measured next is the store's only once the write-ahead log is folded into it.
        if (auto r = admin->database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !r)
            return fail(r.error());
        const StationPaths paths {dir};
        const qint64 before = QFileInfo(paths.store()).size();
        out << QStringLiteral("  store file                                    %1 MiB\n")
                   .arg(static_cast<double>(before) / 1048576.0, 0, 'f', 1);

        // Day 0: the scheduled run at every sign-in and hourly, with nothing due but the card reductions.
        timer.start();
        auto first = runPurge(admin->access(), PurgeOptions {false, false});
        if (!first)
            return fail(first.error());
        row(QStringLiteral("scheduled purge, day 0"), ms(),
            QStringLiteral("%1 removed or reduced").arg(first->total()));
        timer.start();
        auto idle = runPurge(admin->access(), PurgeOptions {false, false});
        if (!idle)
            return fail(idle.error());
        row(QStringLiteral("scheduled purge, nothing due (each sign-in)"), ms(),
            QStringLiteral("%1 removed").arg(idle->total()));
        timer.start();
        auto report = holdingsReport(admin->access());
        if (!report)
            return fail(report.error());
        row(QStringLiteral("holdings report"), ms());

        // Day 91: drafts, rejected enrollments and unprinted printed-only values are due.
        clock.advance(91LL * 86400);
        timer.start();
        auto dry = runPurge(admin->access(), PurgeOptions {true, true});
        if (!dry)
            return fail(dry.error());
        row(QStringLiteral("purge --dry-run, day 91"), ms(), QStringLiteral("%1 due").arg(dry->total()));
        timer.start();
        auto real = runPurge(admin->access(), PurgeOptions {false, true});
        if (!real)
            return fail(real.error());
        row(QStringLiteral("purge, day 91 (delete, checkpoint, VACUUM)"), ms(),
            QStringLiteral("drafts %1, rejected %2, printed-only %3; photos %4; compacted %5")
                .arg(real->count(QString::fromLatin1(purge_class::kDrafts)))
                .arg(real->count(QString::fromLatin1(purge_class::kRejected)))
                .arg(real->count(QString::fromLatin1(purge_class::kPrintedOnly)))
                .arg(real->classes[1].photos + real->classes[2].photos)
                .arg(real->compacted ? QStringLiteral("yes") : QStringLiteral("no")));
        const qint64 after = QFileInfo(paths.store()).size();
        out << QStringLiteral("  store file after purge                        %1 MiB\n")
                   .arg(static_cast<double>(after) / 1048576.0, 0, 'f', 1);

        // The everyday case: one draft left idle; the daily purge removes it and compacts the whole file.
        {
            EnrollmentDraft d;
            d.applicant.givenNames = QStringLiteral("Benchidle");
            if (auto saved = enrollments.saveDraft(d); !saved)
                return fail(saved.error());
            clock.advance(14LL * 86400);
            timer.start();
            auto one = runPurge(admin->access(), PurgeOptions {false, false});
            if (!one)
                return fail(one.error());
            row(QStringLiteral("scheduled purge of one idle draft"), ms(),
                QStringLiteral("%1 removed; journal emptied, no VACUUM").arg(one->total()));
        }

        const QString usb = work.filePath(QStringLiteral("usb"));
        timer.start();
        auto made = createBackup(admin->access(), admin->paths(), {usb, 0, pw("copper river drawer 19"), std::nullopt});
        if (!made)
            return fail(made.error());
        row(QStringLiteral("backup (export under its own key)"), ms(),
            QStringLiteral("%1 MiB").arg(static_cast<double>(made->file.bytes) / 1048576.0, 0, 'f', 1));
        RestoreOptions r;
        r.backupPath = made->file.path;
        r.targetDir = work.filePath(QStringLiteral("second"));
        r.username = QStringLiteral("admin");
        r.password = pw("quiet harbour lantern 47");
        r.backupPassword = pw("copper river drawer 19");
        timer.start();
        auto restored = restoreBackup(r, clock);
        if (!restored)
            return fail(restored.error());
        row(QStringLiteral("restore (verify, then replace)"), ms(),
            QStringLiteral("%1 enrollments").arg(restored->enrollments));
        out << "Times include the key derivation for the backup password (about 0.5 s by design).\n";
        out.flush();
        return Ok;
    }
};

} // namespace

void addRetentionCommands(CommandRegistry &registry)
{
    registry.add(std::make_unique<PurgeCommand>());
    registry.add(std::make_unique<HoldingsReportCommand>());
    registry.add(std::make_unique<BackupCommand>());
    registry.add(std::make_unique<RestoreCommand>());
    registry.add(std::make_unique<BenchRetentionCommand>());
}

} // namespace tessera::cli
