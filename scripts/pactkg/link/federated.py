"""Run a federated query (queries/federated/*.rq): our graph joined with Wikidata through SERVICE.

Engine choice (checked, not assumed): pyoxigraph and the oxigraph server both evaluate SERVICE, but they send
the SERVICE pattern on its own — without the bindings already found — as a GET with no User-Agent. Against
the Wikidata Query Service that is both impolite and hopeless (`?item wdt:P569 ?born` for every item). So
the query runs on rdflib, whose engine evaluates a SERVICE inside a join or OPTIONAL once per solution of
the left side; through rdflib's documented extension point (CUSTOM_EVALS) this module evaluates the SERVICE
part itself:

- the variables of the SERVICE pattern that are already bound are sent as a VALUES row (written with
  sparql_literal), so each request asks about known items only;
- a SERVICE pattern with none of its variables bound is refused (it would ask about all of Wikidata);
- requests go through the polite WdqsClient (descriptive User-Agent, one at a time with a pause, 429 and
  5xx handling, bad bodies are failures); identical requests are asked once;
- `--wikidata-endpoint URL` sends the Wikidata SERVICE to a stand-in (the tests use a local oxigraph server
  loaded with a Wikidata-shaped fixture); other SERVICE IRIs are refused.

Our graph = ontology + data + the curated links as triples (mapping_triples), or a published dump.
Results are printed as TSV (variables, then one row per solution, terms in N-Triples form).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.sparql import FrozenBindings, QueryContext

from pactkg.build import load
from pactkg.link import mappings
from pactkg.common import paths
from pactkg.common import sparql_quoting as sl
from pactkg.common.inputs import Inputs
from pactkg.link.wdqs_client import DEFAULT_ENDPOINT, WdqsClient, WdqsError, add_client_arguments, client_from_args

FEDERATED_DIR = paths.QUERIES_DIR / "federated"
_SERVICE_TEXT = re.compile(r"^service\s+(?:silent\s+)?<([^>]*)>\s*\{(.*)\}\s*$", re.DOTALL | re.IGNORECASE)
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_EVAL_KEY = "pactkg-wikidata-service"


class FederationError(RuntimeError):
    pass


def _term(v) -> str:
    if isinstance(v, URIRef):
        return sl.iri(str(v))
    if isinstance(v, Literal):
        if v.language:
            return sl.string(str(v), v.language)
        if v.datatype:
            return sl.string(str(v)) + "^^" + sl.iri(str(v.datatype))
        return sl.string(str(v))
    raise FederationError(f"cannot send {v!r} to a SERVICE (blank nodes have no meaning there)")


class WikidataService:
    """Evaluates SERVICE <https://query.wikidata.org/sparql> { ... } parts for rdflib, politely."""

    def __init__(self, client: WdqsClient, prefixes: dict[str, str] | None = None):
        self.client = client
        self.prefixes = prefixes or {}  # the query's own PREFIX declarations, sent along with the SERVICE part
        self.cache: dict[str, list[dict]] = {}
        self.requests = 0

    def query_text(self, ctx: QueryContext, inner: str) -> str:
        names = sorted(set(_VAR.findall(inner)))
        bound = [(n, ctx.get(Variable(n))) for n in names]
        bound = [(n, v) for n, v in bound if v is not None and not isinstance(v, BNode)]
        if not bound:
            raise FederationError(
                "a SERVICE block would be sent with none of its variables bound (it would ask about every "
                "item); put it inside a group after the patterns that bind its items"
            )
        prefixes = "".join(f"PREFIX {p}: {sl.iri(ns)}\n" for p, ns in sorted(self.prefixes.items()))
        values = sl.values_block([n for n, _ in bound], [[_term(v) for _, v in bound]])
        return f"{prefixes}SELECT * WHERE {{\n  {values}\n  {inner}\n}}"

    def evaluate(self, ctx: QueryContext, part):
        m = _SERVICE_TEXT.match(part.get("service_string", "") or "")
        if not m:
            raise FederationError("could not read the SERVICE block")
        if m.group(1) != DEFAULT_ENDPOINT:
            raise FederationError(f"only SERVICE <{DEFAULT_ENDPOINT}> is supported, not <{m.group(1)}>")
        text = self.query_text(ctx, m.group(2))
        if text not in self.cache:
            self.cache[text] = self.client.select(text)
            self.requests += 1
        for row in self.cache[text]:
            found = {}
            for name, cell in row.items():
                value = _from_json(cell)
                if value is not None:
                    found[Variable(name)] = value
            if all(ctx.get(v) in (None, value) for v, value in found.items()):
                yield FrozenBindings(ctx, found)


def _from_json(cell: dict):
    t, v = cell.get("type"), cell.get("value")
    if t == "uri":
        return URIRef(v)
    if t in ("literal", "typed-literal"):
        if cell.get("xml:lang"):
            return Literal(v, lang=cell["xml:lang"])
        if cell.get("datatype"):
            return Literal(v, datatype=URIRef(cell["datatype"]))
        return Literal(v)
    return None  # blank nodes from the service cannot be joined on


_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][A-Za-z0-9_.-]*|):\s*<([^>\s]*)>", re.IGNORECASE | re.MULTILINE)


def declared_prefixes(query: str) -> dict[str, str]:
    """The PREFIX declarations of a query text (not the graph's bindings: those may differ, e.g. schema:)."""
    return {p: iri for p, iri in _PREFIX.findall(query) if p}


@contextlib.contextmanager
def wikidata_service(client: WdqsClient, prefixes: dict[str, str] | None = None):
    svc = WikidataService(client, prefixes)

    def custom_eval(ctx, part):
        if part.name == "ServiceGraphPattern":
            return svc.evaluate(ctx, part)
        raise NotImplementedError()

    CUSTOM_EVALS[_EVAL_KEY] = custom_eval
    try:
        yield svc
    finally:
        CUSTOM_EVALS.pop(_EVAL_KEY, None)


def our_graph(inputs: Inputs, mappings_path: Path | None = None, dump: Path | None = None) -> Graph:
    if dump:
        g = Graph()
        g.parse(dump)
        return g
    g = load.load_graph(inputs.graph_files())
    g += mappings.mapping_triples(mappings_path)
    return g


def run_query(graph: Graph, query: str, client: WdqsClient) -> tuple[list[str], list[list[str]]]:
    """(variables, rows); cells are N-Triples terms, empty if unbound. Rows sorted unless the query orders them."""
    with wikidata_service(client, declared_prefixes(query)):
        res = graph.query(query)
        variables = [str(v) for v in res.vars]
        rows = [[r[v].n3() if r[v] is not None else "" for v in res.vars] for r in res]
    if not re.search(r"\bORDER\s+BY\b", query, re.IGNORECASE):
        rows.sort()
    return variables, rows


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", type=Path, help="a .rq file, e.g. queries/federated/signatories-birth-dates.rq")
    add_client_arguments(p)
    p.add_argument("--mappings", type=Path, default=None, help="curated SSSOM file (default mappings/wikidata.sssom.tsv)")
    p.add_argument("--dump", type=Path, default=None, help="query this RDF file (e.g. the published dump) instead of data/")


def run(args: argparse.Namespace) -> int:
    try:
        query = Path(args.query).read_text(encoding="utf-8")
        graph = our_graph(Inputs.from_env(), args.mappings, args.dump)
        client = client_from_args(args)
        variables, rows = run_query(graph, query, client)
    except FileNotFoundError as exc:
        print(f"pactkg federated: {exc}", file=sys.stderr)
        return 1
    except WdqsError as exc:
        print(f"pactkg federated: {exc}", file=sys.stderr)
        return 3
    except (FederationError, sl.UnsafeValue, load.ParseError, mappings.MappingError) as exc:
        print(f"pactkg federated: {args.query}: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # rdflib's parser raises pyparsing errors for a broken query
        print(f"pactkg federated: {args.query}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("\t".join("?" + v for v in variables))
    for r in rows:
        print("\t".join(r))
    print(f"{len(rows)} rows; {client.requests_sent} requests to {client.endpoint}", file=sys.stderr)
    return 0
