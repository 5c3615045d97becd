#!/usr/bin/env bash
# Every test, from a fresh Debian machine: dependencies, build, a real local Kafka
# Connect cluster (scripts/cluster, stopped again at the end), the unit, CLI and
# cluster tests through ctest, then the parser fuzzer for a bounded time.
#   scripts/test.sh                 (CONNQL_FUZZ_SECONDS=60 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

# A cluster of its own, so that the tests never touch one a user has running.
export CONNQL_CLUSTER_DIR="${CONNQL_TEST_CLUSTER_DIR:-$PWD/build/test-cluster}"
trap 'scripts/cluster down >/dev/null 2>&1 || true' EXIT
scripts/cluster up --with-debezium > build/cluster.env
set -a; . build/cluster.env; set +a

if ! (cd build && ctest --output-on-failure -j2) | tee build/ctest.log; then
    echo "test: the cluster's broker and worker logs are in $CONNQL_CLUSTER_LOGS" >&2
    tail -n 40 "$CONNQL_CLUSTER_LOGS"/worker*.log >&2 || true
fi
scripts/cluster down
trap - EXIT
scripts/fuzz.sh "${CONNQL_FUZZ_SECONDS:-60}"

# One closing line for the whole run (ctest's own summary scrolled past above).
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' build/ctest.log | tail -n 1)
failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\1/' <<<"$summary")
total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\2/' <<<"$summary")
echo "fuzz: no crash in ${CONNQL_FUZZ_SECONDS:-60}s"
echo "tests: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
