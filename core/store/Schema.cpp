#include "store/Schema.h"

#include <array>

namespace tessera {

namespace {

struct Migration {
    int version;
    const char *sql;
};

// Append only. A released migration is never edited; a change is a new number.
constexpr std::array kMigrations{
    Migration{1, R"sql(
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE operators (
            id                  INTEGER PRIMARY KEY,
            username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name        TEXT NOT NULL,
            roles               INTEGER NOT NULL CHECK (roles BETWEEN 1 AND 7),
            disabled            INTEGER NOT NULL DEFAULT 0,
            must_change_password INTEGER NOT NULL DEFAULT 0,
            created_at          TEXT NOT NULL,
            password_changed_at TEXT NOT NULL
        );
        CREATE TABLE audit (
            seq         INTEGER PRIMARY KEY,
            at          TEXT NOT NULL,
            operator_id INTEGER NOT NULL,
            event       TEXT NOT NULL,
            object      TEXT NOT NULL,
            details     TEXT NOT NULL,
            prev_hash   BLOB NOT NULL,
            hash        BLOB NOT NULL
        );
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    )sql"},
};

} // namespace

int latestSchemaVersion()
{
    return kMigrations.back().version;
}

Result<void> migrate(Database &db)
{
    auto current = db.scalar(QStringLiteral("PRAGMA user_version"));
    if (!current)
        return std::unexpected(current.error());
    const int version = static_cast<int>(current->toLongLong());
    if (version > latestSchemaVersion())
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("This store was written by a newer Tessera (schema %1; this build knows %2). "
                                   "Install the newer version to open it.")
                        .arg(version)
                        .arg(latestSchemaVersion()));
    for (const Migration &m : kMigrations) {
        if (m.version <= version)
            continue;
        auto applied = db.transaction([&]() -> Result<void> {
            if (auto r = db.exec(QString::fromUtf8(m.sql)); !r)
                return r;
            return db.exec(QStringLiteral("PRAGMA user_version = %1").arg(m.version));
        });
        if (!applied)
            return fail(applied.error().code,
                        QStringLiteral("Schema migration %1 failed and was rolled back: %2").arg(m.version).arg(applied.error().message));
    }
    return {};
}

} // namespace tessera
