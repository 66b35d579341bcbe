#include "platform/ProcessHardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace tessera {

void hardenProcess()
{
    // Everything Tessera writes (store, key files, PDFs) is for this user only.
    umask(077);
#ifdef TESSERA_HARDEN_PROCESS
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

} // namespace tessera
