"""The downloads page: the release files (format, size, SHA-256), the SPARQL endpoint, the licence and how to cite.

The list is read at build time from the release's checksum file (SHA256SUMS in the release folder, which
`make` writes beside the site); each file links to its place relative to the site. Without a release the
page says so instead of listing files that are not there.

Every file is listed with its size and checksum except the per-entity documents (id/): five per entity (1.25
million at 1000x, a page of some 500 MB per language that no reader could use). They get one row per format
instead (how many, their total size, their checksums in SHA256SUMS); each entity's documents are reached from
its page (session 22, docs/site.md).
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
# The per-entity documents: the folder, and the row of each format in this order (suffix -> format; None: the
# type map, whose format is named in the page's language). Another suffix found there comes after them.
ENTITY_DIR = "id/"
ENTITY_FORMATS = {".ttl": "Turtle", ".nt": "N-Triples", ".rdf": "RDF/XML", ".jsonld": "JSON-LD", ".var": None}


@dataclass(frozen=True)
class ReleaseFile:
    name: str  # path inside the release folder, with '/'
    size: int
    sha256: str


@dataclass(frozen=True)
class EntityGroup:
    """The per-entity documents of one format: one row of the page."""
    suffix: str  # ".ttl", ...
    files: int
    size: int  # bytes, all of them


@dataclass
class ReleaseListing:
    """What the page lists: the files one by one (the release's own first, then the rest by name), the
    per-entity documents as a row per format, and the checksum file itself."""
    files: list[ReleaseFile]
    groups: list[EntityGroup]
    sums: ReleaseFile | None

    def __bool__(self) -> bool:
        return bool(self.files or self.groups or self.sums)


def release_listing(files: Iterable[ReleaseFile]) -> ReleaseListing:
    """iter_release_files's files, the per-entity documents (id/) counted and summed by format as they pass (only
    their totals are kept), the others in their order. Made once for both languages."""
    listed: list[ReleaseFile] = []
    counts: dict[str, list[int]] = {}
    sums = None
    for f in files:
        if f.name.startswith(ENTITY_DIR):
            total = counts.setdefault(os.path.splitext(f.name)[1], [0, 0])
            total[0] += 1
            total[1] += f.size
        elif f.name == SUMS_NAME and not f.sha256:
            sums = f
        else:
            listed.append(f)
    order = list(ENTITY_FORMATS)
    suffixes = sorted(counts, key=lambda x: (order.index(x) if x in order else len(order), x))
    return ReleaseListing(listed, [EntityGroup(x, *counts[x]) for x in suffixes], sums)


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


def downloads_page(files: ReleaseListing | Iterable[ReleaseFile], href_prefix: str, endpoint: str) -> str:
    """The downloads page, whole (downloads_page_parts, joined)."""
    return "".join(downloads_page_parts(files, href_prefix, endpoint))


def downloads_page_parts(files: ReleaseListing | Iterable[ReleaseFile], href_prefix: str,
                         endpoint: str) -> Iterator[str]:
    """The downloads page in pieces: a table row per release file, and one per format of the per-entity
    documents. `files`: a ReleaseListing, or the files (iter_release_files) to make one from."""
    listing = files if isinstance(files, ReleaseListing) else release_listing(files)
    return page_parts(
        title_en=UI["downloads_title"][0], title_lv=UI["downloads_title"][1], root="",
        body_parts=_body_parts(listing, href_prefix, endpoint),
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


def _group_row(g: EntityGroup, href_prefix: str) -> str:
    """One format of the per-entity documents: id/*<suffix>, how many, their total size, a link to the checksums."""
    form = ENTITY_FORMATS.get(g.suffix, EXT_FORMATS.get(g.suffix, ""))
    key = "desc_entity_docs"
    if g.suffix == ".var":
        form, key = pick(*UI["format_type_map"]), "desc_entity_var"
    count = fmt.format_number(g.files, current_lang())
    return (
        "<tr>"
        f'<td><code>{esc(ENTITY_DIR + "*" + g.suffix)}</code></td>'
        f'<td data-label="{_lab("what")}">{ui(key)} ({_lab("files_count")}: {count})</td>'
        f'<td data-label="{_lab("format")}">{esc(form)}</td>'
        f'<td class="num" data-label="{_lab("size")}">{esc(_size(g.size))}</td>'
        f'<td class="hash" data-label="{_lab("checksum")}">'
        f'<a href="{esc(href_prefix + SUMS_NAME)}">{SUMS_NAME}</a></td>'
        "</tr>"
    )


def _body_parts(listing: ReleaseListing, href_prefix: str, endpoint: str) -> Iterator[str]:
    yield (
        f'<h1>{ui("downloads_title")}</h1>'
        f'{ui("downloads_intro", tag="p")}'
        f'<section aria-labelledby="h-files"><h2 id="h-files">{ui("release_files")}</h2>'
    )
    if listing:
        head = "".join(f'<th scope="col">{ui(k)}</th>' for k in ("file", "what", "format", "size", "checksum"))
        yield f'<div class="table-wrap"><table class="files"><thead><tr>{head}</tr></thead><tbody>'
        for f in listing.files:
            yield _row(f, href_prefix)
        for g in listing.groups:
            yield _group_row(g, href_prefix)
        if listing.sums is not None:
            yield _row(listing.sums, href_prefix)
        yield "</tbody></table></div>"
        if listing.groups:
            yield ui("entity_docs_note", tag="p")
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
