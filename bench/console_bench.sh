#!/usr/bin/env bash
# The web console with many connectors (docs/benchmarks.md, "Web console (issue 11)"), on a
# local cluster of its own: creates CONNECTORS FileStreamSource connectors with curl, starts
# `connql serve` (access log on), opens the connectors page in Debian's headless chromium
# (Selenium from tests/console/requirements.txt, in build/console-venv) and reads the
# performance marks the console records (window.connqlConsole.renders: from the answer's
# arrival to the table built, and to the next frame), the requests each refresh made (the
# access log) and the Connect calls (connql's /metrics); then the console's files: their
# sizes as served (plain and gzip) and the time to the first paint on loopback.
#   bench/console_bench.sh     CONNECTORS=1000 REFRESHES=6 PARALLEL=8
# KEEP_CLUSTER=1 leaves the cluster up at the end (and reuses one already up).
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTORS=${CONNECTORS:-1000}; REFRESHES=${REFRESHES:-6}; PARALLEL=${PARALLEL:-8}
connql=${CONNQL:-build/connql}
[ -x "$connql" ] || { echo "console_bench: build connql first (ninja -C build connql)" >&2; exit 1; }
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { echo "console_bench: needs chromium and chromium-driver (scripts/install-deps.sh)" >&2; exit 1; }
export CONNQL_CLUSTER_DIR=${CONNQL_CLUSTER_DIR:-$PWD/build/console-bench-cluster} CONNQL_CLUSTER_HEAP=${CONNQL_CLUSTER_HEAP:-1g}
venv=build/console-venv
if ! cmp -s tests/console/requirements.txt "$venv/.connql-requirements" 2>/dev/null; then
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/console/requirements.txt
    cp tests/console/requirements.txt "$venv/.connql-requirements"
fi
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_work_and_cleanup
scripts/cluster up > "$work/cluster.env"
set -a; . "$work/cluster.env"; set +a
url=${CONNECT_URLS%%,*}
export -f post_curl; export url
have=$(count_connectors)
started=$(now_ms)
if [ "$have" -lt "$CONNECTORS" ]; then
    seq "$have" "$((CONNECTORS - 1))" | sed "s/^/bench-console-/" | xargs -P "$PARALLEL" -I{} bash -c 'post_curl {} || post_curl {} || true'
fi
for _ in $(seq 1 120); do [ "$(count_connectors)" -ge "$CONNECTORS" ] && break; sleep 1; done
echo "the cluster has $(count_connectors) connectors (created in $(( ($(now_ms) - started) / 1000 )) s)"

port=$((20000 + RANDOM % 20000))
"$connql" serve --listen "127.0.0.1:$port" --connect-url "$CONNECT_URLS" 2> "$work/access.log" > /dev/null &
server_pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/info" && break; sleep 0.1; done

echo "the console's files as served:"
total=0; total_gz=0
for file in $(ls console); do
    plain=$(curl -sf -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/console/$file")
    gz=$(curl -sf -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/console/$file")
    printf '  %-12s %7d bytes, %6d gzip\n' "$file" "$plain" "$gz"
    total=$((total + plain)); total_gz=$((total_gz + gz))
done
printf '  %-12s %7d bytes, %6d gzip\n' "total" "$total" "$total_gz"

"$venv/bin/python" bench/console_bench.py "http://127.0.0.1:$port" "$work/access.log" "$REFRESHES" "$CONNECTORS"
