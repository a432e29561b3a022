"""The downloads page's list of release files, read from SHA256SUMS as the page is written: the release's own
files first, the rest by name, only those that are there, and a row per piece (a release lists every entity's
documents: the page is never held whole)."""

from __future__ import annotations

import hashlib

from pactkg.site.downloads import SUMS_NAME, downloads_page, downloads_page_parts, iter_release_files, release_files
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


def test_the_page_comes_a_row_at_a_time_and_is_the_whole_page(tmp_path):
    root = _release(tmp_path, [f"id/e{i}.ttl" for i in range(5)])
    with language("en"):
        parts = list(downloads_page_parts(iter_release_files(root), "../../", "../../sparql"))
        whole = downloads_page(release_files(root), "../../", "../../sparql")
    assert "".join(parts) == whole
    rows = [p for p in parts if "<tr>" in p and "<th" not in p]
    assert len(rows) == 6 and all(p.count("<tr>") == 1 for p in rows)  # five documents and SHA256SUMS


def test_without_files_the_page_says_so(tmp_path):
    with language("lv"):
        page = downloads_page(iter_release_files(None), "../../", "../../sparql")
    assert "<table" not in page and 'class="none"' in page
