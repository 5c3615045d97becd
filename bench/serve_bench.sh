#!/usr/bin/env bash
# `connql serve` against Kafka Connect's REST API, side by side in one run (docs/benchmarks.md,
# "connql serve (issue 9)"), against a local cluster of its own. Needs a built connql
# (ninja -C build connql), h2load (nghttp2-client) and wrk.
#   bench/serve_bench.sh      CONNECTORS=500 SMALL=10 ONE=50 CLIENTS=64 DURATION=30 N=200000
# 1. one request: POST /ksql SHOW CONNECTORS against GET /connectors?expand=status&expand=info
#    on a worker, ONE sequential requests each (curl, one process and connection per
#    request for both), interleaved, each first every other pair; at SMALL connectors and at
#    CONNECTORS connectors, then at CONNECTORS with a connector paused or resumed before each
#    pair (every answer a new one). With connql's own time from its /metrics.
# 2. CLIENTS concurrent clients (wrk, HTTP/1.1 keep-alive) polling for DURATION s each: connql's
#    SHOW CONNECTORS against the same worker URL directly; Connect calls counted both in the
#    workers' request logs and in connql's /metrics.
# 3. requests that need no Connect call (GET /info, a compile error that answers 400), N each,
#    over HTTP/1.1 keep-alive (h2load --h1 -c 50) and h2c (h2load -c 50 -m 10).
# connql serve runs pinned to CPU 0, the load generators to CPU 1; the broker and the two
# Connect workers are not pinned (they use both cores).
# KEEP_CLUSTER=1 leaves the cluster up at the end (and reuses one already up).
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTORS=${CONNECTORS:-500}; SMALL=${SMALL:-10}; ONE=${ONE:-50}
CLIENTS=${CLIENTS:-64}; DURATION=${DURATION:-30}; N=${N:-200000}; PARALLEL=${PARALLEL:-8}
connql=${CONNQL:-build/connql}
[ -x "$connql" ] || { echo "serve_bench: build connql first (ninja -C build connql)" >&2; exit 1; }
command -v h2load >/dev/null && command -v wrk >/dev/null || { echo "serve_bench: needs h2load and wrk (apt-get install nghttp2-client wrk)" >&2; exit 1; }
export CONNQL_CLUSTER_DIR=${CONNQL_CLUSTER_DIR:-$PWD/build/serve-bench-cluster} CONNQL_CLUSTER_HEAP=${CONNQL_CLUSTER_HEAP:-1g}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_work_and_cleanup
[ "${KEEP_CLUSTER:-0}" = 1 ] || scripts/cluster down >/dev/null 2>&1 || true
scripts/cluster up > "$work/cluster.env"
set -a; . "$work/cluster.env"; set +a
logs=$(scripts/cluster logs)
url=${CONNECT_URLS%%,*}
direct="$url/connectors?expand=status&expand=info"
summary="$work/summary"

export -f post_curl; export url
ensure_connectors() {  # N: create bench-serve-K until the cluster has N connectors
    local have; have=$(count_connectors)
    if [ "$have" -lt "$1" ]; then
        seq "$have" "$(($1 - 1))" | sed "s/^/bench-serve-/" | xargs -P "$PARALLEL" -I{} bash -c 'post_curl {} || post_curl {} || true'
    fi
    for _ in $(seq 1 60); do [ "$(count_connectors)" -ge "$1" ] && break; sleep 1; done
    echo "   the cluster has $(count_connectors) connectors"
}
# Connect calls of the list, as the workers' request logs record them (both workers).
worker_reads() { cat "$logs"/worker*.log 2>/dev/null | grep -cF 'GET /connectors?expand=status&expand=info ' || true; }
# connql's /metrics makes one list call itself (its connector gauges): a snapshot taken after
# a load counts one call more than the load made, which metric_delta takes off.
snapshot() { curl -sf --retry 3 --retry-all-errors "http://127.0.0.1:$port/metrics" > "$work/metrics-$1" || echo "serve_bench: /metrics did not answer" >&2; }
metric() {  # SNAPSHOT NAME [LABEL-SUBSTRING]: a counter's sum in a /metrics snapshot
    awk -v n="$2" -v l="${3:-}" 'index($0, n) == 1 && (l == "" || index($0, l)) {s += $NF} END {printf "%d\n", s}' "$work/metrics-$1"
}
metric_delta() { echo $(( $(metric after "$@") - $(metric before "$@") - ${SELF:-1} )); }
# connql's own time per SHOW CONNECTORS between the snapshots: the mean time to answer
# /ksql less the mean time of its Connect list call (each request makes one; the
# snapshot's own call is in the call means, not in /ksql's).
own_time() {
    local values=()
    for snap in before after; do
        for name in 'connql_http_request_duration_seconds_sum{route="/ksql"}' 'connql_http_request_duration_seconds_count{route="/ksql"}' \
                    'connql_connect_call_duration_seconds_sum{endpoint="GET /connectors"}' 'connql_connect_call_duration_seconds_count{endpoint="GET /connectors"}'; do
            values+=("$(awk -v n="$name" 'index($0, n) == 1 {print $NF}' "$work/metrics-$snap")")
        done
    done
    awk -v r0="${values[0]}" -v rc0="${values[1]}" -v c0="${values[2]}" -v cc0="${values[3]}" \
        -v r1="${values[4]}" -v rc1="${values[5]}" -v c1="${values[6]}" -v cc1="${values[7]}" \
        'BEGIN {printf "%.3f", ((r1 - r0) / (rc1 - rc0) - (c1 - c0) / (cc1 - cc0)) * 1000}'
}

port=$((20000 + RANDOM % 20000))
taskset -c 0 "$connql" serve --listen "127.0.0.1:$port" --connect-url "$CONNECT_URLS" --no-access-log > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/info" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$port/info" || { echo "serve_bench: connql serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
ksql="http://127.0.0.1:$port/ksql"
printf '%s' '{"ksql":"SHOW CONNECTORS;"}' > "$work/show.json"
printf '%s' '{"ksql":"CREATE SOURCE CONNECTOR x WTH (a = '"'b'"');"}' > "$work/bad.json"
cat > "$work/show.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"ksql":"SHOW CONNECTORS;"}'
wrk.headers["Content-Type"] = "application/json"
EOF
echo "connql serve on 127.0.0.1:$port (pid $server_pid, CPU 0); Connect worker $url; $(nproc) cores" | tee "$summary"

# 1 -----------------------------------------------------------------------------------------
toggle_connector() {  # K: pause bench-serve-0 (K odd) or resume it, and wait until its status says so
    local action=resume state=RUNNING
    [ $(($1 % 2)) = 1 ] && action=pause state=PAUSED
    curl -sf -o /dev/null -X PUT "$url/connectors/bench-serve-0/$action"
    for _ in $(seq 1 200); do
        curl -sf "$url/connectors/bench-serve-0/status" | grep -q "\"connector\":{\"state\":\"$state\"" && return 0
        sleep 0.05
    done
    echo "serve_bench: bench-serve-0 did not become $state" >&2
}
one_request() {  # LABEL [change]: with "change", a connector is paused or resumed before each pair
    local reads_before i=0 j=0
    rm -f "$work/one-connql" "$work/one-direct" "$work/one-diff"
    snapshot before; reads_before=$(worker_reads)
    for _ in $(seq 1 "$ONE"); do
        if [ "${2:-}" = change ]; then  # every answer differs from the last: nothing is read again from memory
            i=$((i + 1)); toggle_connector "$i"
        fi
        # Each goes first every other pair: the first call after a pause is slower.
        j=$((j + 1))
        if [ $((j % 2)) = 1 ]; then
            a=$(curl -sf -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' -d @"$work/show.json" "$ksql")
            b=$(curl -sf -o /dev/null -w '%{time_total}' "$direct")
        else
            b=$(curl -sf -o /dev/null -w '%{time_total}' "$direct")
            a=$(curl -sf -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' -d @"$work/show.json" "$ksql")
        fi
        echo "$a" | awk '{printf "%.3f\n", $1 * 1000}' >> "$work/one-connql"
        echo "$b" | awk '{printf "%.3f\n", $1 * 1000}' >> "$work/one-direct"
        awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f\n", (a - b) * 1000}' >> "$work/one-diff"
    done
    [ "${2:-}" = change ] && toggle_connector 0  # resumed
    snapshot after
    local calls reads; calls=$(metric_delta connql_connect_calls_total); reads=$(( $(worker_reads) - reads_before - 1 ))
    local mc md diff
    mc=$(median < "$work/one-connql"); md=$(median < "$work/one-direct"); diff=$(median < "$work/one-diff")
    echo "1. one request, $1${2:+ (a connector paused or resumed before each pair)}: connql median $mc ms, direct median $md ms, added $(awk -v a="$mc" -v b="$md" 'BEGIN {printf "%.2f", a - b}') ms" \
         "(median of the $ONE paired differences $diff ms; connql's own time, mean, from its /metrics: $(own_time) ms); connql's Connect calls $calls for $ONE requests; worker log reads $reads (= $ONE direct + connql's)" | tee -a "$summary"
}
echo "== 1. one request, interleaved, $ONE each"
ensure_connectors "$SMALL"
one_request "$(count_connectors) connectors"
echo "== creating connectors up to $CONNECTORS"
t=$(date +%s); ensure_connectors "$CONNECTORS"; echo "   took $(( $(date +%s) - t )) s"
sleep 5  # let the rebalance after the last create settle
one_request "$(count_connectors) connectors"
one_request "$(count_connectors) connectors" change

# 2 -----------------------------------------------------------------------------------------
wrk_load() {  # LABEL URL [wrk args]: req/s, p50, p99, Connect reads
    local label=$1 target=$2; shift 2
    local reads_before out
    snapshot before; reads_before=$(worker_reads)
    out=$(taskset -c 1 wrk -t1 -c"$CLIENTS" -d"${DURATION}s" --timeout 60s --latency "$@" "$target" 2>&1)
    echo "$out" > "$work/wrk-$label"
    snapshot after
    local reads calls shared
    reads=$(( $(worker_reads) - reads_before - 1 ))
    calls=$(metric_delta connql_connect_calls_total 'GET /connectors"')
    shared=$(SELF=0 metric_delta connql_connect_reads_shared_total)
    awk -v l="$label" -v reads="$reads" -v calls="$calls" -v shared="$shared" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /requests in/ {n = $1} /Requests\/sec/ {rps = $2} /^ +50%/ {p50 = ms($2)} /^ +99%/ {p99 = ms($2)}
        /Non-2xx/ {bad = $NF} /Socket errors/ {err = $0}
        END {printf "2. %-7s %8.1f req/s  p50 %8.1f ms  p99 %8.1f ms  requests %d  non-2xx %d  %s  Connect list calls (worker logs) %d", l, rps, p50, p99, n, bad, err, reads
             if (l == "connql") printf "  (connql /metrics: calls %d, shared reads %d)", calls, shared
             printf "\n"}' "$work/wrk-$label" | tee -a "$summary"
}
echo "== 2. $CLIENTS clients for ${DURATION}s each, $(count_connectors) connectors (wrk on CPU 1, connql on CPU 0, Connect unpinned)"
wrk_load connql "$ksql" -s "$work/show.lua"
sleep 5
wrk_load direct "$direct"

# 3 -----------------------------------------------------------------------------------------
clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
h2_load() {  # LABEL h2load-args...: req/s and connql's CPU per request
    local label=$1; shift
    local before after out
    snapshot before
    before=$(cpu_ticks "$server_pid")
    out=$(taskset -c 1 h2load "$@" 2>&1)
    after=$(cpu_ticks "$server_pid")
    snapshot after
    awk -v l="$label" -v c="$((after - before))" -v hz="$clk" -v calls="$(metric_delta connql_connect_calls_total)" '
        /finished in/ {rps = $4} /^requests:/ {ok = $6; good = $8; bad = $10 + $12} /^status codes:/ {codes = $0}
        END {us = c / hz * 1e6 / ok; printf "3. %-16s %8d req/s  server CPU %5.1f us/request (%6d req/s/core)  done %d (2xx %d)  failed %d  %s  Connect calls %d\n", l, rps, us, 1e6 / us, ok, good, bad, codes, calls}' <<<"$out" | tee -a "$summary"
}
echo "== 3. no Connect call, $N requests each (connql on CPU 0, h2load on CPU 1)"
h2_load "info h1" --h1 -n "$N" -c 50 "http://127.0.0.1:$port/info"
h2_load "info h2c" -n "$N" -c 50 -m 10 "http://127.0.0.1:$port/info"
h2_load "compile-err h1" --h1 -n "$N" -c 50 -d "$work/bad.json" -H 'Content-Type: application/json' "$ksql"
h2_load "compile-err h2c" -n "$N" -c 50 -m 10 -d "$work/bad.json" -H 'Content-Type: application/json' "$ksql"

echo
echo "== summary"
cat "$summary"
[ -n "${SUMMARY_OUT:-}" ] && cp "$summary" "$SUMMARY_OUT"
exit 0
