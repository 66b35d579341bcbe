#pragma once

#include <QDateTime>

namespace tessera {

// Wall-clock time, injectable so that auto-lock, lock-outs, expiry and retention are tested
// without sleeping. now() is always UTC.
class Clock {
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock {
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    static const SystemClock &instance();
};

// A clock that only moves when told to. Not thread-safe; for tests and demos.
class ManualClock final : public Clock {
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC))
        : m_now(std::move(start))
    {
    }
    QDateTime now() const override { return m_now; }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }
    void set(QDateTime t) { m_now = std::move(t); }

private:
    QDateTime m_now;
};

// ISO 8601 UTC with seconds, the one textual form of time in the store and the audit log.
QString isoUtc(const QDateTime &t);
QDateTime fromIsoUtc(const QString &s);

} // namespace tessera
