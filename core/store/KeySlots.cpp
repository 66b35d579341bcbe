#include "core/store/KeySlots.h"

#include "core/crypto/SealedBox.h"
#include "core/crypto/Signing.h"
#include "core/store/AtomicFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstring>

namespace tessera {

namespace {

constexpr auto kFormat = "tessera-station-keys";
const QString kOperator = QStringLiteral("operator");
const QString kRecovery = QStringLiteral("recovery");
constexpr qsizetype kV1WrappedBytes = 24 + 32 + 16;
// XChaCha20-Poly1305 nonce + (X25519 secret || operators public key) + tag.
constexpr qsizetype kV2WrappedBytes = 24 + 32 + 32 + 16;
constexpr qsizetype kSealedStoreKeyBytes = 32 + 48;
constexpr qsizetype kSealedOperatorsKeyBytes = 64 + 48;

Error damaged(const QString &path, const QString &what)
{
    return Error {
        ErrorCode::StoreCorrupt,
        QStringLiteral("The key file %1 is damaged (%2). Restore it from a backup of this station.").arg(path, what)};
}

QByteArray fromB64(const QJsonObject &o, const char *key)
{
    return QByteArray::fromBase64(o.value(QLatin1String(key)).toString().toLatin1());
}

QString toB64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

Error refusedLogin()
{
    return Error {ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right.")};
}

} // namespace

KeySlotFile KeySlotFile::createNew(const CipherSettings &cipher)
{
    KeySlotFile file;
    file.m_storeId = crypto::randomBytes(16);
    file.m_cipher = cipher;
    return file;
}

KeySlotFile KeySlotFile::upgradeOf(const KeySlotFile &legacy)
{
    KeySlotFile file;
    file.m_storeId = legacy.m_storeId;
    file.m_cipher = legacy.m_cipher;
    file.m_policy = legacy.m_policy;
    return file;
}

Result<KeySlotFile> KeySlotFile::load(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return fail(ErrorCode::StoreMissing, QStringLiteral("There is no station key file at %1.").arg(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io,
                    QStringLiteral("The station key file %1 could not be read: %2").arg(path, f.errorString()));
    if (f.size() > qint64 {1024} * 1024)
        return std::unexpected(damaged(path, QStringLiteral("it is far too large")));
    return parse(f.readAll(), path);
}

Result<KeySlotFile> KeySlotFile::parse(const QByteArray &json, const QString &path)
{
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return std::unexpected(damaged(path, QStringLiteral("not valid JSON at byte %1").arg(parseError.offset)));
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return std::unexpected(damaged(path, QStringLiteral("\"format\" is not %1").arg(QLatin1String(kFormat))));
    const int version = root.value(QStringLiteral("version")).toInt(-1);
    if (version > kCurrentVersion)
        return fail(
            ErrorCode::StoreCorrupt,
            QStringLiteral("The key file %1 was written by a newer Tessera (version %2). Install the newer version.")
                .arg(path)
                .arg(version));
    if (version != 1 && version != 2)
        return std::unexpected(damaged(path, QStringLiteral("\"version\" is missing or unknown")));

    KeySlotFile file;
    file.m_version = version;
    file.m_storeId = QByteArray::fromHex(root.value(QStringLiteral("store_id")).toString().toLatin1());
    if (file.m_storeId.size() != 16)
        return std::unexpected(damaged(path, QStringLiteral("\"store_id\" is not 32 hex digits")));
    if (version >= 2) {
        file.m_epoch = root.value(QStringLiteral("epoch")).toInt(0);
        if (file.m_epoch < 1)
            return std::unexpected(damaged(path, QStringLiteral("\"epoch\" is missing")));
        file.m_operatorsKey = fromB64(root, "operators_key");
        if (!file.m_operatorsKey.isEmpty()
            && file.m_operatorsKey.size() != static_cast<qsizetype>(crypto::kSignPublicKeyBytes))
            return std::unexpected(damaged(path, QStringLiteral("\"operators_key\" has the wrong length")));
    }

    const QJsonObject cipher = root.value(QStringLiteral("cipher")).toObject();
    file.m_cipher.pageSize = cipher.value(QStringLiteral("page_size")).toInt(0);
    file.m_cipher.kdfIterations = cipher.value(QStringLiteral("kdf_iter")).toInt(0);
    file.m_cipher.hmacAlgorithm = cipher.value(QStringLiteral("hmac_algorithm")).toString();
    file.m_cipher.kdfAlgorithm = cipher.value(QStringLiteral("kdf_algorithm")).toString();
    const int ps = file.m_cipher.pageSize;
    if (ps < 512 || ps > 65536 || (ps & (ps - 1)) != 0 || file.m_cipher.kdfIterations <= 0
        || file.m_cipher.hmacAlgorithm.isEmpty() || file.m_cipher.kdfAlgorithm.isEmpty())
        return std::unexpected(damaged(path, QStringLiteral("\"cipher\" settings are incomplete")));

    const QJsonObject policy = root.value(QStringLiteral("login_policy")).toObject();
    file.m_policy.maxFailures = policy.value(QStringLiteral("max_failures")).toInt(0);
    file.m_policy.lockoutSeconds = policy.value(QStringLiteral("lockout_seconds")).toInt(-1);
    if (file.m_policy.maxFailures < 1 || file.m_policy.lockoutSeconds < 0)
        return std::unexpected(damaged(path, QStringLiteral("\"login_policy\" is incomplete")));

    const QJsonArray slots = root.value(QStringLiteral("slots")).toArray();
    for (qsizetype i = 0; i < slots.size(); ++i) {
        const QJsonObject s = slots.at(i).toObject();
        Slot slot;
        slot.id = s.value(QStringLiteral("id")).toString();
        slot.kind = s.value(QStringLiteral("kind")).toString();
        slot.wrapped = fromB64(s, "wrapped");
        const auto where = QStringLiteral("slot %1").arg(i + 1);
        if (slot.id.isEmpty() || (slot.kind != kOperator && slot.kind != kRecovery)
            || slot.wrapped.size() != (version == 1 ? kV1WrappedBytes : kV2WrappedBytes))
            return std::unexpected(damaged(path, where + QStringLiteral(" is incomplete")));
        if (version >= 2) {
            slot.publicKey = fromB64(s, "public_key");
            slot.storeKey = fromB64(s, "store_key");
            slot.operatorsKey = fromB64(s, "operators_key");
            if (slot.publicKey.size() != static_cast<qsizetype>(crypto::kBoxPublicKeyBytes)
                || slot.storeKey.size() != kSealedStoreKeyBytes
                || (!slot.operatorsKey.isEmpty() && slot.operatorsKey.size() != kSealedOperatorsKeyBytes))
                return std::unexpected(damaged(path, where + QStringLiteral(" has incomplete keys")));
        }
        if (slot.kind == kOperator) {
            const QJsonObject kdf = s.value(QStringLiteral("kdf")).toObject();
            if (kdf.value(QStringLiteral("alg")).toString() != QLatin1String("argon2id13"))
                return std::unexpected(damaged(path, where + QStringLiteral(" names an unknown key derivation")));
            slot.kdf.opsLimit = static_cast<std::uint64_t>(kdf.value(QStringLiteral("ops")).toInteger(0));
            slot.kdf.memLimitBytes = static_cast<std::uint64_t>(kdf.value(QStringLiteral("mem")).toInteger(0));
            slot.salt = fromB64(kdf, "salt");
            if (slot.kdf.opsLimit == 0 || slot.kdf.memLimitBytes == 0 || slot.salt.size() != crypto::kSaltBytes)
                return std::unexpected(
                    damaged(path, where + QStringLiteral(" has incomplete key derivation settings")));
        }
        if (file.find(slot.id))
            return std::unexpected(damaged(path, where + QStringLiteral(" repeats an id")));
        file.m_slots.push_back(std::move(slot));
    }
    return file;
}

QByteArray KeySlotFile::toJson() const
{
    QJsonArray slots;
    for (const Slot &slot : m_slots) {
        QJsonObject s {{QStringLiteral("id"), slot.id},
                       {QStringLiteral("kind"), slot.kind},
                       {QStringLiteral("wrapped"), toB64(slot.wrapped)}};
        if (m_version >= 2) {
            s.insert(QStringLiteral("public_key"), toB64(slot.publicKey));
            s.insert(QStringLiteral("store_key"), toB64(slot.storeKey));
            if (!slot.operatorsKey.isEmpty())
                s.insert(QStringLiteral("operators_key"), toB64(slot.operatorsKey));
        }
        if (slot.kind == kOperator)
            s.insert(QStringLiteral("kdf"),
                     QJsonObject {{QStringLiteral("alg"), QStringLiteral("argon2id13")},
                                  {QStringLiteral("ops"), static_cast<qint64>(slot.kdf.opsLimit)},
                                  {QStringLiteral("mem"), static_cast<qint64>(slot.kdf.memLimitBytes)},
                                  {QStringLiteral("salt"), toB64(slot.salt)}});
        slots.append(s);
    }
    QJsonObject root {
        {QStringLiteral("format"), QLatin1String(kFormat)},
        {QStringLiteral("version"), m_version},
        {QStringLiteral("store_id"), QString::fromLatin1(m_storeId.toHex())},
        {QStringLiteral("cipher"),
         QJsonObject {{QStringLiteral("page_size"), m_cipher.pageSize},
                      {QStringLiteral("kdf_iter"), m_cipher.kdfIterations},
                      {QStringLiteral("hmac_algorithm"), m_cipher.hmacAlgorithm},
                      {QStringLiteral("kdf_algorithm"), m_cipher.kdfAlgorithm}}},
        {QStringLiteral("login_policy"),
         QJsonObject {{QStringLiteral("max_failures"), m_policy.maxFailures},
                      {QStringLiteral("lockout_seconds"), m_policy.lockoutSeconds}}},
        {QStringLiteral("slots"), slots},
    };
    if (m_version >= 2) {
        root.insert(QStringLiteral("epoch"), m_epoch);
        root.insert(QStringLiteral("operators_key"), toB64(m_operatorsKey));
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray KeySlotFile::fingerprint() const
{
    // Compact JSON of the same object: QJsonObject orders keys, so the form is canonical and
    // survives a load/save round trip.
    const QByteArray canonical = QJsonDocument::fromJson(toJson()).toJson(QJsonDocument::Compact);
    return crypto::hash(QByteArrayLiteral("tessera-keys-fingerprint-v1|") + canonical);
}

Result<void> KeySlotFile::save(const QString &path) const
{
    return writeFileAtomically(path, toJson());
}

QString KeySlotFile::slotIdFor(const QString &username) const
{
    const QByteArray material = m_storeId + "operator:" + username.trimmed().toCaseFolded().toUtf8();
    return QString::fromLatin1(crypto::hash(material).left(16).toHex());
}

const KeySlotFile::Slot *KeySlotFile::find(const QString &id) const
{
    const auto it = std::find_if(m_slots.begin(), m_slots.end(), [&](const Slot &s) { return s.id == id; });
    return it == m_slots.end() ? nullptr : &*it;
}

bool KeySlotFile::hasPasswordSlot(const QString &username) const
{
    return find(slotIdFor(username)) != nullptr;
}

std::optional<crypto::KdfParams> KeySlotFile::kdfParamsFor(const QString &username) const
{
    if (const Slot *slot = find(slotIdFor(username)))
        return slot->kdf;
    return std::nullopt;
}

int KeySlotFile::passwordSlotCount() const
{
    return static_cast<int>(
        std::count_if(m_slots.begin(), m_slots.end(), [](const Slot &s) { return s.kind == kOperator; }));
}

QByteArray KeySlotFile::publicKeyFor(const QString &username) const
{
    const Slot *slot = find(slotIdFor(username));
    return slot ? slot->publicKey : QByteArray();
}

bool KeySlotFile::sealsOperatorsKeyFor(const QString &username) const
{
    const Slot *slot = find(slotIdFor(username));
    return slot && !slot->operatorsKey.isEmpty();
}

QByteArray KeySlotFile::aadFor(const Slot &slot) const
{
    if (m_version < 2)
        return QByteArrayLiteral("tessera-slot-v1|") + m_storeId + '|' + slot.id.toLatin1() + '|'
            + slot.kind.toLatin1();
    return QByteArrayLiteral("tessera-slot-v2|") + m_storeId + '|' + slot.id.toLatin1() + '|' + slot.kind.toLatin1()
        + '|' + slot.publicKey;
}

Result<KeySlotFile::SlotKeys> KeySlotFile::unwrap(const Slot &slot, const SecureBuffer &wrappingKey) const
{
    auto plain = crypto::open(wrappingKey, slot.wrapped, aadFor(slot));
    if (!plain)
        return std::unexpected(plain.error());
    SlotKeys keys;
    keys.slotId = slot.id;
    if (m_version < 2) {
        keys.legacyStoreKey = std::move(*plain);
        return keys;
    }
    keys.secretKey = SecureBuffer::fromBytes(plain->bytes().first(crypto::kBoxSecretKeyBytes));
    keys.publicKey = slot.publicKey;
    keys.operatorsKey = QByteArray(reinterpret_cast<const char *>(plain->data() + crypto::kBoxSecretKeyBytes),
                                   static_cast<qsizetype>(crypto::kSignPublicKeyBytes));
    if (keys.operatorsKey == QByteArray(static_cast<qsizetype>(crypto::kSignPublicKeyBytes), '\0'))
        keys.operatorsKey.clear();
    if (crypto::boxPublicKeyOf(keys.secretKey) != slot.publicKey)
        return fail(ErrorCode::Crypto, QStringLiteral("A key slot's public key does not belong to its secret key."));
    return keys;
}

Result<KeySlotFile::SlotKeys> KeySlotFile::unlockSlot(const QString &username, const SecureBuffer &password) const
{
    const Slot *slot = find(slotIdFor(username));
    if (!slot || slot->kind != kOperator) {
        // Spend what a real slot would cost, so that timing does not tell who exists.
        crypto::KdfParams params {3, crypto::kMinSlotMemLimit};
        for (const Slot &s : m_slots)
            if (s.kind == kOperator) {
                params = s.kdf;
                break;
            }
        (void)crypto::deriveKey(password, crypto::randomBytes(crypto::kSaltBytes), params); // only its time matters
        return std::unexpected(refusedLogin());
    }
    auto wrappingKey = crypto::deriveKey(password, slot->salt, slot->kdf);
    if (!wrappingKey)
        return std::unexpected(wrappingKey.error());
    auto keys = unwrap(*slot, *wrappingKey);
    if (!keys)
        return std::unexpected(refusedLogin());
    return keys;
}

SecureBuffer KeySlotFile::recoveryWrappingKey(const SecureBuffer &recoveryKey) const
{
    // The recovery key is 256 random bits: a keyed hash is enough, no password stretching.
    return crypto::keyedHash(recoveryKey, QByteArrayLiteral("tessera-recovery-wrap-v1|") + m_storeId);
}

Result<KeySlotFile::SlotKeys> KeySlotFile::unlockRecoverySlot(const SecureBuffer &recoveryKey) const
{
    const Slot *slot = find(kRecovery);
    if (!slot)
        return fail(ErrorCode::NotFound, QStringLiteral("This station has no recovery key."));
    auto keys = unwrap(*slot, recoveryWrappingKey(recoveryKey));
    if (!keys)
        return fail(ErrorCode::AuthFailed, QStringLiteral("This recovery key does not open this station."));
    return keys;
}

Result<SecureBuffer> KeySlotFile::storeKeyFor(const SlotKeys &keys) const
{
    if (!keys.legacyStoreKey.isEmpty()) {
        if (!isLegacy())
            return fail(ErrorCode::AuthFailed, QStringLiteral("This key file has no store key for that slot."));
        return keys.legacyStoreKey.copy();
    }
    const Slot *slot = find(keys.slotId);
    if (!slot || slot->publicKey != keys.publicKey)
        return fail(ErrorCode::AuthFailed, QStringLiteral("This key file has no store key for that slot."));
    return crypto::openSealed(slot->publicKey, keys.secretKey, slot->storeKey);
}

Result<SecureBuffer> KeySlotFile::operatorsSecretFor(const SlotKeys &keys) const
{
    const Slot *slot = find(keys.slotId);
    if (!slot || slot->publicKey != keys.publicKey || slot->operatorsKey.isEmpty() || keys.secretKey.isEmpty())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("Only an administrator can change operators."));
    auto secret = crypto::openSealed(slot->publicKey, keys.secretKey, slot->operatorsKey);
    if (!secret || crypto::signingPublicKeyOf(*secret) != m_operatorsKey)
        return fail(ErrorCode::Integrity,
                    QStringLiteral("The operators key sealed to this slot is not the station's."));
    return secret;
}

Result<SecureBuffer> KeySlotFile::unlockWithPassword(const QString &username, const SecureBuffer &password) const
{
    auto keys = unlockSlot(username, password);
    if (!keys)
        return std::unexpected(keys.error());
    auto key = storeKeyFor(*keys);
    if (!key)
        return std::unexpected(refusedLogin());
    return key;
}

Result<SecureBuffer> KeySlotFile::unlockWithRecoveryKey(const SecureBuffer &recoveryKey) const
{
    auto keys = unlockRecoverySlot(recoveryKey);
    if (!keys)
        return std::unexpected(keys.error());
    auto key = storeKeyFor(*keys);
    if (!key)
        return fail(ErrorCode::AuthFailed, QStringLiteral("This recovery key does not open this station."));
    return key;
}

KeySlotFile::Slot KeySlotFile::makeSlot(const QString &id, const QString &kind, const SecureBuffer &wrappingKey,
                                        const SecureBuffer &storeKey, const SecureBuffer *operatorsSecret,
                                        crypto::KdfParams kdf, QByteArray salt) const
{
    Slot slot;
    slot.id = id;
    slot.kind = kind;
    slot.kdf = kdf;
    slot.salt = std::move(salt);
    if (m_version < 2) {
        slot.wrapped = crypto::seal(wrappingKey, storeKey.bytes(), aadFor(slot));
        return slot;
    }
    const crypto::BoxKeyPair pair = crypto::generateBoxKeyPair();
    slot.publicKey = pair.publicKey;
    SecureBuffer payload(crypto::kBoxSecretKeyBytes + crypto::kSignPublicKeyBytes);
    std::memcpy(payload.data(), pair.secretKey.data(), crypto::kBoxSecretKeyBytes);
    if (m_operatorsKey.size() == static_cast<qsizetype>(crypto::kSignPublicKeyBytes))
        std::memcpy(payload.data() + crypto::kBoxSecretKeyBytes, m_operatorsKey.constData(),
                    crypto::kSignPublicKeyBytes);
    slot.wrapped = crypto::seal(wrappingKey, payload.bytes(), aadFor(slot));
    slot.storeKey = crypto::sealTo(slot.publicKey, storeKey.bytes());
    if (operatorsSecret)
        slot.operatorsKey = crypto::sealTo(slot.publicKey, operatorsSecret->bytes());
    return slot;
}

Result<KeySlotFile::PasswordKey> KeySlotFile::derivePasswordKey(const SecureBuffer &password,
                                                                const crypto::KdfParams &params)
{
    QByteArray salt = crypto::randomBytes(crypto::kSaltBytes);
    auto wrappingKey = crypto::deriveKey(password, salt, params);
    if (!wrappingKey)
        return std::unexpected(wrappingKey.error());
    return PasswordKey {std::move(salt), params, std::move(*wrappingKey)};
}

Result<QByteArray> KeySlotFile::setPasswordSlot(const QString &username, const SecureBuffer &password,
                                                const SecureBuffer &storeKey, const crypto::KdfParams &params,
                                                const SecureBuffer *operatorsSecret)
{
    auto derived = derivePasswordKey(password, params);
    if (!derived)
        return std::unexpected(derived.error());
    return setPasswordSlot(username, *derived, storeKey, operatorsSecret);
}

QByteArray KeySlotFile::setPasswordSlot(const QString &username, const PasswordKey &password,
                                        const SecureBuffer &storeKey, const SecureBuffer *operatorsSecret)
{
    Slot slot =
        makeSlot(slotIdFor(username), kOperator, password.key, storeKey, operatorsSecret, password.kdf, password.salt);
    removePasswordSlot(username);
    QByteArray publicKey = slot.publicKey;
    m_slots.push_back(std::move(slot));
    return publicKey;
}

Result<void> KeySlotFile::rewrapPasswordSlot(const QString &username, const SlotKeys &keys,
                                             const SecureBuffer &newPassword, const crypto::KdfParams &params,
                                             const SecureBuffer &storeKey)
{
    auto derived = derivePasswordKey(newPassword, params);
    if (!derived)
        return std::unexpected(derived.error());
    return rewrapPasswordSlot(username, keys, *derived, storeKey);
}

Result<void> KeySlotFile::rewrapPasswordSlot(const QString &username, const SlotKeys &keys,
                                             const PasswordKey &newPassword, const SecureBuffer &storeKey)
{
    if (m_version < 2) {
        // A version 1 slot wraps the store key itself: there is no key pair to keep.
        setPasswordSlot(username, newPassword, storeKey);
        return {};
    }
    const QString id = slotIdFor(username);
    const auto it =
        std::find_if(m_slots.begin(), m_slots.end(), [&](const Slot &s) { return s.id == id && s.kind == kOperator; });
    if (it == m_slots.end() || it->publicKey != keys.publicKey || keys.secretKey.size() != crypto::kBoxSecretKeyBytes)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("Your key slot has changed since you signed in; sign in again."));
    SecureBuffer payload(crypto::kBoxSecretKeyBytes + crypto::kSignPublicKeyBytes);
    std::memcpy(payload.data(), keys.secretKey.data(), crypto::kBoxSecretKeyBytes);
    if (keys.operatorsKey.size() == static_cast<qsizetype>(crypto::kSignPublicKeyBytes))
        std::memcpy(payload.data() + crypto::kBoxSecretKeyBytes, keys.operatorsKey.constData(),
                    crypto::kSignPublicKeyBytes);
    it->kdf = newPassword.kdf;
    it->salt = newPassword.salt;
    it->wrapped = crypto::seal(newPassword.key, payload.bytes(), aadFor(*it));
    return {};
}

bool KeySlotFile::removePasswordSlot(const QString &username)
{
    const QString id = slotIdFor(username);
    return std::erase_if(m_slots, [&](const Slot &s) { return s.id == id && s.kind == kOperator; }) > 0;
}

void KeySlotFile::setRecoverySlot(const SecureBuffer &recoveryKey, const SecureBuffer &storeKey,
                                  const SecureBuffer *operatorsSecret)
{
    std::erase_if(m_slots, [](const Slot &s) { return s.kind == kRecovery; });
    m_slots.push_back(
        makeSlot(kRecovery, kRecovery, recoveryWrappingKey(recoveryKey), storeKey, operatorsSecret, {}, {}));
}

void KeySlotFile::resealStoreKey(const SecureBuffer &newStoreKey)
{
    Q_ASSERT(m_version >= 2);
    for (Slot &slot : m_slots)
        slot.storeKey = crypto::sealTo(slot.publicKey, newStoreKey.bytes());
    ++m_epoch;
}

} // namespace tessera
