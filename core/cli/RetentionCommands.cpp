#include "cli/RetentionCommands.h"

#include "backup/Backup.h"
#include "cli/Cli.h"
#include "print/HoldingsPdf.h"
#include "retention/Holdings.h"
#include "retention/Purge.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace tessera::cli {

namespace {

void emitJson(QTextStream &out, const QJsonObject &o)
{
    out << QJsonDocument(o).toJson(QJsonDocument::Compact) << Qt::endl;
}

int purge(const RetentionContext &c, QTextStream &out)
{
    auto station = c.signIn();
    if (!station)
        return c.report(station.error());
    auto r = runPurge(**station, *c.clock, PurgeOptions{c.dryRun, true});
    if (!r)
        return c.report(r.error());
    if (c.json) {
        QJsonArray classes;
        for (const PurgeCount &p : r->classes)
            classes.append(QJsonObject{{QStringLiteral("class"), p.dataClass},
                                       {QStringLiteral("count"), p.count},
                                       {QStringLiteral("days"), p.days},
                                       {QStringLiteral("photos"), p.photos},
                                       {QStringLiteral("cards"), p.cards},
                                       {QStringLiteral("print_attempts"), p.printAttempts}});
        emitJson(out, {{QStringLiteral("dry_run"), r->dryRun},
                       {QStringLiteral("classes"), classes},
                       {QStringLiteral("total"), r->total()},
                       {QStringLiteral("compacted"), r->compacted},
                       {QStringLiteral("compaction_problem"), r->compactionProblem}});
        return Ok;
    }
    out << (r->dryRun ? "Dry run: nothing was changed. A purge now would remove:\n" : "Purged:\n");
    for (const PurgeCount &p : r->classes) {
        out << "  " << p.dataClass << "\t" << p.count << (p.days > 0 ? QStringLiteral("\t(period %1 days)").arg(p.days) : QString());
        if (p.photos + p.cards + p.printAttempts > 0)
            out << QStringLiteral("\twith %1 photo(s), %2 card record(s), %3 print attempt(s)").arg(p.photos).arg(p.cards).arg(p.printAttempts);
        out << "\n";
    }
    if (!r->dryRun) {
        out << (r->total() == 0 ? QStringLiteral("Nothing was due.")
                : r->compacted  ? QStringLiteral("The store file was checkpointed and vacuumed.")
                                : r->compactionProblem)
            << "\nOne receipt per class is in the audit log (tessera-cli audit export).\n";
    }
    out.flush();
    return Ok;
}

int holdings(const QStringList &words, const RetentionContext &c, QTextStream &out)
{
    if (words.value(1) != QLatin1String("holdings"))
        return c.usage(QStringLiteral("report needs \"holdings\"."));
    auto station = c.signIn();
    if (!station)
        return c.report(station.error());
    auto h = holdingsReport(**station, *c.clock);
    if (!h)
        return c.report(h.error());
    if (!c.out.isEmpty())
        if (auto r = writeHoldingsPdf(c.out, *h); !r)
            return c.report(r.error());
    if (c.json)
        emitJson(out, holdingsJson(*h));
    else
        out << holdingsText(*h) << Qt::flush;
    return Ok;
}

int backup(const RetentionContext &c, QTextStream &out)
{
    if (c.to.isEmpty())
        return c.usage(QStringLiteral("backup needs --to DIR."));
    bool numeric = true;
    const int keep = c.keep.isEmpty() ? 0 : c.keep.toInt(&numeric);
    if (!numeric || keep < 0)
        return c.usage(QStringLiteral("--keep needs a whole number (0 keeps every backup)."));
    auto station = c.signIn();
    if (!station)
        return c.report(station.error());
    BackupOptions o;
    o.dir = c.to;
    o.keep = keep;
    if (c.backupWithRecoveryKey) {
        auto key = c.secret(QStringLiteral("--backup-recovery-key-file"), QStringLiteral("Recovery key"));
        if (!key)
            return c.report(key.error());
        o.recoveryKey = std::move(*key);
    } else {
        auto password = c.secret(QStringLiteral("--backup-password-file"), QStringLiteral("Backup password"));
        if (!password)
            return c.report(password.error());
        o.password = std::move(*password);
    }
    auto r = createBackup(**station, o);
    if (!r)
        return c.report(r.error());
    if (c.json) {
        emitJson(out, {{QStringLiteral("file"), r->file.path},
                       {QStringLiteral("created_at"), isoUtc(r->file.createdAt)},
                       {QStringLiteral("bytes"), r->file.bytes},
                       {QStringLiteral("enrollments"), r->enrollments},
                       {QStringLiteral("audit_entries"), r->auditEntries},
                       {QStringLiteral("rotated_away"), r->rotatedAway}});
    } else {
        out << "Backup written: " << r->file.path << " (" << r->file.bytes << " bytes; " << r->enrollments << " enrollment(s), "
            << r->auditEntries << " audit entries)\n";
        if (r->rotatedAway > 0)
            out << r->rotatedAway << " older backup(s) rotated away.\n";
        out << "Keep the backup password apart from the media. A backup still holds what later purges remove, until it is rotated away."
            << Qt::endl;
    }
    return Ok;
}

int restore(const QStringList &words, const RetentionContext &c, QTextStream &out)
{
    if (words.value(1).isEmpty())
        return c.usage(QStringLiteral("restore needs the backup FILE (.tdb)."));
    RestoreOptions o;
    o.backupPath = words.value(1);
    o.targetDir = c.stationDir;
    o.force = c.force;
    if (c.withRecoveryKey) {
        auto key = c.secret(QStringLiteral("--recovery-key-file"), QStringLiteral("Recovery key"));
        if (!key)
            return c.report(key.error());
        o.recoveryKey = std::move(*key);
    } else {
        if (c.user.isEmpty())
            return c.report({ErrorCode::InvalidInput, QStringLiteral("Say which administrator restores: --as USER (or set TESSERA_USER).")});
        o.username = c.user;
        auto password = c.secret(QStringLiteral("--password-file"), QStringLiteral("Password for %1").arg(c.user));
        if (!password)
            return c.report(password.error());
        o.password = std::move(*password);
        auto backupPassword = c.secret(QStringLiteral("--backup-password-file"), QStringLiteral("Backup password"));
        if (!backupPassword)
            return c.report(backupPassword.error());
        o.backupPassword = std::move(*backupPassword);
    }
    auto r = restoreBackup(o, *c.clock);
    if (!r)
        return c.report(r.error());
    if (c.json) {
        emitJson(out, {{QStringLiteral("station"), c.stationDir},
                       {QStringLiteral("enrollments"), r->enrollments},
                       {QStringLiteral("audit_entries"), r->auditEntries},
                       {QStringLiteral("schema"), r->schemaVersion},
                       {QStringLiteral("replaced_existing"), r->replacedExisting}});
    } else {
        out << "Backup verified and restored into " << c.stationDir << ": " << r->enrollments << " enrollment(s), " << r->auditEntries
            << " audit entries (chain verified), schema " << r->schemaVersion << ".\n"
            << "Operators sign in with their passwords as they were when the backup was made." << Qt::endl;
    }
    return Ok;
}

} // namespace

int runRetentionCommand(const QStringList &words, const RetentionContext &context, QTextStream &out, QTextStream &)
{
    const QString verb = words.value(0);
    if (verb == QLatin1String("purge"))
        return purge(context, out);
    if (verb == QLatin1String("report"))
        return holdings(words, context, out);
    if (verb == QLatin1String("backup"))
        return backup(context, out);
    return restore(words, context, out);
}

} // namespace tessera::cli
