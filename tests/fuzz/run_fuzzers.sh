#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UndefinedBehaviorSanitizer)
# and runs each for SECONDS (default 60), starting from a seed corpus of every
# policy, golden input and worked example in the repository.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
#
# Exits non-zero on any crash, leak, timeout or sanitizer report; the input that
# caused it is left in build-fuzz/findings/<target>/ — copy it to
# tests/fuzz/regressions/<target>/ once fixed, so every build replays it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_policy fuzz_facts_reader fuzz_evaluation fuzz_workbench_api)

CXX=clang++ cmake -S . -B build-fuzz -DCLAUSE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

# Seeds: policies and golden inputs for the policy target; every line of every
# JSON Lines file for the facts targets (one line, one input).
corpus=build-fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus/fuzz_policy" "$corpus/fuzz_facts_reader"
seed=0
while IFS= read -r -d '' file; do
  cp "$file" "$corpus/fuzz_policy/seed-$((seed++)).clause"
done < <(find policies tests/golden/cases -name '*.clause' -print0)
find policies tests/golden/cases tests/luojiang -name '*.jsonl' -print0 |
  xargs -0 cat | split -l 1 -a 5 - "$corpus/fuzz_facts_reader/line-"
cp -r "$corpus/fuzz_facts_reader" "$corpus/fuzz_evaluation"
# The workbench's API starts from its regressions: one request per route.
mkdir -p "$corpus/fuzz_workbench_api"

status=0
for target in "${targets[@]}"; do
  findings="build-fuzz/findings/$target"
  mkdir -p "$findings"
  echo "== $target: ${seconds}s"
  # -rss_limit_mb bounds memory, -timeout flags a hang (one input > 10 s).
  if ! "build-fuzz/tests/fuzz/$target" "$corpus/$target" tests/fuzz/regressions/"$target" \
      -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" -print_final_stats=1 2> "$findings/log.txt"; then
    echo "FAIL $target: see $findings/log.txt"
    tail -40 "$findings/log.txt"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$findings/log.txt" | tail -2 || true
  fi
done
exit $status
