#!/usr/bin/env bash
# The main job: build connql, make sure a Kafka Connect cluster is there (the local
# one from scripts/cluster when none is configured), run examples/quickstart.sql,
# then write lines into the source file and show them arriving, transformed, in
# the sink's file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null

if [ -z "${CONNQL_CONNECT_URL:-}" ] && [ ! -f "${CONNQL_CONFIG:-$HOME/.config/connql/clusters.json}" ]; then
    scripts/cluster up >/dev/null
    echo "quickstart: local Kafka Connect cluster is up ($(scripts/cluster env | head -n 1))"
fi

dir=/tmp/connql-quickstart
mkdir -p "$dir"
touch "$dir/input.txt" "$dir/output.txt"

build/connql run examples/quickstart.sql

stamp="$(date +%H:%M:%S)"
echo
echo "quickstart: appending 3 lines to $dir/input.txt"
for word in hello kafka connect; do echo "$word at $stamp" >> "$dir/input.txt"; done
echo "quickstart: waiting for them in $dir/output.txt"
for _ in $(seq 1 60); do
    [ "$(grep -c "at $stamp" "$dir/output.txt" || true)" -ge 3 ] && break
    sleep 0.5
done
grep "at $stamp" "$dir/output.txt" | sed 's/^/    /'
[ "$(grep -c "at $stamp" "$dir/output.txt" || true)" -ge 3 ] || { echo "quickstart: the records did not arrive; logs: $(scripts/cluster logs)"; exit 1; }
echo
echo "quickstart: done. Try: build/connql   (then SHOW CONNECTORS; or DESCRIBE CONNECTOR quickstart-file;)"
echo "            stop the local cluster with: scripts/cluster down"
