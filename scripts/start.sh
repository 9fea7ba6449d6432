#!/usr/bin/env bash
# Sets everything up, builds the training site and serves it together with the
# SPARQL endpoint on http://127.0.0.1:${POORT:-8321}/ (endpoint at /sparql).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/domeinwijzer valideer
.venv/bin/mkdocs build --strict --quiet --site-dir site_build
exec .venv/bin/domeinwijzer serveer --poort "${POORT:-8321}" --site site_build
