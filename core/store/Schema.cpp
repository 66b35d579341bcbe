#include "core/store/Schema.h"

#include <array>

namespace tessera {

namespace {

struct Migration {
    int version;
    const char *sql;
};

// Append only. A released migration is never edited; a change is a new number.
constexpr std::array kMigrations {
    Migration {1, R"sql(
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
    // Enrollment (issue 3). What each table holds is exactly what the programme's retention
    // classes allow: stored fields as rows, printed-only values and a draft's document dates
    // sealed under a per-enrollment key that is deleted (key and all) when they must go,
    // attestations instead of documents. No document number or image has a column anywhere.
    Migration {2, R"sql(
        CREATE TABLE programmes (
            id            INTEGER PRIMARY KEY,
            programme_id  TEXT NOT NULL,
            rules_version TEXT NOT NULL,
            definition    TEXT NOT NULL,
            loaded_at     TEXT NOT NULL,
            loaded_by     INTEGER NOT NULL REFERENCES operators(id),
            active        INTEGER NOT NULL DEFAULT 0,
            UNIQUE (programme_id, rules_version)
        );
        CREATE TABLE enrollments (
            id            INTEGER PRIMARY KEY,
            state         TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'returned')),
            programme_id  TEXT NOT NULL,
            rules_version TEXT NOT NULL,
            card_number   TEXT UNIQUE,
            card_layout   TEXT,
            card_expiry   TEXT,
            created_by    INTEGER NOT NULL REFERENCES operators(id),
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL,
            submitted_at  TEXT,
            duplicate_key BLOB,
            flags         TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX enrollments_state ON enrollments (state, created_by);
        CREATE INDEX enrollments_duplicate_key ON enrollments (duplicate_key);
        CREATE TABLE enrollment_fields (
            enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
            field         TEXT NOT NULL,
            value         TEXT NOT NULL,
            PRIMARY KEY (enrollment_id, field)
        );
        CREATE TABLE enrollment_keys (
            enrollment_id INTEGER PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
            data_key      BLOB NOT NULL,
            created_at    TEXT NOT NULL
        );
        CREATE TABLE sealed_values (
            enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
            kind          TEXT NOT NULL CHECK (kind IN ('printed_only', 'draft_documents')),
            sealed        BLOB NOT NULL,
            sealed_at     TEXT NOT NULL,
            PRIMARY KEY (enrollment_id, kind)
        );
        CREATE TABLE attestations (
            id            INTEGER PRIMARY KEY,
            enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
            document_type TEXT NOT NULL,
            points        TEXT NOT NULL,
            counted       INTEGER NOT NULL,
            expired       INTEGER NOT NULL,
            within_grace  INTEGER NOT NULL,
            by_caretaker  INTEGER NOT NULL,
            rules_version TEXT NOT NULL,
            clerk_id      INTEGER NOT NULL REFERENCES operators(id),
            attested_at   TEXT NOT NULL,
            fingerprint   BLOB
        );
        CREATE INDEX attestations_enrollment ON attestations (enrollment_id);
        CREATE INDEX attestations_fingerprint ON attestations (fingerprint) WHERE fingerprint IS NOT NULL;
    )sql"},
    // Review (issue 6): each submission joins the batch of its business day; decisions and
    // corrections are the enrollment's history; a closed day keeps its report.
    Migration {3, R"sql(
        ALTER TABLE enrollments ADD COLUMN batch_day TEXT;
        ALTER TABLE enrollments ADD COLUMN submitted_by INTEGER REFERENCES operators(id);
        CREATE INDEX enrollments_batch ON enrollments (batch_day, state);
        CREATE TABLE enrollment_events (
            id            INTEGER PRIMARY KEY,
            enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
            at            TEXT NOT NULL,
            operator_id   INTEGER NOT NULL REFERENCES operators(id),
            event         TEXT NOT NULL,
            reason        TEXT,
            note          TEXT
        );
        CREATE INDEX enrollment_events_enrollment ON enrollment_events (enrollment_id);
        CREATE TABLE batches (
            day        TEXT PRIMARY KEY,
            closed_at  TEXT NOT NULL,
            closed_by  INTEGER NOT NULL REFERENCES operators(id),
            audit_head BLOB NOT NULL,
            report     TEXT NOT NULL
        );
    )sql"},
    // Photo station (issue 4): the one image Tessera keeps, the final card crop as JPEG, with
    // a summary of the automatic checks (ids, values, pass) and, per overridden check, the
    // programme's reason code. No frame other than the crop has a column anywhere.
    Migration {4, R"sql(
        CREATE TABLE enrollment_photos (
            enrollment_id INTEGER PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
            jpeg          BLOB NOT NULL,
            width         INTEGER NOT NULL,
            height        INTEGER NOT NULL,
            checks        TEXT NOT NULL,
            overrides     TEXT NOT NULL DEFAULT '{}',
            automatic     INTEGER NOT NULL,
            captured_at   TEXT NOT NULL,
            captured_by   INTEGER NOT NULL REFERENCES operators(id)
        );
    )sql"},
    // Cards (issue 7): one row per physical card (a replacement or renewal is a new row with a
    // new card number), its life-cycle state, and every print attempt. No personal data: what
    // a card shows is read from the enrollment when it is drawn.
    Migration {5, R"sql(
        CREATE TABLE cards (
            id               INTEGER PRIMARY KEY,
            card_number      TEXT NOT NULL UNIQUE,
            enrollment_id    INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
            template         TEXT NOT NULL,
            state            TEXT NOT NULL CHECK (state IN ('approved', 'printed', 'issued', 'lost', 'stolen', 'damaged',
                                                            'replaced', 'renewed', 'revoked', 'expired')),
            issued_on        TEXT NOT NULL,
            expires_on       TEXT,
            printed_at       TEXT,
            handed_over_at   TEXT,
            print_count      INTEGER NOT NULL DEFAULT 0,
            reprint_count    INTEGER NOT NULL DEFAULT 0,
            replaces_card_id INTEGER REFERENCES cards(id),
            state_changed_at TEXT NOT NULL,
            created_at       TEXT NOT NULL,
            created_by       INTEGER NOT NULL REFERENCES operators(id)
        );
        CREATE INDEX cards_state ON cards (state, expires_on);
        CREATE INDEX cards_enrollment ON cards (enrollment_id);
        CREATE TABLE print_log (
            id             INTEGER PRIMARY KEY,
            card_id        INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
            attempt        INTEGER NOT NULL,
            printer        TEXT NOT NULL,
            at             TEXT NOT NULL,
            operator_id    INTEGER NOT NULL REFERENCES operators(id),
            outcome        TEXT NOT NULL CHECK (outcome IN ('submitted', 'confirmed', 'failed')),
            reprint_reason TEXT,
            UNIQUE (card_id, attempt)
        );
    )sql"},
    // Retention (issue 8): the audit log may lose its oldest entries only behind a checkpoint
    // (the last removed entry's number and hash), which the chain itself also records in an
    // "audit.truncated" entry, so that `audit verify` starts from it. Checkpoints are append-only.
    Migration {6, R"sql(
        CREATE TABLE audit_checkpoints (
            through_seq  INTEGER PRIMARY KEY,
            through_hash BLOB NOT NULL,
            removed      INTEGER NOT NULL,
            at           TEXT NOT NULL
        );
        CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
        CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
        DROP TRIGGER audit_no_delete;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            WHEN OLD.seq > COALESCE((SELECT max(through_seq) FROM audit_checkpoints), 0)
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only; only entries behind a retention checkpoint may go'); END;
    )sql"},
    // Keys that follow the people (issue 16): each operator record carries the public key of
    // the operator's slot and an Ed25519 signature by the operators key, which only
    // administrators' slots (and the recovery key) unseal, so that a clerk who derives the
    // store key cannot grant themselves roles. Signed at the next administrator change.
    Migration {7, R"sql(
        ALTER TABLE operators ADD COLUMN slot_public_key BLOB;
        ALTER TABLE operators ADD COLUMN record_signature BLOB;
    )sql"},
    // Idempotent enrollment from a file (issue 16): a keyed fingerprint (BLAKE2b under the
    // per-station secret) of the request's bytes, so that a retry after a crash finds the
    // enrollment it made instead of making a second. It goes with the enrollment.
    Migration {8, R"sql(
        CREATE TABLE enroll_requests (
            request_key   BLOB PRIMARY KEY,
            enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE
        );
        CREATE INDEX enroll_requests_enrollment ON enroll_requests(enrollment_id);
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
                        QStringLiteral("Schema migration %1 failed and was rolled back: %2")
                            .arg(m.version)
                            .arg(applied.error().message));
    }
    return {};
}

} // namespace tessera
