"""The curated links from our entities to Wikidata items: read, check, turn into triples, list the gaps.

The curated set is mappings/wikidata.sssom.tsv (SSSOM/TSV, see sssom_tsv.py). Only a person edits it: each
row pairs one of our entities with the Wikidata item that public material was seen pairing with it, and the
row's comment says where. Tools (the reconciler) write proposals elsewhere, never here.

`mapping_triples()` gives the rows as RDF (subject predicate object) for the dump. `unmapped_rows()` lists
the entities of linkable kinds that still have no row: mappings/unmapped.tsv is generated from it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from pactkg.build import load
from pactkg.common import paths
from pactkg.build import turtle_writer
from pactkg.link import sssom_tsv
from pactkg.link import wikidata_vocabulary
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVD, WD

MAPPINGS_DIR = paths.ROOT / "mappings"
CURATED_NAME = "wikidata.sssom.tsv"
UNMAPPED_NAME = "unmapped.tsv"

ALLOWED_PREDICATES = {"owl:sameAs": OWL.sameAs, "skos:exactMatch": SKOS.exactMatch, "skos:closeMatch": SKOS.closeMatch}
REQUIRED_SLOTS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "mapping_justification",
    "confidence",
    "author_id",
    "mapping_date",
    "comment",
)
CURATED_JUSTIFICATION = "semapv:ManualMappingCuration"
_WD_ITEM = re.compile(r"^wd:Q[1-9][0-9]*$")
_LVD = re.compile(r"^lvd:[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def mappings_dir() -> Path:
    return Path(os.environ.get("PACTKG_MAPPINGS_DIR", MAPPINGS_DIR))


def curated_path() -> Path:
    return mappings_dir() / CURATED_NAME


class MappingError(ValueError):
    """The curated set breaks a rule; the message lists every problem with its line."""


def validate(ms: sssom_tsv.MappingSet, name: str, graph: Graph | None = None) -> list[str]:
    """Every problem of the curated set, as 'file, line N: what, and what to do' strings."""
    problems: list[str] = []
    md = ms.metadata
    for slot in ("mapping_set_id", "license", "curie_map"):
        if not md.get(slot):
            problems.append(f"{name}: the metadata block lacks {slot}")
    seen_subject: dict[str, int] = {}
    seen_object: dict[str, tuple[int, str]] = {}
    for i, row in enumerate(ms.rows):
        where = f"{name}, line {ms.line_of(i)}"
        missing = [s for s in REQUIRED_SLOTS if not row.get(s)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        s, p, o = row["subject_id"], row["predicate_id"], row["object_id"]
        if not _LVD.fullmatch(s):
            problems.append(f"{where}: subject_id {s!r} is not one of our entities (lvd:slug)")
        if p not in ALLOWED_PREDICATES:
            problems.append(f"{where}: predicate_id {p!r} must be one of {sorted(ALLOWED_PREDICATES)}")
        if not _WD_ITEM.fullmatch(o):
            problems.append(f"{where}: object_id {o!r} is not a Wikidata item (wd:Q…)")
        if row["mapping_justification"] != CURATED_JUSTIFICATION:
            problems.append(f"{where}: a curated row's mapping_justification must be {CURATED_JUSTIFICATION}")
        try:
            c = float(row["confidence"])
            if not 0.0 < c <= 1.0:
                raise ValueError
        except ValueError:
            problems.append(f"{where}: confidence {row['confidence']!r} must be a number in (0, 1]")
        if not _DATE.fullmatch(row["mapping_date"]):
            problems.append(f"{where}: mapping_date {row['mapping_date']!r} must be YYYY-MM-DD")
        else:
            try:
                date.fromisoformat(row["mapping_date"])
            except ValueError:
                problems.append(f"{where}: mapping_date {row['mapping_date']!r} is not a real day")
        if s in seen_subject:
            problems.append(f"{where}: {s} is already mapped on line {seen_subject[s]}; keep one row per entity")
        seen_subject.setdefault(s, ms.line_of(i))
        if o in seen_object and p != "skos:closeMatch":
            problems.append(f"{where}: {o} is already the item of {seen_object[o][1]} (line {seen_object[o][0]})")
        seen_object.setdefault(o, (ms.line_of(i), s))
        if graph is not None and _LVD.fullmatch(s):
            iri = URIRef(ms.expand(s))
            if (iri, RDF.type, None) not in graph:
                problems.append(f"{where}: {s} is not an entity of the data (no rdf:type); fix the slug")
            else:
                en = sorted(str(l) for l in graph.objects(iri, RDFS.label) if getattr(l, "language", None) == "en")
                if en and row["subject_label"] not in en:
                    problems.append(
                        f"{where}: subject_label {row['subject_label']!r} differs from the data's English label "
                        f"{en[0]!r}; copy the label from the data"
                    )
    return problems


def load_curated(path: Path | None = None, graph: Graph | None = None) -> sssom_tsv.MappingSet:
    """Read and check the curated set; raise MappingError listing every problem."""
    path = Path(path) if path else curated_path()
    ms = sssom_tsv.read(path)
    problems = validate(ms, str(path), graph)
    if problems:
        raise MappingError("\n".join(problems))
    return ms


def triples_of(ms: sssom_tsv.MappingSet) -> Graph:
    """The curated rows as triples (lvd:x owl:sameAs|skos:exactMatch wd:Q…); negated rows give none."""
    g = Graph()
    for prefix, ns in (("lvd", LVD), ("wd", WD), ("owl", OWL), ("skos", SKOS)):
        g.bind(prefix, ns)
    for row in ms.rows:
        if row.get("predicate_modifier") == "Not":
            continue
        g.add((URIRef(ms.expand(row["subject_id"])), ALLOWED_PREDICATES[row["predicate_id"]], URIRef(ms.expand(row["object_id"]))))
    return g


def mapping_triples(path: Path | None = None) -> Graph:
    """The curated set's triples; the dump gets them through data/wikidata-links.ttl (see links_ttl_text)."""
    return triples_of(load_curated(path))


LINKS_TTL_NAME = "wikidata-links.ttl"
LINKS_TTL_HEADER = """\
# Links to Wikidata: GENERATED from mappings/wikidata.sssom.tsv by `make mappings-ttl`; do not edit by hand.
# Edit the curated SSSOM file (each row carries the evidence for its id), then regenerate this file.
# owl:sameAs for the same individual; skos:exactMatch where ours is the state as an actor (docs/linking.md).

"""


def links_ttl_text(ms: sssom_tsv.MappingSet) -> str:
    """The curated mappings as a data file, deterministic (the project's own Turtle writer)."""
    g = triples_of(ms)
    return LINKS_TTL_HEADER + turtle_writer.to_turtle(g)


def write_links_ttl(ms: sssom_tsv.MappingSet, path: Path) -> None:
    sssom_tsv.write_atomic(path, links_ttl_text(ms))


# ----------------------------------------------------------------------------------------------------
# Kinds of our entities


def class_closure(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """For every class, itself and all its superclasses (rdfs:subClassOf*), from the ontology in `graph`."""
    supers: dict[URIRef, set[URIRef]] = {}
    for c, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(c, URIRef) and isinstance(sup, URIRef):
            supers.setdefault(c, set()).add(sup)
    memo: dict[URIRef, set[URIRef]] = {}

    def up(c: URIRef, stack: frozenset = frozenset()) -> set[URIRef]:
        if c in memo:
            return memo[c]
        out = {c}
        for s in supers.get(c, ()):
            if s not in stack:
                out |= up(s, stack | {c})
        memo[c] = out
        return out

    for c in list(supers) + [t for t in graph.objects(None, RDF.type) if isinstance(t, URIRef)]:
        up(c)
    return memo


def entity_types(graph: Graph, iri: URIRef, closure: dict | None = None) -> set[URIRef]:
    closure = closure if closure is not None else class_closure(graph)
    out: set[URIRef] = set()
    for t in graph.objects(iri, RDF.type):
        if isinstance(t, URIRef):
            out |= closure.get(t, {t})
    return out


def kind_of(types: set[URIRef]) -> wikidata_vocabulary.Kind | None:
    for k in wikidata_vocabulary.KINDS:
        if types & set(k.our_classes):
            return k
    return None


def linkable_entities(graph: Graph) -> list[tuple[URIRef, wikidata_vocabulary.Kind | None]]:
    """Our entities (lvd:) of linkable classes, sorted, with their kind (None: no kind to reconcile with)."""
    closure = class_closure(graph)
    linkable = set(wikidata_vocabulary.LINKABLE_CLASSES)
    out = []
    for s in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(LVD))}):
        types = entity_types(graph, s, closure)
        if types & linkable:
            out.append((s, kind_of(types)))
    return out


def label(graph: Graph, iri: URIRef, lang: str = "en") -> str:
    labels = sorted(str(l) for l in graph.objects(iri, RDFS.label) if getattr(l, "language", None) == lang)
    return labels[0] if labels else ""


def curie(iri: URIRef) -> str:
    s = str(iri)
    if s.startswith(str(LVD)):
        return "lvd:" + s[len(str(LVD)) :]
    if s.startswith(str(WD)):
        return "wd:" + s[len(str(WD)) :]
    return s


UNMAPPED_HEADER = (
    "# Entities of linkable kinds that have no curated Wikidata link yet (generated by `pactkg mappings unmapped`;\n"
    "# do not edit). Add a row to wikidata.sssom.tsv only with an id seen paired with the entity in public\n"
    "# material, and say where in its comment. `make link` proposes candidates to review.\n"
)


def unmapped_rows(graph: Graph, ms: sssom_tsv.MappingSet) -> list[dict[str, str]]:
    mapped = {r["subject_id"] for r in ms.rows}
    rows = []
    for iri, kind in linkable_entities(graph):
        c = curie(iri)
        if c in mapped:
            continue
        rows.append({"subject_id": c, "subject_label": label(graph, iri), "kind": kind.name if kind else ""})
    return rows


def unmapped_tsv(graph: Graph, ms: sssom_tsv.MappingSet) -> str:
    lines = [UNMAPPED_HEADER + "subject_id\tsubject_label\tkind"]
    for r in unmapped_rows(graph, ms):
        lines.append(f"{r['subject_id']}\t{r['subject_label']}\t{r['kind']}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------------
# CLI: pactkg mappings {check,export,unmapped}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["check", "export", "unmapped", "ttl"], help=(
        "check: the curated set is valid and every subject exists in the data; "
        "export: write DIST/mappings/wikidata.sssom.tsv and unmapped.tsv; "
        "unmapped: regenerate mappings/unmapped.tsv; "
        "ttl: regenerate data/wikidata-links.ttl from the curated rows"))
    p.add_argument("--mappings", type=Path, default=None, help="curated SSSOM file (default mappings/wikidata.sssom.tsv)")
    p.add_argument("--out", type=Path, default=None, help="output folder for export (default DIST/mappings)")


def run(args: argparse.Namespace) -> int:
    inputs = Inputs.from_env()
    try:
        graph = load.load_graph(inputs.graph_files())
        ms = load_curated(args.mappings, graph)
    except (load.ParseError, sssom_tsv.SSSOMError, MappingError) as exc:
        print(f"pactkg mappings: {exc}", file=sys.stderr)
        return 1
    if args.action == "check":
        print(f"{len(ms.rows)} curated mappings OK; {len(unmapped_rows(graph, ms))} linkable entities still lack one")
        return 0
    if args.action == "ttl":
        out = inputs.data_dir / LINKS_TTL_NAME
        write_links_ttl(ms, out)
        print(f"wrote {out}")
        return 0
    if args.action == "unmapped":
        out = (args.out or mappings_dir()) / UNMAPPED_NAME
        sssom_tsv.write_atomic(out, unmapped_tsv(graph, ms))
        print(f"wrote {out}")
        return 0
    out_dir = args.out or (inputs.dist_dir / "mappings")
    sssom_tsv.write(ms, out_dir / CURATED_NAME)
    sssom_tsv.write_atomic(out_dir / UNMAPPED_NAME, unmapped_tsv(graph, ms))
    print(f"wrote {out_dir / CURATED_NAME} ({len(ms.rows)} mappings) and {out_dir / UNMAPPED_NAME}")
    return 0
