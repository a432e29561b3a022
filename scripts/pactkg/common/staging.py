"""Staging folders beside an output folder: made with the owner's process id in the name, so that a
folder left by a killed build can be recognised (its process is gone) and removed by the next run.

Names: `.<target>.<kind>-<pid>-<random>` (e.g. `.dist.staging-4242-k3j2x`). Anything of that shape whose
process no longer runs is a leftover; `.gitignore` hides them meanwhile.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_NAME = re.compile(r"^\.(?P<target>.+)\.(?P<kind>staging|release|new|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")


def make(target: Path, kind: str = "staging") -> Path:
    """A new empty folder beside `target`, named after this process."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-{os.getpid()}-", dir=target.parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(target: Path) -> list[Path]:
    """Staging folders of `target` whose process is gone (a kill, a power cut)."""
    target = Path(target).absolute()
    found = []
    if not target.parent.is_dir():
        return found
    for p in sorted(target.parent.iterdir()):
        m = _NAME.match(p.name)
        if m and m["target"] == target.name and p.is_dir() and not _alive(int(m["pid"])):
            found.append(p)
    return found


def remove_leftovers(target: Path) -> list[Path]:
    gone = leftovers(target)
    for p in gone:
        shutil.rmtree(p, ignore_errors=True)
    return gone
