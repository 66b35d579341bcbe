#include "platform/ProcessHardening.h"

#include <catch2/catch.hpp>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// In a child process, so the test runner keeps its own settings. The child reports what it
// sees as bits of its exit status.
TEST_CASE("Start-up hardening: private files always; no core dumps and not dumpable in release builds", "[platform]")
{
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        tessera::hardenProcess();
        const mode_t mask = umask(0);
        rlimit core{};
        getrlimit(RLIMIT_CORE, &core);
        int status = 0;
        status |= mask == 077 ? 1 : 0;
        status |= core.rlim_cur == 0 && core.rlim_max == 0 ? 2 : 0;
        status |= prctl(PR_GET_DUMPABLE) == 0 ? 4 : 0;
        _exit(status);
    }
    int wstatus = 0;
    REQUIRE(waitpid(child, &wstatus, 0) == child);
    REQUIRE(WIFEXITED(wstatus));
    const int seen = WEXITSTATUS(wstatus);
    CHECK((seen & 1) == 1);
#ifdef TESSERA_HARDEN_PROCESS
    CHECK((seen & 2) == 2);
    CHECK((seen & 4) == 4);
#else
    CHECK((seen & 4) == 0); // debug builds stay debuggable
#endif
}
