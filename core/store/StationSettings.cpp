#include "core/store/StationSettings.h"

#include "core/util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <type_traits>

namespace tessera {

namespace {

// The meta table's keys. Their spelling is the store's format: never rename one.
const QString kStationName = QStringLiteral("station_name");
const QString kStationCode = QStringLiteral("station_code");
const QString kStoreId = QStringLiteral("store_id");
const QString kCreatedAt = QStringLiteral("created_at");
const QString kCipherPageSize = QStringLiteral("cipher_page_size");
const QString kCipherKdfIter = QStringLiteral("cipher_kdf_iter");
const QString kCipherHmac = QStringLiteral("cipher_hmac_algorithm");
const QString kCipherKdfAlgorithm = QStringLiteral("cipher_kdf_algorithm");
const QString kCipherVersion = QStringLiteral("cipher_version_at_creation");
const QString kSlotKdfOps = QStringLiteral("slot_kdf_ops");
const QString kSlotKdfMem = QStringLiteral("slot_kdf_mem");
const QString kAutoLockSeconds = QStringLiteral("auto_lock_seconds");
const QString kDemo = QStringLiteral("demo");
const QString kKeysFingerprint = QStringLiteral("keys_fingerprint");
const QString kKeysFingerprintNext = QStringLiteral("keys_fingerprint_next");
const QString kKeysEpoch = QStringLiteral("keys_epoch");
const QString kKeysRekeyedAt = QStringLiteral("keys_rekeyed_at");
const QString kRekeyDue = QStringLiteral("rekey_due");
const QString kOperatorsKey = QStringLiteral("operators_public_key");
const QString kOperatorsKeyNext = QStringLiteral("operators_public_key_next");
const QString kStationSecret = QStringLiteral("station_secret");
const QString kCardSequence = QStringLiteral("card_sequence");
const QString kIssuerPublicKey = QStringLiteral("issuer_public_key");
const QString kIssuerSecretKey = QStringLiteral("issuer_secret_key");
const QString kCompactionPending = QStringLiteral("retention_compaction_pending");
const QString kBackupFolders = QStringLiteral("backup_folders");
const QString kPhotoCamera = QStringLiteral("photo_camera");
const QString kDocumentImageFolder = QStringLiteral("document_image_folder");

QString hexText(const SecureBuffer &secret)
{
    const SecureBuffer hex = secret.toHex();
    return QString::fromLatin1(reinterpret_cast<const char *>(hex.data()), static_cast<qsizetype>(hex.size()));
}

SecureBuffer secretFromHex(const QString &hex)
{
    QByteArray raw = QByteArray::fromHex(hex.toLatin1());
    SecureBuffer secret = SecureBuffer::fromBytes(
        {reinterpret_cast<const unsigned char *>(raw.constData()), static_cast<std::size_t>(raw.size())});
    raw.fill('\0');
    return secret;
}

// std::expected::transform is C++23 library work that GCC 12's libstdc++ does not have yet.
template <typename T, typename F>
auto mapped(Result<T> &&r, F &&f) -> Result<std::invoke_result_t<F, const T &>>
{
    if (!r)
        return std::unexpected(r.error());
    return f(*r);
}

} // namespace

Result<std::optional<QString>> StationSettings::value(const QString &key)
{
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key});
    if (!v)
        return std::unexpected(v.error());
    if (v->isNull())
        return std::optional<QString>();
    return std::optional<QString>(v->toString());
}

Result<void> StationSettings::setValue(const QString &key, const QString &value)
{
    // Not an UPSERT (ON CONFLICT … DO UPDATE): that needs SQLite 3.24, and Debian 12's
    // SQLCipher 3.4 is built on SQLite 3.15. meta has no other columns to lose to REPLACE.
    return m_db.run(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"), {key, value});
}

Result<void> StationSettings::remove(const QString &key)
{
    return m_db.run(QStringLiteral("DELETE FROM meta WHERE key = ?"), {key});
}

Result<std::optional<QByteArray>> StationSettings::hexValue(const QString &key)
{
    auto v = value(key);
    if (!v)
        return std::unexpected(v.error());
    if (!*v || (*v)->isEmpty())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(QByteArray::fromHex((*v)->toLatin1()));
}

Result<void> StationSettings::recordCreation(const StationCreation &c)
{
    const std::pair<QString, QString> rows[] = {
        {kStationName, c.name},
        {kStationCode, c.code},
        {kStoreId, QString::fromLatin1(c.storeId.toHex())},
        {kCreatedAt, isoUtc(c.createdAt)},
        {kCipherPageSize, QString::number(c.cipher.pageSize)},
        {kCipherKdfIter, QString::number(c.cipher.kdfIterations)},
        {kCipherHmac, c.cipher.hmacAlgorithm},
        {kCipherKdfAlgorithm, c.cipher.kdfAlgorithm},
        {kCipherVersion, c.cipherVersion},
        {kSlotKdfOps, QString::number(c.slotKdf.opsLimit)},
        {kSlotKdfMem, QString::number(c.slotKdf.memLimitBytes)},
        {kAutoLockSeconds, QString::number(c.autoLockSeconds)},
        {kDemo, c.demo ? QStringLiteral("1") : QStringLiteral("0")},
        {kOperatorsKey, QString::fromLatin1(c.operatorsPublicKey.toHex())},
        {kKeysFingerprint, QString::fromLatin1(c.keysFingerprint.toHex())},
        {kKeysEpoch, QString::number(c.keysEpoch)},
    };
    return m_db.transaction([&]() -> Result<void> {
        for (const auto &[key, text] : rows)
            if (auto r = m_db.run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"), {key, text}); !r)
                return r;
        return {};
    });
}

Result<QString> StationSettings::stationName()
{
    return mapped(value(kStationName), [](const std::optional<QString> &v) { return v.value_or(QString()); });
}

Result<QString> StationSettings::stationCode()
{
    return mapped(value(kStationCode), [](const std::optional<QString> &v) { return v.value_or(QString()); });
}

Result<QByteArray> StationSettings::storeId()
{
    return mapped(hexValue(kStoreId), [](const std::optional<QByteArray> &v) { return v.value_or(QByteArray()); });
}

Result<QDateTime> StationSettings::createdAt()
{
    return mapped(value(kCreatedAt), [](const std::optional<QString> &v) { return v ? fromIsoUtc(*v) : QDateTime(); });
}

Result<bool> StationSettings::isDemo()
{
    return mapped(value(kDemo), [](const std::optional<QString> &v) { return v == QStringLiteral("1"); });
}

Result<CipherSettings> StationSettings::recordedCipher()
{
    auto pageSize = value(kCipherPageSize);
    auto kdfIter = value(kCipherKdfIter);
    auto hmac = value(kCipherHmac);
    auto kdf = value(kCipherKdfAlgorithm);
    for (const auto *r : {&pageSize, &kdfIter, &hmac, &kdf})
        if (!*r)
            return std::unexpected(r->error());
    CipherSettings c;
    c.pageSize = pageSize->value_or(QString()).toInt();
    c.kdfIterations = kdfIter->value_or(QString()).toInt();
    c.hmacAlgorithm = hmac->value_or(QString());
    c.kdfAlgorithm = kdf->value_or(QString());
    return c;
}

Result<QString> StationSettings::cipherVersionAtCreation()
{
    return mapped(value(kCipherVersion), [](const std::optional<QString> &v) { return v.value_or(QString()); });
}

Result<std::optional<crypto::KdfParams>> StationSettings::slotKdf()
{
    auto ops = value(kSlotKdfOps);
    auto mem = value(kSlotKdfMem);
    if (!ops || !mem)
        return std::unexpected(!ops ? ops.error() : mem.error());
    const crypto::KdfParams p {ops->value_or(QString()).toULongLong(), mem->value_or(QString()).toULongLong()};
    if (p.opsLimit == 0 || p.memLimitBytes == 0)
        return std::optional<crypto::KdfParams>();
    return std::optional<crypto::KdfParams>(p);
}

Result<int> StationSettings::autoLockSeconds()
{
    return mapped(value(kAutoLockSeconds),
                  [](const std::optional<QString> &v) { return v.value_or(QString()).toInt(); });
}

Result<void> StationSettings::setAutoLockSeconds(int seconds)
{
    return setValue(kAutoLockSeconds, QString::number(seconds));
}

Result<std::optional<QByteArray>> StationSettings::keysFingerprint()
{
    return hexValue(kKeysFingerprint);
}

Result<void> StationSettings::setKeysFingerprint(const QByteArray &fingerprint)
{
    return setValue(kKeysFingerprint, QString::fromLatin1(fingerprint.toHex()));
}

Result<std::optional<QByteArray>> StationSettings::keysFingerprintNext()
{
    return hexValue(kKeysFingerprintNext);
}

Result<void> StationSettings::setKeysFingerprintNext(const QByteArray &fingerprint)
{
    return setValue(kKeysFingerprintNext, QString::fromLatin1(fingerprint.toHex()));
}

Result<void> StationSettings::clearKeysFingerprintNext()
{
    return remove(kKeysFingerprintNext);
}

Result<int> StationSettings::keysEpoch()
{
    return mapped(value(kKeysEpoch), [](const std::optional<QString> &v) { return v.value_or(QString()).toInt(); });
}

Result<void> StationSettings::setKeysEpoch(int epoch)
{
    return setValue(kKeysEpoch, QString::number(epoch));
}

Result<std::optional<QDateTime>> StationSettings::keysRekeyedAt()
{
    return mapped(value(kKeysRekeyedAt), [](const std::optional<QString> &v) {
        return v && !v->isEmpty() ? std::optional<QDateTime>(fromIsoUtc(*v)) : std::optional<QDateTime>();
    });
}

Result<void> StationSettings::setKeysRekeyedAt(const QDateTime &at)
{
    return setValue(kKeysRekeyedAt, isoUtc(at));
}

Result<bool> StationSettings::rekeyDue()
{
    // Any value counts, as it always has: only the key's presence was ever written.
    return mapped(value(kRekeyDue), [](const std::optional<QString> &v) { return v && !v->isEmpty(); });
}

Result<void> StationSettings::setRekeyDue(bool due)
{
    return due ? setValue(kRekeyDue, QStringLiteral("1")) : remove(kRekeyDue);
}

Result<std::optional<QByteArray>> StationSettings::operatorsPublicKey()
{
    return hexValue(kOperatorsKey);
}

Result<void> StationSettings::setOperatorsPublicKey(const QByteArray &publicKey)
{
    return setValue(kOperatorsKey, QString::fromLatin1(publicKey.toHex()));
}

Result<std::optional<QByteArray>> StationSettings::operatorsPublicKeyNext()
{
    return hexValue(kOperatorsKeyNext);
}

Result<void> StationSettings::setOperatorsPublicKeyNext(const QByteArray &publicKey)
{
    return setValue(kOperatorsKeyNext, QString::fromLatin1(publicKey.toHex()));
}

Result<void> StationSettings::clearOperatorsPublicKeyNext()
{
    return remove(kOperatorsKeyNext);
}

Result<SecureBuffer> StationSettings::stationSecret()
{
    auto hex = value(kStationSecret);
    if (!hex)
        return std::unexpected(hex.error());
    if (*hex)
        return secretFromHex(**hex);
    SecureBuffer fresh = SecureBuffer::random(crypto::kKeyBytes);
    if (auto r =
            m_db.run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"), {kStationSecret, hexText(fresh)});
        !r)
        return std::unexpected(r.error());
    return fresh;
}

Result<qint64> StationSettings::cardSequence()
{
    return mapped(value(kCardSequence),
                  [](const std::optional<QString> &v) { return v.value_or(QString()).toLongLong(); });
}

Result<qint64> StationSettings::takeCardSequence()
{
    auto last = cardSequence();
    if (!last)
        return last;
    const qint64 next = *last + 1;
    if (auto r = setValue(kCardSequence, QString::number(next)); !r)
        return std::unexpected(r.error());
    return next;
}

Result<std::optional<QByteArray>> StationSettings::issuerPublicKey()
{
    // Present but empty is a damaged key, not a missing one: IssuerKey refuses it rather than
    // making a second key beside it.
    return mapped(value(kIssuerPublicKey), [](const std::optional<QString> &v) {
        return v ? std::optional<QByteArray>(QByteArray::fromHex(v->toLatin1())) : std::optional<QByteArray>();
    });
}

Result<std::optional<SecureBuffer>> StationSettings::issuerSecretKey()
{
    auto hex = value(kIssuerSecretKey);
    if (!hex)
        return std::unexpected(hex.error());
    if (!*hex)
        return std::optional<SecureBuffer>();
    return std::optional<SecureBuffer>(secretFromHex(**hex));
}

Result<void> StationSettings::recordIssuerKey(const QByteArray &publicKey, const SecureBuffer &secretKey)
{
    // INSERT, not REPLACE: an issuer key is made once; a second one would orphan every card
    // signed with the first.
    return m_db.transaction([&]() -> Result<void> {
        if (auto r = m_db.run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"),
                              {kIssuerPublicKey, QString::fromLatin1(publicKey.toHex())});
            !r)
            return r;
        return m_db.run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"),
                        {kIssuerSecretKey, hexText(secretKey)});
    });
}

Result<bool> StationSettings::retentionCompactionPending()
{
    return mapped(value(kCompactionPending), [](const std::optional<QString> &v) { return v.has_value(); });
}

Result<void> StationSettings::setRetentionCompactionPending(bool pending)
{
    return pending ? setValue(kCompactionPending, QStringLiteral("1")) : remove(kCompactionPending);
}

Result<QStringList> StationSettings::backupFolders()
{
    auto v = value(kBackupFolders);
    if (!v)
        return std::unexpected(v.error());
    QStringList dirs;
    const QJsonArray stored = QJsonDocument::fromJson(v->value_or(QString()).toUtf8()).array();
    for (const auto &d : stored)
        dirs << d.toString();
    return dirs;
}

Result<void> StationSettings::setBackupFolders(const QStringList &folders)
{
    return setValue(
        kBackupFolders,
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(folders)).toJson(QJsonDocument::Compact)));
}

Result<QString> StationSettings::documentImageFolder()
{
    auto v = value(kDocumentImageFolder);
    if (!v)
        return std::unexpected(v.error());
    return v->value_or(QString());
}

Result<void> StationSettings::setDocumentImageFolder(const QString &folder)
{
    return setValue(kDocumentImageFolder, folder);
}

Result<std::optional<CameraSetting>> StationSettings::photoCamera()
{
    auto v = value(kPhotoCamera);
    if (!v)
        return std::unexpected(v.error());
    if (!*v)
        return std::optional<CameraSetting>();
    const QJsonObject o = QJsonDocument::fromJson((*v)->toUtf8()).object();
    return std::optional<CameraSetting>(
        CameraSetting {o.value(QStringLiteral("index")).toInt(-1),
                       QSize(o.value(QStringLiteral("width")).toInt(), o.value(QStringLiteral("height")).toInt()),
                       o.value(QStringLiteral("video_file")).toString()});
}

Result<void> StationSettings::setPhotoCamera(const CameraSetting &camera)
{
    QJsonObject o {{QStringLiteral("index"), camera.index},
                   {QStringLiteral("width"), camera.resolution.width()},
                   {QStringLiteral("height"), camera.resolution.height()}};
    if (!camera.videoFile.isEmpty())
        o.insert(QStringLiteral("video_file"), camera.videoFile);
    return setValue(kPhotoCamera, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

} // namespace tessera
