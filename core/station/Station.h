#pragma once

#include "core/audit/AuditLog.h"
#include "core/crypto/Crypto.h"
#include "core/station/Operator.h"
#include "core/station/Session.h"
#include "core/station/StationAccess.h"
#include "core/station/StationInfo.h"
#include "core/station/StationPaths.h"
#include "core/store/Database.h"
#include "core/store/KeySlots.h"
#include "core/store/StationSettings.h"
#include "core/util/Clock.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tessera {

class LoginThrottle;

// An unlocked station with one operator signed in (its session). Every action checks that
// operator's roles and is written to the audit log. Holds the store key in secure memory for
// its lifetime. Not thread-safe: the Station, its session and its store belong to the thread that
// owns its Database (the one that opened it, until an explicit hand-over: database().handOver),
// and a call from any other thread aborts, naming the call. Slow work (Argon2id over a slot)
// runs without the Station, on copies; see ui/common/TaskRunner.h.
//
// Its member functions are defined in one file per concern, named after it; a function goes
// where the concern it serves lives, and what two files share is declared in Station_p.h:
//   Station.cpp            set-up (create), the station's own settings, info, the audit record
//   StationSignIn.cpp      login, recovery-key sign-in, verifyPassword, lock, unlock, logout
//   StationOperators.cpp   operator records and their administration (add, disable, reset, own
//                          password)
//   StationKeyFile.cpp     the key file and the store kept in step: slot changes, re-key,
//                          upgrade from version 1, their crash-safety protocol and step hooks
//   StationIntegrity.cpp   check() and operatorRecordProblems()
class Station : private Session::Authority {
public:
    struct Setup {
        QString stationName;
        QString stationCode; // 2-8 letters or digits, printed in card numbers
        QString adminUsername;
        QString adminDisplayName;
        SecureBuffer adminPassword;
        // Argon2id parameters for operator slots; calibrated to ~0.5 s at 256 MiB when empty.
        std::optional<crypto::KdfParams> slotKdf;
        bool demo = false;
    };
    struct Created {
        std::unique_ptr<Station> station;
        SecureBuffer recoveryKey; // display form, shown once and never stored
    };
    struct NewOperator {
        QString username;
        QString displayName;
        Roles roles;
        SecureBuffer password;
    };

    ~Station() override;
    Station(const Station &) = delete;
    Station &operator=(const Station &) = delete;

    // The per-user default station folder (XDG data location), overridden by TESSERA_STATION.
    static QString defaultDirectory();
    static bool existsAt(const QString &dir);
    static Result<Created> create(const QString &dir, Setup setup, const Clock &clock);
    // Signs an operator in by opening their own key slot. Unknown name and wrong password
    // give the same error; repeated failures lock the name out (LoginPolicy).
    static Result<std::unique_ptr<Station>> login(const QString &dir, const QString &username,
                                                  const SecureBuffer &password, const Clock &clock);
    // Opens with the recovery key from the recovery sheet. The session may only reset
    // passwords and enable operators (administrator recovery), and is audited as such.
    static Result<std::unique_ptr<Station>> openWithRecoveryKey(const QString &dir, const SecureBuffer &recoveryKey,
                                                                const Clock &clock);

    // Who is signed in; what the modules ask about the operator and their roles.
    Session &session() { return m_session; }
    const Session &session() const { return m_session; }
    const StationPaths &paths() const { return m_paths; }
    const Clock &clock() const { return m_clock; }
    // The open store, its audit log, the clock and the session, for wiring the modules.
    StationAccess access() { return StationAccess {m_db, m_audit, m_clock, m_session}; }
    Database &database() { return m_db; }
    AuditLog &audit() { return m_audit; }
    Result<StationInfo> info();

    Result<void> recordLocked();
    // Resumes after auto-lock: the same operator, or a supervisor, with their password.
    Result<Operator> unlockSession(const QString &username, const SecureBuffer &password);
    // The same with the password checked in three steps (Session::beginPasswordCheck), the slow
    // one off this thread: `checked` is the unlocked check of whoever unlocks.
    Result<Operator> unlockSession(Session::PasswordCheck checked);
    Result<void> logout();
    // Ends a locked session for someone else's sign-in (the lock page's "Sign in as someone
    // else"): audited as the locked operator's session.taken_over, in place of a logout.
    Result<void> recordTakenOver();

    Result<std::vector<Operator>> operators();
    Result<Operator> operatorById(qint64 id);
    // `passwordKey`: the password's key when derived already (off this thread, with slotKdf());
    // derived here otherwise. Must be derived from `op.password`, which the policy check reads.
    Result<Operator> addOperator(NewOperator op, std::optional<KeySlotFile::PasswordKey> passwordKey = std::nullopt);
    Result<void> disableOperator(qint64 id);
    // Rewraps the operator's slot under a new password; the operator must change it at next
    // login. Also re-enables a disabled operator.
    // `newKey`: as addOperator's `passwordKey`.
    Result<void> resetPassword(qint64 id, const SecureBuffer &newPassword,
                               std::optional<KeySlotFile::PasswordKey> newKey = std::nullopt);
    Result<void> changeOwnPassword(const SecureBuffer &current, const SecureBuffer &next);
    // The same with the slow parts done off this thread: `checked` is the unlocked check of
    // `current` (Session::beginPasswordCheck), `nextKey` derived from `next` with slotKdf().
    Result<void> changeOwnPassword(const SecureBuffer &current, const SecureBuffer &next,
                                   Session::PasswordCheck checked, KeySlotFile::PasswordKey nextKey);
    // The Argon2id parameters of new slots, for deriving a new password's key off this thread
    // (KeySlotFile::derivePasswordKey).
    crypto::KdfParams slotKdf();

    // Re-keys the store (administrator or recovery key): a new random store key, PRAGMA
    // rekey, the new key sealed to every live slot (the recovery slot too) and a new key-file
    // epoch, crash-safe (see the protocol in StationKeyFile.cpp). Disabling an operator and an
    // administrator's password reset re-key by themselves. `reason` is a code for the audit
    // log ("on_demand", "operator_disabled", "password_reset", …).
    Result<void> rekey(const QString &reason = QStringLiteral("on_demand"));
    // Moves a station whose key file is in the old format (version 1) to version 2: a new
    // store key, an operators key, new slots for the signed-in administrator (with their
    // `password`) and for the recovery key (which it needs, display form), all operator
    // records signed. Other operators' old slots cannot be carried over without their
    // passwords: they are dropped, and those operators need a password reset (their ids are
    // returned). Crash-safe like a re-key.
    Result<std::vector<qint64>> upgradeKeys(const SecureBuffer &password, const SecureBuffer &recoveryKey);
    // Operator records whose administrator signature does not verify (altered outside
    // Tessera), and key-file facts that do not match the store; plain words, no names.
    Result<QStringList> operatorRecordProblems();

    // Test hook: called with the name of each step of a key-file change and re-key, so that a
    // test can kill the process between any two steps. Not for production use.
    static void setStepHookForTests(std::function<void(const char *step)> hook);

    Result<void> setAutoLockSeconds(int seconds);
    Result<void> setLoginPolicy(const LoginPolicy &policy);

    // Integrity of the database pages and of the encryption (cipher in use, settings match
    // the key file, the file on disk does not start with the plain-SQLite header).
    Result<QStringList> check();

private:
    Station(StationPaths paths, Database db, SecureBuffer storeKey, KeySlotFile slots, const Clock &clock);
    Operator &signedIn() { return m_session.m_operator; }
    bool isRecoverySession() const { return m_session.isRecovery(); }

    // Station.cpp
    Result<void> record(const QString &event, const QString &object, const QJsonObject &details = {});

    // StationSignIn.cpp
    // Session::Authority
    Result<Operator> reloadOperator(const Session &session) override;
    // Checks an operator's password without changing who is signed in; throttled and audited
    // like a login (see Session::verifyPassword).
    Result<Operator> verifyPassword(const QString &username, const SecureBuffer &password) override;
    Result<Session::PasswordCheck> beginPasswordCheck(const QString &username) override;
    Result<Operator> finishPasswordCheck(Session::PasswordCheck check) override;
    void checkOwner(const char *call) const override { m_db.checkOwner(call); }
    // The rest of unlockSession once `who` is known: the same operator or a supervisor, audited.
    Result<Operator> unlockedBy(Result<Operator> who);
    // Opens the store with the store key that `keys` (unwrapped from a slot) finds in
    // station.keys, or in station.keys.next when a re-key was cut short; checks the key file
    // against the fingerprint the store holds and finishes an interrupted change.
    // `unlockAgain` unwraps the same password's (or recovery key's) slot in another file, when
    // station.keys.next does not hold the same slot (an upgrade from version 1 cut short).
    using SlotUnlocker = std::function<Result<KeySlotFile::SlotKeys>(const KeySlotFile &)>;
    static Result<std::unique_ptr<Station>> openUnlocked(const StationPaths &paths, KeySlotFile slots,
                                                         KeySlotFile::SlotKeys keys, const SlotUnlocker &unlockAgain,
                                                         bool recovery, const Clock &clock);
    // A store just opened becomes a session (the recovery one when `recovery`) once its key
    // file and operators key check out.
    Result<void> checkOpenedStore(bool fromNext, bool recovery);
    Result<void> finishSignIn(const QString &username);
    Result<void> flushPendingLoginEvents();
    // Follows a re-key by another process and re-reads station.keys (refusing one the store
    // does not record), so that a password check sees the slots as they are now.
    Result<void> reloadKeyFile();
    // The lock-out refusal (recorded) when `slotId` is locked now.
    Result<void> refuseWhileLocked(LoginThrottle &throttle, const QString &slotId);
    // `keys` (a slot unlocked with a password) accepted when they open this session's store key;
    // otherwise the failure is counted like a login's.
    Result<KeySlotFile::SlotKeys> acceptUnlocked(LoginThrottle &throttle, const QString &slotId,
                                                 const KeySlotFile &slots, Result<KeySlotFile::SlotKeys> keys);

    // StationOperators.cpp
    // The rest of changeOwnPassword once the current password is checked (`who`).
    Result<void> changeOwnPasswordAfter(Result<Operator> who, const SecureBuffer &current, const SecureBuffer &next,
                                        std::optional<KeySlotFile::PasswordKey> nextKey);
    Result<Operator> loadOperator(const QString &where, const QVariant &value);
    bool signsOperators() const { return !m_slots.isLegacy(); }
    Result<void> signOperator(qint64 id, const SecureBuffer &operatorsSecret);
    // Signs the changed record and marks the re-key due, in the transaction that changed it:
    // if the process stops before rekeyNow, the next sign-in finishes the re-key (disabling
    // and resetting both leave an old slot that must stop opening the store).
    Result<void> signOperatorBeforeRekey(qint64 id, const SecureBuffer &operatorsSecret);
    Result<SecureBuffer> operatorsSecret();
    // The operators key's secret when this station signs operator records (none with a
    // version 1 key file).
    Result<std::optional<SecureBuffer>> signingSecret();
    // The new-password rules for `username`, the station's name among the words to avoid.
    Result<void> checkPasswordFor(const SecureBuffer &password, const QString &username);
    // Everything about a new operator but the roles check of the signed-in one.
    Result<void> checkNewOperator(const NewOperator &op);
    // Another operator, whose record verifies, for an administrator to change; `ifSelf` is
    // the refusal when it is the signed-in operator.
    Result<Operator> otherOperatorToChange(qint64 id, const QString &ifSelf);
    // Refuses to leave the station without an enabled administrator.
    Result<void> requireAnotherAdministrator();

    // StationKeyFile.cpp: the key file and the store kept in step.
    Result<void> checkKeyFile(const KeySlotFile &file, bool fromNext, bool recovery);
    // Deletes a station.keys.next that a re-key left before its PRAGMA rekey.
    void removeStaleNextKeys();
    // Completes a slot change or re-key whose new file is already in place (protocol step 4,
    // and step 5 when the file is still station.keys.next).
    Result<void> finishKeyFileChange(const KeySlotFile &file, bool fromNext);
    // A store from before fingerprints adopts the key file it opens with.
    Result<void> adoptKeyFile(const KeySlotFile &file);
    Result<void> acceptKeyFileWithRecoveryKey(const KeySlotFile &file);
    Result<void> checkOperatorsKey(const KeySlotFile::SlotKeys &keys);
    // Refuses (with the rollback message) a key file whose fingerprint is not the one the
    // store records: an older or replaced station.keys.
    Result<void> requireRecordedKeyFile(const KeySlotFile &file);
    // station.keys as it is on disk now (the caller holds its lock), refused with
    // `ifOtherStation` when it belongs to another store, and when the store does not record it.
    Result<KeySlotFile> reloadRecordedKeyFile(const Error &ifOtherStation);
    // The one way the key-slot file changes: under its lock, re-read it from disk (another
    // session may have changed a slot since this one signed in), apply `change`, then run
    // `record` and save the file inside one store transaction.
    Result<void> changeSlots(const std::function<Result<void>(KeySlotFile &)> &change,
                             const std::function<Result<void>()> &record);
    Result<void> completeDueRekey();
    Result<void> rekeyNow(const QString &reason);
    // Records `fingerprint` and `epoch` as the store's key file, re-keyed now, nothing next.
    Result<void> recordKeyFile(const QByteArray &fingerprint, int epoch);
    // Reopens the store under the key the current station.keys seals to this session's slot,
    // after a re-key by another process.
    Result<void> followRekey();
    struct KeyFileUpgrade;
    // The version 1 key file, checked against the store, the recovery key and `password`.
    Result<KeySlotFile> loadLegacyKeyFile(const SecureBuffer &password, const SecureBuffer &rawRecoveryKey);
    Result<KeyFileUpgrade> prepareKeyFileUpgrade(const KeySlotFile &legacy, const SecureBuffer &password,
                                                 const SecureBuffer &rawRecoveryKey);
    // Writes an upgrade as a re-key is written; returns the operators who need a reset.
    Result<std::vector<qint64>> writeKeyFileUpgrade(KeyFileUpgrade &upgrade);

    StationPaths m_paths;
    Database m_db;
    StationSettings m_settings; // the station's own meta keys, in m_db
    SecureBuffer m_storeKey;
    KeySlotFile m_slots;
    KeySlotFile::SlotKeys m_slotKeys; // the signed-in operator's (or the recovery) slot
    const Clock &m_clock;
    AuditLog m_audit;
    Session m_session;
};

QString operatorObject(qint64 id);

} // namespace tessera
