#include "core/util/InputFile.h"

#include <QFile>
#include <cmath>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera {

namespace {

QString mebibytes(qint64 bytes)
{
    const double mib = static_cast<double>(bytes) / static_cast<double>(kMebibyte);
    return mib >= 10 || mib == static_cast<double>(static_cast<qint64>(mib)) ? QString::number(std::llround(mib))
                                                                             : QString::number(mib, 'f', 1);
}

} // namespace

Result<QByteArray> readInputFile(const QString &path, qint64 maxBytes)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 could not be read (%2).").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer {fd};
    struct stat st { };
    if (::fstat(fd, &st) != 0)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 could not be read (%2).").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (!S_ISREG(st.st_mode))
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 is not a regular file (it is a folder, a pipe or a device); give the file itself.")
                .arg(path));
    auto tooLarge = [&](qint64 size) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: the file is too large (%2 MiB, at most %3 MiB).")
                        .arg(path, mebibytes(size), mebibytes(maxBytes)));
    };
    if (st.st_size > maxBytes)
        return tooLarge(st.st_size);
    QByteArray bytes;
    bytes.resize(static_cast<qsizetype>(st.st_size) + 1);
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, static_cast<size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("%1 could not be read (%2).").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        if (n == 0)
            break;
        done += n;
        if (done > maxBytes)
            return tooLarge(done); // grew while we read it
        if (done == bytes.size())
            bytes.resize(std::min<qsizetype>(bytes.size() * 2, static_cast<qsizetype>(maxBytes) + 1));
    }
    bytes.resize(done);
    return bytes;
}

} // namespace tessera
