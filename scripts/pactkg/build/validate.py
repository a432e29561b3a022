"""SHACL validation of the union of ontology and data, with a report a historian can read.

The union (not the data alone) is the data graph because SHACL class targets and sh:class follow
rdfs:subClassOf *in the data graph*: a shape targeting lvp:Event reaches an lvp:Signing only if the
ontology's subclass triples are there. Passing the ontology as pyshacl's ont_graph would do the same but
makes pyshacl clone the whole data graph first; the union is validated in place (measured on the 10x
graph: 3.5 CPU s in place, 3.95 s with the ontology as ont_graph).

No RDFS inference (inference="none"). Inference is not needed for targets (see above) and does harm:
rdfs:domain/range type nodes from the properties they use, so shapes hit nodes they were not written for,
and a node that forgot its rdf:type gets one silently. Measured on 26 Nov on the real graph (3 318 triples,
CPU seconds): inference="rdfs" took 4.3 s against 0.35 s without, and reported 8 more violations, all
spurious (lvp:BaseUse nodes typed lvp:Stationing through a property's domain, quotations typed as
entities needing descriptions). On the 10x graph: 8.5 s against 3.5 s.

SPARQL-based targets are computed on pyoxigraph before pyshacl runs (materialise_sparql_targets): 1.5 s of
rdflib SPARQL became milliseconds on the real graph, with identical results.

Before pyshacl runs, each target-bearing node shape's property shapes are made shapes of their own with the
node shape's targets (flatten_property_shapes): SHACL gives the same results for a property shape reached
through sh:property and for the same property shape with those targets, and pyshacl checks the flattened
form faster. Same results on all 273 shape cases (a test compares them with plain pyshacl) and on the
synthetic graphs. One process validates (no second process holding a second copy of the graph). Measured
with `python bench/run.py --ref COMMIT --scales 1,10,100 --runs 3,3,1` on 27 Nov (busy machine), `pactkg
build` at 100x (170 894 triples): 42.5 CPU s and 808 MB peak before (cc95292: nested shapes, two processes),
27.6 CPU s and 405 MB after (9661c78); see docs/benchmarks.md.

Warnings (sh:Warning, sh:Info) are printed but do not fail the build; violations do.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from pactkg.build import load
from pactkg.build.one_graph_store import OneGraph
from pactkg.common.inputs import Inputs
from pactkg.build.turtle_writer import short


class ShapesMissing(Exception):
    def __init__(self, path: Path):
        self.path = Path(path)

    def __str__(self) -> str:
        return (
            f"{self.path}: the SHACL shapes file is missing. Validation needs it (issue 2: the shapes are part "
            "of the build); restore ontology/shapes.ttl or set PACTKG_SHAPES."
        )


class ShapesInvalid(Exception):
    """pyshacl refused the shapes graph (e.g. a malformed SPARQL constraint)."""

    def __str__(self) -> str:
        return f"the SHACL shapes cannot be used: {self.args[0]}\n  Fix ontology/shapes.ttl (this is not a data error)."


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation", "Warning", "Info"
    shape: str
    message: str
    focus: str
    path: str
    value: str


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    triples: int
    shapes: int

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    def summary_line(self) -> str:
        if self.conforms:
            return f"SHACL validation: conforms ({self.triples} triples, {self.shapes} shape{'s' if self.shapes != 1 else ''})"
        n = len(self.violations)
        return (
            f"SHACL validation: does NOT conform: {n} violation{'s' if n != 1 else ''} "
            f"({self.triples} triples, {self.shapes} shapes)"
        )


def load_shapes(path: Path, terms: dict | None = None) -> Graph:
    """The shapes graph (`terms`: see load.load_graph)."""
    path = Path(path)
    if not path.is_file():
        raise ShapesMissing(path)
    return load.load_graph([path], terms)


def count_shapes(shapes: Graph) -> int:
    """Node shapes: declared sh:NodeShape or carrying a target. (Property shapes belong to them.)"""
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        nodes.update(shapes.subjects(target, None))
    nodes -= set(shapes.subjects(RDF.type, SH.PropertyShape))
    return len(nodes)


def _path_text(shapes: Graph, results: Graph, path) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return short(path)
    for g in (results, shapes):
        inv = g.value(path, SH.inversePath)
        if inv is not None:
            return "^" + _path_text(shapes, results, inv)
        alt = g.value(path, SH.alternativePath)
        if alt is not None:
            return "|".join(_path_text(shapes, results, p) for p in g.items(alt))
        items = list(g.items(path))
        if items:
            return "/".join(_path_text(shapes, results, p) for p in items)
    return "(complex path)"


def _shape_text(shapes: Graph, shape) -> str:
    if isinstance(shape, URIRef):
        return short(shape)
    parent = next(iter(shapes.subjects(SH.property, shape)), None)
    path = shapes.value(shape, SH.path)
    inner = f"property {_path_text(shapes, shapes, path)}" if path is not None else "inline shape"
    return f"{short(parent)} ({inner})" if parent is not None else f"({inner})"


def _message(results: Graph, shapes: Graph, result, shape) -> str:
    msgs = list(results.objects(result, SH.resultMessage)) or list(shapes.objects(shape, SH.message))
    if not msgs:
        return "(no message)"
    for lang in ("en", None):
        for m in msgs:
            if isinstance(m, Literal) and m.language == lang:
                return str(m)
    return str(sorted(msgs)[0])


@contextmanager
def _parsed_query_cache():
    """Parse each SPARQL text once while pyshacl runs.

    pyshacl hands rdflib the *text* of a SPARQL-based constraint once per focus node, and rdflib parses it
    again each time (pyparsing: ~40 ms a query). Measured on the shapes of 26 Nov: 9 of 11 s of one shape's
    validation went to parsing the same 4 queries 216 times. A parsed query is reusable with other initial
    bindings (that is what rdflib's prepareQuery is for), so caching changes no result. The patch lives only
    for the duration of one validation.
    """
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.evaluate import evalQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            parsed = cache.get(key)
            if parsed is None:
                parsed = cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = parsed
        return evalQuery(self.graph, strOrQuery, initBindings, base)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def _prefix_header(shapes: Graph, node) -> str:
    """PREFIX lines for a SPARQL-based target or constraint, from its sh:prefixes declarations."""
    lines = []
    for decl_owner in shapes.objects(node, SH.prefixes):
        for decl in shapes.objects(decl_owner, SH.declare):
            prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines))) + "\n"


def materialise_sparql_targets(shapes: Graph, store) -> Graph:
    """A copy of the shapes in which every SPARQL-based target is replaced by the nodes it selects.

    A sh:SPARQLTarget means "the focus nodes are the ?this bindings of this SELECT on the data graph"
    (SHACL-AF). pyshacl runs those SELECTs with rdflib, whose SPARQL engine scans the whole graph in Python:
    measured on 26 Nov (`pactkg bench --per-shape 10`), two such targets took 6.7 of 9.9 s at 10x. Run on
    pyoxigraph over the same files, the same SELECTs take milliseconds; their answers become
    sh:targetNode values, so pyshacl validates exactly the same focus nodes with exactly the same shapes.
    A target that selects blank nodes (whose identity differs between the two stores) or fails to run on
    pyoxigraph is left to pyshacl unchanged.
    """
    return with_target_answers(shapes, sparql_target_answers(shapes, store))


def sparql_target_answers(shapes: Graph, store) -> list[tuple] | None:
    """(shape, target, the IRIs it selects) for each SPARQL-based target pyoxigraph answers; None when the shapes
    have no SPARQL-based target. Picklable: the build computes them in a forked copy (pipeline.check)."""
    import pyoxigraph as ox

    targets = [(shape, t) for shape, t in shapes.subject_objects(SH.target) if (t, RDF.type, SH.SPARQLTarget) in shapes]
    if not targets:
        return None
    answers = []
    for shape, target in targets:
        select = shapes.value(target, SH.select)
        if select is None or (target, SH.filterShape, None) in shapes:
            continue
        try:
            solutions = store.query(_prefix_header(shapes, target) + str(select))
            nodes = [sol["this"] for sol in solutions]
        except (SyntaxError, OSError, KeyError):
            continue  # pyshacl will run (and report on) this target itself
        if not all(isinstance(n, ox.NamedNode) for n in nodes):
            continue
        answers.append((shape, target, [n.value for n in nodes]))
    return answers


def with_target_answers(shapes: Graph, answers: list[tuple] | None) -> Graph:
    """The shapes with each answered target replaced by its nodes (sparql_target_answers); `shapes` itself when
    they have no SPARQL-based target."""
    if answers is None:
        return shapes
    out = OneGraph()
    out += shapes
    for shape, target, nodes in answers:
        out.remove((shape, SH.target, target))
        out.remove((target, None, None))
        for n in nodes:
            out.add((shape, SH.targetNode, URIRef(n)))
    return out


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def flatten_property_shapes(shapes: Graph) -> Graph:
    """A copy of the shapes in which each property shape of a node shape with targets carries those targets
    itself, instead of being reached through the node shape's sh:property.

    A property shape's results (focus node, path, value, message, source shape) are the same either way; only
    pyshacl's route to them changes. Left as they are: node shapes without targets (nested in sh:or, sh:not,
    sh:node …), deactivated or closed ones (sh:closed reads the sh:property paths), and node shapes with a
    SPARQL-based target that stayed (materialise_sparql_targets could not compute it), or implicit class
    targets. The node shape keeps its own constraints and targets.
    """
    from rdflib.namespace import OWL, RDFS

    out = OneGraph()
    out += shapes
    for node in sorted(set(shapes.subjects(SH.property, None)), key=str):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if (
            not targets
            or (node, SH.target, None) in shapes
            or (node, SH.deactivated, None) in shapes
            or (node, SH.closed, None) in shapes
            or (node, RDF.type, RDFS.Class) in shapes
            or (node, RDF.type, OWL.Class) in shapes
        ):
            continue
        for prop in shapes.objects(node, SH.property):
            if len(set(shapes.subjects(SH.property, prop))) != 1:
                continue  # shared by several node shapes: left nested, so nothing is validated twice or lost
            out.remove((node, SH.property, prop))
            for p, o in targets:
                out.add((prop, p, o))
    return out


def _pyshacl(data: Graph, shapes: Graph, named_by: Graph | None = None) -> list[Result]:
    """pyshacl's results; shapes are named from `named_by` (the shapes as written) when given."""
    from pyshacl import validate

    has_rules = (None, SH.rule, None) in shapes
    with _parsed_query_cache():
        _conforms, results_graph, _text = validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,  # SHACL-AF: the shapes use SPARQL-based targets
            allow_warnings=True,
            # In place (no copy of the graph) unless SHACL rules could add triples to the graph we publish.
            inplace=not has_rules,
        )
    if not isinstance(results_graph, Graph):  # pyshacl's ValidationFailure: the shapes themselves are broken
        raise ShapesInvalid(str(results_graph))
    return _results_of(results_graph, named_by if named_by is not None else shapes)


def _results_of(results_graph: Graph, shapes: Graph) -> list[Result]:
    results = []
    for r in results_graph.subjects(RDF.type, SH.ValidationResult):
        shape = results_graph.value(r, SH.sourceShape)
        severity = results_graph.value(r, SH.resultSeverity)
        value = results_graph.value(r, SH.value)
        results.append(
            Result(
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                shape=_shape_text(shapes, shape),
                message=_message(results_graph, shapes, r, shape),
                focus=short(results_graph.value(r, SH.focusNode)),
                path=_path_text(shapes, results_graph, results_graph.value(r, SH.resultPath)),
                value=short(value) if value is not None else "",
            )
        )
    return results


def validate_graph(data: Graph, shapes: Graph, store=None) -> Report:
    """Validate `data` (the union of ontology and data) against `shapes`; no inference.

    `store` is a pyoxigraph Store holding the same triples (the build passes the one it parsed for the QC
    checks); without it one is made from `data`. It is used only to compute SPARQL-based targets fast.
    """
    from pactkg.build.qc_checks import store_from_graph

    if store is None and (None, SH.target, None) in shapes:
        store = store_from_graph(data)
    return validate_prepared(data, prepare_shapes(shapes, store), shapes)


def prepare_shapes(shapes: Graph, store, answers: list[tuple] | None = None) -> Graph:
    """The shapes as pyshacl runs them: SPARQL-based targets computed on `store` (a pyoxigraph Store of the
    data), property shapes flattened. Needs the store only here, so that the build can free it before it
    parses the data with rdflib (both at once cost ~0.9 GB more at 1000x). With store None, `answers` are
    the targets' answers computed elsewhere (sparql_target_answers on such a store)."""
    if (None, SH.target, None) in shapes:
        shapes = with_target_answers(shapes, answers if store is None else sparql_target_answers(shapes, store))
    return flatten_property_shapes(shapes)


def validate_prepared(data: Graph, prepared: Graph, written: Graph) -> Report:
    """Validate `data` against shapes from prepare_shapes; results are named from `written` (the shapes
    as the file has them)."""
    results = _pyshacl(data, prepared, named_by=written)
    results.sort(key=lambda x: (x.severity != "Violation", x.shape, x.message, x.focus, x.path, x.value))
    conforms = not any(r.severity == "Violation" for r in results)
    return Report(conforms=conforms, results=results, triples=len(data), shapes=count_shapes(written))


def format_results(results: list[Result]) -> str:
    """Group by severity, shape and message; then one line per focus node, property path and value."""
    groups: dict[tuple[str, str, str], list[Result]] = defaultdict(list)
    for r in results:
        groups[(r.severity, r.shape, r.message)].append(r)
    out = []
    for (severity, shape, message), rows in groups.items():
        out.append(f"\n[{severity}] {shape}: {message}  ({len(rows)} result{'s' if len(rows) != 1 else ''})")
        w_focus = max(len(r.focus) for r in rows)
        w_path = max(len(r.path) for r in rows)
        for r in rows:
            line = f"    {r.focus:<{w_focus}}  {r.path or '-':<{w_path}}  {r.value}".rstrip()
            out.append(line)
    return "\n".join(out)


def format_report(report: Report) -> str:
    text = report.summary_line()
    if report.results:
        text += "\n" + format_results(report.results)
    return text


def validate_inputs(inputs: Inputs) -> tuple[Graph, Report]:
    """Parse the union and the shapes named by `inputs` and validate. Raises ParseError, ShapesMissing."""
    from pactkg.build.qc_checks import store_from_files

    shapes = load_shapes(inputs.shapes_file)
    graph = load.load_graph(inputs.graph_files())
    return graph, validate_graph(graph, shapes, store_from_files(inputs.graph_files()))


# -- command line ---------------------------------------------------------------------------------

def add_arguments(parser) -> None:
    parser.add_argument("--shapes", type=Path, help="SHACL shapes file (default: ontology/shapes.ttl)")


def run(args) -> int:
    inputs = Inputs.from_env()
    if getattr(args, "shapes", None):
        inputs = inputs.with_(shapes_file=args.shapes)
    from pactkg.build import input_guards

    try:
        if Path(inputs.shapes_file).is_file():
            input_guards.check_shapes(Path(inputs.shapes_file))  # no shapes: "conforms" would mean nothing
        _graph, report = validate_inputs(inputs)
    except (load.ParseError, ShapesMissing, ShapesInvalid, input_guards.InputRefused) as exc:
        print(exc, file=sys.stderr)
        return 1
    out = sys.stdout if report.conforms else sys.stderr
    print(format_report(report), file=out)
    return 0 if report.conforms else 1
