#!/bin/sh
# Usage: check-no-network.sh BINARY...
#
# Tessera opens no socket (product principle 1). What a test can prove about a built binary:
#  - it names no networking library among its own DT_NEEDED entries (readelf -d), and
#  - it imports no socket API symbol itself (nm -D --undefined-only).
# Libraries we link may in turn depend on network code: OpenCV pulls in GDAL (→ libcurl) and
# libavformat. Those are transitive dependencies of image and video I/O that Tessera never
# calls for network access; they are not checked here, because the direct check above is what
# a test can prove. Exits 1 naming every finding, 2 when the tools or the binary are missing.
set -u

forbidden_libs='libQt6Network|libQt5Network|libcurl|libssl|libgnutls|libnss3|libssh|libmicrohttpd|libzmq|libwebsockets|libsoup|libgio-2|libavahi|libresolv|libnghttp'
forbidden_syms='socket|socketpair|connect|bind|listen|accept|accept4|getaddrinfo|getnameinfo|gethostbyname|gethostbyname2|gethostbyaddr|sendto|sendmsg|recvfrom|recvmsg'

command -v readelf >/dev/null 2>&1 || { echo "readelf not found" >&2; exit 2; }
command -v nm >/dev/null 2>&1 || { echo "nm not found" >&2; exit 2; }
[ "$#" -gt 0 ] || { echo "usage: $0 BINARY..." >&2; exit 2; }

status=0
for binary in "$@"; do
    if [ ! -f "$binary" ]; then
        echo "$binary: not found" >&2
        exit 2
    fi
    needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    # A dynamic binary with no DT_NEEDED at all means readelf's output was not understood.
    if [ -z "$needed" ]; then
        echo "$binary: no DT_NEEDED entries found; cannot check" >&2
        exit 2
    fi
    bad_libs=$(printf '%s\n' "$needed" | grep -E "^($forbidden_libs)" || true)
    if [ -n "$bad_libs" ]; then
        echo "$binary links a networking library directly:" $bad_libs
        status=1
    fi
    undefined=$(nm -D --undefined-only "$binary" | awk '{print $NF}' | sed 's/@.*//')
    if [ -z "$undefined" ]; then
        echo "$binary: no undefined dynamic symbols found; cannot check" >&2
        exit 2
    fi
    bad_syms=$(printf '%s\n' "$undefined" | grep -xE "$forbidden_syms" || true)
    if [ -n "$bad_syms" ]; then
        echo "$binary imports socket API symbols:" $bad_syms
        status=1
    fi
    [ "$status" -eq 0 ] && echo "$binary: no networking library, no socket symbols ($(printf '%s\n' "$needed" | wc -l) libraries checked)"
done
exit "$status"
