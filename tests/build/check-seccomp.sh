#!/bin/sh
# Usage: check-seccomp.sh BINARY [ARGS...]
#
# The shipped executables install their system call filter at start-up (product principle 1:
# no network; see core/platform/ProcessHardening). Runs BINARY with ARGS, which must leave it
# waiting (for its standard input, or in its event loop), and checks that the kernel reports a
# seccomp filter on the process (/proc/PID/status: "Seccomp: 2", and no_new_privs). Then stops
# it. Exits 0 when the filter is there, 1 when not, 2 when the process could not be watched.
set -u
[ "$#" -gt 0 ] || { echo "usage: $0 BINARY [ARGS...]" >&2; exit 2; }
dir=$(mktemp -d) || exit 2
mkfifo "$dir/in" || exit 2
"$@" < "$dir/in" > "$dir/out" 2>&1 &
pid=$!
# Opening the FIFO for writing lets the binary's standard input open; nothing is ever written.
exec 3> "$dir/in"
status=1
i=0
# Bounded wait for an outside process to reach main(): at most 20 s (CHECK_SECCOMP_TENTHS).
while [ "$i" -lt "${CHECK_SECCOMP_TENTHS:-200}" ]; do
    if grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" 2>/dev/null; then
        status=0
        break
    fi
    kill -0 "$pid" 2>/dev/null || { status=2; break; }
    sleep 0.1
    i=$((i + 1))
done
grep -E '^(NoNewPrivs|Seccomp|Seccomp_filters):' "/proc/$pid/status" 2>/dev/null
[ "$status" -eq 2 ] && { echo "$1 exited before it could be checked:"; cat "$dir/out"; }
[ "$status" -eq 1 ] && echo "$1 runs without a seccomp filter"
kill "$pid" 2>/dev/null
exec 3>&-
wait "$pid" 2>/dev/null
rm -rf "$dir"
[ "$status" -eq 0 ] && echo "$1: seccomp filter installed"
exit "$status"
