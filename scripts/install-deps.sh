#!/usr/bin/env bash
# Installs what building and testing Clause needs, from Debian's packages, only
# if something is missing. Safe to run again.
set -euo pipefail

#   scripts/install-deps.sh            what building and running needs
#   scripts/install-deps.sh --fuzz     and clang with libFuzzer, for tests/fuzz
packages=(cmake make g++ python3 tao-pegtl-dev libfmt-dev doctest-dev libcli11-dev libsimdjson-dev)
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
