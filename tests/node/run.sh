#!/usr/bin/env bash
# Runs the npm ksqldb-client end-to-end test (ksqldb_client_test.js) against connql serve
# and the cluster of scripts/cluster. Installs the locked packages (package-lock.json) into
# tests/node/node_modules with `npm ci` the first time, or when the lock changed.
#   CONNECT_URLS=... BOOTSTRAP_SERVERS=... tests/node/run.sh [path/to/connql]
# (ctest runs it as cluster_node_client; scripts/test.sh exports the two variables.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONNQL_BINARY="${1:-${CONNQL_BINARY:-$here/../../build/connql}}"

fail() { echo "cluster_node_client: FAILED: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node is not installed (scripts/install-deps.sh installs Debian's nodejs and npm)"
command -v npm >/dev/null || fail "npm is not installed (scripts/install-deps.sh installs Debian's nodejs and npm)"
[ -x "$CONNQL_BINARY" ] || fail "no connql binary at $CONNQL_BINARY (build it: ninja -C build connql)"
[ -n "${CONNECT_URLS:-}" ] || fail "CONNECT_URLS is not set (scripts/cluster up prints it; scripts/test.sh exports it)"
[ -n "${BOOTSTRAP_SERVERS:-}" ] || fail "BOOTSTRAP_SERVERS is not set (scripts/cluster up prints it)"

# npm writes the lock it installed from to node_modules/.package-lock.json: a copy of
# the lock kept beside it says whether this install is the one of the committed lock.
stamp="$here/node_modules/.connql-lock"
if ! cmp -s "$here/package-lock.json" "$stamp" 2>/dev/null; then
    echo "cluster_node_client: npm ci (ksqldb-client from package-lock.json)"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $here"
    cp "$here/package-lock.json" "$stamp"
fi

if ! node "$here/ksqldb_client_test.js"; then
    fail "ksqldb_client_test.js (the failing step and connql serve's stderr are above)"
fi
