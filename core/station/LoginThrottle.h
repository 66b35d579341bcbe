#pragma once

#include "core/store/KeySlots.h"
#include "core/util/Clock.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace tessera {

// Failed-login bookkeeping, kept in a small file beside the store because a failed login
// has no key to write into the store with. Keyed by slot id, which exists for unknown user
// names too, so an unknown name is throttled exactly like a known one. Failures are queued
// here as pending audit events and moved into the audit log at the next successful login.
// Reads the file on every call, so the CLI and the desktop see the same state, and changes
// it under a lock (station.throttle.lock), so that neither loses the other's updates.
//
// Fails closed: a lock-out that cannot be written does not hold, so a sign-in asks
// requireRecordable() before it tries a password and is refused when the file cannot be
// written (or is there but cannot be read); a failure that cannot be recorded refuses too.
class LoginThrottle {
public:
    struct PendingEvent {
        QString at;
        QString event; // "login.failed" | "login.locked_out" | "login.refused_while_locked"
        QString slotId;
    };

    LoginThrottle(QString path, LoginPolicy policy, const Clock &clock);

    // When the slot is locked out now, the time the lock ends. Fails when the file is there
    // but cannot be read (a lock-out in it would otherwise be ignored).
    Result<std::optional<QDateTime>> lockedUntil(const QString &slotId) const;
    // Succeeds when a failure could be recorded now: the lock can be taken, the file (if
    // there) read, and the folder takes a new file. Changes nothing.
    Result<void> requireRecordable();
    // Counts a failure; returns the end of the lock-out when this failure started one.
    Result<std::optional<QDateTime>> recordFailure(const QString &slotId);
    Result<void> recordRefusedWhileLocked(const QString &slotId);
    Result<void> recordSuccess(const QString &slotId);
    struct Pending {
        std::vector<PendingEvent> events;
        qint64 dropped = 0; // events not queued because the queue was full
    };
    // Returns and forgets the queued audit events.
    Result<Pending> takePendingEvents();

private:
    struct State;
    Result<State> load() const;
    Result<void> save(const State &state) const;
    // What is wrong and what to do when the file cannot be read or written.
    Error notRecordable() const;

    QString m_path;
    LoginPolicy m_policy;
    const Clock &m_clock;
};

} // namespace tessera
