#!/bin/sh
# check-manpage.sh PAGE: the generated tessera-cli(1) renders with man -l, without a warning
# from groff, and has the sections and commands a reader looks for.
set -eu
page=$1
out=$(mktemp)
warnings=$(mktemp)
trap 'rm -f "$out" "$warnings"' EXIT
MANWIDTH=100 man --warnings -E UTF-8 -l "$page" >"$out" 2>"$warnings"
if [ -s "$warnings" ]; then
    echo "man -l $page warned:"; cat "$warnings"; exit 1
fi
for wanted in "NAME" "SYNOPSIS" "COMMANDS" "SIGNING IN" "EXIT STATUS" "ENVIRONMENT" \
              "user list" "card report CARDNO lost|stolen|damaged" "--password-file FILE" "TESSERA_STATION"; do
    grep -qF -- "$wanted" "$out" || { echo "man page lacks: $wanted"; exit 1; }
done
echo "man page: renders, $(wc -l <"$out") lines"
