#!/usr/bin/env bash
# Every test: the release build (g++), then the same tests again in a clang build
# under AddressSanitizer and UndefinedBehaviorSanitizer, whose fuzz targets then run
# for a minute each (tests/fuzz/). One sanitizer build serves both, to keep CI short.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --fuzz --browser
scripts/build.sh build
ctest --test-dir build --output-on-failure
CXX=clang++ scripts/build.sh build-fuzz -DCLAUSE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build-fuzz --output-on-failure
tests/fuzz/run_fuzzers.sh "${CLAUSE_FUZZ_SECONDS:-60}"
