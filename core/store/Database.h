#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

struct sqlite3;
struct sqlite3_stmt;

namespace tessera {

// The cipher settings a store is written with. Set explicitly on every open, so that the
// same file opens under SQLCipher 3.4 (Debian 12) and 4.x (which changed the defaults), and
// recorded beside the store, so that any SQLCipher build can be told how to read it.
struct CipherSettings {
    int pageSize = 4096;
    int kdfIterations = 64000; // unused with a raw key, but fixed all the same
    QString hmacAlgorithm = QStringLiteral("HMAC_SHA1");
    QString kdfAlgorithm = QStringLiteral("PBKDF2_HMAC_SHA1");
    friend bool operator==(const CipherSettings &, const CipherSettings &) = default;
};

class Statement;

// One open SQLCipher connection. Owns the handle. Not thread-safe, and one thread owns it: the
// one that opened it, until that thread releases it and another adopts it (an explicit
// hand-over, e.g. a Station opened by a sign-in task and given to the GUI thread). Every call
// that reaches SQLite checks, and a call from any other thread aborts the process with a
// message naming the call, in every build: it is a bug in the caller, never a condition to
// handle (a race on a connection and on the state around it, the signed-in operator, would
// otherwise go unnoticed). Everything that works through a Database (the Session, the audit
// log, the stores) is owned with it. See ui/common/TaskRunner.h for how the GUI keeps it.
class Database {
public:
    Database(Database &&) noexcept;
    Database &operator=(Database &&) noexcept;
    ~Database();

    // Opens (creating if allowed) an encrypted database with a 32-byte raw key. Refuses when
    // the SQLite in this process is not SQLCipher (`PRAGMA cipher_version` gives nothing),
    // when the key does not open the file, and an existing file that is empty (0 bytes) or
    // not a regular file (StoreCorrupt, with the recovery path). Sets WAL journaling with
    // synchronous=FULL, foreign keys and secure_delete on, and a busy timeout of
    // kBusyTimeoutMs for other processes' writes. Opening an existing store first removes
    // the temporary copies a killed restore leaves beside it (removeCrashLeftovers) and
    // empties a WAL that a crash left behind (checkpoint TRUNCATE).
    enum class Mode { OpenExisting, Create };
    static Result<Database> open(const QString &path, const SecureBuffer &key, const CipherSettings &cipher, Mode mode);

    QString cipherVersion() const { return m_cipherVersion; }

    // How long a statement waits for another connection's write lock before failing.
    static constexpr int kBusyTimeoutMs = 5000;
    // Removes, beside the store at `path`, the temporary files that an atomic replace or a
    // restore killed midway leaves: ".NAME.<hex>.tmp", "NAME.restoring", "NAME.restore-check"
    // (and their journals). Each would be a whole store that no purge reaches. Does nothing
    // while a restore holds "NAME.restore.lock" (see restoreBackup).
    static void removeCrashLeftovers(const QString &path);

    Result<void> exec(const QString &sql);
    Result<Statement> prepare(const QString &sql);
    // Runs one statement with positional parameters (QVariant null, integer, string, bytes).
    Result<void> run(const QString &sql, const QVariantList &params = {});
    // Runs a query and calls onRow for each row, in order; stops at the first error.
    Result<void> each(const QString &sql, const QVariantList &params,
                      const std::function<void(const Statement &row)> &onRow);
    // First column of the first row, or a null QVariant when there is no row.
    Result<QVariant> scalar(const QString &sql, const QVariantList &params = {});
    qint64 lastInsertId() const;
    int changes() const;

    // BEGIN IMMEDIATE … COMMIT around body; ROLLBACK when body fails. Inside another
    // transaction, a savepoint instead: the body is undone alone when it fails, and the outer
    // transaction commits or rolls back everything (so several steps can be made one).
    Result<void> transaction(const std::function<Result<void>()> &body);

    // Re-encrypts every page under `newKey` (32 bytes; SQLCipher's sqlite3_rekey, the C form
    // of PRAGMA rekey) in one transaction: a crash leaves the file wholly under one key or the
    // other (WAL, synchronous=FULL). Other connections to the file must reopen with the new key.
    Result<void> rekey(const SecureBuffer &newKey);

    // `PRAGMA integrity_check` and `PRAGMA cipher_integrity_check` (when the build has it).
    Result<QStringList> integrityProblems();

    // Thread ownership (see the class comment). handOver: the owner gives the connection to the
    // thread `to`, which may use it from then on (the owner's writes before it are visible
    // there). release: handOver to no thread; until some thread adopts it, none may use it.
    // adopt: the calling thread takes a released connection (adopting one's own changes
    // nothing; taking another thread's aborts).
    void handOver(std::thread::id to);
    void release() { handOver(std::thread::id()); }
    void adopt();
    bool isOwnedByCurrentThread() const
    {
        return m_owner.load(std::memory_order_acquire) == std::this_thread::get_id();
    }
    // Aborts, naming `call` ("Database::scalar"), unless the calling thread owns the connection.
    void checkOwner(const char *call) const;

private:
    struct Closer {
        void operator()(sqlite3 *db) const;
    };
    Database() = default;
    Error lastError(const QString &what) const;

    std::unique_ptr<sqlite3, Closer> m_db;
    QString m_cipherVersion;
    int m_savepoints = 0;
    // std::thread::id() while released.
    std::atomic<std::thread::id> m_owner {std::this_thread::get_id()};
    friend class Statement;
};

// A prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
class Statement {
public:
    Statement(Statement &&) noexcept = default;
    Statement &operator=(Statement &&) noexcept = default;
    ~Statement() = default;

    Result<void> bind(const QVariantList &params);
    // true while there is a row to read, false when done.
    Result<bool> next();

    qint64 integer(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    struct Finalizer {
        void operator()(sqlite3_stmt *stmt) const;
    };
    explicit Statement(sqlite3_stmt *stmt, const Database *db);
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
    const Database *m_db = nullptr;
    friend class Database;
};

} // namespace tessera
