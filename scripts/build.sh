#!/usr/bin/env bash
# Configures and builds into DIR (default build/); extra arguments go to CMake.
#
# With g++ and without the sanitizers, the files a population run spends its time
# in are built with the profile of a training run (docs/performance.md, "Built with
# the profile of a run"): built instrumented, trained (scripts/train_profile.sh),
# then built again with the profile. The training is redone only when a source
# file, the build files or the training changed since the last one.
# CLAUSE_PROFILE=off in the environment builds without a profile, for quicker
# rebuilds while working on the code.
set -euo pipefail
dir=${1:-build}
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"

configure() { cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" > /dev/null; }

profile=${CLAUSE_PROFILE:-on}
compiler=${CXX:-c++}
for argument in "$@"; do
  case "$argument" in
    -DCLAUSE_SANITIZE=ON | -DCLAUSE_FUZZ=ON) profile=off ;;
    -DCMAKE_CXX_COMPILER=*) compiler=${argument#*=} ;;
  esac
done
if ! "$compiler" --version 2>/dev/null | grep -q "Free Software Foundation"; then
  profile=off  # clang's profiles take other flags; its builds here are the sanitizer builds
fi

if [ "$profile" = off ]; then
  configure -DCLAUSE_PROFILE=off "$@"
else
  # What the profile was trained on: every source file, the build and the training.
  trained_on=$(cd "$root" && { find stdlib dsl interpreter -type f -name '*.?pp' | sort | xargs cat;
    cat CMakeLists.txt scripts/build.sh scripts/train_profile.sh policies/luojiang-2023.clause \
        tests/luojiang/generate_population.py; echo "$*"; } | sha256sum | cut -d' ' -f1)
  stamp="$dir/profile-trained-on"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$trained_on" ]; then
    rm -f "$stamp"
    configure -DCLAUSE_PROFILE=generate "$@"
    cmake --build "$dir" -j "$(nproc)" --target clause
    "$root/scripts/train_profile.sh" "$dir"
    echo "$trained_on" > "$stamp"
  fi
  configure -DCLAUSE_PROFILE=use "$@"
fi
cmake --build "$dir" -j "$(nproc)"
