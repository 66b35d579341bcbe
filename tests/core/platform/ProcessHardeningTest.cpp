#include "core/platform/ProcessHardening.h"

#include <catch2/catch.hpp>

#include <cerrno>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Runs `body` in a forked child after hardenProcess() and returns its exit status, so the test
// runner keeps its own settings (the filter cannot be removed once loaded).
template <typename Body>
int inHardenedChild(Body body)
{
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        if (!tessera::hardenProcess())
            _exit(99);
        _exit(body());
    }
    int wstatus = 0;
    REQUIRE(waitpid(child, &wstatus, 0) == child);
    REQUIRE(WIFEXITED(wstatus));
    return WEXITSTATUS(wstatus);
}

// 0: refused with EACCES or EPERM; 1: created (the attack worked); 2: failed otherwise.
int socketOutcome(int domain, int type, int protocol = 0)
{
    const int fd = ::socket(domain, type, protocol);
    if (fd >= 0) {
        ::close(fd);
        return 1;
    }
    return errno == EACCES || errno == EPERM ? 0 : 2;
}

} // namespace

// In a child process, so the test runner keeps its own settings. The child reports what it
// sees as bits of its exit status.
TEST_CASE("Start-up hardening: private files always; no core dumps and not dumpable in release builds", "[platform]")
{
    const int seen = inHardenedChild([] {
        const mode_t mask = umask(0);
        rlimit core {};
        getrlimit(RLIMIT_CORE, &core);
        int status = 0;
        status |= mask == 077 ? 1 : 0;
        status |= core.rlim_cur == 0 && core.rlim_max == 0 ? 2 : 0;
        status |= prctl(PR_GET_DUMPABLE) == 0 ? 4 : 0;
        return status;
    });
    CHECK((seen & 1) == 1);
#ifdef TESSERA_HARDEN_PROCESS
    CHECK((seen & 2) == 2);
    CHECK((seen & 4) == 4);
#else
    CHECK((seen & 4) == 0); // debug builds stay debuggable
#endif
}

TEST_CASE("The hardened process cannot open an internet socket of any kind", "[platform][network]")
{
    // Before the filter, the same calls work (the test proves the filter, not the sandbox).
    REQUIRE(socketOutcome(AF_INET, SOCK_DGRAM) == 1);

    CHECK(inHardenedChild([] { return socketOutcome(AF_INET, SOCK_STREAM); }) == 0);
    CHECK(inHardenedChild([] { return socketOutcome(AF_INET, SOCK_DGRAM); }) == 0);
    CHECK(inHardenedChild([] { return socketOutcome(AF_INET6, SOCK_STREAM); }) == 0);
    CHECK(inHardenedChild([] { return socketOutcome(AF_INET6, SOCK_DGRAM); }) == 0);
    CHECK(inHardenedChild([] { return socketOutcome(AF_INET, SOCK_RAW, IPPROTO_ICMP); }) == 0);
    CHECK(inHardenedChild([] { return socketOutcome(AF_PACKET, SOCK_RAW); }) == 0);
    CHECK(inHardenedChild([] { return socketOutcome(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE); }) == 0);
    // Flags in the type (non-blocking, close-on-exec) change nothing.
    CHECK(inHardenedChild([] { return socketOutcome(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC); }) == 0);
    // socketpair(AF_INET) is not a thing on Linux anyway; refused by the filter all the same.
    CHECK(inHardenedChild([] {
              int fds[2];
              return ::socketpair(AF_INET, SOCK_STREAM, 0, fds) == 0 ? 1 : (errno == EACCES || errno == EPERM ? 0 : 2);
          })
          == 0);
    // io_uring can make sockets without socket(2): it is refused at set-up.
    CHECK(inHardenedChild([] {
              const long rc = ::syscall(SYS_io_uring_setup, 4, nullptr);
              return rc >= 0 ? 1 : (errno == EACCES || errno == EPERM ? 0 : 2);
          })
          == 0);
}

TEST_CASE("The hardened process still has local sockets, as the print system and the display need",
          "[platform][network]")
{
    CHECK(inHardenedChild([] { return socketOutcome(AF_UNIX, SOCK_STREAM); }) == 1);
    CHECK(inHardenedChild([] { return socketOutcome(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC); }) == 1);
    // A real round trip over a socket pair, as Qt's event loop and QProcess use.
    CHECK(inHardenedChild([] {
              int fds[2];
              if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
                  return 2;
              char c = 'x';
              const bool ok = ::write(fds[0], &c, 1) == 1 && ::read(fds[1], &c, 1) == 1 && c == 'x';
              ::close(fds[0]);
              ::close(fds[1]);
              return ok ? 0 : 3;
          })
          == 0);
}
