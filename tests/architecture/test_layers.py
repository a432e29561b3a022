"""The package's data flow goes one way: common < build < query < link < publish < site < dist (cli on top).

A module may import from its own area or a lower one; an import that reaches up (build importing publish,
say) is the kind of tangle that made the flat package hard to read, so it fails here with the line to fix.
The rule is read from the source (ast), so imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pactkg
from pactkg import cli

PKG = Path(pactkg.__file__).parent
LAYERS = ["common", "build", "query", "link", "publish", "site", "dist"]
RANK = {name: i for i, name in enumerate(LAYERS)}


def area_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "pactkg":
        return None
    if len(parts) == 1:
        return "top"
    return parts[1] if parts[1] in RANK else "top"


def imports(path: Path, root: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path, root)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".") if path.name == "__init__.py" else here.split(".")[:-1]
                base = parts[: len(parts) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
            # `from pactkg import x` names a sub-module or sub-package
            if mod == "pactkg":
                out += [(node.lineno, f"pactkg.{a.name}") for a in node.names if not a.name.startswith("_")]
    return out


def module_name(path: Path, root: Path = PKG) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def violations(root: Path = PKG) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        here = area_of(module_name(path, root))
        if here not in RANK:
            continue  # pactkg/__init__.py, cli.py, __main__.py: the top may import anything
        for line, mod in imports(path, root):
            there = area_of(mod)
            if there == "top" and mod not in ("pactkg",):
                found.append(f"{path.relative_to(root.parent)}:{line}: {here} imports {mod}, which is not in an area")
            elif there in RANK and RANK[there] > RANK[here]:
                found.append(f"{path.relative_to(root.parent)}:{line}: {here} imports {mod} ({there} is downstream of {here})")
    return found


def test_no_import_reaches_up():
    assert violations() == []


def test_every_module_is_in_an_area():
    loose = sorted(p.name for p in PKG.glob("*.py") if p.name not in ("__init__.py", "__main__.py", "cli.py"))
    assert loose == [], f"modules outside the sub-packages: {loose}; move each into its area (docs/architecture.md)"


def test_the_check_catches_an_upward_import(tmp_path):
    """The rule has teeth: a build module importing publish is reported with its file and line."""
    fake = tmp_path / "pactkg"
    (fake / "build").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "build" / "__init__.py").write_text("")
    (fake / "build" / "x.py").write_text("import os\nfrom pactkg.publish import release\n")
    assert violations(fake) == ["pactkg/build/x.py:2: build imports pactkg.publish (publish is downstream of build)"]


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_every_command_lives_in_an_area(name):
    module = cli.COMMANDS[name][0]
    assert module.split(".")[0] in RANK, f"command {name} is implemented outside the areas: {module}"
