#pragma once

#include "core/util/Error.h"

namespace tessera {

// Start-up hardening. Call first in main(), before any thread is started.
//
// Always:
//  - umask 077, so every file Tessera creates is readable by its user only;
//  - a seccomp filter (libseccomp) that makes socket() and socketpair() fail with EACCES for
//    every address family but AF_UNIX (the print system's /run/cups/cups.sock and the
//    display's socket are AF_UNIX), and refuses io_uring_setup (io_uring can create sockets
//    without the socket() system call) and pidfd_getfd (which could take a socket from another
//    process) with EPERM. The filter is inherited by child processes and cannot be removed;
//    it sets no_new_privs, as an unprivileged process must. Product principle 1 (no network)
//    holds whatever a linked library tries (OpenCV's FFmpeg and GDAL, Tesseract link network
//    code Tessera never calls).
// Release builds (TESSERA_HARDEN_PROCESS) also: no core dumps (RLIMIT_CORE 0) and not
// dumpable (PR_SET_DUMPABLE 0), so that neither a crash nor another process of the same user
// can read keys or applicant data out of memory.
//
// Fails (and the executables refuse to start) when the kernel refuses the filter.
Result<void> hardenProcess();

} // namespace tessera
