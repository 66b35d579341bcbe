#pragma once

namespace tessera {

// Start-up hardening for release builds (TESSERA_HARDEN_PROCESS): no core dumps
// (RLIMIT_CORE 0) and not dumpable (PR_SET_DUMPABLE 0), so that neither a crash nor another
// process of the same user can read keys or applicant data out of memory. Always: umask 077,
// so every file Tessera creates is readable by its user only. Call first in main().
void hardenProcess();

} // namespace tessera
