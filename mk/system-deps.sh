#!/usr/bin/env bash
# Brings the Debian packages that the tests need (mk/system-packages.txt): the same step for `make test`
# and for CI. With root (or passwordless sudo) and a reachable package archive it installs what is missing;
# otherwise it stops with one message naming the exact command to run, so that no test is skipped silently.
# Usage: mk/system-deps.sh [--check]   (--check: report only, never install)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="${PACTKG_SYSTEM_PACKAGES:-$here/system-packages.txt}"
missing=()
while read -r probe pkg _; do
    case "$probe" in ''|'#'*) continue ;; esac
    if [[ "$probe" == /* ]]; then
        [ -e "$probe" ] || missing+=("$pkg")
    else
        command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
    fi
done < "$list"
if [ "${#missing[@]}" -eq 0 ]; then
    echo "system packages: all present ($(grep -cvE '^\s*(#|$)' "$list") checked)"
    exit 0
fi
cmd="apt-get install -y ${missing[*]}"
if [ "${1:-}" = "--check" ]; then
    echo "system packages missing: ${missing[*]}" >&2
    echo "install them with: sudo apt-get update && sudo $cmd" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        echo "make test needs these Debian packages, and installing them needs root: ${missing[*]}" >&2
        echo "run once: sudo apt-get update && sudo $cmd" >&2
        echo "then run make test again (no test was run)" >&2
        exit 1
    fi
fi
echo "system packages: installing ${missing[*]} (apt-get, once)"
export DEBIAN_FRONTEND=noninteractive
# One apt at a time on this machine (parallel builds or sessions share the package database).
if ! { flock -w 900 /tmp/pactkg-apt.lock $SUDO apt-get update -qq && \
       flock -w 900 /tmp/pactkg-apt.lock $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "could not install ${missing[*]} with apt-get (no network or no package archive?)" >&2
    echo "run by hand: sudo apt-get update && sudo $cmd; then run make test again (no test was run)" >&2
    exit 1
fi
echo "system packages: installed ${missing[*]}"
