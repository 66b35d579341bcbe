#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <type_traits>
#include <utility>

namespace tessera::ui {

// Runs slow station work off the GUI thread (Argon2id at 256 MiB takes about half a second
// per password, so a login, an unlock or a new operator would freeze the window otherwise).
//
// One task at a time: a Station is not thread-safe, and a single worker thread makes tasks
// that touch the same Station queue up instead of overlapping. The result comes back on the
// GUI thread to `context`; when `context` is gone by then, the result is dropped. The
// destructor waits for the running task, so an owner that declares its TaskRunner after its
// Station never frees the Station under a task.
class TaskRunner {
public:
    TaskRunner() { m_pool.setMaxThreadCount(1); }
    ~TaskRunner() { m_pool.waitForDone(); }
    TaskRunner(const TaskRunner &) = delete;
    TaskRunner &operator=(const TaskRunner &) = delete;

    // True while a task is queued or running (the GUI thread must not touch the Station then).
    bool isBusy() const { return m_pending.load() > 0; }

    // `work` runs on the worker thread and returns a value (a Result<T>); `done` receives it,
    // by value, on the GUI thread.
    template <typename Work, typename Done>
    void run(QObject *context, Work work, Done done)
    {
        using R = std::invoke_result_t<Work &>;
        static_assert(!std::is_void_v<R>, "a task returns its result");
        auto *watcher = new QFutureWatcher<R>(context);
        QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() mutable {
            watcher->deleteLater();
            done(watcher->future().takeResult());
        });
        ++m_pending;
        watcher->setFuture(QtConcurrent::run(&m_pool, [this, work = std::move(work)]() mutable {
            struct Finished {
                std::atomic<int> &pending;
                ~Finished() { --pending; }
            } finished {m_pending};
            return work();
        }));
    }

private:
    QThreadPool m_pool;
    std::atomic<int> m_pending {0};
};

} // namespace tessera::ui
