#include "retention/Duties.h"

#include "programme/ProgrammeStore.h"

#include <map>
#include <vector>

namespace tessera {

namespace {

// Printed-only values are held at most `printed_only_max_days` of the programme version the
// enrollment was scored under, counted from when they were first written (the data key's
// creation), whether or not a card was printed.
Result<int> destroyOverduePrintedOnly(Station &station)
{
    Database &db = station.database();
    struct Held {
        qint64 id;
        QString programme;
        QString version;
        QDateTime since;
    };
    std::vector<Held> held;
    auto read = db.each(QStringLiteral("SELECT k.enrollment_id, e.programme_id, e.rules_version, k.created_at "
                                       "FROM enrollment_keys k JOIN enrollments e ON e.id = k.enrollment_id"),
                        {}, [&](const Statement &row) { held.push_back({row.integer(0), row.text(1), row.text(2), fromIsoUtc(row.text(3))}); });
    if (!read)
        return std::unexpected(read.error());
    std::map<QString, int> maxDays;
    const QDateTime now = station.clock().now();
    std::vector<qint64> overdue;
    for (const Held &h : held) {
        const QString key = h.programme + QLatin1Char('|') + h.version;
        if (!maxDays.contains(key)) {
            auto p = programmeVersion(station, h.programme, h.version);
            if (!p)
                return std::unexpected(p.error());
            maxDays[key] = p->periods.printedOnlyMaxDays;
        }
        if (h.since.addDays(maxDays[key]) <= now)
            overdue.push_back(h.id);
    }
    if (overdue.empty())
        return 0;
    auto done = db.transaction([&]() -> Result<void> {
        for (qint64 id : overdue) {
            for (const char *sql : {"DELETE FROM sealed_values WHERE enrollment_id = ?", "DELETE FROM enrollment_keys WHERE enrollment_id = ?"})
                if (auto r = db.run(QString::fromLatin1(sql), {id}); !r)
                    return r;
            auto e = station.audit().append(0, QStringLiteral("printed_only.destroyed"), QStringLiteral("enrollment:%1").arg(id),
                                            {{QStringLiteral("reason"), QStringLiteral("holding_period")}});
            if (!e)
                return std::unexpected(e.error());
        }
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return static_cast<int>(overdue.size());
}

} // namespace

Result<DutiesReport> runScheduledDuties(Station &station)
{
    DutiesReport report;
    auto destroyed = destroyOverduePrintedOnly(station);
    if (!destroyed)
        return std::unexpected(destroyed.error());
    report.printedOnlyDestroyed = *destroyed;
    return report;
}

} // namespace tessera
