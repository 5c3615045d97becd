# Helpers the benchmark scripts share (sourced): timing, medians, and one
# connector created with curl as a script would send it. `url` is a worker's URL.
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
post_curl() {  # name: one POST /connectors
    curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "$url/connectors" \
        -d "{\"name\":\"$1\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\",\"topic\":\"bench\",\"file\":\"/tmp/connql-bench-none\",\"tasks.max\":\"1\"}}"
}
count_connectors() { curl -sf "$url/connectors" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
# A work folder ($work) and the exit of a benchmark that starts `connql serve` (its pid in
# $server_pid): the server stopped, the cluster too unless KEEP_CLUSTER=1, the folder removed.
bench_work_and_cleanup() {
    work=$(mktemp -d)
    server_pid=
    trap bench_cleanup EXIT
}
bench_cleanup() {
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ "${KEEP_CLUSTER:-0}" = 1 ] || scripts/cluster down >/dev/null 2>&1 || true
    rm -rf "$work"
}
