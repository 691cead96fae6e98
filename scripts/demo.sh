#!/usr/bin/env bash
# The main job: check the bundled Luojiang policy, then evaluate the contract's
# worked examples with it and show the result as a table, with every yuan's why.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
build/clause check policies/luojiang-2023.clause
build/clause eval policies/luojiang-2023.clause policies/examples/luojiang-2023-examples.jsonl --format table
