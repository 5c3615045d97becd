#!/usr/bin/env bash
# The main job. Builds connql, then shows what it does with the examples: every
# connector compiled to the exact config it would send to Kafka Connect.
# (Running them against a local Kafka Connect cluster arrives with `connql run`.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
echo "== connql explain examples/filestream.sql"
build/connql explain examples/filestream.sql
echo
echo "== connql explain --output json examples/datagen-orders.sql"
build/connql explain --output json examples/datagen-orders.sql
echo
echo "== every example compiles:"
for f in examples/*.sql; do
  dialect=connql
  [ "$(basename "$f")" = ksqldb-style.sql ] && dialect=ksqldb
  n=$(build/connql explain --dialect "$dialect" --output json "$f" | grep -c '"name": ')
  echo "   $f: $n connector(s)"
done
