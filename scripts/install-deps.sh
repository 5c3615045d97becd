#!/usr/bin/env bash
# Installs connql's build and test dependencies from Debian packages, only those missing.
# Idempotent and non-interactive: safe to run on every CI start.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  antlr4 libantlr4-runtime-dev        # generator 4.7.2 + runtime 4.9: this pair works together
  nlohmann-json3-dev libcli11-dev
  rapidjson-dev                       # SHOW CONNECTORS reads a large cluster's list with its SAX reader
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev            # the libFuzzer target (address + undefined sanitizers)
  libcurl4-openssl-dev librdkafka-dev libcpp-httplib-dev libsqlite3-dev
  libedit-dev                         # the REPL's line editor (BSD licence; never GNU readline)
  libssl-dev                          # SHA-256 checksums of migration files; TLS, tokens and login cache of connql serve
  libcrypt-dev                        # serve's password hashes (yescrypt, libxcrypt's crypt_ra)
  libuv1-dev libnghttp2-dev libhttp-parser-dev  # connql serve: event loop, HTTP/2, HTTP/1.x parsing
  nghttp2-client wrk                  # h2load and wrk: the HTTP transport's load figures
  openssl                             # the HTTP tests' self-signed certificate
  chromium chromium-driver            # the web console's browser test (tests/console), headless
  python3-venv                        # its virtualenv for Selenium (from PyPI, into the build directory)
)
# The npm ksqldb-client test (tests/node): Debian's Node.js, unless a node is already on PATH.
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
