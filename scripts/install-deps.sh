#!/usr/bin/env bash
# Installs what building and testing Clause needs, from Debian's packages, only
# if something is missing. Safe to run again.
set -euo pipefail

#   scripts/install-deps.sh            what building and running needs
#   scripts/install-deps.sh --fuzz     and clang with libFuzzer, for tests/fuzz
#   scripts/install-deps.sh --browser  and Chromium, a CJK font and playwright-core, for tests/workbench
packages=(cmake make g++ pkg-config python3 tao-pegtl-dev libfmt-dev doctest-dev libcli11-dev libsimdjson-dev libcpp-httplib-dev)
browser=no
for option in "$@"; do
  case "$option" in
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --browser)
      packages+=(chromium fonts-wqy-microhei)
      command -v node >/dev/null || packages+=(nodejs)
      command -v npm >/dev/null || packages+=(npm)
      browser=yes ;;
  esac
done
# playwright-core, pinned by tests/workbench/browser/package-lock.json, from the npm registry.
install_browser_driver() {
  local dir
  dir="$(dirname "$0")/../tests/workbench/browser"
  if [ "$browser" = yes ] && [ ! -d "$dir/node_modules/playwright-core" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  install_browser_driver
  exit 0
fi
echo "Installing: ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_browser_driver
