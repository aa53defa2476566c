#!/usr/bin/env bash
# Installs the Debian packages that Vejviser's browser and scale-out tests need,
# and only those that are missing. Safe to run again at any time.
#   chromium                      headless browser for tests/web (Playwright drives
#                                 /usr/bin/chromium; `playwright install` is not used)
#   fonts-dejavu-core,
#   fonts-liberation              fonts so pages (æ, ø, å) render in screenshots
#   postgresql, redis-server      tracker store and lock store for the scale-out test
# Override the list with VEJVISER_SYSTEM_PACKAGES="pkg1 pkg2".
set -euo pipefail

PACKAGES=(${VEJVISER_SYSTEM_PACKAGES:-chromium fonts-dejavu-core fonts-liberation postgresql redis-server})

say() { printf '==> %s\n' "$*"; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install_system_deps.sh: this script needs a Debian/Ubuntu system (apt-get, dpkg-query)." >&2
  echo "Install these packages by hand: ${PACKAGES[*]}" >&2
  exit 1
fi

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  if is_installed "$pkg"; then
    say "$pkg: already installed"
  else
    say "$pkg: missing"
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  say "all system packages present; nothing to do"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install_system_deps.sh: not root and sudo is not available; install as root: ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
say "apt-get install ${missing[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

for pkg in "${missing[@]}"; do
  if ! is_installed "$pkg"; then
    echo "install_system_deps.sh: $pkg did not install" >&2
    exit 1
  fi
done
if command -v chromium >/dev/null 2>&1; then
  say "chromium: $(chromium --version 2>/dev/null || echo 'installed')"
fi
say "done"
