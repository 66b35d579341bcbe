#pragma once

#include "core/util/Error.h"

#include <QByteArray>
#include <QString>

namespace tessera {

// Replaces `path` with `contents` so that a crash leaves either the old file or the new one:
// a temporary file in the same folder (mode 0600), fsync, rename over the target, fsync of
// the folder. Used for the key-slot and throttle files, which hold no plaintext secrets.
Result<void> writeFileAtomically(const QString &path, const QByteArray &contents);
// rename(2) of a file already written and flushed over `to`, then fsync of the folder.
Result<void> renameDurably(const QString &from, const QString &to);

// Removes the temporary files (".NAME.<hex>.tmp" beside `path`) that writeFileAtomically
// leaves when the process is killed before its rename. Only for callers that know no other
// write of `path` is under way.
void removeAtomicWriteLeftovers(const QString &path);

// An exclusive advisory lock (flock) on `<path>.lock`, held for the object's lifetime, so
// that two processes (the desktop and the CLI) do not interleave read-modify-write cycles of
// the same file. Blocks until the lock is free.
class FileLock {
public:
    static Result<FileLock> acquire(const QString &path);
    FileLock(FileLock &&other) noexcept;
    FileLock &operator=(FileLock &&) = delete;
    FileLock(const FileLock &) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd)
        : m_fd(fd)
    {
    }
    int m_fd = -1;
};

} // namespace tessera
