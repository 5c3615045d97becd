#!/usr/bin/env bash
# Every test, from a fresh Debian machine: dependencies, build, the unit and
# CLI tests through ctest, then the parser fuzzer for a bounded time.
#   scripts/test.sh                 (CONNQL_FUZZ_SECONDS=60 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
(cd build && ctest --output-on-failure -j2)
scripts/fuzz.sh "${CONNQL_FUZZ_SECONDS:-60}"
