#pragma once

#include "core/crypto/Crypto.h"
#include "core/crypto/SecureBuffer.h"
#include "core/store/Database.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

namespace tessera {

// What a station records once, when it is created (Station::create).
struct StationCreation {
    QString name;
    QString code;
    QByteArray storeId;
    QDateTime createdAt;
    CipherSettings cipher;
    QString cipherVersion; // SQLCipher's version string at creation, for counsel and support
    crypto::KdfParams slotKdf;
    int autoLockSeconds = 0;
    bool demo = false;
    QByteArray operatorsPublicKey;
    QByteArray keysFingerprint;
    int keysEpoch = 0;
};

// The camera this station's photo step opens, and the resolution it asks for: chosen once by
// a clerk, kept in the station's store (not per operator: the camera belongs to the counter).
// capture/CameraChoice validates it.
struct CameraSetting {
    int index = 0;
    QSize resolution {1280, 720};
    // A video file standing in for the camera (a demo station's, a test's): then `index` is
    // unused. Still images are never remembered: their names may name the applicant.
    QString videoFile;
};

// The one owner of the store's `meta` key/value table: every key the application uses has a
// typed accessor here, and no other code names the table or a key. Values keep the textual
// form they have always had (hex for bytes, decimal for numbers, ISO 8601 UTC for times,
// compact JSON for lists), so stores made before this class read the same.
//
// No role checks: the caller (a module that has checked its operator) decides who may write.
// Writes are single statements; wrap several in Database::transaction to make them one.
// Refers to the Database it is given, which must outlive it; not thread-safe (as Database).
class StationSettings {
public:
    explicit StationSettings(Database &db)
        : m_db(db)
    {
    }

    // Inserts every creation key; fails (and changes nothing inside a transaction) when any
    // of them is already there.
    Result<void> recordCreation(const StationCreation &c);

    // Identity. Empty / false / zero when absent (a store is never without them after create).
    Result<QString> stationName();
    Result<QString> stationCode();
    Result<QByteArray> storeId();
    Result<QDateTime> createdAt();
    Result<bool> isDemo();
    // The cipher settings written at creation (fields absent read as 0 / empty).
    Result<CipherSettings> recordedCipher();
    Result<QString> cipherVersionAtCreation();

    // The key-slot KDF cost chosen at creation; none when absent or zero.
    Result<std::optional<crypto::KdfParams>> slotKdf();

    // Seconds of inactivity before the station locks; 0 when absent.
    Result<int> autoLockSeconds();
    Result<void> setAutoLockSeconds(int seconds);

    // The key file the store belongs to, and while a change is under way the one about to
    // replace it (see core/station/StationKeyFile.cpp on how the key file and the store stay in step). Absent (or
    // empty) reads as none.
    Result<std::optional<QByteArray>> keysFingerprint();
    Result<void> setKeysFingerprint(const QByteArray &fingerprint);
    Result<std::optional<QByteArray>> keysFingerprintNext();
    Result<void> setKeysFingerprintNext(const QByteArray &fingerprint);
    Result<void> clearKeysFingerprintNext();
    // 0 when absent.
    Result<int> keysEpoch();
    Result<void> setKeysEpoch(int epoch);
    Result<std::optional<QDateTime>> keysRekeyedAt();
    Result<void> setKeysRekeyedAt(const QDateTime &at);
    // Set by a change that must be followed by a re-key (disable, reset), cleared by it.
    Result<bool> rekeyDue();
    Result<void> setRekeyDue(bool due);

    // The operators key pinned at creation (or upgrade), and one pinned by an upgrade under way.
    Result<std::optional<QByteArray>> operatorsPublicKey();
    Result<void> setOperatorsPublicKey(const QByteArray &publicKey);
    Result<std::optional<QByteArray>> operatorsPublicKeyNext();
    Result<void> setOperatorsPublicKeyNext(const QByteArray &publicKey);
    Result<void> clearOperatorsPublicKeyNext();

    // The station's secret for keyed request hashes (enrollment): created on first use.
    Result<SecureBuffer> stationSecret();

    // The card-number sequence: the last number handed out (0 when none), and the one
    // allocator that takes the next. Call takeCardSequence inside the transaction that uses
    // the number, so that a rollback gives it back.
    Result<qint64> cardSequence();
    Result<qint64> takeCardSequence();

    // The issuer signing key pair (cards/IssuerKey). None until first made; store both in
    // one transaction.
    Result<std::optional<QByteArray>> issuerPublicKey();
    Result<std::optional<SecureBuffer>> issuerSecretKey();
    Result<void> recordIssuerKey(const QByteArray &publicKey, const SecureBuffer &secretKey);

    // A purge that could not compact the store (VACUUM) leaves this set for the next run.
    Result<bool> retentionCompactionPending();
    Result<void> setRetentionCompactionPending(bool pending);

    // Folders backups have been written to, oldest first; empty when none.
    Result<QStringList> backupFolders();
    Result<void> setBackupFolders(const QStringList &folders);

    // None until someone chose. A damaged value reads as index -1 or an empty size, which
    // capture/CameraChoice refuses.
    Result<std::optional<CameraSetting>> photoCamera();
    Result<void> setPhotoCamera(const CameraSetting &camera);

    // The folder the clerk last opened a document image from (the scanner's), so that Read
    // document opens there: the folder only, never a file name (a scan's name may name the
    // applicant). Empty when none.
    Result<QString> documentImageFolder();
    Result<void> setDocumentImageFolder(const QString &folder);

private:
    Result<std::optional<QString>> value(const QString &key);
    Result<void> setValue(const QString &key, const QString &value);
    Result<void> remove(const QString &key);
    Result<std::optional<QByteArray>> hexValue(const QString &key);

    Database &m_db;
};

} // namespace tessera
