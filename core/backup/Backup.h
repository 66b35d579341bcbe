#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/station/StationAccess.h"
#include "core/station/StationPaths.h"
#include "core/util/Clock.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace tessera {

// An encrypted backup is three files side by side in the chosen folder, named after the
// station code and the UTC time it was made:
//   tessera-CODE-20261123T153000Z.tdb           a SQLCipher copy of the store under its own fresh random key
//   tessera-CODE-20261123T153000Z.keys          that key, wrapped under the backup password (Argon2id) and,
//                                                when given, under the station's recovery key
//   tessera-CODE-20261123T153000Z.station-keys  the station's key-slot file as it was (operators' slots,
//                                                wrapped; nothing in it is a secret in the clear)
// A restore needs the backup password (or recovery key) to open the copy and an
// administrator's password as of the backup (or the recovery key) to re-encrypt it under the
// station key those slots unwrap, so operators sign in afterwards with their passwords.
struct BackupFile {
    QString path; // the .tdb
    QString stationCode;
    QDateTime createdAt; // UTC, from the name
    qint64 bytes = 0;
    bool complete = false; // the .keys and .station-keys files are there too
};

// The backups in `dir` (newest first); an absent folder (removable media not plugged in) is empty.
std::vector<BackupFile> listBackups(const QString &dir);
// The folders this station has backed up to (kept in the store when a backup is made).
Result<QStringList> backupFolders(Database &db);

struct BackupOptions {
    QString dir;
    int keep = 0;                            // keep the newest N of this station's backups in dir; 0: keep all
    SecureBuffer password;                   // the backup password; may be empty when recoveryKey is given
    std::optional<SecureBuffer> recoveryKey; // display form, as on the recovery sheet
};
struct BackupResult {
    BackupFile file;
    int rotatedAway = 0;
    qint64 enrollments = 0;
    qint64 auditEntries = 0;
};
// Administrator only; audited as backup.created with counts only. Refuses a password shorter
// than 12 characters, and a recovery key that does not open this station.
Result<BackupResult> createBackup(StationAccess access, const StationPaths &paths, const BackupOptions &options);

struct RestoreOptions {
    QString backupPath; // the .tdb
    QString targetDir;  // the station folder to restore into (may not exist yet)
    QString username;   // an administrator, as of the backup (and of the target, if it exists)
    SecureBuffer password;
    SecureBuffer backupPassword;             // or:
    std::optional<SecureBuffer> recoveryKey; // opens both the backup (if it has a recovery slot) and the station slots
    bool force = false;                      // replace a store that is newer, or another station's
};
struct RestoreResult {
    qint64 enrollments = 0;
    qint64 auditEntries = 0;
    int schemaVersion = 0;
    QString backupLastEntryAt;
    bool replacedExisting = false;
};
// Verifies the backup fully (the key opens it, integrity_check, a schema version this build
// knows, the audit chain verifies, the administrator is one in it) on a copy in the target
// folder before anything is replaced; then writes the store and key file atomically. A
// target store with activity after the backup's last entry, or of another station, is only
// replaced with `force`. Audited in the restored store as backup.restored (counts only).
Result<RestoreResult> restoreBackup(const RestoreOptions &options, const Clock &clock);

} // namespace tessera
