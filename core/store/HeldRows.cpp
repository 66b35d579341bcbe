#include "store/HeldRows.h"

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

} // namespace tessera
