#!/usr/bin/env bash
# `connql migrate` against curl on the same work, side by side in one run, against a
# local cluster of its own (docs/benchmarks.md, "Migrations"). Needs a built connql.
#   bench/migrate_bench.sh          CREATE=500 VERSIONS=1000 PARALLEL=8 RUNS=10
# 1. apply of one version with CREATE statements, next to `xargs -P PARALLEL curl -X POST`
#    of as many connectors, half before and half after it (the cluster slows as it fills;
#    so both sides meet the same cluster sizes on average);
# 2. VERSIONS - 1 more versions, for a history of VERSIONS versions over 2 x CREATE connectors;
# 3. info and validate, end to end;
# 4. plan of one more version, next to curl of the URL it reads, and how many requests
#    connql sent to Connect for it (counted in the workers' request logs).
set -euo pipefail
cd "$(dirname "$0")/.."
CREATE=${CREATE:-500}; VERSIONS=${VERSIONS:-1000}; PARALLEL=${PARALLEL:-8}; RUNS=${RUNS:-10}
connql=${CONNQL_BIN:-$PWD/build/connql}
export CONNQL_CLUSTER_DIR="$PWD/build/bench-cluster" CONNQL_CLUSTER_HEAP=1g
trap 'scripts/cluster down >/dev/null 2>&1 || true' EXIT
scripts/cluster down >/dev/null 2>&1 || true
scripts/cluster up > build/bench-cluster.env
set -a; . build/bench-cluster.env; set +a
url=${CONNECT_URLS%%,*}
export CONNQL_CONNECT_URL="$CONNECT_URLS" CONNQL_BOOTSTRAP_SERVERS="$BOOTSTRAP_SERVERS"
work=$(mktemp -d); mkdir -p "$work/migrations"
migrate() { "$connql" migrate "$@" --dir "$work/migrations"; }

# shellcheck source=bench/lib.sh
. bench/lib.sh
export -f post_curl; export url
curl_batch() {  # first last
    local t; t=$(now_ms)
    seq "$1" "$2" | sed "s/^/bench-curl-/" | xargs -P "$PARALLEL" -I{} bash -c 'post_curl {}'
    echo $(( $(now_ms) - t ))
}
connql_requests() {  # requests connql sent to either worker so far (its user agent is "connql")
    cat "$CONNQL_CLUSTER_LOGS"/worker*.log | grep -c '"connql" [0-9]*' || true
}

echo "== apply of one version with $CREATE CREATEs (--parallel $PARALLEL) against xargs -P $PARALLEL curl"
for i in $(seq 0 $((CREATE - 1))); do
    echo "CREATE SOURCE CONNECTOR bench-mig-$i USING 'FileStreamSource' WITH (topic = 'bench', file = '/tmp/connql-bench-none', 'tasks.max' = 1);"
done > "$work/migrations/V1__create_${CREATE}.sql"
half=$((CREATE / 2))
curl_first=$(curl_batch 0 $((half - 1)))
t=$(now_ms); migrate apply --parallel "$PARALLEL" > "$work/apply.out"; apply_ms=$(( $(now_ms) - t ))
curl_second=$(curl_batch "$half" $((CREATE - 1)))
echo "   connql migrate apply: $apply_ms ms   curl: $((curl_first + curl_second)) ms ($curl_first + $curl_second)"
tail -1 "$work/apply.out"

echo "== $((VERSIONS - 1)) more versions, one statement each (a history of $VERSIONS versions)"
for v in $(seq 2 "$VERSIONS"); do echo "DEFINE step = '$v';" > "$work/migrations/V${v}__step_$v.sql"; done
t=$(now_ms); migrate apply > "$work/apply2.out"; echo "   applied in $(( $(now_ms) - t )) ms: $(tail -1 "$work/apply2.out")"
echo "   the cluster has $(curl -sf "$url/connectors" | tr -cd ',' | wc -c | awk '{print $1+1}') connectors"

echo "== info and validate, end to end ($RUNS runs each, interleaved)"
for _ in $(seq 1 "$RUNS"); do
    t=$(now_ms); migrate info > /dev/null; echo $(( $(now_ms) - t )) >> "$work/info"
    t=$(now_ms); migrate validate > "$work/validate.out" 2>&1 || { cat "$work/validate.out"; exit 1; }
    echo $(( $(now_ms) - t )) >> "$work/validate"
done
echo "   info (median): $(median < "$work/info") ms   validate (median): $(median < "$work/validate") ms"

echo "== plan of one more version against curl of GET /connectors?expand=info ($RUNS runs each, interleaved)"
{
    echo "ALTER CONNECTOR bench-mig-0 SET ('tasks.max' = 2);"
    echo "CREATE SOURCE CONNECTOR bench-plan USING 'FileStreamSource' WITH (topic = 'bench', file = '/tmp/connql-bench-none');"
    echo "DROP CONNECTOR bench-mig-1;"
} > "$work/migrations/V$((VERSIONS + 1))__plan.sql"
for _ in $(seq 1 "$RUNS"); do
    before=$(connql_requests)
    t=$(now_ms); migrate plan > "$work/plan.out"; echo $(( $(now_ms) - t )) >> "$work/plan"
    echo $(( $(connql_requests) - before )) >> "$work/plan-requests"
    t=$(now_ms); curl -sf "$url/connectors?expand=info" > /dev/null; echo $(( $(now_ms) - t )) >> "$work/plan-curl"
done
echo "   connql migrate plan (median): $(median < "$work/plan") ms   curl (median): $(median < "$work/plan-curl") ms"
echo "   Connect requests per plan: $(sort -u "$work/plan-requests" | tr '\n' ' ')"
grep -E "create|update|drop" "$work/plan.out" | head -5
rm -rf "$work"
