#include "ui/common/RoleText.h"

#include <QCoreApplication>
#include <QStringList>

namespace tessera::ui {

QString roleText(Role role)
{
    switch (role) {
    case Role::Clerk:
        return QCoreApplication::translate("Roles", "Clerk");
    case Role::Supervisor:
        return QCoreApplication::translate("Roles", "Supervisor");
    case Role::Administrator:
        return QCoreApplication::translate("Roles", "Administrator");
    }
    return {};
}

QString roleText(Roles roles)
{
    QStringList out;
    for (Role r : {Role::Clerk, Role::Supervisor, Role::Administrator})
        if (roles.testFlag(r))
            out << roleText(r);
    return out.join(QStringLiteral(", "));
}

} // namespace tessera::ui
