#!/bin/sh
# Each layer includes only itself and the layers below it: core nothing of ui, app or tests;
# ui nothing of app or tests. Once includes carry their layer (scripts/rewrite-includes) the
# project root is the one include root, so the compiler alone would let core reach a ui header
# that includes no widget; this check does not.
# usage: check-layer-includes.sh SOURCE_DIR
cd "$1" || exit 2
bad=$( {
    grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(ui|app|tests)/' core
    grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(app|tests)/' ui
} )
if [ -n "$bad" ]; then
    echo "includes from a higher layer:"
    echo "$bad"
    exit 1
fi
echo "core and ui include no higher layer"
