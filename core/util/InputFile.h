#pragma once

#include "core/util/Error.h"

#include <QByteArray>
#include <QString>

namespace tessera {

inline constexpr qint64 kMebibyte = qint64 {1024} * 1024;

// Reads a whole file given by a user (an enroll description, a programme file, an image) into
// memory, refusing at once, with a message fit for a clerk:
//  - anything that is not a regular file (a FIFO, a device, a folder), without blocking: it
//    is opened non-blocking and checked with fstat before a byte is read;
//  - a file larger than `maxBytes`: "the file is too large (3.2 MiB, at most 1 MiB)", instead
//    of a parser's complaint about the cut-off end.
Result<QByteArray> readInputFile(const QString &path, qint64 maxBytes);

} // namespace tessera
