#!/usr/bin/env bash
# Every test, from a fresh Debian machine: dependencies, build, then ctest against real
# local Kafka Connect clusters (scripts/cluster), one cluster at a time, each stopped
# before the next starts, then the parser fuzzer for a bounded time:
#   1. Kafka 3.9.1 with Debezium and PostgreSQL: the unit, CLI and cluster tests
#   2. the newest Kafka 4 with its Debezium: the cluster tests again (ctest -R '^cluster')
#   3. Kafka 3.9.1, --secure (HTTPS, basic auth): ctest secure_cluster
#   4. the newest Kafka 4, --secure=mtls (and client certificates): ctest secure_cluster_mtls
# The closing line counts the tests of every ctest run.
#   scripts/test.sh                 (CONNQL_FUZZ_SECONDS=60 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

# The newest Kafka 4 release on Maven Central when this was written (its maven-metadata.xml);
# Debezium 3.7.0.Final is built against it (scripts/cluster picks Debezium by Kafka version).
kafka4="${CONNQL_TEST_KAFKA4_VERSION:-4.3.1}"

# A cluster of its own, so that the tests never touch one a user has running.
export CONNQL_CLUSTER_DIR="${CONNQL_TEST_CLUSTER_DIR:-$PWD/build/test-cluster}"
trap 'scripts/cluster down >/dev/null 2>&1 || true' EXIT
rm -f build/ctest-*.log
runs=()

# against NAME KAFKA-VERSION "UP-OPTIONS" CTEST-ARGS...: starts the cluster, runs ctest with
# what `scripts/cluster env` printed in its environment (in a subshell: nothing of one
# cluster reaches the next), keeps the log for the closing line, stops the cluster.
against() {
    local name="$1" version="$2" options="$3" cluster_env
    shift 3
    echo "test: $name: Apache Kafka $version${options:+ ($options)}, ctest $*"
    # shellcheck disable=SC2086
    cluster_env="$(CONNQL_KAFKA_VERSION="$version" scripts/cluster up $options)"
    runs+=("$name")
    if ! (
        while IFS= read -r line; do [ -n "$line" ] && export "${line?}"; done <<<"$cluster_env"
        cd build && ctest --output-on-failure "$@"
    ) | tee "build/ctest-$name.log"; then
        echo "test: $name: the cluster's broker and worker logs are in $CONNQL_CLUSTER_DIR/logs" >&2
        tail -n 40 "$CONNQL_CLUSTER_DIR"/logs/worker*.log >&2 || true
    fi
    scripts/cluster down
}

against "kafka-3.9.1" 3.9.1 "--with-debezium" -j2 -LE secure
against "kafka-$kafka4" "$kafka4" "--with-debezium" -R '^cluster'
against "secure-3.9.1" 3.9.1 "--secure" -R '^secure_cluster$'
against "mtls-$kafka4" "$kafka4" "--secure=mtls" -R '^secure_cluster_mtls$'
trap - EXIT
scripts/fuzz.sh "${CONNQL_FUZZ_SECONDS:-60}"

# One closing line for the whole run (ctest's own summaries scrolled past above).
passed=0 failed=0
for name in "${runs[@]}"; do
    summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "build/ctest-$name.log" | tail -n 1 || true)
    if [ -z "$summary" ]; then
        echo "test: $name: ctest printed no summary" >&2
        failed=$((failed + 1))
        continue
    fi
    run_failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\1/' <<<"$summary")
    run_total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\2/' <<<"$summary")
    echo "test: $name: $((run_total - run_failed)) passed, $run_failed failed"
    passed=$((passed + run_total - run_failed))
    failed=$((failed + run_failed))
done
echo "fuzz: no crash in ${CONNQL_FUZZ_SECONDS:-60}s (parser) and $(( ${CONNQL_FUZZ_SECONDS:-60} / 3 ))s (connector list reader)"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
