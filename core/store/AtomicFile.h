#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QString>

namespace tessera {

// Replaces `path` with `contents` so that a crash leaves either the old file or the new one:
// a temporary file in the same folder (mode 0600), fsync, rename over the target, fsync of
// the folder. Used for the key-slot and throttle files, which hold no plaintext secrets.
Result<void> writeFileAtomically(const QString &path, const QByteArray &contents);

} // namespace tessera
