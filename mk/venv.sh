#!/usr/bin/env bash
# Makes the project's virtual environment (first run: about 30 s), or does nothing when it is up to date.
# Up to date means: made with the interpreter mk/find-python.sh picks, and with the pinned requirements and
# pyproject.toml as they are now (their hash is kept in VENV/.installed). Usage: mk/venv.sh VENV
set -euo pipefail
venv="$1"
here="$(cd "$(dirname "$0")" && pwd)"
python="$(bash "$here/find-python.sh")"
pyver="$("$python" -c 'import platform; print(platform.python_version())')"
want="python $pyver; $(cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ -x "$venv/bin/python" ] && [ -f "$venv/.installed" ] && [ "$(cat "$venv/.installed")" = "$want" ]; then
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
n="$(grep -cvE '^\s*(#|$)' requirements.txt)"
echo "venv: installing $n pinned packages into $venv (the first run takes about 30 s; later runs skip this)"
"$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -r requirements.txt \
    2> >(grep -v '^WARNING: Location' >&2) | grep --line-buffered -E '^(Collecting|Successfully installed)' | sed -u 's/^/  /' || true
"$venv/bin/python" -m pip check >/dev/null 2>&1 || true
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . ; then
    echo "venv: installing the project itself into $venv failed (see above)" >&2
    exit 1
fi
# pip's exit status is hidden by the filter above: verify the pins are really installed.
if ! "$venv/bin/python" - <<'PY'
import sys
from importlib.metadata import version, PackageNotFoundError
bad = []
for line in open("requirements.txt", encoding="utf-8"):
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
    print("venv: these pinned packages did not install: " + ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
then
    echo "venv: run 'make' again; if it fails again, remove $venv and retry (pip needs PyPI or a local wheel cache)" >&2
    exit 1
fi
echo "$want" > "$venv/.installed"
echo "venv: ready ($venv, Python $pyver)"
