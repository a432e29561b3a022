"""Input the build must refuse (issue 10), one case file each in integrity_cases/ (see its README): a
non-zero exit, one line on stderr naming the file, entity or rule and what to do, and the previous dist/
byte-identical. `good-*` cases must build.

Run in-process (cli.main with PACTKG_* pointing at a copy of the fixture project): a subprocess per case
would spend most of its time importing.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pactkg import cli
from pactkg.build import geometry_check, input_guards

from .conftest import tree

CASES_DIR = Path(__file__).parent / "integrity_cases"
CASES = sorted(CASES_DIR.glob("*.ttl"))


@dataclass
class Case:
    path: Path
    put: str
    remove: list[str] = field(default_factory=list)
    build_first: bool = False
    flags: list[str] = field(default_factory=list)
    expect: list[str] = field(default_factory=list)
    ok: bool = False


def read_case(path: Path) -> Case:
    case = Case(path, put=f"data/{path.name}")
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^# (\w[\w-]*): (.*)$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "put":
            case.put = value
        elif key == "remove":
            case.remove.append(value)
        elif key == "build-first":
            case.build_first = value == "yes"
        elif key == "flags":
            case.flags += value.split()
        elif key == "expect":
            case.expect.append(value)
        elif key == "outcome":
            case.ok = value == "ok"
    return case


def _env(monkeypatch, project) -> None:
    for name, value in project.env.items():
        if name.startswith("PACTKG_"):
            monkeypatch.setenv(name, value)


def test_there_are_cases_of_every_kind():
    names = {p.stem.split("-")[0] for p in CASES}
    assert {"empty", "no", "shapes", "shrink", "vocabulary", "geometry", "good"} <= names


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_integrity_case(path, project, monkeypatch, capsys):
    case = read_case(path)
    _env(monkeypatch, project)
    dist = project.inputs.dist_dir
    if case.build_first:
        assert cli.main(["build", "--dist", str(dist)]) == 0, capsys.readouterr().err
    else:
        dist.mkdir()
        (dist / "lv-pact-1939.ttl").write_text("# the previous dump\n")
    capsys.readouterr()
    before = tree(dist)
    for pattern in case.remove:
        for f in project.root.glob(pattern):
            f.unlink()
    target = project.root / case.put
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, target)

    code = cli.main(["build", "--dist", str(dist), *case.flags])
    out, err = capsys.readouterr()
    if case.ok:
        assert code == 0, f"{path.name} should build:\n{err}"
        for pattern in case.expect:
            assert re.search(pattern, out, re.MULTILINE), f"{pattern!r} not in:\n{out}"
        return
    assert code != 0, f"{path.name} was built:\n{out}"
    lines = err.splitlines()
    for pattern in case.expect:
        assert any(re.search(pattern, line) for line in lines), f"no line of stderr matches {pattern!r}:\n{err}"
    assert "Traceback" not in err
    assert tree(dist) == before, "dist/ changed"
    assert [p.name for p in dist.parent.iterdir() if p.name.startswith(".dist.") and p.name != ".dist.lock"] == []


def test_size_limit(project, monkeypatch):
    """A data file larger than the limit is refused before it is parsed (the limit lowered for the test)."""
    monkeypatch.setattr(input_guards, "MAX_FILE_BYTES", 500)
    with pytest.raises(input_guards.InputRefused, match=r"events\.ttl: \d[\d,]* bytes, more than the 500 "):
        input_guards.check_data_files(project.inputs.data_files(), project.inputs.data_dir)


def test_outline_in_the_repository_is_the_shared_one():
    from pactkg.common import paths

    shared = paths.REFERENCE_DIR / geometry_check.OUTLINE_NAME
    if not shared.is_file():
        pytest.skip(f"{shared} is absent")
    assert geometry_check.outline_path().read_bytes() == shared.read_bytes()


def test_every_place_of_the_real_data_is_inside_the_outline():
    from pactkg.build import load

    rings = geometry_check.read_rings(geometry_check.outline_path())
    assert geometry_check.misplaced(load.load_all(), rings) == []


@pytest.mark.parametrize("command, case", [("validate", "shapes-empty.ttl"), ("qc", "no-checks.ttl")])
def test_the_single_step_commands_refuse_too(command, case, project, monkeypatch, capsys):
    """`pactkg validate` with no shapes and `pactkg qc` with no checks used to pass; they refuse like the build."""
    c = read_case(CASES_DIR / case)
    _env(monkeypatch, project)
    for pattern in c.remove:
        for f in project.root.glob(pattern):
            f.unlink()
    target = project.root / c.put
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(c.path, target)
    assert cli.main([command]) == 1
    err = capsys.readouterr().err
    assert any(re.search(p, err) for p in c.expect), err
