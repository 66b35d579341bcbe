#pragma once

#include "core/store/Database.h"
#include "core/util/Error.h"

#include <QString>
#include <set>
#include <vector>

namespace tessera {

// How many rows of one kind a store holds and when the oldest was written (ISO 8601 UTC, empty
// when there are none): a line of the "what this station holds" report.
struct HeldRows {
    qint64 count = 0;
    QString oldest;
};

// Runs `countSql` (a count with one "%1" where the list of enrollment ids goes) over `ids` in
// chunks of 500 (SQLite's expression depth) and adds the counts. For the owner of the table
// the SQL names; the ids are integers, so inlining them cannot inject anything.
Result<qint64> countForEnrollments(Database &db, const QString &countSql, const std::vector<qint64> &ids);
// Runs `sql` with `params` bound, which selects one row of count and oldest time.
Result<HeldRows> heldRows(Database &db, const QString &sql, const QVariantList &params = {});
// Runs `sql` with `params` bound, which selects enrollment ids.
Result<std::set<qint64>> enrollmentIds(Database &db, const QString &sql, const QVariantList &params = {});

} // namespace tessera
