#include "core/store/AtomicFile.h"

#include "core/crypto/Crypto.h"
#include "core/util/CrashPoint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

namespace tessera {

namespace {

Error ioError(const QString &what, const QString &path)
{
    return Error {ErrorCode::Io,
                  QStringLiteral("%1 %2: %3").arg(what, path, QString::fromLocal8Bit(std::strerror(errno)))};
}

struct Fd {
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

Result<void> writeFileAtomically(const QString &path, const QByteArray &contents)
{
    const QFileInfo info(path);
    const QString dir = info.absolutePath();
    const QString temp = dir + QStringLiteral("/.") + info.fileName() + QStringLiteral(".")
        + QString::fromLatin1(crypto::randomBytes(6).toHex()) + QStringLiteral(".tmp");
    const QByteArray tempName = QFile::encodeName(temp);
    {
        Fd f {::open(tempName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
        if (f.fd < 0)
            return std::unexpected(ioError(QStringLiteral("Could not write"), temp));
        qsizetype done = 0;
        while (done < contents.size()) {
            const ssize_t n = ::write(f.fd, contents.constData() + done, static_cast<size_t>(contents.size() - done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ::unlink(tempName.constData());
                return std::unexpected(ioError(QStringLiteral("Could not write"), temp));
            }
            done += n;
        }
        if (::fsync(f.fd) != 0) {
            ::unlink(tempName.constData());
            return std::unexpected(ioError(QStringLiteral("Could not flush"), temp));
        }
    }
    crashPoint("atomic-file.before-rename");
    if (::rename(tempName.constData(), QFile::encodeName(path).constData()) != 0) {
        ::unlink(tempName.constData());
        return std::unexpected(ioError(QStringLiteral("Could not replace"), path));
    }
    Fd d {::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd >= 0)
        ::fsync(d.fd);
    return {};
}

Result<void> renameDurably(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return std::unexpected(ioError(QStringLiteral("Could not replace"), to));
    Fd d {::open(QFile::encodeName(QFileInfo(to).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd >= 0)
        ::fsync(d.fd);
    return {};
}

void removeAtomicWriteLeftovers(const QString &path)
{
    const QFileInfo info(path);
    const QDir dir = info.absoluteDir();
    for (const QString &f : dir.entryList({QStringLiteral(".") + info.fileName() + QStringLiteral(".*.tmp")},
                                          QDir::Files | QDir::Hidden | QDir::System))
        QFile::remove(dir.filePath(f));
}

Result<FileLock> FileLock::acquire(const QString &path)
{
    const QString lockPath = path + QStringLiteral(".lock");
    const int fd = ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return std::unexpected(ioError(QStringLiteral("Could not lock"), lockPath));
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            ::close(fd);
            return std::unexpected(ioError(QStringLiteral("Could not lock"), lockPath));
        }
    }
    return FileLock(fd);
}

FileLock::FileLock(FileLock &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
{
}

FileLock::~FileLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // closing releases the flock
}

} // namespace tessera
