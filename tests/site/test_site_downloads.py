"""The downloads page's list of release files, read from SHA256SUMS: the release's own files first, the rest by
name, only those that are there, each with its size and checksum; the per-entity documents (id/, five per
entity: 1.25 million at 1000x) as one row per format with their count and total size."""

from __future__ import annotations

import hashlib
import re

import pytest

from pactkg.site.downloads import (
    SUMS_NAME, EntityGroup, downloads_page, downloads_page_parts, iter_release_files, release_files, release_listing,
)
from pactkg.site.markup import language


def _release(tmp_path, names, sums_order=None):
    root = tmp_path / "release"
    for n in names:
        (root / n).parent.mkdir(parents=True, exist_ok=True)
        (root / n).write_text(n, encoding="utf-8")
    lines = [f"{hashlib.sha256(n.encode()).hexdigest()}  {n}\n" for n in (sums_order or sorted(names))]
    (root / SUMS_NAME).write_text("".join(lines), encoding="utf-8")
    return root


def test_the_releases_own_files_first_then_the_rest_by_name(tmp_path):
    root = _release(tmp_path, ["id/b.ttl", "id/a.ttl", "lv-pact-1939.nt", "CHANGES.md", "lv-pact-1939.ttl", "z.txt"])
    assert [f.name for f in iter_release_files(root)] == [
        "lv-pact-1939.ttl", "lv-pact-1939.nt", "CHANGES.md", "id/a.ttl", "id/b.ttl", "z.txt", SUMS_NAME]
    assert [f.size for f in iter_release_files(root)][:-1] == [len("lv-pact-1939.ttl"), len("lv-pact-1939.nt"),
                                                               len("CHANGES.md"), 8, 8, 5]


def test_a_checksum_file_out_of_order_is_sorted(tmp_path):
    root = _release(tmp_path, ["id/b.ttl", "id/a.ttl", "c.txt"], sums_order=["id/b.ttl", "c.txt", "id/a.ttl"])
    assert [f.name for f in iter_release_files(root)] == ["c.txt", "id/a.ttl", "id/b.ttl", SUMS_NAME]


def test_files_that_are_not_there_or_not_files_are_left_out(tmp_path):
    root = _release(tmp_path, ["a.ttl", "id/x.ttl"])
    with open(root / SUMS_NAME, "a", encoding="utf-8") as fh:
        fh.write("0" * 64 + "  gone.ttl\n" + "0" * 64 + "  id\n" + "not a checksum line\n")
    assert [f.name for f in release_files(root)] == ["a.ttl", "id/x.ttl", SUMS_NAME]
    assert release_files(None) == [] and release_files(tmp_path / "nothing") == []


def _entity_release(tmp_path):
    """Three entities' documents in five formats (of different sizes) beside the release's own files."""
    names = [f"id/e{i}{suffix}" for i in range(3) for suffix in (".ttl", ".nt", ".rdf", ".jsonld", ".var")]
    return _release(tmp_path, names + ["lv-pact-1939.ttl", "z.txt", "index.var"]), names


def test_the_per_entity_documents_are_counted_and_summed_by_format(tmp_path):
    root, names = _entity_release(tmp_path)
    listing = release_listing(iter_release_files(root))
    assert [f.name for f in listing.files] == ["lv-pact-1939.ttl", "index.var", "z.txt"]
    assert listing.sums is not None and listing.sums.name == SUMS_NAME
    assert listing.groups == [
        EntityGroup(suffix, 3, sum(len(n) for n in names if n.endswith(suffix)))
        for suffix in (".ttl", ".nt", ".rdf", ".jsonld", ".var")
    ]


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_the_page_lists_no_entity_document_one_by_one(tmp_path, lang):
    root, names = _entity_release(tmp_path)
    with language(lang):
        parts = list(downloads_page_parts(iter_release_files(root), "../../", "../../sparql"))
        whole = downloads_page(release_files(root), "../../", "../../sparql")
    assert "".join(parts) == whole
    assert "id/e0" not in whole and "id/e1" not in whole  # no entity document by name
    rows = re.findall(r"<tr><td>.*?</tr>", whole)
    # the release's own file, the rest by name, a row per format of the documents, SHA256SUMS last
    assert [re.search(r"<td>(?:<a [^>]*>|<code>)([^<]*)<", r).group(1) for r in rows] == [
        "lv-pact-1939.ttl", "index.var", "z.txt", "id/*.ttl", "id/*.nt", "id/*.rdf", "id/*.jsonld", "id/*.var",
        SUMS_NAME]
    # the others still with their size and checksum
    own = rows[0]
    assert hashlib.sha256(b"lv-pact-1939.ttl").hexdigest() in own and "16\u00a0B" in own
    formats = ["Turtle", "N-Triples", "RDF/XML", "JSON-LD", "Type map" if lang == "en" else "Tipu karte"]
    for row, suffix, form in zip(rows[3:8], (".ttl", ".nt", ".rdf", ".jsonld", ".var"), formats):
        size = sum(len(n) for n in names if n.endswith(suffix))
        assert f">{form}<" in row and f">{size}\u00a0B<" in row
        assert (": 3)" in row) and ("files: 3" if lang == "en" else "faili: 3") in row
        assert '<a href="../../SHA256SUMS">SHA256SUMS</a>' in row
    note = ("each entity's documents are reached from its page" if lang == "en"
            else "katras vienības dokumenti ir pieejami no tās lapas")
    assert note.replace("'", "&#x27;") in whole


def test_without_entity_documents_there_is_no_row_for_them(tmp_path):
    root = _release(tmp_path, ["lv-pact-1939.ttl", "c.txt"])
    with language("en"):
        page = downloads_page(iter_release_files(root), "../../", "../../sparql")
    assert "id/*" not in page and "reached from its page" not in page
    assert page.count("<tr><td>") == 3


def test_without_files_the_page_says_so(tmp_path):
    with language("lv"):
        page = downloads_page(iter_release_files(None), "../../", "../../sparql")
    assert "<table" not in page and 'class="none"' in page
