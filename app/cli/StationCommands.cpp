#include "app/cli/StationCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/cli/StationCommand.h"
#include "core/print/RecoverySheet.h"
#include "core/programme/ProgrammeStore.h"
#include "core/setup/StationSetup.h"
#include "core/station/Station.h"
#include "core/util/InputFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QVariant>
#include <optional>

namespace tessera::cli {

namespace {

OptionSpec newPasswordOption(const QString &whose)
{
    return {QStringLiteral("--new-password-file"), QStringLiteral("FILE"),
            QStringLiteral("the new password of %1 (first line of FILE)").arg(whose)};
}

class InitCommand : public Command {
public:
    InitCommand()
        : Command(
            {{QStringLiteral("init")},
             QStringLiteral("Create a station. Prints the recovery key once; keep it in the office safe."),
             QStringLiteral(
                 "Makes the encrypted store, the key file, the first administrator and the issuer signing key in "
                 "--store DIR. "
                 "The administrator's password is read as --new-password-file (or --password-file) says, else from "
                 "standard input or a prompt."),
             {{QStringLiteral("--station-name"), QStringLiteral("NAME"),
               QStringLiteral("the station's name, as printed on receipts"), true},
              {QStringLiteral("--station-code"), QStringLiteral("CODE"), QStringLiteral("the station's short code"),
               true},
              {QStringLiteral("--admin"), QStringLiteral("USER"), QStringLiteral("the first administrator's user name"),
               true},
              {QStringLiteral("--admin-name"), QStringLiteral("\"FULL NAME\""),
               QStringLiteral("the first administrator's full name"), true},
              {QStringLiteral("--recovery-sheet"), QStringLiteral("FILE.pdf"),
               QStringLiteral("also write the recovery sheet, to print and keep in the safe")},
              newPasswordOption(QStringLiteral("the administrator")),
              {QStringLiteral("--password-file"), QStringLiteral("FILE"),
               QStringLiteral("the same, when --new-password-file is not given")}},
             {}})
    {
    }

    int run(Invocation &call) override
    {
        Station::Setup setup;
        setup.stationName = call.option(QStringLiteral("--station-name"));
        setup.stationCode = call.option(QStringLiteral("--station-code"));
        setup.adminUsername = call.option(QStringLiteral("--admin"));
        setup.adminDisplayName = call.option(QStringLiteral("--admin-name"));
        for (const char *required : {"--station-name", "--station-code", "--admin", "--admin-name"})
            if (call.option(QString::fromLatin1(required)).isEmpty())
                return call.usage(QStringLiteral("init needs %1.").arg(QString::fromLatin1(required)));
        const QString dir = call.stationDir();
        if (Station::existsAt(dir))
            return call.report({ErrorCode::AlreadyExists, QStringLiteral("A station already exists in %1.").arg(dir)});
        QString passwordOption = QStringLiteral("--new-password-file");
        if (call.option(passwordOption).isEmpty() && !call.option(QStringLiteral("--password-file")).isEmpty())
            passwordOption = QStringLiteral("--password-file");
        auto password = call.secret(passwordOption, QStringLiteral("New password for %1").arg(setup.adminUsername));
        if (!password)
            return call.report(password.error());
        setup.adminPassword = std::move(*password);
        auto created = setUpStation(dir, std::move(setup), call.clock());
        if (!created)
            return call.report(created.error());
        auto info = created->station->info();
        if (!info)
            return call.report(info.error());
        const QString key = QString::fromLatin1(reinterpret_cast<const char *>(created->recoveryKey.data()),
                                                static_cast<qsizetype>(created->recoveryKey.size()));
        const QString sheetPath = call.option(QStringLiteral("--recovery-sheet"));
        if (!sheetPath.isEmpty()) {
            RecoverySheet sheet {info->name, info->code, info->storeId, info->createdAt, &created->recoveryKey};
            if (auto r = writeRecoverySheetPdf(sheetPath, sheet); !r)
                return call.report(r.error());
        }
        if (call.json()) {
            call.emitJson({{QStringLiteral("station"), info->name},
                           {QStringLiteral("code"), info->code},
                           {QStringLiteral("store_id"), info->storeId},
                           {QStringLiteral("directory"), created->station->paths().dir},
                           {QStringLiteral("recovery_key"), key}});
        } else {
            call.out()
                << "Station \"" << info->name << "\" (" << info->code << ") created in "
                << created->station->paths().dir << "\n\n"
                << "Recovery key (shown once; write it on the recovery sheet and keep it in the office safe):\n\n    "
                << key << "\n"
                << Qt::endl;
        }
        return Ok;
    }
};

QJsonObject operatorJson(const Operator &op)
{
    return {{QStringLiteral("id"), op.id},
            {QStringLiteral("username"), op.username},
            {QStringLiteral("name"), op.displayName},
            {QStringLiteral("roles"), QJsonArray::fromStringList(roleNames(op.roles))},
            {QStringLiteral("disabled"), op.disabled},
            {QStringLiteral("must_change_password"), op.mustChangePassword},
            {QStringLiteral("created_at"), op.createdAt}};
}

Result<Operator> findOperator(Station &station, const QString &username)
{
    auto ops = station.operators();
    if (!ops)
        return std::unexpected(ops.error());
    for (const Operator &op : *ops)
        if (op.username.compare(username, Qt::CaseInsensitive) == 0)
            return op;
    return fail(ErrorCode::NotFound, QStringLiteral("There is no operator named %1.").arg(username));
}

class UserListCommand : public StationCommand {
public:
    UserListCommand()
        : StationCommand({{QStringLiteral("user"), QStringLiteral("list")},
                          QStringLiteral("The station's operators: user name, name, roles, disabled."),
                          {},
                          {},
                          {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &station) override
    {
        auto ops = station.operators();
        if (!ops)
            return call.report(ops.error());
        if (call.json()) {
            QJsonArray list;
            for (const Operator &op : *ops)
                list.append(operatorJson(op));
            call.emitJson({{QStringLiteral("operators"), list}});
        } else {
            for (const Operator &op : *ops)
                call.out() << op.username << "\t" << op.displayName << "\t"
                           << roleNames(op.roles).join(QLatin1Char(',')) << (op.disabled ? "\tdisabled" : "") << "\n";
            call.out().flush();
        }
        return Ok;
    }
};

class UserAddCommand : public StationCommand {
public:
    UserAddCommand()
        : StationCommand(
            {{QStringLiteral("user"), QStringLiteral("add")},
             QStringLiteral("Add an operator (administrator); they choose their own password at first sign-in."),
             {},
             {{QStringLiteral("--name"), QStringLiteral("\"FULL NAME\""), QStringLiteral("the operator's full name"),
               true},
              {QStringLiteral("--roles"), QStringLiteral("ROLES"), QStringLiteral("clerk[,supervisor][,administrator]"),
               true},
              newPasswordOption(QStringLiteral("the new operator"))},
             {{QStringLiteral("USER"), QStringLiteral("the new operator's user name")}}})
    {
    }

protected:
    int check(Invocation &call) override
    {
        m_roles = parseRoles(call.option(QStringLiteral("--roles")));
        if (!m_roles)
            return call.report({ErrorCode::InvalidInput,
                                QStringLiteral("Roles: use clerk, supervisor and/or administrator, comma-separated.")});
        return Ok;
    }

    int runSignedIn(Invocation &call, Station &station) override
    {
        auto password = call.secret(QStringLiteral("--new-password-file"),
                                    QStringLiteral("New password for %1").arg(call.argument(0)));
        if (!password)
            return call.report(password.error());
        auto added = station.addOperator(
            {call.argument(0), call.option(QStringLiteral("--name")), *m_roles, std::move(*password)});
        if (!added)
            return call.report(added.error());
        if (call.json())
            call.emitJson(operatorJson(*added));
        else
            call.out() << "Added " << added->username << " (" << roleNames(added->roles).join(QStringLiteral(", "))
                       << "); they must choose their own password at first sign-in." << Qt::endl;
        return Ok;
    }

private:
    std::optional<Roles> m_roles;
};

class UserDisableCommand : public StationCommand {
public:
    UserDisableCommand()
        : StationCommand(
            {{QStringLiteral("user"), QStringLiteral("disable")},
             QStringLiteral("Disable an operator (administrator); the store is re-keyed so no older copy of their key "
                            "slot opens it."),
             {},
             {},
             {{QStringLiteral("USER"), QStringLiteral("the operator's user name")}}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &station) override
    {
        auto op = findOperator(station, call.argument(0));
        if (!op)
            return call.report(op.error());
        if (auto r = station.disableOperator(op->id); !r)
            return call.report(r.error());
        if (!call.json())
            call.out() << "Disabled " << op->username
                       << "; their password no longer opens the station, and the store was re-keyed "
                       << "so that no older copy of their key slot opens it either." << Qt::endl;
        return Ok;
    }
};

class UserPasswdCommand : public StationCommand {
public:
    UserPasswdCommand()
        : StationCommand(
            {{QStringLiteral("user"), QStringLiteral("passwd")},
             QStringLiteral(
                 "Without USER: change your own password. With USER: an administrator (or the recovery key) sets a new "
                 "password, which the operator must change at next sign-in."),
             {},
             {newPasswordOption(QStringLiteral("the operator"))},
             {{QStringLiteral("USER"), QStringLiteral("the operator whose password is set (default: yourself)"),
               true}}})
    {
    }

protected:
    bool allowsPendingPasswordChange(const Invocation &call) const override
    {
        return call.argument(0).isEmpty() || call.argument(0).compare(call.user(), Qt::CaseInsensitive) == 0;
    }

    int runSignedIn(Invocation &call, Station &station) override
    {
        const QString named = call.argument(0);
        const bool own = named.isEmpty()
            || (!station.session().isRecovery()
                && named.compare(station.session().currentOperator().username, Qt::CaseInsensitive) == 0);
        if (own && station.session().isRecovery())
            return call.usage(QStringLiteral("With the recovery key, name the operator: user passwd USER."));
        const QString target = own ? station.session().currentOperator().username : named;
        auto next =
            call.secret(QStringLiteral("--new-password-file"), QStringLiteral("New password for %1").arg(target));
        if (!next)
            return call.report(next.error());
        if (own) {
            if (auto r = station.changeOwnPassword(call.actingPassword(), *next); !r)
                return call.report(r.error());
            if (!call.json())
                call.out() << "Your password was changed." << Qt::endl;
            return Ok;
        }
        auto op = findOperator(station, target);
        if (!op)
            return call.report(op.error());
        if (auto r = station.resetPassword(op->id, *next); !r)
            return call.report(r.error());
        if (!call.json())
            call.out() << "Set a new password for " << op->username << "; they must change it at their next sign-in."
                       << Qt::endl;
        return Ok;
    }
};

class AuditVerifyCommand : public StationCommand {
public:
    AuditVerifyCommand()
        : StationCommand(
            {{QStringLiteral("audit"), QStringLiteral("verify")},
             QStringLiteral("Check the audit log's hash chain and the administrators' signatures on operator records."),
             {},
             {{QStringLiteral("--head"), QStringLiteral("HASH"),
               QStringLiteral("also check that HASH (a head noted earlier) is in the chain")}},
             {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &s) override
    {
        auto v = s.audit().verify();
        if (!v)
            return call.report(v.error());
        const QString wanted = call.option(QStringLiteral("--head")).toLower();
        bool headFound = true;
        if (v->ok && !wanted.isEmpty()) {
            headFound = false;
            auto all = s.audit().entries();
            if (!all)
                return call.report(all.error());
            for (const AuditEntry &e : *all)
                headFound = headFound || QString::fromLatin1(e.hash.toHex()) == wanted;
        }
        // The operator records are not in the chain, but a verification that passed over
        // records altered outside Tessera would be a false comfort.
        auto records = s.operatorRecordProblems();
        if (!records)
            return call.report(records.error());
        const bool ok = v->ok && headFound && records->isEmpty();
        if (call.json()) {
            QJsonObject o {{QStringLiteral("ok"), ok},
                           {QStringLiteral("entries"), v->entries},
                           {QStringLiteral("head"), QString::fromLatin1(v->head.toHex())},
                           {QStringLiteral("truncated_through"), v->truncatedThrough}};
            if (!v->ok) {
                o.insert(QStringLiteral("first_bad_entry"), v->firstBadSeq);
                o.insert(QStringLiteral("problem"), v->problem);
            } else if (!headFound) {
                o.insert(
                    QStringLiteral("problem"),
                    QStringLiteral("The noted head is not in the log: entries after it were removed or rewritten."));
            }
            if (!records->isEmpty())
                o.insert(QStringLiteral("operator_records"), QJsonArray::fromStringList(*records));
            call.emitJson(o);
        } else if (!v->ok) {
            call.out() << "Audit log NOT intact: " << v->problem << Qt::endl;
        } else if (!headFound) {
            call.out() << "Audit log chain holds, but the noted head " << wanted
                       << " is not in it: entries after it were removed or rewritten." << Qt::endl;
        } else {
            call.out() << "Audit log intact: " << v->entries << " entries, head " << v->head.toHex() << Qt::endl;
            if (v->truncatedThrough > 0)
                call.out() << "Entries 1 to " << v->truncatedThrough
                           << " were removed by retention; the chain verifies from their checkpoint." << Qt::endl;
        }
        if (!call.json() && !records->isEmpty())
            call.out() << "Operator records NOT intact:\n  " << records->join(QStringLiteral("\n  ")) << Qt::endl;
        return ok ? Ok : CheckFailed;
    }
};

class AuditExportCommand : public StationCommand {
public:
    AuditExportCommand()
        : StationCommand({{QStringLiteral("audit"), QStringLiteral("export")},
                          QStringLiteral("The audit log as JSON lines (no personal data is ever in it)."),
                          {},
                          {{QStringLiteral("--out"), QStringLiteral("FILE"),
                            QStringLiteral("write to FILE instead of standard output")}},
                          {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &s) override
    {
        auto all = s.audit().entries();
        if (!all)
            return call.report(all.error());
        QFile file;
        QTextStream fileStream;
        QTextStream *target = &call.out();
        const QString outPath = call.option(QStringLiteral("--out"));
        if (!outPath.isEmpty()) {
            file.setFileName(outPath);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return call.report(
                    {ErrorCode::Io,
                     QStringLiteral("--out: %1 could not be written (%2).").arg(outPath, file.errorString())});
            fileStream.setDevice(&file);
            target = &fileStream;
        }
        for (const AuditEntry &e : *all)
            *target << QJsonDocument(
                           QJsonObject {{QStringLiteral("seq"), e.seq},
                                        {QStringLiteral("at"), e.at},
                                        {QStringLiteral("operator"), e.operatorId},
                                        {QStringLiteral("event"), e.event},
                                        {QStringLiteral("object"), e.object},
                                        {QStringLiteral("details"), e.details},
                                        {QStringLiteral("prev_hash"), QString::fromLatin1(e.prevHash.toHex())},
                                        {QStringLiteral("hash"), QString::fromLatin1(e.hash.toHex())}})
                           .toJson(QJsonDocument::Compact)
                    << "\n";
        target->flush();
        return Ok;
    }
};

class StoreUpgradeKeysCommand : public StationCommand {
public:
    StoreUpgradeKeysCommand()
        : StationCommand(
            {{QStringLiteral("store"), QStringLiteral("upgrade-keys")},
             QStringLiteral("Move a key file of the old format (version 1) to the current one (administrator, with the "
                            "recovery key). "
                            "Other operators then need a password reset: their old slots cannot be carried over."),
             {},
             {{QStringLiteral("--with-recovery-key-file"), QStringLiteral("FILE"),
               QStringLiteral("the recovery key (first line of FILE)")}},
             {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &s) override
    {
        auto recovery = call.secret(QStringLiteral("--with-recovery-key-file"), QStringLiteral("Recovery key"));
        if (!recovery)
            return call.report(recovery.error());
        auto reset = s.upgradeKeys(call.actingPassword(), *recovery);
        if (!reset)
            return call.report(reset.error());
        QJsonArray ids;
        for (qint64 id : *reset)
            ids.append(operatorObject(id));
        if (call.json())
            call.emitJson({{QStringLiteral("ok"), true}, {QStringLiteral("operators_needing_reset"), ids}});
        else
            call.out() << "The key file is now in the current format and the store was re-keyed. " << reset->size()
                       << " other operator(s) need a password reset (tessera-cli user passwd USER)." << Qt::endl;
        return Ok;
    }
};

class StoreRekeyCommand : public StationCommand {
public:
    StoreRekeyCommand()
        : StationCommand(
            {{QStringLiteral("store"), QStringLiteral("rekey")},
             QStringLiteral(
                 "A new store key, sealed to every live slot (administrator). Disabling an operator and resetting a "
                 "password re-key by themselves."),
             {},
             {},
             {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &s) override
    {
        if (auto r = s.rekey(); !r)
            return call.report(r.error());
        auto info = s.info();
        if (!info)
            return call.report(info.error());
        if (call.json())
            call.emitJson({{QStringLiteral("ok"), true}, {QStringLiteral("key_epoch"), info->keyEpoch}});
        else
            call.out() << "The store was re-keyed (key epoch " << info->keyEpoch
                       << "); older copies of station.keys and backups' key files no longer open it." << Qt::endl;
        return Ok;
    }
};

class StoreCheckCommand : public StationCommand {
public:
    StoreCheckCommand()
        : StationCommand(
            {{QStringLiteral("store"), QStringLiteral("check")},
             QStringLiteral(
                 "Integrity and encryption check, the key file against the store, and the administrators' signatures "
                 "on operator records."),
             {},
             {},
             {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &s) override
    {
        auto problems = s.check();
        if (!problems)
            return call.report(problems.error());
        if (call.json())
            call.emitJson({{QStringLiteral("ok"), problems->isEmpty()},
                           {QStringLiteral("cipher_version"), s.database().cipherVersion()},
                           {QStringLiteral("problems"), QJsonArray::fromStringList(*problems)}});
        else if (problems->isEmpty())
            call.out() << "Store intact and encrypted (SQLCipher " << s.database().cipherVersion() << ")." << Qt::endl;
        else
            call.out() << "Store problems:\n  " << problems->join(QStringLiteral("\n  ")) << Qt::endl;
        return problems->isEmpty() ? Ok : CheckFailed;
    }
};

class StoreInfoCommand : public StationCommand {
public:
    StoreInfoCommand()
        : StationCommand({{QStringLiteral("store"), QStringLiteral("info")},
                          QStringLiteral("Station, schema, cipher and key-slot facts."),
                          {},
                          {},
                          {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &s) override
    {
        auto info = s.info();
        if (!info)
            return call.report(info.error());
        auto head = s.audit().head();
        auto count = s.audit().count();
        const QJsonObject o {
            {QStringLiteral("station"), info->name},
            {QStringLiteral("code"), info->code},
            {QStringLiteral("store_id"), info->storeId},
            {QStringLiteral("directory"), s.paths().dir},
            {QStringLiteral("created_at"), info->createdAt},
            {QStringLiteral("schema_version"), info->schemaVersion},
            {QStringLiteral("cipher_version"), info->cipherVersion},
            {QStringLiteral("cipher_page_size"), info->cipher.pageSize},
            {QStringLiteral("cipher_hmac_algorithm"), info->cipher.hmacAlgorithm},
            {QStringLiteral("cipher_kdf_algorithm"), info->cipher.kdfAlgorithm},
            {QStringLiteral("slot_kdf"),
             QStringLiteral("argon2id ops=%1 mem=%2MiB")
                 .arg(info->slotKdf.opsLimit)
                 .arg(info->slotKdf.memLimitBytes / crypto::kMiB)},
            {QStringLiteral("operator_slots"), info->operatorSlots},
            {QStringLiteral("key_file_version"), info->keyFileVersion},
            {QStringLiteral("key_epoch"), info->keyEpoch},
            {QStringLiteral("last_rekey_at"), info->lastRekeyAt},
            {QStringLiteral("login_max_failures"), info->loginPolicy.maxFailures},
            {QStringLiteral("login_lockout_seconds"), info->loginPolicy.lockoutSeconds},
            {QStringLiteral("auto_lock_seconds"), info->autoLockSeconds},
            {QStringLiteral("audit_entries"), count.value_or(0)},
            {QStringLiteral("audit_head"), QString::fromLatin1(head.value_or(QByteArray()).toHex())},
            {QStringLiteral("demo"), info->demo},
        };
        if (call.json()) {
            call.emitJson(o);
        } else {
            for (auto it = o.begin(); it != o.end(); ++it)
                call.out() << it.key() << ": " << it.value().toVariant().toString() << "\n";
            call.out().flush();
        }
        return Ok;
    }
};

class ProgrammeLoadCommand : public StationCommand {
public:
    ProgrammeLoadCommand()
        : StationCommand(
            {{QStringLiteral("programme"), QStringLiteral("load")},
             QStringLiteral("Validate and activate programme rules (administrator). A refused file changes nothing."),
             {},
             {},
             {{QStringLiteral("FILE.json"), QStringLiteral("the programme rules file")}}})
    {
    }

protected:
    int check(Invocation &call) override
    {
        auto read = readInputFile(call.argument(0), 4 * kMebibyte);
        if (!read)
            return call.report(read.error());
        m_definition = std::move(*read);
        return Ok;
    }

    int runSignedIn(Invocation &call, Station &station) override
    {
        auto p = installProgramme(station.access(), m_definition);
        if (!p)
            return call.report(
                {p.error().code,
                 QStringLiteral("%1 was refused; nothing was changed.\n%2").arg(call.argument(0), p.error().message)});
        if (call.json())
            call.emitJson({{QStringLiteral("programme"), p->id}, {QStringLiteral("rules_version"), p->rulesVersion}});
        else
            call.out() << "Loaded and activated " << p->id << " rules version " << p->rulesVersion << "." << Qt::endl;
        return Ok;
    }

private:
    QByteArray m_definition;
};

class ProgrammeShowCommand : public StationCommand {
public:
    ProgrammeShowCommand()
        : StationCommand({{QStringLiteral("programme"), QStringLiteral("show")},
                          QStringLiteral("The active programme: id, rules version, documents, rules, retention."),
                          {},
                          {},
                          {}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &station) override
    {
        auto active = activeProgramme(station.database());
        if (!active)
            return call.report(active.error());
        if (!*active) {
            call.out() << "No programme rules are loaded." << Qt::endl;
            return Ok;
        }
        const Programme &p = **active;
        QJsonObject retention;
        for (Field f : allFields())
            retention.insert(fieldKey(f), retentionName(p.retentionOf(f)));
        QJsonArray documents;
        for (const DocumentType &d : p.documents)
            documents.append(d.id);
        QJsonArray rules;
        for (const Rule &r : p.rules)
            rules.append(r.text.in(p.languages.value(0)));
        const QJsonObject o {{QStringLiteral("programme"), p.id},
                             {QStringLiteral("name"), p.name.in(p.languages.value(0))},
                             {QStringLiteral("rules_version"), p.rulesVersion},
                             {QStringLiteral("languages"), QJsonArray::fromStringList(p.languages)},
                             {QStringLiteral("documents"), documents},
                             {QStringLiteral("rules"), rules},
                             {QStringLiteral("retention"), retention}};
        if (call.json()) {
            call.emitJson(o);
        } else {
            call.out() << p.name.in(p.languages.value(0)) << " (" << p.id << ", rules " << p.rulesVersion << ")\n";
            call.out() << "Rules:\n";
            for (const Rule &r : p.rules)
                call.out() << "  - " << r.text.in(p.languages.value(0)) << "\n";
            call.out() << "Fields:\n";
            for (Field f : allFields())
                call.out() << "  " << fieldKey(f) << ": " << retentionName(p.retentionOf(f)) << "\n";
            call.out().flush();
        }
        return Ok;
    }
};

} // namespace

void addStationCommands(CommandRegistry &registry)
{
    registry.add(std::make_unique<InitCommand>());
    registry.add(std::make_unique<UserListCommand>());
    registry.add(std::make_unique<UserAddCommand>());
    registry.add(std::make_unique<UserDisableCommand>());
    registry.add(std::make_unique<UserPasswdCommand>());
    registry.add(std::make_unique<AuditVerifyCommand>());
    registry.add(std::make_unique<AuditExportCommand>());
    registry.add(std::make_unique<StoreCheckCommand>());
    registry.add(std::make_unique<StoreInfoCommand>());
    registry.add(std::make_unique<StoreRekeyCommand>());
    registry.add(std::make_unique<StoreUpgradeKeysCommand>());
    registry.add(std::make_unique<ProgrammeLoadCommand>());
    registry.add(std::make_unique<ProgrammeShowCommand>());
}

} // namespace tessera::cli
