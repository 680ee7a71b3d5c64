#!/usr/bin/env bash
# Install the project into .venv with the extras given (`bash scripts/install.sh test,train`;
# none: the engine alone), as scripts/run.sh and scripts/test.sh do first.  The install
# compiles the persons extractor (setup.py, indexer/persons/native.py), which takes under
# a minute, so it is skipped when these extras were installed from the same pyproject.toml
# and setup.py and the compiled extractor is that of the sources (or could not be made).
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRAS=${1:-}
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
STAMP=".venv/.installed${EXTRAS:+-${EXTRAS//,/-}}"
if [ -f "$STAMP" ] && [ "$STAMP" -nt pyproject.toml ] && [ "$STAMP" -nt setup.py ] \
        && .venv/bin/python -c 'import sys; from indexer.persons import native
why = native.why_sources(); sys.exit(1 if why and why[1] else 0)' 2>/dev/null; then
    exit 0
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}"
touch "$STAMP"
