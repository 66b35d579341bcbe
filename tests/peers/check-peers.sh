#!/usr/bin/env bash
# Runs the peer test vectors (other projects' test vectors for Tessera's document readers, in
# ../shared/peers beside the checkout; see its README.md) on a built tessera-cli, and fails
# when a vector listed in EXPECTED no longer holds, through the parsers or through the CLI.
# Vectors that hold and are not listed are reported, so that the list can grow.
#
#   check-peers.sh RUN_SH TESSERA_CLI EXPECTED WORKDIR
#
# Exit 0 when every listed vector holds, 1 when one does not (or the runner could not run),
# 77 when RUN_SH is not there (ctest's SKIP_RETURN_CODE).
set -u
if [ $# -ne 4 ]; then
    echo "usage: check-peers.sh RUN_SH TESSERA_CLI EXPECTED WORKDIR" >&2
    exit 2
fi
run_sh=$1 cli=$2 expected=$3 work=$4
if [ ! -f "$run_sh" ]; then
    echo "skipped: no peer vectors at $run_sh (the shared folder is not beside this checkout)"
    exit 77
fi
mkdir -p "$work"
log=$work/run.log
PEER_WORK=$work bash "$run_sh" "$cli" >"$log" 2>"$work/run.err"
rc=$?
if [ $rc -ge 2 ]; then
    echo "the peer runner could not run (exit $rc):" >&2
    tail -n 20 "$work/run.err" >&2
    exit 1
fi
if ! grep -q '^peer vectors (parser only' "$log"; then
    echo "note: the parser run did not take place (see $work/peerparse.log); checking the CLI run only"
fi

# The tallies, as the runner prints them.
grep -E '^  (cli|parser) |^peer vectors' "$log"

failed=$(sed -n -E 's/^FAIL \[(cli|parser)\] ([^:]+): .*/\2/p' "$log" | sort -u)
ran=$(python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1]) if l.strip()]' "$work/vectors.run.jsonl" | sort -u)
status=0
listed=0
while read -r id; do
    id=${id%%#*}
    id=$(echo "$id" | tr -d '[:space:]')
    [ -z "$id" ] && continue
    listed=$((listed + 1))
    if ! grep -qxF "$id" <<<"$ran"; then
        echo "REGRESSION $id: listed as holding, but no longer among the vectors run"
        status=1
    elif grep -qxF "$id" <<<"$failed"; then
        grep -F "] $id: " "$log" | grep '^FAIL ' | sed 's/^/REGRESSION /'
        status=1
    fi
done <"$expected"
newly=$(comm -23 <(comm -23 <(echo "$ran") <(echo "$failed")) <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$expected" | grep -v '^$' | sort -u))
if [ -n "$newly" ]; then
    echo "holding now and not yet listed in $expected (add them):"
    echo "$newly" | sed 's/^/  /'
fi
if [ $status -eq 0 ]; then
    echo "all $listed vectors listed as holding still hold"
fi
exit $status
