#!/usr/bin/env bash
# Runs the web console's browser test (console_test.py): Debian's chromium and chromedriver,
# driven by Selenium, against `connql serve` and the cluster of scripts/cluster. Selenium
# (requirements.txt; its dependencies pinned by constraints.txt) goes into a virtualenv in
# the build directory the first time, when either file changed, or when the virtualenv cannot
# import it; the browser is never downloaded (Selenium is given /usr/bin/chromium and
# /usr/bin/chromedriver).
#   CONNECT_URLS=... BOOTSTRAP_SERVERS=... tests/console/run.sh path/to/connql [output-dir]
# (ctest runs it as browser_console; scripts/test.sh exports the two variables.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONNQL_BINARY="${1:-${CONNQL_BINARY:-$here/../../build/connql}}"
build_dir="$(cd "$(dirname "$CONNQL_BINARY")" && pwd)"
export CONSOLE_TEST_OUTPUT="${2:-$build_dir/test-output/console}"

fail() { echo "browser_console: FAILED: $*" >&2; exit 1; }

for tool in /usr/bin/chromium /usr/bin/chromedriver; do
    [ -x "$tool" ] || fail "no $tool (scripts/install-deps.sh installs Debian's chromium and chromium-driver)"
done
[ -x "$CONNQL_BINARY" ] || fail "no connql binary at $CONNQL_BINARY (build it: ninja -C build connql)"
[ -n "${CONNECT_URLS:-}" ] || fail "CONNECT_URLS is not set (scripts/cluster up prints it; scripts/test.sh exports it)"
[ -n "${BOOTSTRAP_SERVERS:-}" ] || fail "BOOTSTRAP_SERVERS is not set (scripts/cluster up prints it)"

venv="$build_dir/console-venv"
stamp="$venv/.connql-requirements"
# Rebuilt when requirements.txt or constraints.txt changed, or when the venv no longer
# imports Selenium (a half-made or broken venv).
if ! cat "$here/requirements.txt" "$here/constraints.txt" | cmp -s - "$stamp" 2>/dev/null ||
   ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    echo "browser_console: installing Selenium into $venv (requirements.txt, constraints.txt)"
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "python3 -m venv $venv (Debian: apt-get install python3-venv)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --timeout 60 --retries 3 \
        -r "$here/requirements.txt" -c "$here/constraints.txt" || fail "pip install -r requirements.txt -c constraints.txt"
    "$venv/bin/python" -c 'import selenium' || fail "Selenium does not import in $venv"
    cat "$here/requirements.txt" "$here/constraints.txt" > "$stamp"
fi

mkdir -p "$CONSOLE_TEST_OUTPUT"
"$venv/bin/python" "$here/console_test.py" -v || fail "console_test.py (the failing step, its screenshot and connql serve's log are above)"
