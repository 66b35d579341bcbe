#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/station/Operator.h"
#include "core/util/Error.h"

namespace tessera {

// The operator signed in to an open station: who, with which roles, and whether this is a
// recovery-key session. Apart from the store: a module asks its Session about the operator and
// writes through the store it is given. Owned by the Station it belongs to, valid while that
// Station is; not thread-safe (like the Station).
class Session {
public:
    // What a session needs from the open station: the store's current record of the signed-in
    // operator, and password checks through the key slots and the login throttle. Station
    // implements it.
    class Authority {
    public:
        // The signed-in operator as the store records them now, after following a re-key made
        // by another process. Fails when the record no longer matches its signature.
        virtual Result<Operator> reloadOperator(const Session &session) = 0;
        virtual Result<Operator> verifyPassword(const QString &username, const SecureBuffer &password) = 0;
        virtual ~Authority() = default;
    };

    Session(Authority &authority, Operator op, bool recovery);
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    const Operator &currentOperator() const { return m_operator; }
    // The id that audit entries carry for this session: 0 for a recovery session.
    qint64 operatorId() const { return m_operator.id; }
    // Opened with the recovery key: may only reset passwords and enable operators.
    bool isRecovery() const { return m_recovery; }
    // The roles as loaded at sign-in or at the last requireRole(); for display. Actions use
    // requireRole().
    bool hasRole(Role role) const { return m_operator.roles.testFlag(role); }
    // Re-reads the signed-in operator from the store, so that an operator disabled or changed
    // by an administrator elsewhere loses the power at their next action, not at their next
    // sign-in. Fails with PermissionDenied naming the role.
    Result<void> requireRole(Role role);
    // Checks an operator's password without changing who is signed in (auto-lock, re-entry
    // before a decision, a supervisor's confirmation). Throttled and audited like a login.
    Result<Operator> verifyPassword(const QString &username, const SecureBuffer &password);

private:
    // The Station signs the operator in and keeps the record current after its own changes.
    friend class Station;

    Authority &m_authority;
    Operator m_operator;
    bool m_recovery = false;
};

} // namespace tessera
