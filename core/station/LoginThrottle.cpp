#include "core/station/LoginThrottle.h"

#include "core/store/AtomicFile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>

#include <map>

namespace tessera {

namespace {
constexpr auto kFormat = "tessera-login-throttle";
constexpr qsizetype kMaxPending = 1000;
constexpr std::size_t kMaxTracked = 500;
} // namespace

struct LoginThrottle::State {
    struct Entry {
        int failures = 0;
        QDateTime lastFailure;
        QDateTime lockedUntil;
    };
    std::map<QString, Entry> entries;
    std::vector<PendingEvent> pending;
    qint64 droppedEvents = 0;
};

LoginThrottle::LoginThrottle(QString path, LoginPolicy policy, const Clock &clock)
    : m_path(std::move(path))
    , m_policy(policy)
    , m_clock(clock)
{
}

Error LoginThrottle::notRecordable() const
{
    return Error {
        ErrorCode::Io,
        QStringLiteral("Sign-in is refused: the station's record of failed sign-ins (%1) cannot be written, so "
                       "repeated wrong passwords could not lock the user name out. Ask the administrator to make the "
                       "station folder writable again (a full or read-only disk, or something put in the file's "
                       "place), then try again.")
            .arg(m_path)};
}

Result<LoginThrottle::State> LoginThrottle::load() const
{
    // A missing file, or one that is not a throttle file, is an empty state: the file guards
    // against guessing at the counter, not against someone who can already rewrite the
    // station's files. One that is there but cannot be read is an error: a lock-out in it
    // must not be ignored.
    State state;
    QFile f(m_path);
    if (!f.exists())
        return state;
    if (!QFileInfo(m_path).isFile() || !f.open(QIODevice::ReadOnly) || f.size() > qint64 {4} * 1024 * 1024)
        return std::unexpected(notRecordable());
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return state;
    const QJsonObject entries = root.value(QStringLiteral("entries")).toObject();
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        const QJsonObject e = it.value().toObject();
        state.entries[it.key()] = State::Entry {e.value(QStringLiteral("failures")).toInt(),
                                                fromIsoUtc(e.value(QStringLiteral("last_failure")).toString()),
                                                fromIsoUtc(e.value(QStringLiteral("locked_until")).toString())};
    }
    for (const QJsonValue v : root.value(QStringLiteral("pending_audit")).toArray()) {
        const QJsonObject e = v.toObject();
        state.pending.push_back({e.value(QStringLiteral("at")).toString(), e.value(QStringLiteral("event")).toString(),
                                 e.value(QStringLiteral("slot")).toString()});
    }
    state.droppedEvents = root.value(QStringLiteral("dropped_events")).toInteger();
    return state;
}

Result<void> LoginThrottle::save(const State &state) const
{
    QJsonObject entries;
    for (const auto &[slot, e] : state.entries)
        entries.insert(slot,
                       QJsonObject {{QStringLiteral("failures"), e.failures},
                                    {QStringLiteral("last_failure"), isoUtc(e.lastFailure)},
                                    {QStringLiteral("locked_until"),
                                     e.lockedUntil.isValid() ? isoUtc(e.lockedUntil) : QString()}});
    QJsonArray pending;
    for (const PendingEvent &p : state.pending)
        pending.append(QJsonObject {
            {QStringLiteral("at"), p.at}, {QStringLiteral("event"), p.event}, {QStringLiteral("slot"), p.slotId}});
    const QJsonObject root {{QStringLiteral("format"), QLatin1String(kFormat)},
                            {QStringLiteral("version"), 1},
                            {QStringLiteral("entries"), entries},
                            {QStringLiteral("pending_audit"), pending},
                            {QStringLiteral("dropped_events"), state.droppedEvents}};
    if (auto r = writeFileAtomically(m_path, QJsonDocument(root).toJson(QJsonDocument::Compact)); !r)
        return std::unexpected(notRecordable());
    return {};
}

Result<std::optional<QDateTime>> LoginThrottle::lockedUntil(const QString &slotId) const
{
    const auto state = load();
    if (!state)
        return std::unexpected(state.error());
    const auto it = state->entries.find(slotId);
    if (it == state->entries.end() || !it->second.lockedUntil.isValid() || it->second.lockedUntil <= m_clock.now())
        return std::nullopt;
    return it->second.lockedUntil;
}

Result<void> LoginThrottle::requireRecordable()
{
    auto lock = FileLock::acquire(m_path);
    if (!lock)
        return std::unexpected(notRecordable());
    if (auto state = load(); !state)
        return std::unexpected(state.error());
    // A failure is saved by writing a new file beside this one and renaming it over: the
    // folder must take a new file. (Not a rewrite of the file itself, which would add a write
    // to every sign-in.)
    QTemporaryFile probe(m_path + QStringLiteral(".probe-XXXXXX"));
    if (!probe.open())
        return std::unexpected(notRecordable());
    return {};
}

namespace {
void queue(auto &state, LoginThrottle::PendingEvent event)
{
    if (static_cast<qsizetype>(state.pending.size()) >= kMaxPending) {
        ++state.droppedEvents;
        return;
    }
    state.pending.push_back(std::move(event));
}
} // namespace

Result<std::optional<QDateTime>> LoginThrottle::recordFailure(const QString &slotId)
{
    auto lock = FileLock::acquire(m_path);
    if (!lock)
        return std::unexpected(notRecordable());
    auto loaded = load();
    if (!loaded)
        return std::unexpected(loaded.error());
    State &state = *loaded;
    const QDateTime now = m_clock.now();
    State::Entry &e = state.entries[slotId];
    if (e.lockedUntil.isValid() && e.lockedUntil <= now) {
        e.failures = 0; // a served lock-out starts a new count
        e.lockedUntil = QDateTime();
    }
    ++e.failures;
    e.lastFailure = now;
    queue(state, {isoUtc(now), QStringLiteral("login.failed"), slotId});
    std::optional<QDateTime> locked;
    if (e.failures >= m_policy.maxFailures) {
        e.lockedUntil = now.addSecs(m_policy.lockoutSeconds);
        locked = e.lockedUntil;
        queue(state, {isoUtc(now), QStringLiteral("login.locked_out"), slotId});
    }
    // Forget the oldest idle entries so random names cannot grow the file without bound.
    while (state.entries.size() > kMaxTracked) {
        auto oldest = state.entries.begin();
        for (auto it = state.entries.begin(); it != state.entries.end(); ++it)
            if (it->second.lastFailure < oldest->second.lastFailure)
                oldest = it;
        state.entries.erase(oldest);
    }
    if (auto r = save(state); !r)
        return std::unexpected(r.error());
    return locked;
}

Result<void> LoginThrottle::recordRefusedWhileLocked(const QString &slotId)
{
    auto lock = FileLock::acquire(m_path);
    if (!lock)
        return std::unexpected(notRecordable());
    auto loaded = load();
    if (!loaded)
        return std::unexpected(loaded.error());
    State &state = *loaded;
    queue(state, {isoUtc(m_clock.now()), QStringLiteral("login.refused_while_locked"), slotId});
    return save(state);
}

Result<void> LoginThrottle::recordSuccess(const QString &slotId)
{
    auto lock = FileLock::acquire(m_path);
    if (!lock)
        return std::unexpected(notRecordable());
    auto loaded = load();
    if (!loaded)
        return std::unexpected(loaded.error());
    State &state = *loaded;
    if (state.entries.erase(slotId) == 0)
        return {};
    return save(state);
}

Result<LoginThrottle::Pending> LoginThrottle::takePendingEvents()
{
    // Locked, so that two sessions signing in at once do not both write the same events.
    auto lock = FileLock::acquire(m_path);
    if (!lock)
        return std::unexpected(notRecordable());
    auto loaded = load();
    if (!loaded)
        return std::unexpected(loaded.error());
    State &state = *loaded;
    if (state.pending.empty() && state.droppedEvents == 0)
        return Pending {};
    Pending out {std::move(state.pending), state.droppedEvents};
    state.pending.clear();
    state.droppedEvents = 0;
    if (auto r = save(state); !r)
        return std::unexpected(r.error());
    return out;
}

} // namespace tessera
