#!/usr/bin/env bash
# Install the project into .venv and serve the search engine on http://127.0.0.1:8000/,
# building the index from seeds/ first when there is none.  Extra arguments go to
# `python -m search_app` (e.g. `bash scripts/run.sh --port 8080 --index /srv/index`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
exec .venv/bin/python -m search_app "$@"
