#include "core/util/Clock.h"

namespace tessera {

const SystemClock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QDateTime fromIsoUtc(const QString &s)
{
    QDateTime t = QDateTime::fromString(s, Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

} // namespace tessera
