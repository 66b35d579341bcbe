#include "core/programme/ProgrammeStore.h"

#include <QJsonDocument>

namespace tessera {

namespace {

Result<Programme> fromStored(const QVariant &definition)
{
    auto p = Programme::fromJson(definition.toString().toUtf8());
    if (!p)
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("A programme kept in the store no longer validates: %1").arg(p.error().message));
    return p;
}

} // namespace

Result<Programme> installProgramme(StationAccess access, const QByteArray &json)
{
    if (access.session.isRecovery())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session can only reset passwords."));
    if (auto r = access.session.requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    auto programme = Programme::fromJson(json);
    if (!programme)
        return programme;
    // Keep the canonical form: formatting changes alone are not a new version.
    const QString definition = QString::fromUtf8(QJsonDocument::fromJson(json).toJson(QJsonDocument::Compact));
    Database &db = access.db;
    auto existing =
        db.scalar(QStringLiteral("SELECT definition FROM programmes WHERE programme_id = ? AND rules_version = ?"),
                  {programme->id, programme->rulesVersion});
    if (!existing)
        return std::unexpected(existing.error());
    if (!existing->isNull() && existing->toString() != definition)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("rules_version: %1 %2 is already loaded with different rules. Give the changed file a new "
                           "rules_version, so that enrollments scored under the old rules keep them.")
                .arg(programme->id, programme->rulesVersion));
    auto done = db.transaction([&]() -> Result<void> {
        if (auto r = db.exec(QStringLiteral("UPDATE programmes SET active = 0")); !r)
            return r;
        if (existing->isNull()) {
            if (auto r = db.run(QStringLiteral("INSERT INTO programmes (programme_id, rules_version, definition, "
                                               "loaded_at, loaded_by, active) "
                                               "VALUES (?, ?, ?, ?, ?, 1)"),
                                {programme->id, programme->rulesVersion, definition, isoUtc(access.clock.now()),
                                 access.session.currentOperator().id});
                !r)
                return r;
        } else if (auto r = db.run(
                       QStringLiteral("UPDATE programmes SET active = 1 WHERE programme_id = ? AND rules_version = ?"),
                       {programme->id, programme->rulesVersion});
                   !r) {
            return r;
        }
        auto e = access.audit.append(access.session.currentOperator().id, QStringLiteral("programme.loaded"),
                                     QStringLiteral("programme:") + programme->id,
                                     {{QStringLiteral("rules_version"), programme->rulesVersion}});
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return programme;
}

Result<std::optional<Programme>> activeProgramme(Database &db)
{
    auto definition = db.scalar(QStringLiteral("SELECT definition FROM programmes WHERE active = 1"));
    if (!definition)
        return std::unexpected(definition.error());
    if (definition->isNull())
        return std::optional<Programme>();
    auto p = fromStored(*definition);
    if (!p)
        return std::unexpected(p.error());
    return std::optional<Programme>(std::move(*p));
}

Result<Programme> programmeVersion(Database &db, const QString &programmeId, const QString &rulesVersion)
{
    auto definition =
        db.scalar(QStringLiteral("SELECT definition FROM programmes WHERE programme_id = ? AND rules_version = ?"),
                  {programmeId, rulesVersion});
    if (!definition)
        return std::unexpected(definition.error());
    if (definition->isNull())
        return fail(
            ErrorCode::NotFound,
            QStringLiteral("Programme %1 version %2 is not loaded on this station.").arg(programmeId, rulesVersion));
    return fromStored(*definition);
}

Result<HeldRows> programmesHeld(Database &db)
{
    return heldRows(db, QStringLiteral("SELECT count(*), min(loaded_at) FROM programmes"));
}

} // namespace tessera
