#!/usr/bin/env bash
# Prints the path of a Python interpreter the project supports (3.11, 3.12 or 3.13), or explains and fails.
#   mk/find-python.sh            $PYTHON if set (it must be supported), else python3 if supported, else the
#                                newest supported interpreter found (PATH, then pyenv's versions)
#   mk/find-python.sh --oldest   the oldest supported interpreter found (CI runs the suite on it)
#   mk/find-python.sh --newest   the newest one
set -uo pipefail
MIN=11; MAX=13
mode="${1:-default}"
supported() {  # prints "minor path" when $1 runs and is 3.MIN..3.MAX
    local v
    v="$("$1" -c 'import sys; print(sys.version_info[0], sys.version_info[1])' 2>/dev/null)" || return 1
    set -- $v "$1"
    [ "$1" = 3 ] && [ "$2" -ge $MIN ] && [ "$2" -le $MAX ] && echo "$2 $3"
}
if [ "$mode" = default ] && [ -n "${PYTHON:-}" ]; then
    path="$(command -v "$PYTHON" 2>/dev/null || true)"
    if [ -n "$path" ] && found="$(supported "$path")"; then echo "${found#* }"; exit 0; fi
    echo "PYTHON=$PYTHON is not a Python 3.$MIN–3.$MAX interpreter that runs here; give another (e.g. PYTHON=python3.12) or leave PYTHON unset to let make find one" >&2
    exit 1
fi
if [ "$mode" = default ] && found="$(supported python3)"; then
    command -v python3; exit 0
fi
cands=()
for minor in $(seq $MAX -1 $MIN); do
    p="$(command -v python3.$minor 2>/dev/null || true)"; [ -n "$p" ] && cands+=("$p")
done
root="${PYENV_ROOT:-$HOME/.pyenv}"
for p in "$root"/versions/3.1[0-9]*/bin/python3; do [ -x "$p" ] && cands+=("$p"); done
for p in /usr/bin/python3.1[0-9] /usr/local/bin/python3.1[0-9]; do [ -x "$p" ] && cands+=("$p"); done
best=""; bestv=""
for p in "${cands[@]}"; do
    found="$(supported "$p")" || continue
    v="${found%% *}"
    if [ -z "$best" ] || { [ "$mode" = --oldest ] && [ "$v" -lt "$bestv" ]; } || { [ "$mode" != --oldest ] && [ "$v" -gt "$bestv" ]; }; then
        best="${found#* }"; bestv="$v"
    fi
done
if [ -n "$best" ]; then echo "$best"; exit 0; fi
echo "no Python 3.$MIN–3.$MAX found (looked for python3, python3.$MIN…python3.$MAX and pyenv's versions)." >&2
echo "Install one (Debian/Ubuntu: sudo apt-get install python3 python3-venv), or name it: make PYTHON=/path/to/python3" >&2
exit 1
