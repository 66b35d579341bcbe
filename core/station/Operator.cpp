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

} // namespace tessera
