#pragma once

#include "core/crypto/Crypto.h"
#include "core/store/Database.h"

#include <QByteArray>
#include <QJsonObject>
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

// The small versioned file beside the store (station.keys). Nothing in it is a secret in the
// clear; operator names appear only as BLAKE2b ids bound to the store. A value type: load,
// change, save (atomically). Not thread-safe.
//
// Version 2 (this build writes it for new stations):
//   - each slot (an operator's, the recovery key's) holds an X25519 key pair: the secret half
//     wrapped under the password (Argon2id, then XChaCha20-Poly1305) or the recovery key,
//     together with the operators public key the slot was made under; the public half in
//     the clear;
//   - the store key sealed to each slot's public key (crypto_box_seal), so that a re-key can
//     hand a new store key to every live slot knowing only public keys, and a slot copied from
//     an older file opens only the older store key;
//   - the operators signing key (Ed25519) that signs operator records: its public half pinned
//     here and in the store, its secret half sealed to administrators' slots and the recovery
//     slot only;
//   - an epoch, raised by every re-key.
// Version 1 files (one AEAD-wrapped copy of the store key per slot) are still read, and
// written back in version 1 while the station has not been upgraded (`store upgrade-keys`).
class KeySlotFile {
public:
    static constexpr int kCurrentVersion = 2;

    // A version 2 file at epoch 1 with no slots and no operators key yet.
    static KeySlotFile createNew(const CipherSettings &cipher);
    // An empty version 2 file for the same store (id, cipher, login policy) as `legacy`, at
    // epoch 1: the start of `store upgrade-keys`.
    static KeySlotFile upgradeOf(const KeySlotFile &legacy);
    static Result<KeySlotFile> load(const QString &path);
    // The same from bytes already read; `path` only names the file in messages.
    static Result<KeySlotFile> parse(const QByteArray &json, const QString &path);
    Result<void> save(const QString &path) const;
    QByteArray toJson() const;

    int version() const { return m_version; }
    bool isLegacy() const { return m_version < 2; }
    int epoch() const { return m_epoch; }
    QByteArray storeId() const { return m_storeId; }
    const CipherSettings &cipher() const { return m_cipher; }
    const LoginPolicy &loginPolicy() const { return m_policy; }
    void setLoginPolicy(const LoginPolicy &policy) { m_policy = policy; }
    // The Ed25519 public key that signs operator records (version 2; empty in version 1).
    QByteArray operatorsKey() const { return m_operatorsKey; }
    void setOperatorsKey(const QByteArray &publicKey) { m_operatorsKey = publicKey; }
    // BLAKE2b-256 over the file's canonical form (every field, every slot, the epoch). The
    // store records it, so that a key file other than the last one Tessera wrote is refused.
    QByteArray fingerprint() const;

    // The id of an operator's slot, whether or not the slot exists (the throttle uses it too).
    QString slotIdFor(const QString &username) const;
    bool hasPasswordSlot(const QString &username) const;
    std::optional<crypto::KdfParams> kdfParamsFor(const QString &username) const;
    int passwordSlotCount() const;
    // The slot's X25519 public key (version 2), or empty.
    QByteArray publicKeyFor(const QString &username) const;
    bool sealsOperatorsKeyFor(const QString &username) const;

    // What a password (or the recovery key) unwraps from its slot.
    struct SlotKeys {
        QString slotId;
        SecureBuffer secretKey;      // the slot's X25519 secret (version 2)
        QByteArray publicKey;        // its public half
        QByteArray operatorsKey;     // the operators public key wrapped with it (version 2)
        SecureBuffer legacyStoreKey; // version 1 slots wrap the store key itself
    };
    // One Argon2id derivation. An unknown operator costs the same as a known one and fails
    // with the same error as a wrong password.
    Result<SlotKeys> unlockSlot(const QString &username, const SecureBuffer &password) const;
    Result<SlotKeys> unlockRecoverySlot(const SecureBuffer &recoveryKey) const;
    // The store key this file seals to the slot (which may come from another copy of the
    // file with the same slot, as after a re-key): a slot of an older file gives the older key.
    Result<SecureBuffer> storeKeyFor(const SlotKeys &keys) const;
    // The operators signing secret, for administrators' and the recovery slot only.
    Result<SecureBuffer> operatorsSecretFor(const SlotKeys &keys) const;

    // unlockSlot + storeKeyFor, for callers that only need the store key.
    Result<SecureBuffer> unlockWithPassword(const QString &username, const SecureBuffer &password) const;
    Result<SecureBuffer> unlockWithRecoveryKey(const SecureBuffer &recoveryKey) const;

    // A new password's wrapping key: Argon2id with `params` over a fresh salt. The slow part of
    // setting a password (about half a second), a pure function: callable on any thread, so that
    // a GUI derives it on a worker and changes the slots on the thread that owns the station.
    struct PasswordKey {
        QByteArray salt;
        crypto::KdfParams kdf;
        SecureBuffer key;
    };
    static Result<PasswordKey> derivePasswordKey(const SecureBuffer &password, const crypto::KdfParams &params);

    // Adds or replaces an operator's slot with a fresh key pair: the secret wrapped under the
    // password, the store key and (for administrators) the operators secret sealed to it.
    // Returns the new public key (empty in a version 1 file, which wraps the store key).
    Result<QByteArray> setPasswordSlot(const QString &username, const SecureBuffer &password,
                                       const SecureBuffer &storeKey, const crypto::KdfParams &params,
                                       const SecureBuffer *operatorsSecret = nullptr);
    // The same with the password's key already derived.
    QByteArray setPasswordSlot(const QString &username, const PasswordKey &password, const SecureBuffer &storeKey,
                               const SecureBuffer *operatorsSecret = nullptr);
    // The same key pair (unlocked from the slot) under a new password: a change of one's own
    // password. The sealed keys stay as they are.
    Result<void> rewrapPasswordSlot(const QString &username, const SlotKeys &keys, const SecureBuffer &newPassword,
                                    const crypto::KdfParams &params, const SecureBuffer &storeKey);
    // The same with the new password's key already derived.
    Result<void> rewrapPasswordSlot(const QString &username, const SlotKeys &keys, const PasswordKey &newPassword,
                                    const SecureBuffer &storeKey);
    bool removePasswordSlot(const QString &username);
    void setRecoverySlot(const SecureBuffer &recoveryKey, const SecureBuffer &storeKey,
                         const SecureBuffer *operatorsSecret = nullptr);
    // A re-key (version 2): the new store key sealed to every slot's public key, epoch + 1.
    void resealStoreKey(const SecureBuffer &newStoreKey);

private:
    struct Slot {
        QString id;
        QString kind; // "operator" | "recovery"
        crypto::KdfParams kdf;
        QByteArray salt;
        QByteArray wrapped;      // v1: the store key; v2: secret key || operators public key
        QByteArray publicKey;    // v2
        QByteArray storeKey;     // v2: sealed to publicKey
        QByteArray operatorsKey; // v2, administrators and recovery: the operators secret sealed to publicKey
    };
    QByteArray aadFor(const Slot &slot) const;
    SecureBuffer recoveryWrappingKey(const SecureBuffer &recoveryKey) const;
    const Slot *find(const QString &id) const;
    Result<SlotKeys> unwrap(const Slot &slot, const SecureBuffer &wrappingKey) const;
    Slot makeSlot(const QString &id, const QString &kind, const SecureBuffer &wrappingKey, const SecureBuffer &storeKey,
                  const SecureBuffer *operatorsSecret, crypto::KdfParams kdf, QByteArray salt) const;

    int m_version = kCurrentVersion;
    int m_epoch = 1;
    QByteArray m_storeId;
    CipherSettings m_cipher;
    LoginPolicy m_policy;
    QByteArray m_operatorsKey;
    std::vector<Slot> m_slots;
};

} // namespace tessera
