"""The downloads page: every release file (format, size, SHA-256), the SPARQL endpoint, the licence and how to cite.

The list is read at build time from the release's checksum file (SHA256SUMS in the release folder, which
`make` writes beside the site); each file links to its place relative to the site. Without a release the
page says so instead of listing files that are not there.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import fmt
from .i18n import UI
from .markup import current_lang, esc, page_parts, pick, ui

SUMS_NAME = "SHA256SUMS"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"

# file name -> (UI key of its description, format, media type)
KNOWN = {
    "lv-pact-1939.ttl": ("desc_dump_ttl", "Turtle", "text/turtle"),
    "lv-pact-1939.nt": ("desc_dump_nt", "N-Triples", "application/n-triples"),
    "lv-pact-1939.jsonld": ("desc_dump_jsonld", "JSON-LD", "application/ld+json"),
    "context.jsonld": ("desc_context", "JSON-LD", "application/ld+json"),
    "ontology.ttl": ("desc_ontology", "Turtle", "text/turtle"),
    "ontology.jsonld": ("desc_ontology", "JSON-LD", "application/ld+json"),
    "ontology.html": ("desc_ontology_html", "HTML", "text/html"),
    "shapes.ttl": ("desc_shapes", "Turtle (SHACL)", "text/turtle"),
    "void.ttl": ("desc_void", "Turtle (VoID, DCAT)", "text/turtle"),
    "CHANGES.md": ("desc_changes", "Markdown", "text/markdown"),
    "summary.txt": ("desc_summary", "Text", "text/plain"),
    "mappings/wikidata.sssom.tsv": ("desc_sssom", "SSSOM TSV", "text/tab-separated-values"),
    "mappings/unmapped.tsv": ("desc_unmapped", "TSV", "text/tab-separated-values"),
}
EXT_FORMATS = {".ttl": "Turtle", ".nt": "N-Triples", ".jsonld": "JSON-LD", ".html": "HTML", ".tsv": "TSV",
               ".md": "Markdown", ".txt": "Text", ".gz": "gzip", ".xml": "XML", ".json": "JSON"}


@dataclass(frozen=True)
class ReleaseFile:
    name: str  # path inside the release folder, with '/'
    size: int
    sha256: str


def release_files(release_dir: Path | None) -> list[ReleaseFile]:
    """The files listed in the release's SHA256SUMS (plus the checksum file itself), those that exist: the
    release's own ones (KNOWN) first, the rest by name."""
    return list(iter_release_files(release_dir))


def iter_release_files(release_dir: Path | None) -> Iterator[ReleaseFile]:
    """release_files one by one, not held: a release lists every entity's documents (1.3 million files at
    1000x; the list and the page made from it whole took the site from 2.5 to 5.3 GB, docs/benchmarks.md).

    Our SHA256SUMS is written sorted by name (pactkg.common.checksums), so the rest come in the file's own
    order, read a second time; a file whose names are not in order is sorted in memory, as before."""
    if release_dir is None:
        return
    sums = Path(release_dir) / SUMS_NAME
    if not sums.is_file():
        return
    known, in_order, last = [], True, None
    for name, digest in _entries(sums):
        if name in KNOWN:
            known.append((KNOWN_ORDER[name], name, digest))
        else:
            in_order = in_order and (last is None or last <= name)
            last = name
    known.sort(key=lambda k: k[:2])  # stable: a name listed twice keeps the file's order
    yield from _present(release_dir, ((name, digest) for _, name, digest in known))
    rest = ((name, digest) for name, digest in _entries(sums) if name not in KNOWN)
    yield from _present(release_dir, rest if in_order else sorted(rest, key=lambda e: e[0]))
    yield ReleaseFile(SUMS_NAME, sums.stat().st_size, "")


KNOWN_ORDER = {name: i for i, name in enumerate(KNOWN)}


def _entries(sums: Path) -> Iterator[tuple[str, str]]:
    """(name, digest) of each line of a checksum file, read line by line (lines of another form skipped)."""
    with open(sums, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(None, 1)
            if len(parts) == 2:
                yield parts[1].lstrip("*").strip(), parts[0]


def _present(release_dir: Path, entries: Iterable[tuple[str, str]]) -> Iterator[ReleaseFile]:
    """The entries whose file is there (a regular file), with its size (one stat each)."""
    root = os.fspath(release_dir)
    for name, digest in entries:
        try:
            st = os.stat(os.path.join(root, name))
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            yield ReleaseFile(name, st.st_size, digest)


def release_href(site_dir: Path, release_dir: Path, lang_depth: int = 1) -> str:
    """The relative path from a page in <site>/<lang>/ to the release folder, ending in '/'."""
    rel = os.path.relpath(Path(release_dir).resolve(), Path(site_dir).resolve()).replace(os.sep, "/")
    up = "../" * lang_depth
    return up if rel == "." else f"{up}{rel}/"


def _citation() -> str:
    """The dataset's citation as CITATION.cff gives it (the same text as the footer, DataCite and Zenodo)."""
    from pactkg.publish import citation

    return citation.citation_text(citation.load())


def _lab(key: str) -> str:
    return esc(pick(*UI[key]))


def _size(n: int) -> str:
    lang = current_lang()
    if n < 1024:
        return f"{n}\u00a0B"
    if n < 1024 * 1024:
        return fmt.format_number(round(n / 1024), lang) + "\u00a0KiB"
    mib = f"{n / 1024 / 1024:.1f}"
    return (mib.replace(".", ",") if lang == "lv" else mib) + "\u00a0MiB"


def downloads_page(files: Iterable[ReleaseFile], href_prefix: str, endpoint: str) -> str:
    """The downloads page, whole (downloads_page_parts, joined)."""
    return "".join(downloads_page_parts(files, href_prefix, endpoint))


def downloads_page_parts(files: Iterable[ReleaseFile], href_prefix: str, endpoint: str) -> Iterator[str]:
    """The downloads page in pieces, a table row per release file as `files` gives it (iter_release_files:
    the page is some 500 MB at 1000x, and is never held whole)."""
    files = iter(files)
    first = next(files, None)
    return page_parts(
        title_en=UI["downloads_title"][0], title_lv=UI["downloads_title"][1], root="",
        body_parts=_body_parts(first, files, href_prefix, endpoint),
        current="downloads", body_class="downloads-page", path="downloads.html",
    )


def _row(f: ReleaseFile, href_prefix: str) -> str:
    key, form, media = KNOWN.get(f.name, ("desc_sums" if f.name == SUMS_NAME else "desc_other", "", ""))
    if not form:
        form = "Text" if f.name == SUMS_NAME else EXT_FORMATS.get(Path(f.name).suffix, "")
    media_attr = f' type="{esc(media)}"' if media else ""
    return (
        "<tr>"
        f'<td><a href="{esc(href_prefix + f.name)}"{media_attr}>{esc(f.name)}</a></td>'
        f'<td data-label="{_lab("what")}">{ui(key)}</td><td data-label="{_lab("format")}">{esc(form)}</td>'
        f'<td class="num" data-label="{_lab("size")}">{esc(_size(f.size))}</td>'
        f'<td class="hash" data-label="{_lab("checksum")}"><code>{esc(f.sha256)}</code></td>'
        "</tr>"
    )


def _body_parts(first: ReleaseFile | None, rest: Iterator[ReleaseFile], href_prefix: str,
                endpoint: str) -> Iterator[str]:
    yield (
        f'<h1>{ui("downloads_title")}</h1>'
        f'{ui("downloads_intro", tag="p")}'
        f'<section aria-labelledby="h-files"><h2 id="h-files">{ui("release_files")}</h2>'
    )
    if first is not None:
        head = "".join(f'<th scope="col">{ui(k)}</th>' for k in ("file", "what", "format", "size", "checksum"))
        yield f'<div class="table-wrap"><table class="files"><thead><tr>{head}</tr></thead><tbody>'
        yield _row(first, href_prefix)
        for f in rest:
            yield _row(f, href_prefix)
        yield "</tbody></table></div>"
    else:
        yield f'<p class="none">{ui("no_release")}</p>'
    yield (
        "</section>"
        f'<section aria-labelledby="h-endpoint"><h2 id="h-endpoint">{ui("endpoint_title")}</h2>'
        f'{ui("endpoint_text", tag="p")}<p><code>{esc(endpoint)}</code> · <a href="query.html">{ui("nav_query")}</a></p></section>'
        f'<section aria-labelledby="h-per-entity"><h2 id="h-per-entity">{ui("per_entity")}</h2>{ui("per_entity_text", tag="p")}</section>'
        f'<section id="licence" aria-labelledby="h-licence"><h2 id="h-licence">{ui("licence_title")}</h2>'
        f'<p>{ui("licence_text")} <a href="{LICENCE_URL}" rel="license">CC BY-SA 4.0</a></p></section>'
        f'<section id="cite" aria-labelledby="h-cite"><h2 id="h-cite">{ui("cite_title")}</h2>{ui("cite_text", tag="p")}'
        f'<p class="citation" lang="en">{esc(_citation())}</p></section>'
    )
