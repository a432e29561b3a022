"""What a release is called and when it happened, read from files under version control, never the clock.

The version is `pactkg.__version__`. Its date is the heading of its entry in CHANGELOG.md
(`## [0.1.0] - 2026-11-26`), so that two releases from the same commit carry the same dates and are
byte-identical. The dataset's `dct:issued` is the date of the oldest entry (its first release), its
`dct:modified` the date of this version's entry.

Previous releases are kept as `releases/<version>.nt.gz` (sorted N-Triples, gzip without a timestamp): the
baseline a release's changelog is computed against is the newest of them older than this version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from packaging.version import InvalidVersion, Version

from pactkg import __version__
from pactkg.common import paths

CHANGELOG_FILE = paths.ROOT / "CHANGELOG.md"
RELEASES_DIR = paths.ROOT / "releases"

# "## [0.1.0] - 2026-11-26" (Keep a Changelog); the brackets and the dash may be left out.
_HEADING = re.compile(r"^##\s+\[?(?P<version>[0-9][^\]\s]*)\]?\s+[-–—]\s+(?P<date>\d{4}-\d{2}-\d{2})\s*$")


class ReleaseInfoError(Exception):
    """The version or its date cannot be determined; the message says which file to fix."""


@dataclass(frozen=True)
class ReleaseInfo:
    version: str
    released: date  # this version's date (dct:modified)
    first_released: date  # the oldest entry's date (dct:issued)
    baseline: Path | None  # previous release's N-Triples, if one is kept
    baseline_version: str | None


def changelog_dates(changelog: Path = CHANGELOG_FILE) -> dict[str, date]:
    """Version -> date for every dated entry of the changelog."""
    if not changelog.is_file():
        raise ReleaseInfoError(f"{changelog}: missing. Add it with an entry '## [{__version__}] - YYYY-MM-DD'.")
    found: dict[str, date] = {}
    for lineno, line in enumerate(changelog.read_text(encoding="utf-8").splitlines(), 1):
        m = _HEADING.match(line)
        if not m:
            continue
        try:
            found[m["version"]] = date.fromisoformat(m["date"])
        except ValueError:
            raise ReleaseInfoError(f"{changelog}, line {lineno}: '{m['date']}' is not a date (YYYY-MM-DD).") from None
    return found


def _parse_version(text: str, where: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        raise ReleaseInfoError(f"{where}: '{text}' is not a version number (e.g. 0.2.0).") from None


def kept_releases(releases_dir: Path = RELEASES_DIR) -> dict[str, Path]:
    """Version -> file for every kept previous release (`releases/<version>.nt.gz`)."""
    out: dict[str, Path] = {}
    if releases_dir.is_dir():
        for f in sorted(releases_dir.glob("*.nt.gz")):
            v = f.name[: -len(".nt.gz")]
            _parse_version(v, str(f))
            out[v] = f
    return out


def baseline_for(version: str, releases_dir: Path = RELEASES_DIR) -> tuple[str | None, Path | None]:
    """The newest kept release strictly older than `version` (None, None if there is none)."""
    this = _parse_version(version, "pactkg.__version__")
    older = [(Version(v), v, f) for v, f in kept_releases(releases_dir).items() if Version(v) < this]
    if not older:
        return None, None
    _, v, f = max(older)
    return v, f


def release_info(
    version: str = __version__,
    changelog: Path = CHANGELOG_FILE,
    releases_dir: Path = RELEASES_DIR,
) -> ReleaseInfo:
    dates = changelog_dates(changelog)
    if version not in dates:
        raise ReleaseInfoError(
            f"{changelog}: no entry for version {version}. Add a heading '## [{version}] - YYYY-MM-DD' "
            "(the release date; the dataset description takes its dates from here, not from the clock)."
        )
    bv, bf = baseline_for(version, releases_dir)
    return ReleaseInfo(
        version=version,
        released=dates[version],
        first_released=min(dates.values()),
        baseline=bf,
        baseline_version=bv,
    )
