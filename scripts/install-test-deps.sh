#!/bin/sh
# Installs the system packages the tests need (Debian/Ubuntu; root or sudo): a JDK for the
# java.util.Properties oracle. Idempotent: installs only what is missing.
set -eu
need=""
command -v javac >/dev/null 2>&1 || need="$need default-jdk-headless"
if [ -n "$need" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
