#!/usr/bin/env bash
# Install the project and its test dependencies into .venv, then run the whole test
# suite.  Extra arguments go to pytest (e.g. `bash scripts/test.sh -k dates`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh test,train

# The browser test drives Debian's Chromium; install it when we can (as root), and
# otherwise that one test is skipped.  A browser is never downloaded by the tests.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "warning: could not install chromium; the browser test will be skipped" >&2
fi

# The OpenSearch tests start a local node from Maven artifacts (scripts/opensearch.sh):
# they need Java 17 and Maven; install them when we can, and otherwise those tests are
# skipped (no java) with the reason.
if { ! command -v java >/dev/null || ! command -v mvn >/dev/null; } && [ "$(id -u)" = 0 ] \
        && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null) \
        || echo "warning: could not install Java and Maven; the OpenSearch tests will be skipped" >&2
fi

exec .venv/bin/python -m pytest "$@"
