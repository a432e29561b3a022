"""`pactkg release`: everything a release ships, written into a new folder beside dist/ and swapped in.

The files (see docs/publishing.md): the Turtle dump (from pactkg.build.pipeline, after SHACL and the other checks),
sorted N-Triples, JSON-LD with the published context, the context, the ontology (Turtle, JSON-LD, HTML
documentation), the SHACL shapes, the Wikidata mapping set, the changelog entry against the previous
release, the VoID/DCAT description and SHA256SUMS.

Nothing is written into dist/ itself until every file is complete and checked: on any failure the
staging folder is removed and the previous dist/ is left exactly as it was. dist/ is replaced as a whole.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import os
import shutil
import sys
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import Graph

from pactkg.build import load, pipeline, qc_checks, validate
from pactkg.common import (
    atomic_swap, build_lock, checksums, fork_map, fork_task, memory_return, output_folder, paths, staging,
)
from pactkg.common.inputs import Inputs
from pactkg.link import mappings, sssom_tsv
from pactkg.publish import changelog, dataset_description, dump_formats, dump_view, ontology_docs, release_version
from pactkg.publish import (
    citation, deployment, entity_documents, host_files, quality_report, rdf12_edition, release_pages, self_check,
)

DESCRIPTION_NAME = "void.ttl"
CHANGES_NAME = "CHANGES.md"
MAPPINGS_DIR = "mappings"
DIGEST_LOG = ".entity-digests"  # hidden: checksums.release_files leaves it out
# From an N-Triples dump of this size on, the entity documents are written by a forked copy beside the other
# steps (see build_release). At 10x (5.9 MB) it did not pay: 7.5-8.8 s of wall time forked against 7.4-8.6 s
# not (the JSON-LD and the edition take 1 s there, and the copy's writes cost it more CPU); 100x is 55 MB.
DOCUMENTS_ASIDE_FROM = 32 * 2**20


class ReleaseFailed(Exception):
    """A step of the release failed; the message says which and what to do."""


def _inputs():
    """The build's inputs (overridable by PACTKG_* variables)."""
    return Inputs.from_env()


def _check_ontology_version(ontology: Graph, version: str) -> None:
    """The ontology's owl:versionInfo and owl:versionIRI name this release (…/ontology/<version>)."""
    from rdflib import URIRef
    from rdflib.namespace import OWL

    from pactkg.common.namespaces import ONTOLOGY_IRI

    onto = URIRef(ONTOLOGY_IRI)
    want_iri = URIRef(f"{ONTOLOGY_IRI}/{version}")
    iris = set(ontology.objects(onto, OWL.versionIRI))
    infos = {str(o) for o in ontology.objects(onto, OWL.versionInfo)}
    if iris != {want_iri} or infos != {version}:
        raise ReleaseFailed(
            f"ontology/pact.ttl: the ontology says version {sorted(infos) or 'none'} and versionIRI "
            f"{sorted(str(i) for i in iris) or 'none'}; the release is {version}. Set owl:versionInfo \"{version}\" "
            f"and owl:versionIRI <{want_iri}>."
        )


def _write_mappings(stage: Path, graph: Graph) -> list[Path]:
    """The Wikidata mapping set into stage/mappings/ (as `pactkg mappings export` writes it), when present.

    Uses the linking area's module: the curated SSSOM set, checked against the dump's graph (a broken set
    stops the release), and the list of linkable entities that still lack a mapping.
    """
    if not mappings.curated_path().is_file():
        return []
    try:
        ms = mappings.load_curated(None, graph)
    except (mappings.MappingError, sssom_tsv.SSSOMError) as exc:
        raise ReleaseFailed(f"{mappings.curated_path()}: the mapping set does not pass its checks:\n{exc}") from None
    out = stage / MAPPINGS_DIR
    out.mkdir()
    sssom_tsv.write(ms, out / mappings.CURATED_NAME)
    sssom_tsv.write_atomic(out / mappings.UNMAPPED_NAME, mappings.unmapped_tsv(graph, ms))
    return sorted(out.iterdir())


def _mappings_not_in_dump(graph: Graph) -> int:
    """How many curated mapping triples the dump lacks (0 when the build merges them, as it should)."""
    if not mappings.curated_path().is_file():
        return 0
    return sum(1 for t in mappings.mapping_triples() if t not in graph)


def build_release(
    stage: Path,
    info: release_version.ReleaseInfo,
    dep: deployment.Deployment | None = None,
    use_build: bool = True,
    log: Callable[[str], None] = print,
    documents_written: Callable[[], None] | None = None,
) -> list[str]:
    """Write every file of the release into `stage` (an empty folder); return their relative paths.

    documents_written(): called once the entity documents are written (the release's memory has fallen then;
    `pactkg dist` starts its site there, pactkg.dist.site_aside)."""
    dep = dep or deployment.load()
    inputs = _inputs()
    try:
        cit = citation.load()
        citation.check(cit, info.version, info.released)
    except citation.CitationError as exc:
        raise ReleaseFailed(str(exc)) from None

    # The build keeps no graph of the dump (about 1.4 kB a triple: 3.3 GB at 1000x): every step below reads the
    # dump's triples streamed from the file (docs/publishing.md).
    dump, *_build_outputs = dump_formats.write_turtle(stage, use_build=use_build, log=log)
    nt = stage / f"{dump_formats.DUMP_STEM}.nt"  # written by the build's QC copy on a large dump (ntriples_ahead)
    if not nt.is_file():
        nt = dump_formats.write_ntriples(dump, stage)
    # The entity documents (a million files at 1000x) need only the N-Triples: a large release writes them in
    # a forked copy started here, while this process does all the rest up to the RDF 1.2 edition (on two
    # cores, side by side: at 100x some 21 s of CPU here, 12 s of writing there). The copy parses the documents'
    # bytes for the self-check until this process is done (`busy`), so that neither waits long for the other
    # (self_check.ParsingWriter). A small release writes them here, after those, and parses them in the
    # self-check, as before. The two are large at once (docs/publishing.md): the statistics' graph here, the
    # copy's index of every triple there.
    large = fork_map.workers_for(nt.stat().st_size >= DOCUMENTS_ASIDE_FROM) > 1
    busy = multiprocessing.RawValue("b", 1)  # shared with the copy: it parses while this process is busy
    stopped_at = multiprocessing.RawValue("q", -1)  # set by the copy: how many of its log's lines it parsed
    with fork_task.started(lambda: _write_entity_documents(stage, nt, dep, lambda: busy.value, stopped_at),
                           fork=large) as documents:
        ontology_file, shapes_file = Path(inputs.ontology_file), Path(inputs.shapes_file)
        shutil.copyfile(ontology_file, stage / "ontology.ttl")
        ontology = Graph()
        ontology.parse(stage / "ontology.ttl", format="turtle")
        _check_ontology_version(ontology, info.version)
        context = dump_formats.full_context(ontology)
        dump_formats.write_context(ontology, stage)
        dump_formats.write_jsonld(stage / "ontology.ttl", stage, context, name="ontology.jsonld")
        ontology_docs.write(stage / "ontology.ttl", stage)
        if shapes_file.is_file():
            shutil.copyfile(shapes_file, stage / "shapes.ttl")
        else:
            log(f"warning: {shapes_file} does not exist; the release has no shapes.ttl")
        # One pass over the dump's triples: the statistics, and a graph of the few properties the mapping set's
        # check, the quality report and the description read (pactkg.publish.dump_view).
        # The JSON-LD dump made in the same pass (the dump's triples parsed into rdflib terms once for both),
        # and written at once, so that its index of nodes is not held past it.
        jsonld = dump_formats.StreamedJsonld(stage / f"{dump_formats.DUMP_STEM}.jsonld", context)
        with jsonld:
            with memory_return.kept_apart():  # the view lives to the quality report, given back after it
                stats, graph = dump_view.read(dump, also=jsonld.add)
            jsonld_written = jsonld.finish()
        _write_mappings(stage, graph)
        missing = _mappings_not_in_dump(graph)
        if missing:
            log(f"warning: {missing} curated Wikidata mappings are not in the dump, so the linksets in void.ttl "
                "do not count them (the build should merge pactkg.link.mappings.mapping_triples())")

        title = f"[{info.version}] - {info.released.isoformat()}"
        if info.baseline is not None:
            d = changelog.diff_files(info.baseline, nt)
            text = changelog.to_markdown(
                d, title, f"release {info.baseline_version} (releases/{info.baseline.name})", f"release {info.version}"
            )
            notes = f"{d.n_added} triples added and {d.n_removed} removed since release {info.baseline_version}; see CHANGES.md."
        else:
            text = changelog.first_release_markdown(title, stats.triples, stats.entities)
            notes = "First release."
        (stage / CHANGES_NAME).write_text(text, encoding="utf-8")

        footer = release_pages.cite_block(citation.citation_text(cit), info.version)
        _write_citation(stage, cit)
        names = [a.name for a in cit.authors]
        (stage / "team.ttl").write_text(release_pages.team_turtle(names, str(dataset_description.TEAM), str(dataset_description.DATASET)), encoding="utf-8")
        (stage / "team.html").write_text(release_pages.team_html(names, footer), encoding="utf-8")
        shapes_graph = Graph().parse(stage / "shapes.ttl", format="turtle") if (stage / "shapes.ttl").is_file() else None
        source = Path(inputs.source_file)
        qc_failures = qc_checks.remembered_results(dump, Path(inputs.checks_dir))  # the build's run, when on this dump
        report = quality_report.compute(
            # Without the build's SHACL and QC results, they are run here, on every triple.
            graph if use_build and qc_failures is not None else load.parse_file(dump),
            shapes_graph, Path(inputs.checks_dir),
            source.read_text(encoding="utf-8") if source.is_file() else None, Path(inputs.exclusions_file),
            validated=use_build,
            qc_failures=qc_failures,
        )
        # Only the description's few triples are needed past this point (docs/benchmarks.md, session 19).
        description_source = dataset_description.description_source(graph)
        del graph
        (stage / "quality.ttl").write_bytes(quality_report.to_graph(report, info.version).serialize(format="turtle", encoding="utf-8"))
        (stage / "quality.html").write_text(quality_report.to_html(report, info.version, footer), encoding="utf-8")
        memory_return.give_back()  # what the streamed pass kept (about half the triples as an rdflib graph)
        if not jsonld_written:  # the dump's triples did not allow it streamed: from the whole graph, as before
            dump_formats.write_jsonld(dump, stage, context)
        rdf12_edition.write(nt, stage)
        busy.value = 0  # the documents not yet written are parsed by the self-check's two processes
        # While the copy still writes, the self-check's largest files are read and parsed here, then the
        # documents the copy writes from now on, unparsed, as they are logged (self_check.parse_ahead).
        ahead = self_check.parse_ahead(stage, documents.running, skip_dirs=("id/",),
                                       follow=self_check.LogFollower(stage / DIGEST_LOG, lambda: stopped_at.value))
        try:
            _written, parsed = documents.result()
        except fork_map.ForkMapError as exc:
            raise ReleaseFailed(f"The release's entity documents could not be written: {exc}") from None
    if documents_written is not None:
        documents_written()
    for ttl in ("ontology.ttl", "shapes.ttl", "team.ttl", "quality.ttl"):
        if (stage / ttl).is_file():
            host_files.write_variants(stage, ttl)
    digests = checksums.Digests()  # each file hashed once: as written, or here, and for SHA256SUMS below
    _write_landing_page(stage, cit, info, dep, stats, footer)

    # Only the files the description lists (its distributions): not a FileInfo, a stat and a digest lookup
    # for each of the 1.25 million entity documents and type maps at 1000x, which it leaves out.
    files = [
        dataset_description.FileInfo(rel, (stage / rel).stat().st_size, digests(stage / rel))
        for rel in _distributions(stage)
    ]
    inp = dataset_description.DescriptionInputs(
        version=info.version,
        released=info.released,
        first_released=info.first_released,
        files=files,
        sparql_endpoint=dep.sparql_endpoint,
        version_notes=notes,
        local_note=dep.local_note,
        title=cit.title,
        abstract=cit.abstract,
        creators=tuple(names),
        contact=tuple(a.name for a in cit.contact),
        quality=True,
    )
    desc = dataset_description.describe(description_source, inp, stats)
    (stage / DESCRIPTION_NAME).write_bytes(desc.serialize(format="turtle", encoding="utf-8"))
    # Written after the description, which cannot describe them: its other syntaxes, the type maps, the
    # host's rules and the w3id.org rules (pactkg.host_files).
    host_files.write_negotiation(stage, dep.entity_dir)
    host_files.write_w3id(stage, dep)
    checksums.write_sums(stage, digests, logs=(stage / DIGEST_LOG,))
    _self_check(stage, parsed=(stage / DIGEST_LOG, parsed), ahead=ahead)  # reads every file again from disk, once
    (stage / DIGEST_LOG).unlink()
    _normalise_modes(stage)
    return checksums.release_files(stage, exclude=())


def _write_entity_documents(
    stage: Path, nt: Path, dep: deployment.Deployment, keep_parsing: Callable[[], bool], stopped_at=None,
) -> tuple[entity_documents.Written, int]:
    """id/: the entity documents, from the triples streamed from the N-Triples file (no list of them all).

    Their digests go to a log file as they are written (a million files at 1000x: not kept in memory, and it
    can be written by a forked copy), which write_sums reads; hidden, so it is no release file, and removed
    once the self-check is done. While keep_parsing(), each document's bytes are parsed before they are
    written (self_check.ParsingWriter); returned with how many of the log's first lines are of parsed files,
    which is also put in stopped_at (a shared value) as soon as parsing stops, for the other process to parse
    the rest as they are logged (self_check.LogFollower)."""
    def on_stop(parsed: int) -> None:
        if stopped_at is not None:
            stopped_at.value = parsed

    with checksums.DigestLog(stage, stage / DIGEST_LOG) as logged:
        writer = self_check.ParsingWriter(logged.write_bytes, checksums.write_file, keep_parsing, on_stop)
        written = entity_documents.write_all(
            (q.triple for q in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)), stage,
            lambda slug: dep.url(dep.entity_resource(slug)), html_page=dep.page_path, write=writer.write,
        )
    return written, writer.parsed


def _write_citation(stage: Path, cit: citation.Citation) -> None:
    """citation/: CITATION.cff as it is, DataCite XML and JSON, and the Zenodo deposit metadata."""
    out = stage / "citation"
    out.mkdir()
    shutil.copyfile(citation.CITATION_FILE, out / "CITATION.cff")  # read at call time (tests patch it)
    (out / "datacite.xml").write_text(citation.datacite_xml(cit), encoding="utf-8")
    (out / "datacite.json").write_text(citation.dumps(citation.datacite_json(cit)), encoding="utf-8")
    (out / "zenodo.json").write_text(citation.dumps(citation.zenodo_json(cit)), encoding="utf-8")


def _distributions(stage: Path) -> list[str]:
    """The release's files that the description lists as distributions (sorted), found without listing the
    folders none of them is in (id/: a million entity documents at 1000x)."""
    listed = checksums.release_files(stage, skip_dirs=dataset_description.NOT_DISTRIBUTED_DIRS)
    return [rel for rel in listed if dataset_description.is_distribution(rel)]


def _write_landing_page(stage: Path, cit, info, dep, stats, footer: str) -> None:
    """dataset.html: the dataset's landing page with its schema.org Dataset markup (JSON-LD)."""
    downloads = []
    for rel in _distributions(stage):
        if rel != "dataset.html":
            size = (stage / rel).stat().st_size
            downloads.append((rel, dataset_description.FILE_TITLES.get(rel, rel), dataset_description.media_type(rel), size))
    dumps = [(f"{dataset_description.RELEASES_BASE}{info.version}/{rel}", mt, size)
             for rel, _t, mt, size in downloads if rel.startswith(dump_formats.DUMP_STEM + ".")]
    temporal = (str(stats.temporal[0]), str(stats.temporal[1])) if stats.temporal else None
    markup = citation.schema_org_dataset(cit, str(dataset_description.DATASET), dumps, temporal, info.first_released)
    (stage / "dataset.html").write_text(release_pages.dataset_html(
        title=cit.title, abstract=cit.abstract, version=info.version, released=info.released.isoformat(),
        license_url=cit.license_url, downloads=downloads, sparql_endpoint=dep.sparql_endpoint,
        local_note=dep.local_note, schema_org=markup, footer=footer,
    ), encoding="utf-8")


# Folders of a release whose files are all written by checksums.write_file (os.open with mode 0o666, so
# the umask gives them the published mode) and by nothing else: _normalise_modes leaves their files alone.
# id/: the entity documents and type maps (entity_documents.write_all), 1.25 million files at 1000x, where
# a chmod each cost some 5 s. tests/publish/test_release_process.py checks every mode of a release.
WRITTEN_WITH_PUBLISHED_MODES = ("id",)


def _normalise_modes(stage: Path, skip_files_in: tuple[str, ...] = WRITTEN_WITH_PUBLISHED_MODES) -> None:
    """Readable by everyone (as published files are), whatever temporary-file modes the writers used.

    skip_files_in: folders (relative to stage, "/"-separated, each flat: no folder below it) whose files
    already have that mode (WRITTEN_WITH_PUBLISHED_MODES); the folders themselves are still set."""
    umask = os.umask(0)
    os.umask(umask)
    top = os.fspath(stage)
    skipped = {os.path.join(top, *rel.split("/")) for rel in skip_files_in}
    for folder, dirs, files in os.walk(top):  # os.walk, not rglob: millions of files at 1000x
        for d in dirs:
            os.chmod(os.path.join(folder, d), 0o777 & ~umask)
        # such a folder is flat: it is neither listed nor entered (its own mode is set above, from its parent)
        dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skipped]
        for f in files:
            os.chmod(os.path.join(folder, f), 0o666 & ~umask)


def _self_check(stage: Path, parsed: tuple[Path, int] | None = None, ahead=()) -> None:
    """Last look before publishing: every RDF file parses and SHA256SUMS matches (pactkg.publish.self_check;
    parsed: the log of the files whose bytes their writer parsed, and how many of its lines; ahead: the
    files parsed ahead, with their sums)."""
    try:
        problems = self_check.check(stage, parsed=parsed, ahead=ahead)
    except fork_map.ForkMapError as exc:
        raise ReleaseFailed(f"The release's self-check could not finish: {exc}") from None
    if problems:
        shown = problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise ReleaseFailed("The release's self-check failed:\n  " + "\n  ".join(shown))


def release(
    dist: Path,
    dep: deployment.Deployment | str | None = None,
    info: release_version.ReleaseInfo | None = None,
    use_build: bool = True,
    log: Callable[[str], None] = print,
) -> list[str]:
    """Build the release beside `dist` and swap it in; on failure `dist` is untouched."""
    info = info or release_version.release_info()
    dist = Path(dist).absolute()
    dist.parent.mkdir(parents=True, exist_ok=True)
    stage = staging.make(dist, "release")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(stage, 0o777 & ~umask)
        if isinstance(dep, str):
            dep = deployment.load(base=dep)
        files = build_release(stage, info, dep, use_build=use_build, log=log)
        atomic_swap.swap_in(stage, dist)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return files


def freeze(dist: Path, releases_dir: Path = release_version.RELEASES_DIR, version: str | None = None) -> Path:
    """Keep this release's N-Triples as releases/<version>.nt.gz, the next release's changelog baseline.

    gzip without a name or timestamp in its header, so the file depends only on the triples.
    """
    version = version or release_version.__version__
    nt = Path(dist) / f"{dump_formats.DUMP_STEM}.nt"
    if not nt.is_file():
        raise ReleaseFailed(f"{nt}: missing. Run `make release` first.")
    releases_dir.mkdir(parents=True, exist_ok=True)
    target = releases_dir / f"{version}.nt.gz"
    tmp = releases_dir / f".{target.name}.tmp"
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(nt.read_bytes())
    tmp.replace(target)
    return target


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, default=None, help="output folder, replaced whole (default: build/release/, or $PACTKG_DIST)")
    parser.add_argument(
        "--deploy-base",
        default=None,
        help="the URL where a web server serves this release (default: publish/deployment.toml's base; "
        "none or a loopback address: a build for local use). The SPARQL endpoint is <base>sparql.",
    )
    parser.add_argument("--freeze", action="store_true", help="after releasing, keep the N-Triples as releases/<version>.nt.gz")


def run(args) -> int:
    dist = args.dist or paths.dev_output("release")
    expected: tuple[type[BaseException], ...] = (
        ReleaseFailed, release_version.ReleaseInfoError, changelog.DiffError, load.ParseError, ValueError, OSError,
        deployment.DeploymentError,
    )
    expected += (pipeline.BuildFailed, validate.ShapesMissing)
    try:
        with build_lock.exclusive(Path(dist).absolute()):  # one build of a folder at a time (issue 10)
            output_folder.check_replaceable(Path(dist), f"{dump_formats.DUMP_STEM}.ttl")
            dep = deployment.load(base=args.deploy_base if args.deploy_base else None)
            files = release(dist, dep)
    except (build_lock.Busy, output_folder.NotOurFolder) as exc:
        print(exc, file=sys.stderr)
        return 1
    except expected as exc:
        print(f"{exc}\n\nRelease failed; {dist} was not changed.", file=sys.stderr)
        return 1
    try:
        if args.freeze:
            kept = freeze(dist)
            print(f"Kept {kept.relative_to(paths.ROOT) if kept.is_relative_to(paths.ROOT) else kept}")
    except expected as exc:
        print(f"{exc}\n\nReleased into {dist}, but the baseline was not kept.", file=sys.stderr)
        return 1
    print(release_listing(files, dist))
    return 0


def release_listing(files: list[str], dist: Path) -> str:
    """What `pactkg release` prints: each file with its size, the entity documents in id/ only counted (one
    per entity and format: 1.25 million lines at 1000x otherwise)."""
    documents = sum(1 for rel in files if rel.startswith("id/"))
    lines = [f"Released {len(files)} files into {dist}:"]
    lines += [f"  {rel}  ({(dist / rel).stat().st_size} bytes)" for rel in files if not rel.startswith("id/")]
    if documents:
        lines.append(f"  id/  ({documents} entity documents)")
    return "\n".join(lines)
