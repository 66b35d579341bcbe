#include "core/backup/Backup.h"

#include "core/audit/AuditLog.h"
#include "core/crypto/Crypto.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/station/Operator.h"
#include "core/station/Station.h"
#include "core/station/StationInfo.h"
#include "core/store/AtomicFile.h"
#include "core/store/KeySlots.h"
#include "core/store/Schema.h"
#include "core/store/StationSettings.h"
#include "core/util/CrashPoint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace tessera {

namespace {

constexpr auto kBackupSlot = "backup";
constexpr auto kCopyAlias = "tessera_copy";
constexpr int kMinBackupPasswordChars = 12;

QString keysPathFor(const QString &tdb)
{
    return tdb.left(tdb.size() - 4) + QStringLiteral(".keys");
}

QString stationKeysPathFor(const QString &tdb)
{
    return tdb.left(tdb.size() - 4) + QStringLiteral(".station-keys");
}

// `x'…'`: SQLCipher's raw-key form, for ATTACH … KEY.
QString rawKeyLiteral(const SecureBuffer &key)
{
    const SecureBuffer hex = key.toHex();
    return QStringLiteral("x'")
        + QString::fromLatin1(reinterpret_cast<const char *>(hex.data()), static_cast<qsizetype>(hex.size()))
        + QLatin1Char('\'');
}

// Writes everything `db` holds into a new SQLCipher file at `path` under `key`, with the
// same cipher settings and schema version.
Result<void> exportTo(Database &db, const QString &path, const SecureBuffer &key, const CipherSettings &cipher,
                      int schemaVersion)
{
    const QString alias = QString::fromLatin1(kCopyAlias);
    {
        // An empty file: a connection opened without CREATE cannot ATTACH a file that is not there.
        QFile empty(path);
        if (!empty.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(ErrorCode::Io, QStringLiteral("%1 could not be created (%2).").arg(path, empty.errorString()));
        empty.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    if (auto r = db.run(QStringLiteral("ATTACH DATABASE ? AS %1 KEY ?").arg(alias), {path, rawKeyLiteral(key)}); !r)
        return r;
    auto body = [&]() -> Result<void> {
        for (const QString &pragma : {QStringLiteral("PRAGMA %1.cipher_page_size = %2").arg(alias).arg(cipher.pageSize),
                                      QStringLiteral("PRAGMA %1.kdf_iter = %2").arg(alias).arg(cipher.kdfIterations)})
            if (auto r = db.exec(pragma); !r)
                return r;
        if (auto r = db.run(QStringLiteral("SELECT sqlcipher_export('%1')").arg(alias)); !r)
            return r;
        // sqlcipher_export copies schema and rows, not the user_version the migrations keep.
        return db.exec(QStringLiteral("PRAGMA %1.user_version = %2").arg(alias).arg(schemaVersion));
    };
    auto done = body();
    // The export's outcome is what counts; an attachment left is dropped when the connection closes.
    (void)db.exec(QStringLiteral("DETACH DATABASE %1").arg(alias));
    if (!done) {
        QFile::remove(path);
        return done;
    }
    return {};
}

void removeBackupFiles(const QString &tdb)
{
    for (const QString &f : {tdb, keysPathFor(tdb), stationKeysPathFor(tdb)})
        QFile::remove(f);
}

void removeWithJournal(const QString &path)
{
    for (const QString &suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        QFile::remove(path + suffix);
}

// What a backup of this station killed before its rename leaves in `dir`: the copy under its
// temporary name (".tdb.partial", with any journal) and, when the kill came after them, the
// copy's key files without a .tdb. None of it can ever be restored; it is removed.
int removePartialBackups(const QString &dir, const QString &stationCode, const QString &keep)
{
    int removed = 0;
    const QStringList partials =
        QDir(dir).entryList({QStringLiteral("tessera-%1-*.tdb.partial*").arg(stationCode)}, QDir::Files);
    for (const QString &name : partials) {
        const QString path = QDir(dir).filePath(name);
        if (path.startsWith(keep))
            continue;
        QFile::remove(path);
        if (!name.endsWith(QLatin1String(".partial")))
            continue;
        ++removed;
        const QString tdb = path.left(path.size() - 8);
        if (!QFile::exists(tdb))
            for (const QString &f : {keysPathFor(tdb), stationKeysPathFor(tdb)})
                QFile::remove(f);
    }
    return removed;
}

} // namespace

std::vector<BackupFile> listBackups(const QString &dir)
{
    static const QRegularExpression name(QStringLiteral("^tessera-([A-Z0-9]{2,8})-(\\d{8}T\\d{6}Z)\\.tdb$"));
    std::vector<BackupFile> out;
    const QFileInfoList files = QDir(dir).entryInfoList({QStringLiteral("tessera-*.tdb")}, QDir::Files);
    for (const QFileInfo &f : files) {
        const auto m = name.match(f.fileName());
        if (!m.hasMatch())
            continue;
        BackupFile b;
        b.path = f.absoluteFilePath();
        b.stationCode = m.captured(1);
        b.createdAt = QDateTime::fromString(m.captured(2), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        b.createdAt.setTimeSpec(Qt::UTC);
        b.bytes = f.size();
        b.complete = QFile::exists(keysPathFor(b.path)) && QFile::exists(stationKeysPathFor(b.path));
        out.push_back(b);
    }
    std::sort(out.begin(), out.end(),
              [](const BackupFile &a, const BackupFile &b) { return a.createdAt > b.createdAt; });
    return out;
}

Result<QStringList> backupFolders(Database &db)
{
    return StationSettings(db).backupFolders();
}

Result<BackupResult> createBackup(StationAccess access, const StationPaths &paths, const BackupOptions &options)
{
    if (auto r = access.session.requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    if (!options.recoveryKey && options.password.size() < kMinBackupPasswordChars)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Backup password: use at least %1 characters; it is all that protects the copy.")
                        .arg(kMinBackupPasswordChars));
    auto info = readStationInfo(access.db);
    if (!info)
        return std::unexpected(info.error());
    // The store is opened with the key file's cipher settings; the copy is made with the same.
    if (auto keyFile = KeySlotFile::load(paths.keys()); keyFile)
        info->cipher = keyFile->cipher();
    else
        return std::unexpected(keyFile.error());
    std::optional<SecureBuffer> rawRecovery;
    if (options.recoveryKey) {
        auto raw = crypto::decodeRecoveryKey(*options.recoveryKey);
        if (!raw)
            return std::unexpected(raw.error());
        // Only the station's own recovery key: one that opens nothing would lock the backup away.
        auto slots = KeySlotFile::load(paths.keys());
        if (!slots)
            return std::unexpected(slots.error());
        if (auto k = slots->unlockWithRecoveryKey(*raw); !k)
            return fail(ErrorCode::AuthFailed,
                        QStringLiteral("That recovery key does not open this station; the backup was not made."));
        rawRecovery = std::move(*raw);
    }

    const QString dir = QDir(options.dir).absolutePath();
    if (!QDir().mkpath(dir))
        return fail(
            ErrorCode::Io,
            QStringLiteral("The folder %1 could not be created. Choose another folder or check the media.").arg(dir));
    const QDateTime now = access.clock.now().toUTC();
    BackupFile file;
    file.stationCode = info->code;
    file.createdAt = QDateTime(now.date(), QTime(now.time().hour(), now.time().minute(), now.time().second()), Qt::UTC);
    file.path = dir
        + QStringLiteral("/tessera-%1-%2.tdb")
              .arg(info->code, file.createdAt.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
    if (QFile::exists(file.path))
        return fail(ErrorCode::AlreadyExists,
                    QStringLiteral("A backup made this second is already in %1; try again in a moment.").arg(dir));

    Database &db = access.db;
    BackupResult result;
    auto enrollments = EnrollmentStore(db).count();
    auto entries = access.audit.count();
    if (!enrollments || !entries)
        return std::unexpected(!enrollments ? enrollments.error() : entries.error());
    result.enrollments = *enrollments;
    result.auditEntries = *entries;

    // The store records the fingerprint of its key file: hold the key-file lock while both are
    // copied, so that a re-key or slot change in another process cannot fall between them.
    auto keysLock = FileLock::acquire(paths.keys());
    if (!keysLock)
        return std::unexpected(keysLock.error());
    // The copy, under its own fresh key, written under a temporary name and renamed when whole.
    const SecureBuffer backupKey = SecureBuffer::random(crypto::kKeyBytes);
    const QString partial = file.path + QStringLiteral(".partial");
    removeWithJournal(partial);
    if (auto r = exportTo(db, partial, backupKey, info->cipher, info->schemaVersion); !r)
        return fail(r.error().code,
                    QStringLiteral("The backup could not be written to %1: %2").arg(dir, r.error().message));
    crashPoint("backup.after-export");

    KeySlotFile slots = KeySlotFile::createNew(info->cipher);
    if (!options.password.isEmpty())
        if (auto r =
                slots.setPasswordSlot(QString::fromLatin1(kBackupSlot), options.password, backupKey, info->slotKdf);
            !r) {
            QFile::remove(partial);
            return std::unexpected(r.error());
        }
    if (rawRecovery)
        slots.setRecoverySlot(*rawRecovery, backupKey);
    const QByteArray stationKeys = [&] {
        QFile f(paths.keys());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    if (stationKeys.isEmpty()) {
        QFile::remove(partial);
        return fail(ErrorCode::Io,
                    QStringLiteral("The station's key file could not be read; the backup was not made."));
    }
    if (auto r = slots.save(keysPathFor(file.path)); !r) {
        QFile::remove(partial);
        return std::unexpected(r.error());
    }
    if (auto r = writeFileAtomically(stationKeysPathFor(file.path), stationKeys); !r) {
        removeBackupFiles(file.path);
        QFile::remove(partial);
        return std::unexpected(r.error());
    }
    crashPoint("backup.before-rename");
    if (!QFile::rename(partial, file.path)) {
        removeBackupFiles(file.path);
        QFile::remove(partial);
        return fail(ErrorCode::Io,
                    QStringLiteral("The backup could not be completed in %1. Check the media and try again.").arg(dir));
    }
    file.bytes = QFileInfo(file.path).size();
    file.complete = true;
    result.file = file;

    // Rotation: this station's backups in this folder, newest first; the rest go. So do the
    // leftovers of backups killed before they were complete, whatever `keep` says.
    result.rotatedAway += removePartialBackups(dir, info->code, file.path);
    if (options.keep > 0) {
        int kept = 0;
        for (const BackupFile &b : listBackups(dir)) {
            if (b.stationCode != info->code)
                continue;
            if (++kept > options.keep) {
                removeBackupFiles(b.path);
                ++result.rotatedAway;
            }
        }
    }

    auto folders = backupFolders(access.db);
    if (!folders)
        return std::unexpected(folders.error());
    if (!folders->contains(dir))
        folders->append(dir);
    auto recorded = db.transaction([&]() -> Result<void> {
        if (auto r = StationSettings(db).setBackupFolders(*folders); !r)
            return r;
        auto e = access.audit.append(
            access.session.currentOperator().id, QStringLiteral("backup.created"), QStringLiteral("backup"),
            {{QStringLiteral("enrollments"), result.enrollments},
             {QStringLiteral("audit_entries"), result.auditEntries},
             {QStringLiteral("rotated_away"), result.rotatedAway},
             {QStringLiteral("keep"), options.keep},
             {QStringLiteral("protection"),
              rawRecovery ? (options.password.isEmpty() ? QStringLiteral("recovery_key")
                                                        : QStringLiteral("password_and_recovery_key"))
                          : QStringLiteral("password")}});
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
    if (!recorded)
        return std::unexpected(recorded.error());
    return result;
}

Result<RestoreResult> restoreBackup(const RestoreOptions &options, const Clock &clock)
{
    const QString tdb = QFileInfo(options.backupPath).absoluteFilePath();
    if (!tdb.endsWith(QLatin1String(".tdb")) || !QFile::exists(tdb))
        return fail(ErrorCode::NotFound,
                    QStringLiteral("There is no backup at %1 (a backup file ends in .tdb).").arg(options.backupPath));
    auto backupSlots = KeySlotFile::load(keysPathFor(tdb));
    if (!backupSlots)
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("The backup's key file %1 is missing or damaged; this backup cannot be restored.")
                        .arg(QFileInfo(keysPathFor(tdb)).fileName()));
    QFile stationKeysFile(stationKeysPathFor(tdb));
    const QByteArray stationKeysBytes =
        stationKeysFile.open(QIODevice::ReadOnly) ? stationKeysFile.readAll() : QByteArray();
    auto stationSlots = KeySlotFile::parse(stationKeysBytes, stationKeysPathFor(tdb));
    if (!stationSlots)
        return fail(
            ErrorCode::StoreCorrupt,
            QStringLiteral("The backup's station key file %1 is missing or damaged; this backup cannot be restored.")
                .arg(QFileInfo(stationKeysPathFor(tdb)).fileName()));

    // The two keys: the copy's, and the station key the operators' slots unwrap.
    std::optional<SecureBuffer> rawRecovery;
    if (options.recoveryKey) {
        auto raw = crypto::decodeRecoveryKey(*options.recoveryKey);
        if (!raw)
            return std::unexpected(raw.error());
        rawRecovery = std::move(*raw);
    }
    auto backupKey = rawRecovery && options.backupPassword.isEmpty()
        ? backupSlots->unlockWithRecoveryKey(*rawRecovery)
        : backupSlots->unlockWithPassword(QString::fromLatin1(kBackupSlot), options.backupPassword);
    if (!backupKey)
        return fail(ErrorCode::AuthFailed,
                    QStringLiteral("The backup password (or recovery key) does not open this backup."));
    auto storeKey = rawRecovery ? stationSlots->unlockWithRecoveryKey(*rawRecovery)
                                : stationSlots->unlockWithPassword(options.username, options.password);
    if (!storeKey)
        return fail(ErrorCode::AuthFailed,
                    QStringLiteral("The user name or password is not that of an operator of the station as it was when "
                                   "the backup was made."));

    const StationPaths target {QDir(options.targetDir).absolutePath()};
    if (!QDir().mkpath(target.dir))
        return fail(ErrorCode::Io, QStringLiteral("The folder %1 could not be created.").arg(target.dir));
    // Held until the restore is done, so that opening the store meanwhile (here, to check the
    // target and to sign in afterwards) does not take this restore's working files for a
    // killed one's leftovers (Database::removeCrashLeftovers).
    auto restoreLock = FileLock::acquire(target.store() + QStringLiteral(".restore"));
    if (!restoreLock)
        return std::unexpected(restoreLock.error());
    // What an earlier restore into this folder left when it was killed before its renames.
    removeAtomicWriteLeftovers(target.store());
    removeAtomicWriteLeftovers(target.keys());

    // Verify on a copy, so that the backup's media is only read and the target not yet touched.
    const QString check = target.store() + QStringLiteral(".restore-check");
    removeWithJournal(check);
    {
        QFile::remove(check);
        if (!QFile::copy(tdb, check))
            return fail(ErrorCode::Io, QStringLiteral("The backup could not be read from %1.").arg(tdb));
    }
    RestoreResult result;
    const QString restoring = target.store() + QStringLiteral(".restoring");
    removeWithJournal(restoring);
    auto verifyAndExport = [&]() -> Result<void> {
        auto db = Database::open(check, *backupKey, backupSlots->cipher(), Database::Mode::OpenExisting);
        if (!db)
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral("The backup does not open with its key: %1").arg(db.error().message));
        auto problems = db->integrityProblems();
        if (!problems || !problems->isEmpty())
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral("The backup is damaged (%1).")
                            .arg(problems ? problems->mid(0, 3).join(QStringLiteral("; ")) : problems.error().message));
        auto version = db->scalar(QStringLiteral("PRAGMA user_version"));
        if (!version)
            return std::unexpected(version.error());
        result.schemaVersion = static_cast<int>(version->toLongLong());
        if (result.schemaVersion < 1 || result.schemaVersion > latestSchemaVersion())
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral(
                            "The backup has schema version %1; this build knows 1 to %2. Use the Tessera that made it.")
                            .arg(result.schemaVersion)
                            .arg(latestSchemaVersion()));
        auto storeId = StationSettings(*db).storeId();
        if (!storeId)
            return std::unexpected(storeId.error());
        if (*storeId != stationSlots->storeId())
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral("The backup's files do not belong together (the store and its key file are of "
                                       "different stations)."));
        AuditLog log(*db, clock);
        auto verified = log.verify();
        if (!verified)
            return std::unexpected(verified.error());
        if (!verified->ok)
            return fail(ErrorCode::Integrity,
                        QStringLiteral("The backup's audit log does not verify: %1").arg(verified->problem));
        if (!rawRecovery) {
            auto roles = enabledOperatorRoles(*db, options.username.trimmed());
            if (!roles)
                return std::unexpected(roles.error());
            if (!*roles || !(*roles)->testFlag(Role::Administrator))
                return fail(ErrorCode::PermissionDenied, QStringLiteral("Restoring a backup is for administrators."));
        }
        auto enrollments = EnrollmentStore(*db).count();
        if (!enrollments)
            return std::unexpected(enrollments.error());
        result.enrollments = *enrollments;
        result.auditEntries = verified->entries;
        auto last = log.lastWorkAt();
        if (!last)
            return std::unexpected(last.error());
        result.backupLastEntryAt = *last;
        return exportTo(*db, restoring, *storeKey, stationSlots->cipher(), result.schemaVersion);
    };
    auto exported = verifyAndExport();
    crashPoint("restore.after-export");
    removeWithJournal(check);
    if (!exported) {
        removeWithJournal(restoring);
        return fail(exported.error().code,
                    exported.error().message + QStringLiteral(" Nothing was changed in %1.").arg(target.dir));
    }

    // The target: an administrator there too, and not newer than the backup unless forced.
    // A key file without a store is what a restore killed before it wrote the store leaves (or
    // a store lost): it opens nothing, and the folder is restored into as an empty one. An empty
    // store file (a full disk, a crash) cannot be checked: it is replaced when confirmed.
    const QFileInfo targetStore(target.store());
    const bool damagedStore = targetStore.exists() && (targetStore.size() == 0 || !targetStore.isFile());
    if (damagedStore && options.force) {
        result.replacedExisting = true;
    } else if (targetStore.exists()) {
        auto refuse = [&](const Error &e) -> Result<RestoreResult> {
            removeWithJournal(restoring);
            return fail(e.code, e.message + QStringLiteral(" Nothing was changed in %1.").arg(target.dir));
        };
        auto current = rawRecovery ? Station::openWithRecoveryKey(target.dir, *options.recoveryKey, clock)
                                   : Station::login(target.dir, options.username, options.password, clock);
        if (!current)
            return refuse({current.error().code,
                           QStringLiteral("The station in %1 could not be opened to check it: %2")
                               .arg(target.dir, current.error().message)});
        if (auto r = (*current)->session().requireRole(Role::Administrator); !r)
            return refuse(r.error());
        auto info = (*current)->info();
        if (!info)
            return refuse(info.error());
        // Work, not comings and goings: signing in here to restore must not make this station
        // look newer than the backup.
        auto last = (*current)->access().audit.lastWorkAt();
        if (!last)
            return refuse(last.error());
        if (!options.force) {
            if (info->storeId != QString::fromLatin1(stationSlots->storeId().toHex()))
                return refuse(
                    {ErrorCode::AlreadyExists,
                     QStringLiteral("The station in %1 is another station (%2), not the one this backup is of. "
                                    "Restore into an empty folder, or confirm (--force) to replace it.")
                         .arg(target.dir, info->code)});
            if (*last > result.backupLastEntryAt)
                return refuse(
                    {ErrorCode::AlreadyExists,
                     QStringLiteral(
                         "The station in %1 is newer than this backup (its last activity %2, the backup's %3); "
                         "restoring would lose that work. Confirm (--force) to replace it anyway.")
                         .arg(target.dir, *last, result.backupLastEntryAt)});
        }
        current->reset(); // closes the store, so that its journal is folded in and removed
        result.replacedExisting = true;
    }

    // Both files replaced whole: the key file first (a crash between leaves the old store with
    // a key file that may not open it; the backup is still there to restore again).
    QFile restored(restoring);
    if (!restored.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("The restored store could not be read back."));
    const QByteArray storeBytes = restored.readAll();
    restored.close();
    removeWithJournal(restoring);
    if (auto r = writeFileAtomically(target.keys(), stationKeysBytes); !r)
        return std::unexpected(r.error());
    crashPoint("restore.between-key-file-and-store");
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(target.store() + suffix);
    if (auto r = writeFileAtomically(target.store(), storeBytes); !r)
        return std::unexpected(r.error());

    // Sign in to the restored station and leave the receipt there.
    auto station = rawRecovery ? Station::openWithRecoveryKey(target.dir, *options.recoveryKey, clock)
                               : Station::login(target.dir, options.username, options.password, clock);
    if (!station)
        return fail(station.error().code,
                    QStringLiteral("The backup was restored but does not open: %1").arg(station.error().message));
    auto e = (*station)->audit().append((*station)->session().currentOperator().id, QStringLiteral("backup.restored"),
                                        QStringLiteral("backup"),
                                        {{QStringLiteral("enrollments"), result.enrollments},
                                         {QStringLiteral("audit_entries"), result.auditEntries},
                                         {QStringLiteral("schema"), result.schemaVersion},
                                         {QStringLiteral("replaced_existing"), result.replacedExisting},
                                         {QStringLiteral("forced"), options.force}});
    if (!e)
        return std::unexpected(e.error());
    return result;
}

} // namespace tessera
