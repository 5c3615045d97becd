#!/usr/bin/env bash
# The HTTP transport's requests/s on one core (docs/benchmarks.md, "HTTP transport"): the
# server pinned to CPU 0, the load generator to CPU 1, on loopback; a trivial handler
# answering a small JSON on the loop thread. Three loads per round, rounds interleaved
# between servers so that both see the same machine:
#   h2c:   h2load -c 50 -m 10 (HTTP/2 with prior knowledge, 10 streams per connection)
#   h1:    h2load --h1 -c 50  (HTTP/1.1 keep-alive, one request at a time per connection)
#   wrk:   wrk -t1 -c 50      (HTTP/1.1 keep-alive)
# Besides req/s, the server's own CPU time per request (user+sys from /proc): on a
# machine shared with other work req/s understates what one core does, CPU/request
# does not. "capacity" is 1 s / (CPU per request): what one dedicated core would serve.
#   bench/http_bench.sh [ROUNDS] [SERVER-COMMAND-WITH-%PORT%]...
#   default: build/bench/connql_http_hello; e.g. also "/tmp/h2o_hello %PORT%"
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=("build/bench/connql_http_hello %PORT%")
N=${N:-200000}
port=$((20000 + RANDOM % 20000))  # a fresh port per server: no TIME_WAIT clash
clk=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run_load NAME PID COMMAND...: prints "NAME req/s=... cpu/req=...us capacity=..."
run_load() {
    local name=$1 pid=$2
    shift 2
    local before after out rps
    before=$(cpu_ticks "$pid")
    out=$(taskset -c 1 "$@" 2>&1)
    after=$(cpu_ticks "$pid")
    if [[ $name == wrk ]]; then
        rps=$(awk '/Requests\/sec/ {print int($2)}' <<<"$out")
        total=$(awk '/requests in/ {print $1}' <<<"$out")
        errors=$(grep -cE 'Non-2xx|Socket errors' <<<"$out" || true)
    else
        rps=$(awk '/finished in/ {print int($4)}' <<<"$out")
        total=$(awk '/^requests:/ {print $8}' <<<"$out")  # succeeded
        errors=$(awk '/^requests:/ {print $10 + $12}' <<<"$out")  # failed + errored
    fi
    awk -v n="$name" -v r="$rps" -v t="$total" -v c="$((after - before))" -v hz="$clk" -v e="$errors" \
        'BEGIN { us = c / hz * 1e6 / t; printf "  %-4s %7d req/s  server CPU %5.1f us/request  capacity %6d req/s/core  errors %d\n", n, r, us, 1e6 / us, e }'
}

for round in $(seq 1 "$rounds"); do
    for server in "${servers[@]}"; do
        port=$((port + 1))
        # shellcheck disable=SC2086
        taskset -c 0 ${server//%PORT%/$port} > /dev/null &
        pid=$!
        for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/info" && break; sleep 0.05; done
        echo "round $round: ${server%% *} (load average $(cut -d' ' -f1 /proc/loadavg))"
        url="http://127.0.0.1:$port/info"
        run_load h2c "$pid" h2load -n "$N" -c 50 -m 10 "$url"
        run_load h1 "$pid" h2load --h1 -n "$N" -c 50 "$url"
        run_load wrk "$pid" wrk -t1 -c50 -d5s "$url"
        kill -TERM "$pid"
        wait "$pid" 2>/dev/null || true
    done
done
