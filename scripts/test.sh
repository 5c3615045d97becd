#!/usr/bin/env bash
# Every test, from a fresh Debian machine: dependencies, build, the unit and
# CLI tests through ctest, then the parser fuzzer for a bounded time.
#   scripts/test.sh                 (CONNQL_FUZZ_SECONDS=60 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
(cd build && ctest --output-on-failure -j2) | tee build/ctest.log
scripts/fuzz.sh "${CONNQL_FUZZ_SECONDS:-60}"

# One closing line for the whole run (ctest's own summary scrolled past above).
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' build/ctest.log | tail -n 1)
failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\1/' <<<"$summary")
total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\2/' <<<"$summary")
echo "fuzz: no crash in ${CONNQL_FUZZ_SECONDS:-60}s"
echo "tests: $((total - failed)) passed, $failed failed"
