#!/usr/bin/env bash
# Makes the project's virtual environment (first run: about 30 s), or does nothing when it is up to date.
# Usage: mk/venv.sh VENV [--test]
#   without --test: the pins `make` needs (requirements.txt); marker VENV/.installed
#   with --test:    those and the pins only the tests need (requirements-test.txt); marker VENV/.installed-test
# Up to date means: made with the interpreter mk/find-python.sh picks, and with the pinned requirements and
# pyproject.toml as they are now (their hash is kept in the marker).
set -euo pipefail
venv="$1"
mode="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
python="$(bash "$here/find-python.sh")"
pyver="$("$python" -c 'import platform; print(platform.python_version())')"
want="python $pyver; $(cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
want_test="$want; test $(sha256sum < requirements-test.txt | cut -c1-16)"
if [ "$mode" = --test ]; then
    marker="$venv/.installed-test"; goal="$want_test"
else
    marker="$venv/.installed"; goal="$want"
fi
if [ -x "$venv/bin/python" ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$goal" ]; then
    exit 0
fi
if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c 'import platform; print(platform.python_version())' 2>/dev/null)" != "$pyver" ]; then
    echo "venv: $venv was made with another Python; making it again with $python (Python $pyver)"
    rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
    echo "venv: making $venv with $python (Python $pyver)"
    if ! "$python" -m venv "$venv"; then
        echo "could not make a virtual environment with $python; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2
        exit 1
    fi
fi

# pip's exit status is hidden by the progress filter: afterwards, verify that the pins are really installed.
install_pins() {  # FILE WHAT
    local n
    n="$(grep -cvE '^\s*(#|$)' "$1")"
    echo "venv: installing $n pinned packages $2 into $venv (the first run takes about 30 s; later runs skip this)"
    "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -r "$1" \
        2> >(grep -v '^WARNING: Location' >&2) | grep --line-buffered -E '^(Collecting|Successfully installed)' | sed -u 's/^/  /' || true
    if ! "$venv/bin/python" - "$1" <<'PY'
import sys
from importlib.metadata import version, PackageNotFoundError
bad = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line or "==" not in line:
        continue
    spec, _, marker = line.partition(";")
    name, pin = [s.strip() for s in spec.split("==")]
    try:
        have = version(name)
    except PackageNotFoundError:
        have = None
    if have != pin:
        bad.append(f"{name}=={pin} (installed: {have})")
if bad:
    print(f"venv: these pinned packages from {sys.argv[1]} did not install: " + ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
    then
        echo "venv: run 'make' again; if it fails again, remove $venv and retry (pip needs PyPI or a local wheel cache)" >&2
        exit 1
    fi
}

if [ ! -f "$venv/.installed" ] || [ "$(cat "$venv/.installed")" != "$want" ]; then
    install_pins requirements.txt "for make"
    "$venv/bin/python" -m pip check >/dev/null 2>&1 || true
    if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . ; then
        echo "venv: installing the project itself into $venv failed (see above)" >&2
        exit 1
    fi
    echo "$want" > "$venv/.installed"
fi
if [ "$mode" = --test ]; then
    install_pins requirements-test.txt "for the tests"
    echo "$want_test" > "$venv/.installed-test"
fi
echo "venv: ready ($venv, Python $pyver${mode:+, with the test packages})"
