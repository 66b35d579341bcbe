#include "core/store/Database.h"

#include "core/store/AtomicFile.h"

#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace tessera {

void Database::Closer::operator()(sqlite3 *db) const
{
    sqlite3_close_v2(db);
}

void Statement::Finalizer::operator()(sqlite3_stmt *stmt) const
{
    sqlite3_finalize(stmt);
}

// A move keeps the owner: the connection moves between objects, not between threads.
Database::Database(Database &&other) noexcept
    : m_db(std::move(other.m_db))
    , m_cipherVersion(std::move(other.m_cipherVersion))
    , m_savepoints(other.m_savepoints)
    , m_owner(other.m_owner.load(std::memory_order_acquire))
{
}

Database &Database::operator=(Database &&other) noexcept
{
    m_db = std::move(other.m_db);
    m_cipherVersion = std::move(other.m_cipherVersion);
    m_savepoints = other.m_savepoints;
    m_owner.store(other.m_owner.load(std::memory_order_acquire), std::memory_order_release);
    return *this;
}

Database::~Database() = default;

void Database::handOver(std::thread::id to)
{
    checkOwner("Database::handOver");
    m_owner.store(to, std::memory_order_release);
}

void Database::adopt()
{
    std::thread::id released;
    if (!m_owner.compare_exchange_strong(released, std::this_thread::get_id(), std::memory_order_acq_rel))
        checkOwner("Database::adopt");
}

void Database::checkOwner(const char *call) const
{
    if (isOwnedByCurrentThread())
        return;
    // Not a Result: a caller on the wrong thread has already raced, and the state it shares
    // (the connection, the signed-in operator) can no longer be trusted. Stop here, loudly.
    const bool released = m_owner.load(std::memory_order_acquire) == std::thread::id();
    std::fprintf(stderr,
                 "tessera: %s called on a thread that does not own the store (%s); see ui/common/TaskRunner.h\n", call,
                 released ? "it was released and not adopted" : "another thread owns it");
    std::fflush(stderr);
    std::abort();
}

Error Database::lastError(const QString &what) const
{
    const int code = m_db ? sqlite3_errcode(m_db.get()) : SQLITE_ERROR;
    const QString detail = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db.get())) : QString();
    ErrorCode ec = ErrorCode::Internal;
    switch (code & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        ec = ErrorCode::StoreCorrupt;
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
        ec = ErrorCode::Io;
        break;
    case SQLITE_CONSTRAINT:
        ec = ErrorCode::AlreadyExists;
        break;
    default:
        break;
    }
    return Error {ec, what + QStringLiteral(": ") + detail};
}

namespace {

QString cipherVersionOf(sqlite3 *db)
{
    // A plain SQLite ignores unknown pragmas and returns no row; only SQLCipher answers.
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &raw, nullptr) != SQLITE_OK)
        return {};
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
    if (sqlite3_step(stmt.get()) != SQLITE_ROW)
        return {};
    return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt.get(), 0)));
}

} // namespace

void Database::removeCrashLeftovers(const QString &path)
{
    // writeFileAtomically's temporary copies (".station.db.<hex>.tmp", a restore killed before
    // its rename) and a restore's working copies: each is a whole store, readable with the
    // store key, that no purge would ever reach. None is ever needed after a crash: the
    // restore that made it starts again from the backup.
    // A restore running now (in this process or another) holds "NAME.restore.lock" while its
    // files are in use; they are left alone until it is done.
    const int lockFd =
        ::open(QFile::encodeName(path + QStringLiteral(".restore.lock")).constData(), O_RDWR | O_CLOEXEC);
    if (lockFd >= 0) {
        const bool free = ::flock(lockFd, LOCK_EX | LOCK_NB) == 0;
        ::close(lockFd);
        if (!free)
            return;
    }
    const QFileInfo info(path);
    const QDir dir = info.absoluteDir();
    const QString name = info.fileName();
    removeAtomicWriteLeftovers(path);
    QStringList leftovers;
    for (const QString &work : {QStringLiteral(".restoring"), QStringLiteral(".restore-check")})
        for (const QString &suffix :
             {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
            if (QFileInfo::exists(dir.filePath(name + work + suffix)))
                leftovers << name + work + suffix;
    for (const QString &f : leftovers)
        QFile::remove(dir.filePath(f));
}

Result<Database> Database::open(const QString &path, const SecureBuffer &key, const CipherSettings &cipher, Mode mode)
{
    if (key.size() != 32)
        return fail(ErrorCode::Crypto, QStringLiteral("The store key must be 32 bytes."));
    const QFileInfo file(path);
    const bool exists = file.exists();
    if (mode == Mode::OpenExisting && !exists)
        return fail(ErrorCode::StoreMissing, QStringLiteral("There is no store at %1.").arg(path));
    if (mode == Mode::Create && exists)
        return fail(ErrorCode::AlreadyExists, QStringLiteral("A store already exists at %1.").arg(path));
    if (mode == Mode::OpenExisting) {
        // A FIFO or a device would block or be read as garbage; an empty file is what a crash
        // or a full disk leaves, and SQLite would silently make a new, empty store of it (and
        // the sign-in would then say the password is wrong). Neither is opened.
        if (!file.isFile())
            return fail(
                ErrorCode::StoreCorrupt,
                QStringLiteral("%1 is not a regular file, so it is not a store. Nothing was changed.").arg(path));
        if (file.size() == 0)
            return fail(
                ErrorCode::StoreCorrupt,
                QStringLiteral(
                    "The store %1 is empty (0 bytes): it is damaged, and nothing in it can be read. Nothing was "
                    "changed. "
                    "Restore the latest backup into this folder (tessera-cli --store FOLDER restore BACKUP.tdb "
                    "--force, "
                    "or Restore from backup in the desktop), or move the file away and set the station up again.")
                    .arg(path));
        removeCrashLeftovers(path);
    }

    Database db;
    sqlite3 *raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (mode == Mode::Create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    db.m_db.reset(raw);
    if (rc != SQLITE_OK)
        return std::unexpected(db.lastError(QStringLiteral("The store could not be opened")));
    sqlite3_extended_result_codes(raw, 1);
    // Another process (the desktop and the CLI, two CLI commands) may hold the write lock for
    // a moment; wait for it rather than fail with "database is locked".
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);

    // Before anything is keyed or written: is this SQLCipher at all? If the process bound
    // sqlite3_* to the plain libsqlite3 (wrong library load order), the key would be
    // silently ignored and the store written in clear.
    db.m_cipherVersion = cipherVersionOf(raw);
    if (db.m_cipherVersion.isEmpty())
        return fail(ErrorCode::NotEncrypted,
                    QStringLiteral("The SQLite library in use is not SQLCipher, so the store cannot be encrypted. "
                                   "Nothing was written. Reinstall Tessera or report this build."));

    // Raw key in SQLCipher's x'…' form: no passphrase derivation, the key is already random.
    {
        const SecureBuffer hex = key.toHex();
        SecureBuffer blob(hex.size() + 3);
        blob.data()[0] = 'x';
        blob.data()[1] = '\'';
        std::memcpy(blob.data() + 2, hex.data(), hex.size());
        blob.data()[hex.size() + 2] = '\'';
        if (sqlite3_key(raw, blob.data(), static_cast<int>(blob.size())) != SQLITE_OK)
            return std::unexpected(db.lastError(QStringLiteral("The store key could not be set")));
    }

    const bool v4 = !db.m_cipherVersion.startsWith(QLatin1Char('3'));
    QStringList settings {
        QStringLiteral("PRAGMA cipher_page_size = %1").arg(cipher.pageSize),
        QStringLiteral("PRAGMA kdf_iter = %1").arg(cipher.kdfIterations),
    };
    if (v4) {
        settings << QStringLiteral("PRAGMA cipher_hmac_algorithm = %1").arg(cipher.hmacAlgorithm)
                 << QStringLiteral("PRAGMA cipher_kdf_algorithm = %1").arg(cipher.kdfAlgorithm);
    } else if (cipher.hmacAlgorithm != QLatin1String("HMAC_SHA1")
               || cipher.kdfAlgorithm != QLatin1String("PBKDF2_HMAC_SHA1")) {
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("This store uses %1, which SQLCipher %2 cannot read.")
                        .arg(cipher.hmacAlgorithm, db.m_cipherVersion));
    }
    for (const QString &pragma : settings)
        if (auto r = db.exec(pragma); !r)
            return std::unexpected(r.error());

    // The first read decrypts page 1: a wrong key or a file that is not a store fails here.
    if (sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral(
                        "The store could not be read with this key; the file is damaged or is not a Tessera store."));

    for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
                               "PRAGMA secure_delete = ON", "PRAGMA temp_store = MEMORY"}) {
        if (auto r = db.exec(QString::fromLatin1(pragma)); !r)
            return std::unexpected(r.error());
    }
    // A WAL left by a crash (mid-purge, say) may still hold frames with values that the
    // committed state no longer has. Fold it into the file (where secure_delete has
    // overwritten them) and empty it before anything else is done with the store. Busy (another
    // connection reading) is not an error: that connection's own close empties it.
    if (mode == Mode::OpenExisting && QFileInfo(path + QStringLiteral("-wal")).size() > 0)
        (void)db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); // busy or not, see above
    return db;
}

namespace {

// SQLCipher's raw-key form x'<64 hex digits>', itself secret.
SecureBuffer rawKeyBlob(const SecureBuffer &key)
{
    const SecureBuffer hex = key.toHex();
    SecureBuffer blob(hex.size() + 3);
    blob.data()[0] = 'x';
    blob.data()[1] = '\'';
    std::memcpy(blob.data() + 2, hex.data(), hex.size());
    blob.data()[hex.size() + 2] = '\'';
    return blob;
}

} // namespace

Result<void> Database::rekey(const SecureBuffer &newKey)
{
    checkOwner("Database::rekey");
    if (newKey.size() != 32)
        return fail(ErrorCode::Crypto, QStringLiteral("The store key must be 32 bytes."));
    const SecureBuffer blob = rawKeyBlob(newKey);
    if (sqlite3_rekey(m_db.get(), blob.data(), static_cast<int>(blob.size())) != SQLITE_OK)
        return std::unexpected(lastError(QStringLiteral("The store could not be re-keyed")));
    // The first read after a rekey proves that the pages decrypt under the new key.
    if (sqlite3_exec(m_db.get(), "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK)
        return std::unexpected(lastError(QStringLiteral("The re-keyed store could not be read")));
    return {};
}

Result<void> Database::exec(const QString &sql)
{
    checkOwner("Database::exec");
    char *message = nullptr;
    if (sqlite3_exec(m_db.get(), sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return std::unexpected(lastError(QStringLiteral("A store operation failed")));
    }
    return {};
}

Result<Statement> Database::prepare(const QString &sql)
{
    checkOwner("Database::prepare");
    sqlite3_stmt *raw = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(m_db.get(), utf8.constData(), static_cast<int>(utf8.size()), &raw, nullptr) != SQLITE_OK)
        return std::unexpected(lastError(QStringLiteral("A store query could not be prepared")));
    return Statement(raw, this);
}

Result<void> Database::run(const QString &sql, const QVariantList &params)
{
    return each(sql, params, [](const Statement &) {});
}

Result<void> Database::each(const QString &sql, const QVariantList &params,
                            const std::function<void(const Statement &row)> &onRow)
{
    checkOwner("Database::each");
    auto stmt = prepare(sql);
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto r = stmt->bind(params); !r)
        return r;
    while (true) {
        auto more = stmt->next();
        if (!more)
            return std::unexpected(more.error());
        if (!*more)
            return {};
        onRow(*stmt);
    }
}

Result<QVariant> Database::scalar(const QString &sql, const QVariantList &params)
{
    checkOwner("Database::scalar");
    auto stmt = prepare(sql);
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto r = stmt->bind(params); !r)
        return std::unexpected(r.error());
    auto row = stmt->next();
    if (!row)
        return std::unexpected(row.error());
    if (!*row || stmt->isNull(0))
        return QVariant();
    switch (sqlite3_column_type(stmt->m_stmt.get(), 0)) {
    case SQLITE_INTEGER:
        return QVariant(stmt->integer(0));
    case SQLITE_BLOB:
        return QVariant(stmt->blob(0));
    default:
        return QVariant(stmt->text(0));
    }
}

qint64 Database::lastInsertId() const
{
    checkOwner("Database::lastInsertId");
    return sqlite3_last_insert_rowid(m_db.get());
}

int Database::changes() const
{
    checkOwner("Database::changes");
    return sqlite3_changes(m_db.get());
}

Result<void> Database::transaction(const std::function<Result<void>()> &body)
{
    checkOwner("Database::transaction");
    if (sqlite3_get_autocommit(m_db.get()) == 0) {
        // Inside another transaction: a savepoint, so that this body is undone alone when it
        // fails and the outer one still decides about everything.
        const QString name = QStringLiteral("nested_%1").arg(++m_savepoints);
        if (auto r = exec(QStringLiteral("SAVEPOINT ") + name); !r)
            return r;
        auto result = body();
        if (!result)
            (void)exec(QStringLiteral("ROLLBACK TO ") + name); // body's error is the one to report
        // A savepoint that cannot be released stays inside the outer transaction, which decides.
        (void)exec(QStringLiteral("RELEASE ") + name);
        return result;
    }
    // IMMEDIATE: the write lock is taken now (waiting up to the busy timeout for another
    // process's), so that a read in the body never has to be upgraded to a write later, which
    // SQLite refuses at once ("database is locked") when another process wrote meanwhile.
    if (auto r = exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r;
    auto result = body();
    if (!result) {
        // body's error is the one to report; a failed ROLLBACK leaves nothing committed either.
        (void)exec(QStringLiteral("ROLLBACK"));
        return result;
    }
    if (auto r = exec(QStringLiteral("COMMIT")); !r) {
        (void)exec(QStringLiteral("ROLLBACK")); // the COMMIT's error is the one to report
        return r;
    }
    return {};
}

Result<QStringList> Database::integrityProblems()
{
    QStringList problems;
    for (const QString &pragma :
         {QStringLiteral("PRAGMA integrity_check"), QStringLiteral("PRAGMA foreign_key_check")}) {
        auto r = each(pragma, {}, [&](const Statement &row) {
            if (row.text(0) != QLatin1String("ok"))
                problems << row.text(0);
        });
        if (!r)
            return std::unexpected(r.error());
    }
    return problems;
}

Statement::Statement(sqlite3_stmt *stmt, const Database *db)
    : m_stmt(stmt)
    , m_db(db)
{
}

Result<void> Statement::bind(const QVariantList &params)
{
    m_db->checkOwner("Statement::bind");
    sqlite3_stmt *s = m_stmt.get();
    for (int i = 0; i < params.size(); ++i) {
        const QVariant &v = params.at(i);
        const int index = i + 1;
        int rc = SQLITE_OK;
        if (v.isNull()) {
            rc = sqlite3_bind_null(s, index);
        } else {
            switch (v.typeId()) {
            case QMetaType::Bool:
            case QMetaType::Int:
            case QMetaType::UInt:
            case QMetaType::LongLong:
            case QMetaType::ULongLong:
                rc = sqlite3_bind_int64(s, index, v.toLongLong());
                break;
            case QMetaType::QByteArray: {
                const QByteArray bytes = v.toByteArray();
                rc = sqlite3_bind_blob64(s, index, bytes.constData(), static_cast<sqlite3_uint64>(bytes.size()),
                                         SQLITE_TRANSIENT);
                break;
            }
            default: {
                const QByteArray text = v.toString().toUtf8();
                rc = sqlite3_bind_text64(s, index, text.constData(), static_cast<sqlite3_uint64>(text.size()),
                                         SQLITE_TRANSIENT, SQLITE_UTF8);
                break;
            }
            }
        }
        if (rc != SQLITE_OK)
            return std::unexpected(m_db->lastError(QStringLiteral("A store value could not be bound")));
    }
    return {};
}

Result<bool> Statement::next()
{
    m_db->checkOwner("Statement::next");
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return std::unexpected(m_db->lastError(QStringLiteral("A store query failed")));
}

qint64 Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt.get(), column);
}

QString Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt.get(), column));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt.get(), column)) : QString();
}

QByteArray Statement::blob(int column) const
{
    const void *p = sqlite3_column_blob(m_stmt.get(), column);
    return p ? QByteArray(static_cast<const char *>(p), sqlite3_column_bytes(m_stmt.get(), column)) : QByteArray();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

} // namespace tessera
