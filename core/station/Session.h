#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/station/Operator.h"
#include "core/store/KeySlots.h"
#include "core/util/Error.h"

#include <optional>

namespace tessera {

// The operator signed in to an open station: who, with which roles, and whether this is a
// recovery-key session. Apart from the store: a module asks its Session about the operator and
// writes through the store it is given. Owned by the Station it belongs to, valid while that
// Station is. Not thread-safe: it belongs to the thread that owns the station's store, and every
// call checks (a call from another thread aborts, naming it; see Database).
class Session {
public:
    // The slow middle of a password check (Argon2id over the operator's slot, about half a
    // second), on a copy of the key file: callable on any thread, and touches no station. Made
    // by beginPasswordCheck, given back to finishPasswordCheck.
    class PasswordCheck {
    public:
        PasswordCheck(QString username, KeySlotFile slots)
            : m_username(std::move(username))
            , m_slots(std::move(slots))
        {
        }
        // Any thread: opens the slot with `password` and keeps the outcome for finishPasswordCheck.
        void unlock(const SecureBuffer &password) { m_keys = m_slots.unlockSlot(m_username, password); }
        const QString &username() const { return m_username; }
        const KeySlotFile &slots() const { return m_slots; }
        // What unlock gave; nullopt until it ran.
        std::optional<Result<KeySlotFile::SlotKeys>> &keys() { return m_keys; }

    private:
        QString m_username;
        KeySlotFile m_slots;
        std::optional<Result<KeySlotFile::SlotKeys>> m_keys;
    };

    // What a session needs from the open station: the store's current record of the signed-in
    // operator, and password checks through the key slots and the login throttle. Station
    // implements it.
    class Authority {
    public:
        // The signed-in operator as the store records them now, after following a re-key made
        // by another process. Fails when the record no longer matches its signature.
        virtual Result<Operator> reloadOperator(const Session &session) = 0;
        virtual Result<Operator> verifyPassword(const QString &username, const SecureBuffer &password) = 0;
        virtual Result<PasswordCheck> beginPasswordCheck(const QString &username) = 0;
        virtual Result<Operator> finishPasswordCheck(PasswordCheck check) = 0;
        // Aborts, naming `call`, unless the calling thread owns the station's store.
        virtual void checkOwner(const char *call) const = 0;
        virtual ~Authority() = default;
    };

    Session(Authority &authority, Operator op, bool recovery);
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    const Operator &currentOperator() const
    {
        m_authority.checkOwner("Session::currentOperator");
        return m_operator;
    }
    // The id that audit entries carry for this session: 0 for a recovery session.
    qint64 operatorId() const { return currentOperator().id; }
    // Opened with the recovery key: may only reset passwords and enable operators.
    bool isRecovery() const { return m_recovery; }
    // The roles as loaded at sign-in or at the last requireRole(); for display. Actions use
    // requireRole().
    bool hasRole(Role role) const { return currentOperator().roles.testFlag(role); }
    // Re-reads the signed-in operator from the store, so that an operator disabled or changed
    // by an administrator elsewhere loses the power at their next action, not at their next
    // sign-in. Fails with PermissionDenied naming the role.
    Result<void> requireRole(Role role);
    // Checks an operator's password without changing who is signed in (auto-lock, re-entry
    // before a decision, a supervisor's confirmation). Throttled and audited like a login.
    Result<Operator> verifyPassword(const QString &username, const SecureBuffer &password);
    // verifyPassword in three steps, so that a GUI runs the slow one on a worker thread while
    // it keeps the station (ui/common/TaskRunner.h). beginPasswordCheck, on the owner thread:
    // follows a re-key, re-reads the key file (refusing one the store does not know) and
    // refuses a user name that is locked out or whose failures could not be recorded.
    // PasswordCheck::unlock, on any thread. finishPasswordCheck, on the owner thread: compares
    // the store key, records the attempt with the throttle (a failure may lock the name out)
    // and returns the operator, exactly as verifyPassword would have. A check that was never
    // unlocked is refused.
    Result<PasswordCheck> beginPasswordCheck(const QString &username);
    Result<Operator> finishPasswordCheck(PasswordCheck check);

private:
    // The Station signs the operator in and keeps the record current after its own changes.
    friend class Station;

    Authority &m_authority;
    Operator m_operator;
    bool m_recovery = false;
};

} // namespace tessera
