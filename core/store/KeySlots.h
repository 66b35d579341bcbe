#pragma once

#include "crypto/Crypto.h"
#include "store/Database.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace tessera {

// How many failed logins lock an operator out, and for how long. Kept in the key-slot file
// because it must be known before the store is open.
struct LoginPolicy {
    int maxFailures = 5;
    int lockoutSeconds = 300;
    friend bool operator==(const LoginPolicy &, const LoginPolicy &) = default;
};

// The small versioned file beside the store that holds the store key, wrapped once per
// operator (Argon2id + XChaCha20-Poly1305) and once for the recovery key. Nothing in it is a
// secret in the clear; operator names appear only as BLAKE2b ids bound to the
// store. A value type: load, change, save (atomically). Not thread-safe.
class KeySlotFile {
public:
    static KeySlotFile createNew(const CipherSettings &cipher);
    static Result<KeySlotFile> load(const QString &path);
    // The same from bytes already read; `path` only names the file in messages.
    static Result<KeySlotFile> parse(const QByteArray &json, const QString &path);
    Result<void> save(const QString &path) const;

    QByteArray storeId() const { return m_storeId; }
    const CipherSettings &cipher() const { return m_cipher; }
    const LoginPolicy &loginPolicy() const { return m_policy; }
    void setLoginPolicy(const LoginPolicy &policy) { m_policy = policy; }

    // The id of an operator's slot, whether or not the slot exists (the throttle uses it too).
    QString slotIdFor(const QString &username) const;
    bool hasPasswordSlot(const QString &username) const;
    std::optional<crypto::KdfParams> kdfParamsFor(const QString &username) const;
    int passwordSlotCount() const;

    // Unwraps the store key. An unknown operator costs the same derivation as a known one
    // and fails with the same error as a wrong password.
    Result<SecureBuffer> unlockWithPassword(const QString &username, const SecureBuffer &password) const;
    Result<SecureBuffer> unlockWithRecoveryKey(const SecureBuffer &recoveryKey) const;

    // Adds or replaces (rewraps) an operator's slot.
    Result<void> setPasswordSlot(const QString &username, const SecureBuffer &password, const SecureBuffer &storeKey,
                                 const crypto::KdfParams &params);
    bool removePasswordSlot(const QString &username);
    void setRecoverySlot(const SecureBuffer &recoveryKey, const SecureBuffer &storeKey);

private:
    struct Slot {
        QString id;
        QString kind; // "operator" | "recovery"
        crypto::KdfParams kdf;
        QByteArray salt;
        QByteArray wrapped;
    };
    QByteArray aadFor(const Slot &slot) const;
    SecureBuffer recoveryWrappingKey(const SecureBuffer &recoveryKey) const;
    const Slot *find(const QString &id) const;

    QByteArray m_storeId;
    CipherSettings m_cipher;
    LoginPolicy m_policy;
    std::vector<Slot> m_slots;
};

} // namespace tessera
