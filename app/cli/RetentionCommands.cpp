#include "app/cli/RetentionCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/cli/StationCommand.h"
#include "app/tools/RetentionBenchmark.h"
#include "core/backup/Backup.h"
#include "core/print/HoldingsPdf.h"
#include "core/retention/Holdings.h"
#include "core/retention/Purge.h"
#include "core/station/Station.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

    int run(Invocation &call) override
    {
        QTextStream &out = call.out();
        bool ok = true;
        const int count =
            call.option(QStringLiteral("--count")).isEmpty() ? 2000 : call.option(QStringLiteral("--count")).toInt(&ok);
        if (!ok || count < 8 || count > 100000)
            return call.usage(QStringLiteral("--count must be a number from 8 to 100000."));
        auto done = RetentionBenchmark::run(count, [&out](const QString &text) {
            out << text;
            out.flush();
        });
        return done ? Ok : call.report(done.error());
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
