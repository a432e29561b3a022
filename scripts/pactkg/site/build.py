"""Write the whole site into a fresh folder, then swap it in for the old one.

Layout (all links relative, so that the folder works from file:// and from any web server):
  index.html                      chooses a language (the stored choice or the browser's), links to both
  404.html                        "not found" in both languages (for a server's error page)
  assets/                         site.css, site.js, and the bundled front-end files (assets/vendor/)
  id/<slug>.ttl, id/<slug>.jsonld the entity's triples (one copy for both languages)
  id/<slug>.html                  chooses a language, like index.html (the address a w3id IRI leads to)
  en/ and lv/                     the pages in each language: index.html (the landing page), browse.html,
                                  timeline.html, map.html, source.html, query.html, downloads.html,
                                  404.html, id/<slug>.html
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from typing import Callable, Iterable, Iterator

from pactkg.common import paths
from pactkg.common.namespaces import LVD
from pactkg.common import atomic_swap, fork_map, output_folder, staging
from pactkg.site.chooser import chooser_page, inline_page, not_found_root
from pactkg.site.downloads import downloads_page_parts, iter_release_files, release_href, release_listing
from pactkg.site.entity import entity_pages
from pactkg.site.home import home_page
from pactkg.site.indexpage import index_pages_parts
from pactkg.site.mapview import MapError, drawn_lines, map_data, map_page, markers
from pactkg.site.markup import LANGS, language
from pactkg.site.model import GraphView
from pactkg.site import neighbours
from pactkg.site.neighbours import WORLD_ATLAS
from pactkg.site.notfound import not_found_page
from pactkg.site.querypage import query_page
from pactkg.site.sourcepage import SourceText, source_page_parts, source_text
from pactkg.site.timeline import timeline_items, timeline_pages

ASSETS = ("site.css", "site.js", "query.js")
# Front-end files from npm (package.json, `npm ci` by make): (package, file in the package) -> assets/vendor/
VENDOR = [
    ("@zazuko/yasqe", "build/yasqe.min.js"), ("@zazuko/yasqe", "build/yasqe.min.css"),
    ("oxigraph", "web.js"), ("oxigraph", "web_bg.wasm"),  # the query page without an endpoint (querypage.py)
]
# Written into every site: a folder that has it is a site this command wrote, and may be replaced whole.
MARKER = ".pactkg-site"
MARKER_TEXT = "Written by `pactkg site`: the whole folder is replaced by the next build.\n"
OUTLINE_NAME = "latvia-outline-naturalearth.geojson"
# The SPARQL endpoint as the pages see it when `make serve` serves the site (the path from a language folder).
DEFAULT_ENDPOINT = "../../sparql"


class SiteError(Exception):
    """Something in the graph that a page cannot be made from; the message names the entity."""


@dataclass
class SiteReport:
    out_dir: Path
    entities: int
    files: int
    timeline_events: int
    map_markers: int


def default_outline() -> Path:
    return paths.REFERENCE_DIR / OUTLINE_NAME


# A page in pieces is encoded and written this many characters at a time (browse.html is some 100 MB at 1000x).
WRITE_BATCH = 1 << 20
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _write(path: Path | str, text: str | Iterable[str]) -> None:
    """A page or document, whole or in pieces, as UTF-8 (the bytes open(path, "w", encoding="utf-8",
    newline="\n") writes, and the same mode: 0o666 less the umask).

    os.open and os.write of text encoded once, not a buffered text file object per file: the site writes some
    1.2 million files at 1000x, and _write's own time (the file object, the encoding, the system calls) was 18%
    of the site's CPU at 100x (session 22); most of what is left is the kernel making each file. Pieces are
    joined and written a batch at a time, never the whole page."""
    fd = os.open(path, _WRITE_FLAGS, 0o666)
    try:
        if isinstance(text, str):
            _write_all(fd, text.encode("utf-8"))
            return
        batch: list[str] = []
        size = 0
        for piece in text:
            batch.append(piece)
            size += len(piece)
            if size >= WRITE_BATCH:
                _write_all(fd, "".join(batch).encode("utf-8"))
                batch, size = [], 0
        if batch:
            _write_all(fd, "".join(batch).encode("utf-8"))
    finally:
        os.close(fd)


def _write_each(paths: list[Path | str], pieces: Iterable[tuple[str, ...]]) -> None:
    """Files written side by side from one iterable of pieces, each a tuple with a piece for each file (in the
    order of `paths`), a batch at a time as _write does: both languages' browse.html from one pass over the
    entities."""
    fds: list[int] = []
    try:
        for path in paths:
            fds.append(os.open(path, _WRITE_FLAGS, 0o666))
        batches: list[list[str]] = [[] for _ in fds]
        size = 0
        for piece in pieces:
            for batch, text in zip(batches, piece):
                batch.append(text)
            size += len(piece[0])
            if size >= WRITE_BATCH:
                for fd, batch in zip(fds, batches):
                    _write_all(fd, "".join(batch).encode("utf-8"))
                    batch.clear()
                size = 0
        for fd, batch in zip(fds, batches):
            if batch:
                _write_all(fd, "".join(batch).encode("utf-8"))
    finally:
        for fd in fds:
            os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@dataclass
class SiteOptions:
    """Where the pages find what is not in the graph: the map's outline, the release files, the endpoint."""

    outline: Path
    release_dir: Path | None = None  # the folder holding SHA256SUMS; None: the downloads page lists none
    release_href: str = "../../"  # from a page in <lang>/ to the release folder
    endpoint: str = DEFAULT_ENDPOINT
    source: SourceText | None = None  # the article, sentence by sentence, for source.html
    node_modules: Path = paths.ROOT / "node_modules"
    deploy: object | None = None  # pactkg.publish.deployment.Deployment: the documents' addresses (None: loaded)
    # A folder whose id/<slug>.ttl and .jsonld are the release's documents of this same graph (pactkg dist: its
    # staging folder): the site links (else copies) them instead of making them again (ReleasedDocuments). None:
    # made here.
    documents_dir: Path | None = None


def copy_vendor(node_modules: Path, dest: Path) -> int:
    """Copy the bundled front-end files into `dest` with a LICENSES.txt naming each package, its version
    and its licence. Missing: SiteError saying to run `make` (which runs `npm ci`)."""
    import json

    dest.mkdir(parents=True, exist_ok=True)
    notes = []
    for package, rel in VENDOR:
        src = Path(node_modules) / package / rel
        if not src.is_file():
            raise SiteError(
                f"{src}: missing; the query page bundles it from npm. Run `make` (it runs `npm ci`) or `npm ci`."
            )
        shutil.copyfile(src, dest / src.name)
        meta = json.loads((Path(node_modules) / package / "package.json").read_text(encoding="utf-8"))
        note = f"{src.name}: {package} {meta.get('version', '?')}, licence {meta.get('license', '?')} ({meta.get('homepage', '')})"
        notes.append(note)
    _write(dest / "LICENSES.txt", "Files bundled from npm (see package.json and package-lock.json):\n" + "\n".join(notes) + "\n")
    return len(VENDOR) + 1


def graph_ntriples(triples: Iterable[tuple]) -> str:
    """The whole graph as N-Triples, one line per triple in sorted order (the same graph gives the same bytes):
    what the query page loads into the browser when no endpoint answers."""
    return "".join(graph_ntriples_lines(triples))


def graph_ntriples_lines(triples: Iterable[tuple]) -> list[str]:
    """graph_ntriples's lines, sorted, each with its newline.

    `triples`: rdflib terms (a Graph, or GraphView.triples()). Each line is written by rdflib's own N-Triples
    row writer (the one Graph.serialize(format="nt") uses, so the bytes are those of serialising a Graph),
    without building a Graph."""
    lines = list(_nt_lines(triples))
    lines.sort()
    return lines


def _nt_lines(triples: Iterable[tuple]) -> Iterator[str]:
    from rdflib.plugins.serializers.nt import _nt_row

    for t in triples:
        yield from (line + "\n" for line in _nt_row(t).splitlines() if line.strip())


# graph.nt's lines are sorted in runs of this many, each spilled to a file, then merged: at 1000x its 2.3
# million lines held at once were 700 MB on top of the view (docs/benchmarks.md, session 21).
RUN_LINES = 500_000


def released_ntriples(release_dir: Path | None) -> Path | None:
    """The release's sorted N-Triples of the same graph (pactkg dist: the staging folder the site is made in), or
    None. The query page loads graph.nt when no endpoint answers; in `pactkg dist` it is that file, linked, rather
    than the same lines sorted again (some 20 s and a spill of runs at 1000x), and so the two are one by
    construction, not only when rdflib's and pyoxigraph's N-Triples happen to agree."""
    if release_dir is None:
        return None
    from pactkg.publish.dump_formats import DUMP_STEM

    path = Path(release_dir) / f"{DUMP_STEM}.nt"
    return path if path.is_file() else None


def write_graph_ntriples(triples: Iterable[tuple], path: Path, run: int = RUN_LINES) -> None:
    """graph_ntriples's bytes into `path`, never more than `run` lines held: each run sorted and written to a
    file in a temporary folder beside `path` (removed again), the runs merged as they are read (heapq.merge:
    the order of one sort of all the lines, which keep their newline as before)."""
    import heapq
    import tempfile

    rows = _nt_lines(triples)
    lines = sorted(itertools.islice(rows, run))
    if len(lines) < run:  # all of them: one sort, nothing spilled
        _write(path, lines)
        return
    with tempfile.TemporaryDirectory(prefix=".graph-nt-", dir=path.parent) as spill:
        runs = []
        while lines:
            runs.append(Path(spill) / f"run-{len(runs)}.nt")
            _write(runs[-1], lines)
            lines = sorted(itertools.islice(rows, run))
        files = [open(r, encoding="utf-8", newline="\n") for r in runs]
        try:
            _write(path, heapq.merge(*files))
        finally:
            for f in files:
                f.close()


class EntityDocuments:
    """Each entity's id/<slug>.ttl and .jsonld: the release's per-entity documents
    (pactkg.publish.entity_documents: the entity's triples both ways, their provenance, the labels of what they
    mention, the document's licence), addressed as the deployment setting says; the same bytes as the
    release's id/<slug>.ttl and .jsonld for the same graph."""

    def __init__(self, nt: str | Path, deploy=None):
        """`nt`: the graph as N-Triples text, or the path of a file holding it (graph.nt)."""
        import pyoxigraph as ox

        from pactkg.publish import deployment, entity_documents

        self._docs = entity_documents
        self._ox = ox
        self.deploy = deploy if deploy is not None else deployment.Deployment()
        quads = (ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES) if isinstance(nt, Path)
                 else ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        triples = [q.triple for q in quads]
        self.index = entity_documents.Index(triples)

    def of(self, slug: str) -> tuple[str, str]:
        """(Turtle, JSON-LD) of the entity's document."""
        d, ox = self._docs, self._ox
        url = self.deploy.url(self.deploy.entity_resource(slug))
        triples = d.describe(self.index, ox.NamedNode(str(LVD) + slug), url)
        return (d.serialize(triples, ox.RdfFormat.TURTLE).decode("utf-8"),
                d.serialize(triples, ox.RdfFormat.JSON_LD).decode("utf-8"))

    def put(self, slug: str, id_dir: Path | str) -> str:
        """Write the entity's id/<slug>.ttl and .jsonld into `id_dir`; return the JSON-LD (its page embeds it)."""
        ttl, jsonld = self.of(slug)
        _write(f"{os.fspath(id_dir)}/{slug}.ttl", ttl)
        _write(f"{os.fspath(id_dir)}/{slug}.jsonld", jsonld)
        return jsonld


def link_or_copy(src: str | Path, dest: str | Path) -> None:
    """`dest` a hard link to `src`, or a copy where no link can be made (EXDEV, EPERM, EMLINK, ENOTSUP ...): the
    same bytes either way. A missing `src` raises FileNotFoundError."""
    try:
        os.link(src, dest)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copyfile(src, dest)


class ReleasedDocuments:
    """Each entity's id/<slug>.ttl and .jsonld taken from the release written beside the site from the same graph
    (the same bytes EntityDocuments makes: tests/dist/test_everything.py), so that `pactkg dist` indexes and
    serialises every entity's document once, not twice (the index of the whole graph is the site's largest
    holder of memory otherwise).

    put() makes the site's files hard links to the release's (os.link: the site and the release are in one
    staging folder), so that the 500 000 documents at 1000x (some 2 GB) are neither read nor written again; where
    a link cannot be made (another file system, one without hard links, a limit of links) the file is copied.
    Either way the site's file has the release file's bytes (docs/site.md)."""

    def __init__(self, root: Path):
        self.root = Path(root) / "id"
        self._root = os.fspath(self.root)  # paths joined as text: pathlib's joins were 3% of the entity pages

    def of(self, slug: str) -> tuple[str, str]:
        """(Turtle, JSON-LD) of the entity's document; a missing one: SiteError naming it."""
        out = []
        for suffix in (".ttl", ".jsonld"):
            path = self.root / f"{slug}{suffix}"
            try:
                out.append(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise self._missing(path, slug) from None
        return out[0], out[1]

    def put(self, slug: str, id_dir: Path | str) -> str:
        """Link (else copy) the entity's .ttl and .jsonld into `id_dir`; return the JSON-LD (its page embeds it;
        the Turtle is never read). A missing document: SiteError naming it, the Turtle first."""
        id_dir = os.fspath(id_dir)
        for suffix in (".ttl", ".jsonld"):
            src, dest = f"{self._root}/{slug}{suffix}", f"{id_dir}/{slug}{suffix}"
            try:
                link_or_copy(src, dest)
            except FileNotFoundError:
                if not os.path.exists(src):
                    raise self._missing(Path(src), slug) from None
                raise
        with open(f"{self._root}/{slug}.jsonld", "rb") as fh:
            return fh.read().decode("utf-8")

    @staticmethod
    def _missing(path: Path, slug: str) -> SiteError:
        return SiteError(f"{path}: missing; the release beside the site has no document for {slug}. "
                         "Build the release and the site from the same graph (`make`).")


def read_source_text(graph) -> SourceText | None:
    """The article and the coverage exclusions where the build's inputs say (PACTKG_SOURCE …); None if absent.
    `graph`: an rdflib Graph or a GraphView (what the coverage reads: subjects() and objects())."""
    from pactkg.build import evidence_check as evidence, sentence_coverage as coverage
    from pactkg.common.inputs import Inputs

    inputs = Inputs.from_env()
    try:
        exclusions = coverage.load_exclusions(inputs.exclusions_file)
    except coverage.ExclusionsError as exc:
        raise SiteError(str(exc)) from exc
    return source_text(graph, evidence.read_source(inputs.source_file), exclusions)


def endpoint_for(dep=None) -> str:
    """The SPARQL endpoint the query page asks: the published one from publish/deployment.toml
    (`pactkg.publish.deployment`, the same setting void.ttl names), else, for a local build, the one `make serve`
    and `make deploy-local` answer beside the site (DEFAULT_ENDPOINT). A broken setting: SiteError."""
    from pactkg.publish import deployment

    try:
        dep = dep if dep is not None else deployment.load()
    except deployment.DeploymentError as exc:
        raise SiteError(str(exc)) from None
    return dep.sparql_endpoint or DEFAULT_ENDPOINT


def site_options(
    graph, site_dir: Path, outline: Path | None = None, release_dir: Path | None = None,
    endpoint: str | None = None, deploy=None, documents_dir: Path | None = None,
) -> SiteOptions:
    """The options for a site that will live at `site_dir`: the release files are looked for in
    `release_dir`, else in the site's parent folder (dist/ for dist/site/) when it holds SHA256SUMS; the
    endpoint, unless given, from the deployment setting (endpoint_for). `graph`: the GraphView (or an rdflib
    Graph) the source page's coverage is read from. `documents_dir`: SiteOptions.documents_dir."""
    from pactkg.publish import deployment

    site_dir = Path(site_dir)
    if deploy is None:
        try:
            deploy = deployment.load()
        except deployment.DeploymentError as exc:
            raise SiteError(str(exc)) from None
    if endpoint is None:
        endpoint = endpoint_for(deploy)
    if release_dir is None and (site_dir.parent / "SHA256SUMS").is_file():
        release_dir = site_dir.parent
    opts = SiteOptions(Path(outline) if outline else default_outline(), release_dir, endpoint=endpoint, deploy=deploy,
                       documents_dir=documents_dir)
    if release_dir is not None:
        opts.release_href = release_href(site_dir, release_dir)
    opts.source = read_source_text(graph)
    return opts


def map_places(view: GraphView, opts: SiteOptions) -> set:
    """The places the map shows (its markers and drawn lines): computed before anything is written, so that
    `pactkg dist` can do it while the release still works (pactkg.dist.site_aside)."""
    return {m.place for m in markers(view)} | drawn_lines(view, opts.outline)


def render_site(view: GraphView, root: Path, opts: SiteOptions | Path, on_map: set | None = None) -> int:
    """Write every file of the site under `root` (an empty folder); return how many were written.

    `opts` may also be just the outline's path (as callers wrote before SiteOptions): then the downloads page
    lists no release and the source page says the article was not available. `on_map`: map_places(view, opts),
    when already known."""
    if not isinstance(opts, SiteOptions):
        opts = SiteOptions(Path(opts))
    (root / "assets").mkdir()
    (root / "id").mkdir()
    _write(root / MARKER, MARKER_TEXT)
    n = 0
    static = resources.files("pactkg.site") / "static"
    for name in ASSETS:
        _write(root / "assets" / name, (static / name).read_text(encoding="utf-8"))
        n += 1
    n += copy_vendor(opts.node_modules, root / "assets" / "vendor")
    (root / "assets" / "data").mkdir()
    graph_nt = root / "assets" / "data" / "graph.nt"
    released_nt = released_ntriples(opts.documents_dir)
    if released_nt is not None:
        link_or_copy(released_nt, graph_nt)
    else:
        write_graph_ntriples(view.triples(), graph_nt)
    n += 1
    if opts.documents_dir is not None:
        documents = ReleasedDocuments(opts.documents_dir)
    else:
        documents = EntityDocuments(graph_nt, opts.deploy)  # read from the file: the text is not held
    if on_map is None:
        on_map = map_places(view, opts)
    for lang in LANGS:
        (root / lang / "id").mkdir(parents=True)
    n += site_pages(view, root, documents, on_map, _top_pages(view, root, opts))
    return n


def _top_pages(view: GraphView, root: Path, opts: SiteOptions) -> list[tuple[str, Callable[[], int]]]:
    """The pages that are not an entity's, each a task (its name, a function writing it that returns how many
    files it wrote), the largest first: at 1000x browse.html and source.html are some 100 MB each.

    Each page is written as soon as it is made: downloads.html was 500 MB before it summed the per-entity
    documents, and holding every top page of both languages at once set the site's peak (docs/benchmarks.md)."""
    def one(lang: str, name: str, make: Callable[[], object]) -> Callable[[], int]:
        def write() -> int:
            with language(lang):  # a page in pieces is made as it is written: in its language too
                _write(root / lang / name, make())
            return 1
        return write

    def downloads() -> int:
        # The release's files, read from SHA256SUMS once for both languages (only the per-entity documents'
        # totals are kept: downloads.ReleaseListing); a row per release file, the per-entity documents (1.25
        # million at 1000x) a row per format.
        listing = release_listing(iter_release_files(opts.release_dir))
        for lang in LANGS:
            one(lang, "downloads.html", lambda: downloads_page_parts(listing, opts.release_href, opts.endpoint))()
        return len(LANGS)

    def timelines() -> int:
        # Both languages' timelines from one list of the events (timeline.timeline_pages)
        for lang, html in timeline_pages(view).items():
            _write(root / lang / "timeline.html", html)
        return len(LANGS)

    def browse() -> int:
        # Both languages' index from one pass over the entities, each entry made once (indexpage.index_pages_parts)
        _write_each([root / lang / "browse.html" for lang in LANGS], index_pages_parts(view))
        return len(LANGS)

    def roots() -> int:
        _write(root / "index.html", chooser_page(view, None))
        _write(root / "404.html", not_found_root())
        return 2

    def maps() -> int:
        world = opts.node_modules / WORLD_ATLAS
        data = map_data(view, opts.outline, world)  # what both languages' maps draw, made once
        for lang in LANGS:
            one(lang, "map.html", lambda: map_page(view, opts.outline, world, data))()
        neighbours.forget()
        return len(LANGS)

    tasks = []
    for name, make in (
        ("source.html", lambda: source_page_parts(view, opts.source)),  # in pieces: never held whole
        ("index.html", lambda: home_page(view)),
        ("query.html", lambda: query_page(view, opts.endpoint)),
        ("404.html", not_found_page),
    ):
        tasks += [(f"{lang}/{name}", one(lang, name, make)) for lang in LANGS]
    tasks.insert(0, ("browse.html", browse))  # both languages, in pieces: never held whole
    # Both languages' maps in one task: the neighbours' TopoJSON (world-atlas, some 60 MB once parsed) is read
    # in one process, not in both, and let go of once both are written (the other process is still working).
    tasks.insert(3, ("map.html", maps))
    tasks.insert(4, ("downloads.html", downloads))
    tasks.insert(5, ("timeline.html", timelines))
    tasks.append(("index.html and 404.html", roots))
    return tasks


# The site's pages are written by two processes from this many entities on (fork_map: the second a forked copy
# sharing the view); below it one process, since a fork's start and the copies it makes cost more than they
# save (docs/site.md). Each process takes CHUNK entities at a time, or one top page.
PARALLEL_FROM_ENTITIES = 1_000
CHUNK = 200
# A failure's rank when several tasks fail: an entity's first (in the view's order), as one process meets them.
_ENTITY, _INLINE, _TOP = range(3)


def site_pages(view: GraphView, root: Path, documents, on_map: set, top: list[tuple[str, Callable[[], int]]]) -> int:
    """Write every entity's files (its document, its chooser page and its page in each language), every inline
    node's, and the `top` pages (_top_pages); return how many files.

    In two processes above PARALLEL_FROM_ENTITIES, from the start to the end: each takes the next task (a top
    page, the largest first, then CHUNK entities at a time) and writes its files, so that no page passes between
    them and both finish within a chunk of each other (docs/site.md). In one process the entities come first,
    then the inline nodes, then the top pages. A failure stops both processes at their next task; of the
    failures met, the first entity's (in the view's order) is the SiteError raised, else the first inline
    node's, else the top page's (a SiteError or MapError); a worker that fails otherwise or dies is a SiteError
    saying so. Either way the caller's folder is left to be removed: nothing is swapped in."""
    nodes = list(view.entities)
    inline = list(view.inline)
    tasks = ([(_ENTITY, i, nodes[i:i + CHUNK]) for i in range(0, len(nodes), CHUNK)]
             + [(_INLINE, i, inline[i:i + CHUNK]) for i in range(0, len(inline), CHUNK)]
             + [(_TOP, i, write) for i, (_, write) in enumerate(top)])
    workers = fork_map.workers_for(len(nodes) >= PARALLEL_FROM_ENTITIES)
    failed = multiprocessing.get_context("fork").Value("b", 0, lock=False) if workers > 1 else None
    if workers > 1:
        tasks = [t for t in tasks if t[0] == _TOP] + [t for t in tasks if t[0] != _TOP]

    def run(task: tuple) -> int | Exception:
        kind, _, work = task
        if failed is not None and failed.value:
            return 0  # another task failed: its message is raised, nothing more is needed
        try:
            if kind == _ENTITY:
                return sum(_entity_files(view, root, documents, node, node in on_map) for node in work)
            if kind == _INLINE:
                return sum(_inline_files(view, root, documents, node) for node in work)
            return work()
        except (SiteError, MapError) as exc:
            if failed is None:
                raise
            failed.value = 1
            return exc

    try:
        done = fork_map.fork_map(run, tasks, workers)
    except fork_map.ForkMapError as exc:
        raise SiteError(f"the site's pages could not be written: {exc}") from None
    errors = sorted((t[0], t[1], d) for t, d in zip(tasks, done) if isinstance(d, Exception))
    if errors:
        raise errors[0][2]
    return sum(done)


def _inline_files(view: GraphView, root: Path, documents, node) -> int:
    """A node shown inside other pages (model.INLINE_CLASSES): its document and its id/<slug>.html."""
    slug = view.inline[node].slug
    documents.put(slug, root / "id")
    _write(root / "id" / f"{slug}.html", inline_page(view, node))
    return 3


def _entity_files(view: GraphView, root: Path, documents, node, on_map: bool) -> int:
    """One entity's files (see site_pages); a node its pages cannot be made from: SiteError naming it."""
    ent = view.entities[node]
    base = os.fspath(root)  # paths joined as text: pathlib's joins were 3% of the entity pages (session 22)
    try:
        jsonld = documents.put(ent.slug, f"{base}/id")
        pages = entity_pages(view, node, jsonld, on_map=on_map)  # both languages' pages, made together
    except (ValueError, IndexError, TypeError) as exc:
        raise SiteError(f"{node}: cannot make its page: {exc}. Fix the entity in data/ and run again.") from exc
    _write(f"{base}/id/{ent.slug}.html", chooser_page(view, node))
    for lang, html in pages.items():
        _write(f"{base}/{lang}/id/{ent.slug}.html", html)
    return 3 + len(pages)


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output folder whose content is not a site this command wrote: replacing it would delete it."""
    try:
        output_folder.check_replaceable(Path(out_dir), MARKER, "--out")
    except output_folder.NotOurFolder as exc:
        raise SiteError(str(exc)) from None


def build_site(
    graph: Iterable[tuple], out_dir: Path, outline: Path | None = None, release_dir: Path | None = None,
    endpoint: str | None = None,
) -> SiteReport:
    """Build into a temporary sibling of `out_dir`, then replace `out_dir` with it (nothing else is touched).
    `out_dir` must be new, empty, or a site written here before (check_replaceable).

    `release_dir`: the folder with the release files (SHA256SUMS) for the downloads page; by default the
    site's parent folder (dist/ for dist/site/) when it holds a release.

    `graph`: an rdflib Graph or its triples (GraphView); nothing here keeps it once the view is made."""
    out_dir = Path(out_dir)
    check_replaceable(out_dir)
    view = GraphView(graph)
    del graph
    opts = site_options(view, out_dir, outline, release_dir, endpoint)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = staging.make(out_dir, "new")
    try:
        files = render_site(view, tmp, opts)
        os.chmod(tmp, 0o755)
        atomic_swap.swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteReport(out_dir, len(view.entities), files, len(timeline_items(view)), len(markers(view)))
