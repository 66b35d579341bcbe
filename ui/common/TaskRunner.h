#pragma once

#include "core/station/Station.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

namespace tessera::ui {

// Runs slow work off the GUI thread (Argon2id at 256 MiB takes about half a second per
// password, so a login, an unlock or a new operator would freeze the window otherwise).
//
// The rule: a Station, with its session and its store, has one owner thread at a time, and a
// call from any other thread aborts (Database::checkOwner). The GUI thread owns the Station of
// a window. So:
// - run(): the work gets copies (a Session::PasswordCheck, a password to derive a slot key
//   from, cards to draw, …), never a Station or a StationAccess, and returns a value; `done`
//   applies it to the store on the GUI thread. The GUI goes on using its Station while such a
//   task runs (the review page loads records while a commit checks the password): there is
//   nothing shared to race on. Every slow step of a station is written so: sign-in aside,
//   Argon2id needs only the password and a copy of the key file or the slot parameters.
// - lend(): for work that still needs the Station itself (today only a submission, whose
//   supervisor's override is checked inside Enrollments::submit), the Station's store is
//   handed to the worker for the task and back before `done`. While it is lent a GUI touch
//   aborts instead of racing; stationLent() tells the GUI to keep off. Not while another lend
//   is queued: the GUI must own the Station to lend it.
// - A Station that a task opens (sign-in, recovery, set-up) is the worker's: the task hands it
//   to the GUI thread before returning it (handOverTo).
//
// One task at a time, in order, on a single worker thread. The result comes back on the GUI
// thread to `context`; when `context` is gone by then, the result is dropped. The destructor
// waits for the running task, so an owner that declares its TaskRunner after its Station never
// frees the Station under a task. The work and its result cross between the threads under a
// std::mutex, which ThreadSanitizer sees (Qt's own hand-over is not instrumented).
class TaskRunner {
public:
    TaskRunner() { m_pool.setMaxThreadCount(1); }
    ~TaskRunner() { m_pool.waitForDone(); }
    TaskRunner(const TaskRunner &) = delete;
    TaskRunner &operator=(const TaskRunner &) = delete;

    // True while a task is queued or running: the GUI uses it only to keep one action from
    // being started twice, or to wait before a window closes. The Station stays usable.
    bool isBusy() const { return m_pending.load() > 0; }
    // True while a lend() task is queued or running: the Station is not the GUI's then.
    bool stationLent() const { return m_lent.load() > 0; }

    // Tests: runs on the worker at the start of every task submitted from now on, before its
    // work (to hold a task while the GUI is driven). Set it on the GUI thread; empty to stop.
    static void setStartHookForTests(std::function<void()> hook) { startHook() = std::move(hook); }

    // `work` runs on the worker thread and returns a value (a Result<T>); `done` receives it,
    // by value, on the GUI thread. `work` must not reach the GUI's Station (it would abort).
    template <typename Work, typename Done>
    void run(QObject *context, Work work, Done done)
    {
        start(context, std::move(work), std::move(done));
    }

    // `work(Station &)` runs on the worker with the Station's store handed over to it for the
    // task; the worker hands it back to this (the calling) thread when the work returns, so the
    // Station comes back even when `context` is gone and `done` never runs.
    template <typename Work, typename Done>
    void lend(Station &station, QObject *context, Work work, Done done)
    {
        const std::thread::id owner = std::this_thread::get_id();
        station.database().release();
        ++m_lent;
        start(
            context,
            [&station, owner, lent = &m_lent, work = std::move(work)]() mutable {
                station.database().adopt();
                auto result = work(station);
                station.database().handOver(owner);
                --*lent;
                return result;
            },
            std::move(done));
    }

    // For a task that opens a Station (sign-in, recovery, set-up): hands it to the thread `to`
    // (the GUI thread, read before the task starts) before the task returns it.
    static Result<std::unique_ptr<Station>> handOverTo(std::thread::id to, Result<std::unique_ptr<Station>> opened)
    {
        if (opened)
            (*opened)->database().handOver(to);
        return opened;
    }

private:
    template <typename Work, typename Done>
    void start(QObject *context, Work work, Done done)
    {
        using R = std::invoke_result_t<Work &>;
        static_assert(!std::is_void_v<R>, "a task returns its result");
        // What crosses the threads: the work one way, its result the other, each under the lock.
        struct Handover {
            std::mutex lock;
            std::optional<Work> work;
            std::optional<R> result;
            std::function<void()> startHook;
        };
        auto handover = std::make_shared<Handover>();
        {
            const std::lock_guard locked(handover->lock);
            handover->work.emplace(std::move(work));
            handover->startHook = startHook();
        }
        auto *watcher = new QFutureWatcher<void>(context);
        QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                         [watcher, handover, done = std::move(done)]() mutable {
                             watcher->deleteLater();
                             std::optional<R> result;
                             {
                                 const std::lock_guard locked(handover->lock);
                                 result.emplace(std::move(*handover->result));
                                 handover->result.reset();
                             }
                             done(std::move(*result));
                         });
        ++m_pending;
        watcher->setFuture(QtConcurrent::run(&m_pool, [this, handover] {
            struct Finished {
                std::atomic<int> &pending;
                ~Finished() { --pending; }
            } finished {m_pending};
            std::optional<Work> mine;
            std::function<void()> hook;
            {
                const std::lock_guard locked(handover->lock);
                mine.emplace(std::move(*handover->work));
                handover->work.reset();
                hook = std::move(handover->startHook);
            }
            if (hook)
                hook();
            R result = (*mine)();
            mine.reset();
            const std::lock_guard locked(handover->lock);
            handover->result.emplace(std::move(result));
        }));
    }

    static std::function<void()> &startHook()
    {
        static std::function<void()> hook;
        return hook;
    }

    QThreadPool m_pool;
    std::atomic<int> m_pending {0};
    std::atomic<int> m_lent {0};
};

} // namespace tessera::ui
