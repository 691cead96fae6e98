#!/usr/bin/env bash
# Every test: the release build, then the same tests again under AddressSanitizer
# and UndefinedBehaviorSanitizer, then each fuzzer for a minute (tests/fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --fuzz
scripts/build.sh build
ctest --test-dir build --output-on-failure
scripts/build.sh build-sanitize -DCLAUSE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
ctest --test-dir build-sanitize --output-on-failure
tests/fuzz/run_fuzzers.sh "${CLAUSE_FUZZ_SECONDS:-60}"
