#pragma once

// Private: the one place <sodium.h> is included from. Only core/crypto sources include this.
#include <sodium.h>

namespace tessera::sodium {

// sodium_init() once per process; throws std::runtime_error if libsodium cannot start.
void ensureInitialised();

} // namespace tessera::sodium
