#!/usr/bin/env bash
# The training run of a profile-guided build: BUILD_DIR/clause, built with
# CLAUSE_PROFILE=generate, runs population jobs of every kind (eval in each output
# format, on one thread and two, what-if) and records where the branches of the
# profiled files go, beside their objects. scripts/build.sh then compiles those
# files again with the record.
#
# The population is generated with a seed of its own (7): the benchmark uses seed 1
# and the differential test 20231107, so the build is not trained on the records it
# is measured or tested on.
set -euo pipefail
build_dir=${1:?usage: train_profile.sh BUILD_DIR}
root="$(cd "$(dirname "$0")/.." && pwd)"
clause="$build_dir/clause"
policy="$root/policies/luojiang-2023.clause"
population="$build_dir/profile-training.jsonl"

python3 "$root/tests/luojiang/generate_population.py" --seed 7 --lines 20000 --out "$population"
# Counts from an earlier training would be added to; each build starts afresh.
find "$build_dir" -name '*.gcda' -delete

# Exit status 1 is expected: the population holds bad lines on purpose. Any other
# stops the build, with what the run said.
errors="$build_dir/profile-training.err"
run() {
  local status=0
  "$clause" "$@" > /dev/null 2> "$errors" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "train_profile.sh: clause $* exited with status $status:" >&2
    tail -20 "$errors" >&2
    exit 1
  fi
}
run eval "$policy" "$population" --summary --threads 1
run eval "$policy" "$population" --summary --threads 2
run eval "$policy" "$population" --format csv --threads 1
run eval "$policy" "$population" --format csv --threads 2
run eval "$policy" "$population" --threads 2
run eval "$policy" "$population" --lang en --threads 1
run whatif "$policy" "$population" --set info_rate=15% --set cloud_cap=8万 --threads 2
rm -f "$population" "$errors"
