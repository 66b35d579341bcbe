#include "core/station/Session.h"

namespace tessera {

Session::Session(Authority &authority, Operator op, bool recovery)
    : m_authority(authority)
    , m_operator(std::move(op))
    , m_recovery(recovery)
{
}

Result<void> Session::requireRole(Role role)
{
    m_authority.checkOwner("Session::requireRole");
    auto fresh = m_authority.reloadOperator(*this);
    if (!fresh)
        return std::unexpected(fresh.error());
    if (fresh->disabled)
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("%1 was disabled by an administrator; sign out.").arg(m_operator.username));
    m_operator.roles = fresh->roles;
    if (!hasRole(role))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("This needs the %1 role, which %2 does not have.")
                        .arg(roleNames(role).value(0), m_operator.username));
    return {};
}

Result<Operator> Session::verifyPassword(const QString &username, const SecureBuffer &password)
{
    m_authority.checkOwner("Session::verifyPassword");
    return m_authority.verifyPassword(username, password);
}

Result<Session::PasswordCheck> Session::beginPasswordCheck(const QString &username)
{
    m_authority.checkOwner("Session::beginPasswordCheck");
    return m_authority.beginPasswordCheck(username);
}

Result<Operator> Session::finishPasswordCheck(PasswordCheck check)
{
    m_authority.checkOwner("Session::finishPasswordCheck");
    return m_authority.finishPasswordCheck(std::move(check));
}

} // namespace tessera
