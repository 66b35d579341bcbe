#include "core/platform/ProcessHardening.h"

#include <seccomp.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace tessera {

namespace {

// AF_UNIX, the local socket family (1 on Linux, include/linux/socket.h), written out so that
// this file needs no socket header: the filter names the one family it lets through, and
// platform_tests proves that AF_UNIX works and every other family fails under it.
constexpr int kLocalSockets = 1;

struct SeccompRelease {
    void operator()(void *ctx) const { seccomp_release(ctx); }
};

Result<void> refuseNetworkSockets()
{
    std::unique_ptr<void, SeccompRelease> ctx(seccomp_init(SCMP_ACT_ALLOW));
    if (!ctx)
        return fail(ErrorCode::Internal, QStringLiteral("The system call filter could not be prepared."));
    const auto refused = [&](int rc, const char *what) -> Result<void> {
        if (rc == 0)
            return {};
        return fail(ErrorCode::Internal,
                    QStringLiteral("The system call filter could not be set up (%1: %2). Tessera does not start "
                                   "without it, because it is what keeps the process off the network.")
                        .arg(QString::fromLatin1(what), QString::fromLocal8Bit(std::strerror(-rc))));
    };
    // The domain is the first argument of both; only AF_UNIX (local sockets) gets through.
    // Spelled out rather than SCMP_A0(SCMP_CMP_NE, kLocalSockets): that macro expands to a C99
    // compound literal, which C++ has only as a compiler extension, and leaves datum_b implicit.
    const scmp_arg_cmp notLocal {.arg = 0, .op = SCMP_CMP_NE, .datum_a = kLocalSockets, .datum_b = 0};
    for (const int call : {SCMP_SYS(socket), SCMP_SYS(socketpair)})
        if (auto r = refused(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EACCES), call, 1, notLocal), "socket"); !r)
            return r;
    for (const int call : {SCMP_SYS(io_uring_setup), SCMP_SYS(pidfd_getfd)})
        if (auto r = refused(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), call, 0), "io_uring"); !r)
            return r;
    return refused(seccomp_load(ctx.get()), "load");
}

} // namespace

Result<void> hardenProcess()
{
    // Everything Tessera writes (store, key files, PDFs) is for this user only.
    umask(077);
#ifdef TESSERA_HARDEN_PROCESS
    const rlimit none {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
    return refuseNetworkSockets();
}

} // namespace tessera
