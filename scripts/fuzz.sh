#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address + undefined-behaviour sanitizers)
# and runs them for a bounded time: the parser for `seconds`, the reader of Connect's
# list of connectors for a third of it. A crash, sanitizer report or broken property
# fails the run and leaves the input in build-fuzz/artifacts/.
#   scripts/fuzz.sh [seconds]        (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCONNQL_FUZZ=ON -DCONNQL_TESTS=OFF -DCONNQL_BENCH=OFF >/dev/null
ninja -C "$build" connql_parser_fuzz connql_listing_fuzz >/dev/null

work="$build/corpus"          # grows across runs; the seeds are fuzz/corpus and examples/
mkdir -p "$work" "$build/artifacts"
echo "fuzz: running the parser fuzzer for ${seconds}s"
"$build/fuzz/connql_parser_fuzz" "$work" fuzz/corpus examples \
  -dict=fuzz/connql.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 2>&1 | tail -n 25

listing="$build/listing-corpus"
mkdir -p "$listing"
echo "fuzz: running the connector list reader's fuzzer for $((seconds / 3))s"
"$build/fuzz/connql_listing_fuzz" "$listing" fuzz/listing_corpus \
  -max_total_time="$((seconds / 3))" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 2>&1 | tail -n 25
