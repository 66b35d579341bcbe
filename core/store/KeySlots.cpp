#include "store/KeySlots.h"

#include "store/AtomicFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace tessera {

namespace {

constexpr auto kFormat = "tessera-station-keys";
constexpr int kVersion = 1;
const QString kOperator = QStringLiteral("operator");
const QString kRecovery = QStringLiteral("recovery");

Error damaged(const QString &path, const QString &what)
{
    return Error{ErrorCode::StoreCorrupt,
                 QStringLiteral("The key file %1 is damaged (%2). Restore it from a backup of this station.").arg(path, what)};
}

} // namespace

KeySlotFile KeySlotFile::createNew(const CipherSettings &cipher)
{
    KeySlotFile file;
    file.m_storeId = crypto::randomBytes(16);
    file.m_cipher = cipher;
    return file;
}

Result<KeySlotFile> KeySlotFile::load(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return fail(ErrorCode::StoreMissing, QStringLiteral("There is no station key file at %1.").arg(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("The station key file %1 could not be read: %2").arg(path, f.errorString()));
    if (f.size() > 1024 * 1024)
        return std::unexpected(damaged(path, QStringLiteral("it is far too large")));
    return parse(f.readAll(), path);
}

Result<KeySlotFile> KeySlotFile::parse(const QByteArray &json, const QString &path)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return std::unexpected(damaged(path, QStringLiteral("not valid JSON at byte %1").arg(parseError.offset)));
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return std::unexpected(damaged(path, QStringLiteral("\"format\" is not %1").arg(QLatin1String(kFormat))));
    const int version = root.value(QStringLiteral("version")).toInt(-1);
    if (version > kVersion)
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("The key file %1 was written by a newer Tessera (version %2). Install the newer version.").arg(path).arg(version));
    if (version != kVersion)
        return std::unexpected(damaged(path, QStringLiteral("\"version\" is missing or unknown")));

    KeySlotFile file;
    file.m_storeId = QByteArray::fromHex(root.value(QStringLiteral("store_id")).toString().toLatin1());
    if (file.m_storeId.size() != 16)
        return std::unexpected(damaged(path, QStringLiteral("\"store_id\" is not 32 hex digits")));

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
        slot.wrapped = QByteArray::fromBase64(s.value(QStringLiteral("wrapped")).toString().toLatin1());
        const auto where = QStringLiteral("slot %1").arg(i + 1);
        if (slot.id.isEmpty() || (slot.kind != kOperator && slot.kind != kRecovery) || slot.wrapped.size() != 24 + 32 + 16)
            return std::unexpected(damaged(path, where + QStringLiteral(" is incomplete")));
        if (slot.kind == kOperator) {
            const QJsonObject kdf = s.value(QStringLiteral("kdf")).toObject();
            if (kdf.value(QStringLiteral("alg")).toString() != QLatin1String("argon2id13"))
                return std::unexpected(damaged(path, where + QStringLiteral(" names an unknown key derivation")));
            slot.kdf.opsLimit = static_cast<std::uint64_t>(kdf.value(QStringLiteral("ops")).toInteger(0));
            slot.kdf.memLimitBytes = static_cast<std::uint64_t>(kdf.value(QStringLiteral("mem")).toInteger(0));
            slot.salt = QByteArray::fromBase64(kdf.value(QStringLiteral("salt")).toString().toLatin1());
            if (slot.kdf.opsLimit == 0 || slot.kdf.memLimitBytes == 0 || slot.salt.size() != crypto::kSaltBytes)
                return std::unexpected(damaged(path, where + QStringLiteral(" has incomplete key derivation settings")));
        }
        if (file.find(slot.id))
            return std::unexpected(damaged(path, where + QStringLiteral(" repeats an id")));
        file.m_slots.push_back(std::move(slot));
    }
    return file;
}

Result<void> KeySlotFile::save(const QString &path) const
{
    QJsonArray slots;
    for (const Slot &slot : m_slots) {
        QJsonObject s{{QStringLiteral("id"), slot.id},
                      {QStringLiteral("kind"), slot.kind},
                      {QStringLiteral("wrapped"), QString::fromLatin1(slot.wrapped.toBase64())}};
        if (slot.kind == kOperator)
            s.insert(QStringLiteral("kdf"),
                     QJsonObject{{QStringLiteral("alg"), QStringLiteral("argon2id13")},
                                 {QStringLiteral("ops"), static_cast<qint64>(slot.kdf.opsLimit)},
                                 {QStringLiteral("mem"), static_cast<qint64>(slot.kdf.memLimitBytes)},
                                 {QStringLiteral("salt"), QString::fromLatin1(slot.salt.toBase64())}});
        slots.append(s);
    }
    const QJsonObject root{
        {QStringLiteral("format"), QLatin1String(kFormat)},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("store_id"), QString::fromLatin1(m_storeId.toHex())},
        {QStringLiteral("cipher"),
         QJsonObject{{QStringLiteral("page_size"), m_cipher.pageSize},
                     {QStringLiteral("kdf_iter"), m_cipher.kdfIterations},
                     {QStringLiteral("hmac_algorithm"), m_cipher.hmacAlgorithm},
                     {QStringLiteral("kdf_algorithm"), m_cipher.kdfAlgorithm}}},
        {QStringLiteral("login_policy"),
         QJsonObject{{QStringLiteral("max_failures"), m_policy.maxFailures},
                     {QStringLiteral("lockout_seconds"), m_policy.lockoutSeconds}}},
        {QStringLiteral("slots"), slots},
    };
    return writeFileAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
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
    return static_cast<int>(std::count_if(m_slots.begin(), m_slots.end(), [](const Slot &s) { return s.kind == kOperator; }));
}

QByteArray KeySlotFile::aadFor(const Slot &slot) const
{
    return QByteArrayLiteral("tessera-slot-v1|") + m_storeId + '|' + slot.id.toLatin1() + '|' + slot.kind.toLatin1();
}

Result<SecureBuffer> KeySlotFile::unlockWithPassword(const QString &username, const SecureBuffer &password) const
{
    const Error refused{ErrorCode::AuthFailed, QStringLiteral("The user name or the password is not right.")};
    const Slot *slot = find(slotIdFor(username));
    if (!slot || slot->kind != kOperator) {
        // Spend what a real slot would cost, so that timing does not tell who exists.
        crypto::KdfParams params{3, crypto::kMinSlotMemLimit};
        for (const Slot &s : m_slots)
            if (s.kind == kOperator) {
                params = s.kdf;
                break;
            }
        (void)crypto::deriveKey(password, crypto::randomBytes(crypto::kSaltBytes), params);
        return std::unexpected(refused);
    }
    auto wrappingKey = crypto::deriveKey(password, slot->salt, slot->kdf);
    if (!wrappingKey)
        return std::unexpected(wrappingKey.error());
    auto key = crypto::open(*wrappingKey, slot->wrapped, aadFor(*slot));
    if (!key)
        return std::unexpected(refused);
    return key;
}

SecureBuffer KeySlotFile::recoveryWrappingKey(const SecureBuffer &recoveryKey) const
{
    // The recovery key is 256 random bits: a keyed hash is enough, no password stretching.
    return crypto::keyedHash(recoveryKey, QByteArrayLiteral("tessera-recovery-wrap-v1|") + m_storeId);
}

Result<SecureBuffer> KeySlotFile::unlockWithRecoveryKey(const SecureBuffer &recoveryKey) const
{
    const Slot *slot = find(kRecovery);
    if (!slot)
        return fail(ErrorCode::NotFound, QStringLiteral("This station has no recovery key."));
    auto key = crypto::open(recoveryWrappingKey(recoveryKey), slot->wrapped, aadFor(*slot));
    if (!key)
        return fail(ErrorCode::AuthFailed, QStringLiteral("This recovery key does not open this station."));
    return key;
}

Result<void> KeySlotFile::setPasswordSlot(const QString &username, const SecureBuffer &password,
                                          const SecureBuffer &storeKey, const crypto::KdfParams &params)
{
    Slot slot;
    slot.id = slotIdFor(username);
    slot.kind = kOperator;
    slot.kdf = params;
    slot.salt = crypto::randomBytes(crypto::kSaltBytes);
    auto wrappingKey = crypto::deriveKey(password, slot.salt, params);
    if (!wrappingKey)
        return std::unexpected(wrappingKey.error());
    slot.wrapped = crypto::seal(*wrappingKey, storeKey.bytes(), aadFor(slot));
    removePasswordSlot(username);
    m_slots.push_back(std::move(slot));
    return {};
}

bool KeySlotFile::removePasswordSlot(const QString &username)
{
    const QString id = slotIdFor(username);
    return std::erase_if(m_slots, [&](const Slot &s) { return s.id == id && s.kind == kOperator; }) > 0;
}

void KeySlotFile::setRecoverySlot(const SecureBuffer &recoveryKey, const SecureBuffer &storeKey)
{
    std::erase_if(m_slots, [](const Slot &s) { return s.kind == kRecovery; });
    Slot slot;
    slot.id = kRecovery;
    slot.kind = kRecovery;
    slot.wrapped = crypto::seal(recoveryWrappingKey(recoveryKey), storeKey.bytes(), aadFor(slot));
    m_slots.push_back(std::move(slot));
}

} // namespace tessera
