"""An output folder is replaced whole (built beside it, then swapped in), so it must be one that a command of
ours wrote, or new, or empty: `pactkg build --dist ~/Documents` would otherwise delete the folder's content
(issue 10, the data loss `site --out` had). A folder is recognised as ours by a file every such output has.
"""

from __future__ import annotations

from pathlib import Path


class NotOurFolder(Exception):
    """The output folder holds files that no build of ours wrote; the message says what to do."""


def check_replaceable(folder: Path, signature: str, option: str = "--dist") -> None:
    """Refuse `folder` if it exists, is not empty, and lacks `signature` (a file every output of ours has)."""
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise NotOurFolder(f"{folder}: not a folder; choose another {option}. Nothing was changed.")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / signature).is_file():
        raise NotOurFolder(
            f"{folder}: the folder is not empty and is not an output of this command (it has no {signature}); "
            f"it would be replaced whole, deleting what is there. Choose another {option} (a new or empty "
            "folder), or move the files away first. Nothing was changed."
        )
