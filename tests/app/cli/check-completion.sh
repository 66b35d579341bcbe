#!/bin/bash
# check-completion.sh COMPLETION: loads tessera-cli's generated bash completion into this bash
# and completes command lines as a user pressing Tab would, checking what is offered.
set -u
source "$1" || exit 1
complete -p tessera-cli >/dev/null || { echo "no completion registered for tessera-cli"; exit 1; }
failures=0

# offered WORD...: what Tab offers after the words (the last is the one being typed).
offered() {
    COMP_WORDS=(tessera-cli "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _tessera_cli
    echo " ${COMPREPLY[*]} "
}

# expect "LINE" "WANTED..." "REFUSED...": every wanted word offered, no refused word offered.
expect() {
    local line=$1 wanted=$2 refused=${3:-} got w
    # shellcheck disable=SC2086
    got=$(offered $line "")
    [[ $line == *" " || -z $line ]] || got=$(offered $line)
    for w in $wanted; do
        [[ $got == *" $w "* ]] || { echo "FAIL: '$line' should offer $w; offered:$got"; failures=$((failures + 1)); }
    done
    for w in $refused; do
        [[ $got != *" $w "* ]] || { echo "FAIL: '$line' should not offer $w; offered:$got"; failures=$((failures + 1)); }
    done
}

expect "" "init user card photo document purge backup restore help --version" "list"
expect "us" "user" "card"
expect "user " "list add disable passwd" "init"
expect "user list --" "--json --help --store --as --password-file" "--dry-run --printer --out"
expect "purge --d" "--dry-run" "--json"
expect "card print --" "--printer --batch --reason --as" "--dry-run --pubkey"
expect "card report T-1 " "lost stolen damaged" ""
expect "document make-sample " "licence passport id-card" ""
expect "--store /tmp/s card pr" "print" "list"
expect "--store /tmp/s user ad" "add" "list"
expect "batch close 2026-01-05 --o" "--out" ""
expect "review T-1 --" "--approve --reject --return --note" "--out"
expect "completion " "bash" ""

if ((failures > 0)); then
    echo "$failures completion check(s) failed"
    exit 1
fi
echo "bash completion: all checks passed"
