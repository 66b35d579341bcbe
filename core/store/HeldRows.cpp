#include "core/store/HeldRows.h"

#include <QStringList>
#include <algorithm>

namespace tessera {

Result<qint64> countForEnrollments(Database &db, const QString &countSql, const std::vector<qint64> &ids)
{
    qint64 n = 0;
    for (std::size_t from = 0; from < ids.size(); from += 500) {
        QStringList list;
        for (std::size_t i = from; i < std::min(ids.size(), from + 500); ++i)
            list << QString::number(ids[i]);
        auto c = db.scalar(countSql.arg(list.join(QLatin1Char(','))));
        if (!c)
            return std::unexpected(c.error());
        n += c->toLongLong();
    }
    return n;
}

Result<HeldRows> heldRows(Database &db, const QString &sql, const QVariantList &params)
{
    HeldRows h;
    auto r = db.each(sql, params, [&](const Statement &row) {
        h.count = row.integer(0);
        h.oldest = row.text(1);
    });
    if (!r)
        return std::unexpected(r.error());
    return h;
}

Result<std::set<qint64>> enrollmentIds(Database &db, const QString &sql, const QVariantList &params)
{
    std::set<qint64> ids;
    auto r = db.each(sql, params, [&](const Statement &row) { ids.insert(row.integer(0)); });
    if (!r)
        return std::unexpected(r.error());
    return ids;
}

} // namespace tessera
