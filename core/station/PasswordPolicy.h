#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"

#include <QStringList>

namespace tessera {

// Password rules after NIST SP 800-63B §5.1.1.2: at least 12 characters (any Unicode, spaces
// allowed, at most 256), no composition rules, refused when it is on the list of commonly
// used passwords (resources/passwords/common.txt), is one character repeated, a keyboard or
// alphabet run, or contains a context word (user name, station name, "tessera").
// The message says what to do, never echoes the password.
Result<void> checkNewPassword(const SecureBuffer &password, const QStringList &contextWords);

inline constexpr int kMinPasswordLength = 12;
inline constexpr int kMaxPasswordLength = 256;

} // namespace tessera
