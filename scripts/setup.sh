#!/usr/bin/env bash
# Installs what the build and the tests need and a fresh Debian machine may lack:
# a JDK 17+, Maven, socat (pseudo-terminal tests) and mosquitto + clients (interop tests).
# Safe to run again: it installs only what is missing.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to install: $*" >&2; exit 1; fi
}

missing=()
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v socat >/dev/null || missing+=(socat)
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_sub >/dev/null || missing+=(mosquitto-clients)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  # No service start-up during install (the tests start their own brokers on free ports).
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: java $(java -version 2>&1 | head -1), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), socat $(command -v socat), mosquitto $(command -v mosquitto || echo /usr/sbin/mosquitto)"
