# Helpers the benchmark scripts share (sourced): timing, medians, and one
# connector created with curl as a script would send it. `url` is a worker's URL.
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
post_curl() {  # name: one POST /connectors
    curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "$url/connectors" \
        -d "{\"name\":\"$1\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\",\"topic\":\"bench\",\"file\":\"/tmp/connql-bench-none\",\"tasks.max\":\"1\"}}"
}
