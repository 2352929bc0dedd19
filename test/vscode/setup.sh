#!/usr/bin/env bash
# Installs everything the editor integration tests need, from Debian apt and the npm registry only:
#   apt  chromium + the build deps of code-server's native modules + ripgrep   (test/vscode: real VS Code workbench)
#        neovim, emacs-nox, elpa-eglot                                          (test/clients: stdio LSP clients)
#   npm  this folder's package: code-server (VS Code server + web workbench), playwright-core, mocha
# Idempotent and quiet: apt runs only for missing packages, npm only when package.json or package-lock.json changed.
# Runs as root or through sudo. Usage: bash test/vscode/setup.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
start=$SECONDS

APT_PACKAGES=(build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium
  neovim emacs-nox elpa-eglot)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  echo "setup: apt-get install ${missing[*]}"
  log=$(mktemp)
  { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 ||
    { tail -40 "$log"; exit 1; }
  rm -f "$log"
fi

cs_version=$(node -p 'require("./package.json").dependencies["code-server"]')

# @vscode/ripgrep's postinstall (run by code-server's postinstall) downloads rg from GitHub. It first looks for
# <tmpdir>/vscode-ripgrep-cache-<package version>/ripgrep-<tag>-<target>.tar.gz: seed that with Debian's rg.
seed_ripgrep() {
  local work rg_pkg rg_tag cache
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "code-server@$cs_version" >/dev/null &&
    tar xzf code-server-*.tgz package/lib/vscode/npm-shrinkwrap.json)
  rg_pkg=$(node -p 'require(process.argv[1]).packages["node_modules/@vscode/ripgrep"]?.version ?? ""' \
    "$work/package/lib/vscode/npm-shrinkwrap.json")
  if [ -n "$rg_pkg" ]; then # newer code-server uses @vscode/ripgrep-universal, which ships rg in its tarball
    (cd "$work" && npm pack --silent "@vscode/ripgrep@$rg_pkg" >/dev/null && tar xzf vscode-ripgrep-*.tgz package/lib/postinstall.js)
    rg_tag=$(sed -n "s/^const VERSION = '\\(.*\\)';.*/\\1/p" "$work/package/lib/postinstall.js")
    cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$rg_pkg"
    mkdir -p "$cache" "$work/rg"
    cp "$(command -v rg)" "$work/rg/rg"
    tar czf "$cache/ripgrep-$rg_tag-x86_64-unknown-linux-musl.tar.gz" -C "$work/rg" rg
  fi
  rm -rf "$work"
}

stamp=node_modules/.setup-stamp
wanted=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ] || [ ! -x node_modules/.bin/code-server ]; then
  # code-server's postinstall checks the Node major version against its engines (4.100.3: Node 20).
  cs_node=$(node -p 'require("./package-lock.json").packages["node_modules/code-server"].engines.node')
  [ "$(node -p 'process.versions.node.split(".")[0]')" = "$cs_node" ] ||
    { echo "setup: code-server $cs_version needs Node $cs_node, this is Node $(node -v)" >&2; exit 1; }
  echo "setup: npm ci in test/vscode (code-server $cs_version builds native modules, ~1 min)"
  seed_ripgrep
  log=$(mktemp)
  # code-server's postinstall refuses to run as root without unsafe-perm (npm >= 9 has no flag for it: use the env);
  # node-pty's postinstall runs `npx node-gyp`, which needs yes=true when the npm config says yes=false.
  npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund --foreground-scripts >"$log" 2>&1 ||
    { tail -40 "$log"; exit 1; }
  rm -f "$log"
  echo "$wanted" >"$stamp"
fi
echo "setup: ready in $((SECONDS - start))s: VS Code $(node -p 'require("./node_modules/code-server/lib/vscode/package.json").version')" \
  "(code-server $cs_version), $(chromium --version 2>/dev/null), $(nvim --version | head -1), $(emacs --version | head -1)"
