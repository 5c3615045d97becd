#!/usr/bin/env bash
# connql against curl on the same REST calls, side by side in one run, against a
# local cluster of its own (docs/benchmarks.md). Needs a built connql (scripts/build.sh).
#   bench/rest_bench.sh            LIST=1000 CREATE=500 PARALLEL=8 ROUNDS=5 COLD=20
set -euo pipefail
cd "$(dirname "$0")/.."
LIST=${LIST:-1000}; CREATE=${CREATE:-500}; PARALLEL=${PARALLEL:-8}; ROUNDS=${ROUNDS:-5}; COLD=${COLD:-20}
connql=build/connql
export CONNQL_CLUSTER_DIR="$PWD/build/bench-cluster" CONNQL_CLUSTER_HEAP=1g
trap 'scripts/cluster down >/dev/null 2>&1 || true' EXIT
scripts/cluster down >/dev/null 2>&1 || true
scripts/cluster up > build/bench-cluster.env
set -a; . build/bench-cluster.env; set +a
url=${CONNECT_URLS%%,*}
export CONNQL_CONNECT_URL="$CONNECT_URLS"
work=$(mktemp -d)

# shellcheck source=bench/lib.sh
. bench/lib.sh
export -f post_curl; export url

echo "== cold start: one statement against one curl call ($COLD runs each, interleaved)"
echo "LIST CONNECTOR PLUGINS;" > "$work/one.sql"
for _ in $(seq 1 "$COLD"); do
    t=$(now_ms); $connql run "$work/one.sql" > /dev/null; echo $(( $(now_ms) - t )) >> "$work/cold-connql"
    t=$(now_ms); curl -sf "$url/connector-plugins" > /dev/null; echo $(( $(now_ms) - t )) >> "$work/cold-curl"
done
echo "   connql run (median): $(median < "$work/cold-connql") ms   curl (median): $(median < "$work/cold-curl") ms"

echo "== $CREATE CREATE statements: sequential, --parallel $PARALLEL, and xargs -P $PARALLEL curl (interleaved in $ROUNDS rounds)"
per_round=$((CREATE / ROUNDS))
for round in $(seq 1 "$ROUNDS"); do
    for who in sequential parallel curl; do
        first=$(( (round - 1) * per_round )); last=$(( round * per_round - 1 ))
        if [ "$who" = curl ]; then
            t=$(now_ms)
            seq "$first" "$last" | sed "s/^/bench-curl-/" | xargs -P "$PARALLEL" -I{} bash -c 'post_curl {}'
            echo $(( $(now_ms) - t )) >> "$work/create-$who"
        else
            : > "$work/create.sql"
            for i in $(seq "$first" "$last"); do
                echo "CREATE SOURCE CONNECTOR bench-$who-$i USING 'FileStreamSource' WITH (topic = 'bench', file = '/tmp/connql-bench-none', 'tasks.max' = 1);" >> "$work/create.sql"
            done
            flag=$([ "$who" = parallel ] && echo "--parallel $PARALLEL" || echo "")
            t=$(now_ms); $connql run $flag "$work/create.sql" > /dev/null; echo $(( $(now_ms) - t )) >> "$work/create-$who"
        fi
    done
done
for who in sequential parallel curl; do
    echo "   $who: $(awk '{s+=$1} END {print s}' "$work/create-$who") ms for $CREATE creates (rounds: $(tr '\n' ' ' < "$work/create-$who"))"
done

echo "== SHOW CONNECTORS over $LIST connectors against curl of the same URL ($COLD runs each, interleaved)"
existing=$(curl -sf "$url/connectors" | tr -cd ',' | wc -c); existing=$((existing + 1))
if [ "$existing" -lt "$LIST" ]; then
    seq "$existing" "$((LIST - 1))" | sed "s/^/bench-list-/" | xargs -P "$PARALLEL" -I{} bash -c 'post_curl {}'
fi
echo "   the cluster has $(curl -sf "$url/connectors" | tr -cd ',' | wc -c | awk '{print $1+1}') connectors"
echo "SHOW CONNECTORS;" > "$work/show.sql"
for _ in $(seq 1 "$COLD"); do
    t=$(now_ms); $connql run "$work/show.sql" > /dev/null; echo $(( $(now_ms) - t )) >> "$work/show-connql"
    t=$(now_ms); $connql run --output json "$work/show.sql" > /dev/null; echo $(( $(now_ms) - t )) >> "$work/show-connql-json"
    t=$(now_ms); curl -sf "$url/connectors?expand=status&expand=info" > /dev/null; echo $(( $(now_ms) - t )) >> "$work/show-curl"
done
echo "   connql table (median): $(median < "$work/show-connql") ms   connql json: $(median < "$work/show-connql-json") ms   curl: $(median < "$work/show-curl") ms"
rm -rf "$work"
