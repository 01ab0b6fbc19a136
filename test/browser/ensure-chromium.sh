#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the browser tests when it is missing; needs root for apt-get.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "The browser tests need Debian's Chromium at $CHROMIUM, and it is not installed." >&2
  echo "Install it as root:  sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi

echo "Installing Debian's chromium for the browser tests (apt-get install -y chromium)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "apt-get installed chromium, but $CHROMIUM is still missing." >&2
  exit 1
fi
