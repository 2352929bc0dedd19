#!/bin/sh
# Installs what the tests need beyond `npm ci` (Debian/Ubuntu; root or sudo), only what is missing:
#   a JDK (java.util.Properties oracle), python3-bcrypt and apache2-utils (independent bcrypt verifiers),
#   libxml2-utils (xmllint for the XSD), python3-junitparser (reads rudder-lint's JUnit output), argon2 (an
#   independent argon2id for `rudder-lint verify`), util-linux (`script`, a pseudo-terminal for `passwd`), rpm
#   (rpmbuild and rpm -qlp for npm run dist), binutils (strip), groff-base (the man page check), pre-commit,
#   python3-yaml, vim and vim-ale (the packaging tests), and, through test/vscode/setup.sh, the real-client
#   harness: code-server + Debian chromium for VS Code, Neovim and Emacs + eglot.
set -eu
need=""
command -v javac >/dev/null 2>&1 || need="$need default-jdk-headless"
/usr/bin/python3 -c 'import bcrypt' >/dev/null 2>&1 || need="$need python3-bcrypt"
command -v htpasswd >/dev/null 2>&1 || need="$need apache2-utils"
command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
/usr/bin/python3 -c 'import junitparser' >/dev/null 2>&1 || need="$need python3-junitparser"
command -v argon2 >/dev/null 2>&1 || need="$need argon2"
command -v script >/dev/null 2>&1 || need="$need util-linux"
command -v rpmbuild >/dev/null 2>&1 || need="$need rpm"
command -v strip >/dev/null 2>&1 || need="$need binutils"
command -v groff >/dev/null 2>&1 || need="$need groff-base"
command -v pre-commit >/dev/null 2>&1 || need="$need pre-commit"
[ -f /usr/share/vim-ale/plugin/ale.vim ] || need="$need vim-ale"
vim --version 2>/dev/null | grep -q '+eval' || need="$need vim"
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || need="$need python3-yaml"
if [ -n "$need" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
bash "$(dirname "$0")/../test/vscode/setup.sh"
