#include "core/station/Operator.h"

namespace tessera {

namespace {
struct RoleName {
    Role role;
    const char *name;
};
constexpr RoleName kRoleNames[] = {
    {Role::Clerk, "clerk"},
    {Role::Supervisor, "supervisor"},
    {Role::Administrator, "administrator"},
};
} // namespace

QStringList roleNames(Roles roles)
{
    QStringList out;
    for (const RoleName &r : kRoleNames)
        if (roles.testFlag(r.role))
            out << QString::fromLatin1(r.name);
    return out;
}

std::optional<Roles> parseRoles(const QString &text)
{
    Roles roles;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = part.trimmed().toLower();
        bool known = false;
        for (const RoleName &r : kRoleNames)
            if (name == QLatin1String(r.name)) {
                roles |= r.role;
                known = true;
            }
        if (!known)
            return std::nullopt;
    }
    if (!roles)
        return std::nullopt;
    return roles;
}

Result<QMap<qint64, QString>> operatorUsernames(Database &db)
{
    QMap<qint64, QString> names;
    auto r = db.each(QStringLiteral("SELECT id, username FROM operators"), {},
                     [&](const Statement &row) { names.insert(row.integer(0), row.text(1)); });
    if (!r)
        return std::unexpected(r.error());
    return names;
}

Result<std::optional<Roles>> enabledOperatorRoles(Database &db, const QString &username)
{
    auto roles =
        db.scalar(QStringLiteral("SELECT roles FROM operators WHERE username = ? AND disabled = 0"), {username});
    if (!roles)
        return std::unexpected(roles.error());
    if (roles->isNull())
        return std::optional<Roles>();
    return std::optional<Roles>(Roles::fromInt(static_cast<int>(roles->toLongLong())));
}

Result<HeldRows> operatorsHeld(Database &db)
{
    return heldRows(db, QStringLiteral("SELECT count(*), min(created_at) FROM operators"));
}

} // namespace tessera
