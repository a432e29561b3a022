"""Building: the site is swapped in whole, nothing else in the output's parent is touched, a failure leaves
the old site as it was (no half-written folder), and the CLI says what went wrong."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from pactkg.site.build import build_site
from pactkg.site.mapview import MapError

from site_support import CASES, case_graph


def test_swap_keeps_siblings_and_replaces_old_files(tmp_path):
    dist = tmp_path / "dist"
    build_site(case_graph(CASES / "incoming.ttl"), dist / "site")  # a previous site: replaced whole
    (dist / "site" / "stale.html").write_text("old")
    (dist / "lv-pact-1939.ttl").write_text("the dump")
    report = build_site(case_graph(CASES / "incoming.ttl"), dist / "site")
    assert (dist / "site" / "index.html").is_file()
    assert not (dist / "site" / "stale.html").exists()
    assert (dist / "lv-pact-1939.ttl").read_text() == "the dump"
    assert sorted(p.name for p in dist.iterdir()) == ["lv-pact-1939.ttl", "site"]
    assert report.entities == 3


def test_failure_leaves_the_old_site(tmp_path):
    dist = tmp_path / "dist"
    build_site(case_graph(CASES / "incoming.ttl"), dist / "site")
    before = sorted(p.relative_to(dist) for p in dist.rglob("*"))
    with pytest.raises(MapError, match="outline of Latvia is missing"):
        build_site(case_graph(CASES / "labels.ttl"), dist / "site", outline=tmp_path / "nope.geojson")
    assert sorted(p.relative_to(dist) for p in dist.rglob("*")) == before


def test_cli_reports_a_broken_data_file(tmp_path):
    """A Turtle error is one clear line naming the file and line, and a non-zero exit."""
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "broken.ttl").write_text("@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\nlvd:x lvd:y .\n")
    code = (
        "import sys; from pathlib import Path; import pactkg.common.paths as p;"
        f"p.DATA_DIR = Path({str(bad)!r});"
        "from pactkg.cli import main; sys.exit(main(['site', '--out', sys.argv[1]]))"
    )
    out = tmp_path / "out" / "site"
    r = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "broken.ttl" in r.stderr and "line 2" in r.stderr
    assert not out.exists()


def test_cli_builds(tmp_path):
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pactkg.cli", "site", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "entity pages" in r.stdout
    assert (out / "index.html").is_file() and (out / "id").is_dir()
    for lang in ("en", "lv"):
        for name in ("index.html", "browse.html", "map.html", "timeline.html", "downloads.html", "404.html"):
            assert (out / lang / name).is_file(), f"{lang}/{name}"


@pytest.mark.parametrize("setup", ["a file of the user's", "the whole dist/ folder", "a file, not a folder"])
def test_out_that_is_not_a_previous_site_is_refused(tmp_path, setup):
    """`site --out DIR` replaces DIR whole: a non-empty folder it did not write is refused, unchanged (issue 10)."""
    from pactkg.site.build import SiteError

    if setup == "a file of the user's":
        out = tmp_path / "mine"
        out.mkdir()
        (out / "thesis.txt").write_text("a year of work")
    elif setup == "the whole dist/ folder":
        out = tmp_path / "dist"
        build_site(case_graph(CASES / "incoming.ttl"), out / "site")
        (out / "lv-pact-1939.ttl").write_text("the dump")
    else:
        out = tmp_path / "notes.txt"
        out.write_text("notes")
    before = sorted((p.relative_to(tmp_path), p.read_bytes() if p.is_file() else b"") for p in tmp_path.rglob("*"))
    with pytest.raises(SiteError, match="choose another --out|Choose another --out"):
        build_site(case_graph(CASES / "incoming.ttl"), out)
    after = sorted((p.relative_to(tmp_path), p.read_bytes() if p.is_file() else b"") for p in tmp_path.rglob("*"))
    assert after == before


def test_cli_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("keep me")
    r = subprocess.run([sys.executable, "-m", "pactkg.cli", "site", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "is not an output of this command (it has no .pactkg-site)" in r.stderr and "Traceback" not in r.stderr
    assert (out / "keep.txt").read_text() == "keep me" and sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_downloads_page_lists_the_release_files_with_size_and_checksum(real_graph, tmp_path):
    import hashlib

    release = tmp_path / "release"
    (release / "mappings").mkdir(parents=True)
    (release / "lv-pact-1939.ttl").write_text("@prefix x: <http://example.org/> .\n", encoding="utf-8")
    (release / "mappings" / "wikidata.sssom.tsv").write_text("a\tb\n", encoding="utf-8")
    sums = "".join(
        f"{hashlib.sha256((release / n).read_bytes()).hexdigest()}  {n}\n"
        for n in ("lv-pact-1939.ttl", "mappings/wikidata.sssom.tsv")
    )
    (release / "SHA256SUMS").write_text(sums + "0" * 64 + "  gone.ttl\n", encoding="utf-8")
    build_site(real_graph, release / "site")
    for lang in ("en", "lv"):
        page = (release / "site" / lang / "downloads.html").read_text(encoding="utf-8")
        assert 'href="../../lv-pact-1939.ttl" type="text/turtle"' in page
        assert 'href="../../mappings/wikidata.sssom.tsv"' in page and 'href="../../SHA256SUMS"' in page
        assert hashlib.sha256(b"a\tb\n").hexdigest() in page
        assert "gone.ttl" not in page  # listed in the sums but not there: not offered
    # without a release beside it, the page says so instead of listing files
    build_site(real_graph, tmp_path / "alone" / "site")
    page = (tmp_path / "alone" / "site" / "en" / "downloads.html").read_text(encoding="utf-8")
    assert "were not built beside this copy" in page and "<table" not in page


def test_the_site_does_not_depend_on_the_hash_seed(tmp_path):
    """Two processes with different hash seeds (so sets and the graph iterate in other orders) write the same
    bytes: the facets' place lists once came out in iteration order, and Python 3.11 and 3.13 sites differed."""
    import filecmp
    import os

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-m", "pactkg.cli", "site", "--out", str(out)], capture_output=True,
                           text=True, env=env, timeout=600)
        assert r.returncode == 0, r.stderr
        outs.append(out)
    cmp = filecmp.dircmp(outs[0], outs[1])
    differing = []

    def walk(c, prefix=""):
        differing.extend(prefix + f for f in c.diff_files + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(cmp)
    assert differing == []


def _files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _site_from_a_first_sites_documents(tmp_path):
    """(first site, second site, the view): the second made with the first's id/ documents as the release's."""
    from pactkg.site.build import render_site, site_options
    from pactkg.site.model import GraphView

    first = tmp_path / "first" / "site"
    build_site(case_graph(CASES / "incoming.ttl"), first)
    view = GraphView(case_graph(CASES / "incoming.ttl"))
    second = tmp_path / "second"
    second.mkdir()
    render_site(view, second, site_options(view, second, documents_dir=first))
    return first, second, view


def test_a_site_with_the_release_documents_links_them_and_is_the_same(tmp_path):
    """`pactkg dist` lets the site take the release's id/<slug>.ttl and .jsonld instead of making them again:
    the same site, byte for byte (here the documents come from a first site, which holds the same files)."""
    from pactkg.site.build import render_site, site_options

    first, second, view = _site_from_a_first_sites_documents(tmp_path)
    assert _files(second) == _files(first)
    # copied, not made again: a changed document in the release is what the site carries
    ttl = sorted((first / "id").glob("*.ttl"))[0]
    ttl.write_text(ttl.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    third = tmp_path / "third"
    third.mkdir()
    render_site(view, third, site_options(view, third, documents_dir=first))
    assert (third / "id" / ttl.name).read_text(encoding="utf-8").endswith("# changed\n")


def _documents(root):
    return sorted(p for p in (root / "id").iterdir() if p.suffix in (".ttl", ".jsonld"))


def test_the_release_documents_are_hard_links_to_the_release_files(tmp_path):
    """Each id/<slug>.ttl and .jsonld of the site is the release's file itself (one inode): not read, not
    written again."""
    first, second, _ = _site_from_a_first_sites_documents(tmp_path)
    docs = _documents(second)
    assert docs and [p.name for p in docs] == [p.name for p in _documents(first)]
    for doc in docs:
        assert os.path.samefile(doc, first / "id" / doc.name), doc.name
        assert doc.stat().st_nlink == 2


def test_where_no_link_can_be_made_the_release_documents_are_copied(tmp_path, monkeypatch):
    """Another file system (EXDEV), or one without hard links: the same bytes, as copies."""
    import errno

    from pactkg.site import build as site_build
    from pactkg.site.model import GraphView

    first = tmp_path / "first" / "site"
    build_site(case_graph(CASES / "incoming.ttl"), first)

    _refuse_links(monkeypatch, errno.EXDEV)
    view = GraphView(case_graph(CASES / "incoming.ttl"))
    second = tmp_path / "second"
    second.mkdir()
    site_build.render_site(view, second, site_build.site_options(view, second, documents_dir=first))
    assert _files(second) == _files(first)
    docs = _documents(second)
    assert docs
    for doc in docs:
        assert not os.path.samefile(doc, first / "id" / doc.name), doc.name
        assert doc.stat().st_nlink == 1


@pytest.mark.parametrize("links", [True, False], ids=["link", "copy"])
@pytest.mark.parametrize("gone", [".ttl", ".jsonld"])
def test_a_missing_release_document_is_one_message(tmp_path, monkeypatch, links, gone):
    """A release without an entity's document (either format; linking or copying): one SiteError naming it."""
    import errno

    from pactkg.site import build as site_build
    from pactkg.site.build import SiteError, render_site, site_options
    from pactkg.site.model import GraphView

    release = tmp_path / "release"
    build_site(case_graph(CASES / "incoming.ttl"), release)
    missing = sorted((release / "id").glob(f"*{gone}"))[0]
    missing.unlink()
    if not links:
        _refuse_links(monkeypatch, errno.EPERM)
    view = GraphView(case_graph(CASES / "incoming.ttl"))
    out = tmp_path / "site"
    out.mkdir()
    with pytest.raises(SiteError, match=rf"release/id/{re.escape(missing.name)}: missing; the release beside the "
                                        rf"site has no document for {re.escape(missing.stem)}\. Build the release"):
        render_site(view, out, site_options(view, out, documents_dir=release))


def test_a_file_is_written_as_a_text_file_would_be(tmp_path, monkeypatch):
    """_write (os.open/os.write of UTF-8) gives the bytes and the mode of open(path, "w", encoding="utf-8",
    newline="\\n"): whole, and in pieces joined a batch at a time (a batch boundary inside the pieces)."""
    from pactkg.site import build as site_build

    monkeypatch.setattr(site_build, "WRITE_BATCH", 7)
    pieces = ["<p>Rīga\n", "", "Латвия</p>\r\n", "x" * 20, "ē"]
    for name, text in (("whole.html", "".join(pieces)), ("pieces.html", iter(pieces)), ("empty.html", "")):
        site_build._write(tmp_path / name, text)
        with open(tmp_path / f"ref-{name}", "w", encoding="utf-8", newline="\n") as fh:
            fh.write("".join(pieces) if name != "empty.html" else "")
        assert (tmp_path / name).read_bytes() == (tmp_path / f"ref-{name}").read_bytes(), name
        assert (tmp_path / name).stat().st_mode == (tmp_path / f"ref-{name}").stat().st_mode, name
    # an existing file is replaced whole, not overwritten in part
    site_build._write(tmp_path / "whole.html", "short")
    assert (tmp_path / "whole.html").read_bytes() == b"short"


def test_the_graph_of_the_query_page_is_taken_from_a_release_beside_it(tmp_path):
    """released_ntriples: the release's N-Triples when the folder has it, else None (the site writes its own)."""
    from pactkg.site.build import released_ntriples

    assert released_ntriples(None) is None
    assert released_ntriples(tmp_path) is None
    (tmp_path / "lv-pact-1939.nt").write_text("<https://example.org/a> <https://example.org/p> \"x\" .\n")
    assert released_ntriples(tmp_path) == tmp_path / "lv-pact-1939.nt"


def _refuse_links(monkeypatch, err: int) -> None:
    """os.link, as the site's builder calls it, fails with `err` (another file system, no permission ...)."""
    from pactkg.site import build as site_build

    def no_link(src, dst, *a, **k):
        raise OSError(err, os.strerror(err), str(src), None, str(dst))

    monkeypatch.setattr(site_build.os, "link", no_link)
