#pragma once

#include "core/backup/Backup.h"
#include "core/cards/PrintSystem.h"
#include "core/station/StationAccess.h"
#include "core/util/Clock.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace tessera {

// One kind of data the station holds, in words an office's counsel can repeat.
struct Holding {
    QString kind;              // stable key for --json: "enrollments.draft", "printed_only", "audit", …
    QString what;              // what it is, plainly
    qint64 count = 0;          // how many records
    QString oldest;            // ISO 8601 UTC of the oldest, empty when none
    QString rule;              // how long it is kept and why, from the programme
    QString nextPurge;         // ISO date (UTC) of the next removal, empty when none is scheduled
    qint64 nextPurgeCount = 0; // how many of them go on that date
};

struct HeldBackup {
    BackupFile file;
    qint64 ageDays = 0;
    // The key epoch of the station key file saved with the backup (0: unreadable). Lower
    // than the station's: made before a re-key, so its key file still has the slots (and
    // passwords) of that time, including operators removed since.
    int keyEpoch = 0;
    bool beforeRekey = false;
};

// "What this station holds", answered from the store itself as of the station clock's now().
struct Holdings {
    QString stationName;
    QString stationCode;
    QString generatedAt;
    QString programme;     // "id rules_version", empty when none is active
    QString programmeName; // its name and rules version in words, for a person; empty likewise
    std::vector<Holding> holdings;
    QStringList notCollected;        // field keys the active programme never collects
    QStringList notCollectedNames;   // the same fields by name (fieldName), for a person
    QStringList neverHeld;           // what no Tessera station stores, by design
    QStringList backupFolders;       // where this station has written backups
    std::vector<HeldBackup> backups; // those present now, newest first
    QString backupStatement;         // the plain statement about backups and purges
    SpoolState spool;                // card jobs in the print system's spool, and how it keeps jobs
};

// Administrator only (it is an administrator's report, for counsel). Reads only.
Result<Holdings> holdingsReport(StationAccess access);
QJsonObject holdingsJson(const Holdings &h);
// Plain text, one block per kind, for the terminal.
QString holdingsText(const Holdings &h);

} // namespace tessera
