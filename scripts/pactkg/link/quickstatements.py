"""Statements our graph has and Wikidata lacks, as QuickStatements v1 (`pactkg quickstatements`).

For mapped items only, and only for facts our primary source (the Latvian Wikipedia article) states:
- a treaty's signatories (P1891), from the lvp:Signing event that lvp:produced it and its lvp:signatory;
- a treaty's point in time (P585), the signing event's lvp:date (with its precision);
- a place's country (P17), from lvp:country.
Each candidate statement is looked up on the endpoint (many per request); a statement already there is
skipped, a point in time that differs from Wikidata's is not emitted but reported as a conflict, for a
person to look at, and a statement on or pointing at an item that is now a redirect or gone is skipped. Every line carries the reference: S854 (reference URL) = the article's lvp:url and S813
(retrieved) = the article's lvp:accessDate, or, where the data has none, the ontology's dcterms:created —
never the clock, so the same input gives the same file.

QuickStatements v1: one statement per line, tab-separated: item, property, value, then reference pairs
(S-prefixed properties); times as +YYYY-MM-DDT00:00:00Z/precision (11 day, 10 month, 9 year).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from pactkg.build import load
from pactkg.link import mappings
from pactkg.link import entity_profiles
from pactkg.link import sssom_tsv
from pactkg.link import wikidata_vocabulary
from pactkg.link import wikidata_items
from pactkg.common import sparql_quoting as sl
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVP, ONTOLOGY_IRI, SOURCE_ARTICLE
from pactkg.link.wdqs_client import PREFIXES, WdqsClient, WdqsError, add_client_arguments, batch_size, client_from_args

OUT_NAME = "wikidata.qs"
PRECISION = {str(LVP.precisionDay): 11, str(LVP.precisionMonth): 10, str(LVP.precisionYear): 9}


@dataclass(frozen=True)
class Statement:
    item: str  # Q…
    prop: str  # P…
    value: str  # Q… or a time "+YYYY-MM-DDT00:00:00Z/11"
    why: str  # our fact, for the report

    def is_item_value(self) -> bool:
        return sl.is_qid(self.value)


class QSError(ValueError):
    pass


def qs_time(lexical: str, precision: int) -> str:
    """'1939-10-05' (xsd:date / gYearMonth / gYear lexical form) → '+1939-10-05T00:00:00Z/11'."""
    parts = lexical.split("-")
    y = parts[0]
    m = parts[1] if len(parts) > 1 and precision >= 10 else "00"
    d = parts[2][:2] if len(parts) > 2 and precision >= 11 else "00"
    return f"+{int(y):04d}-{m}-{d}T00:00:00Z/{precision}"


def reference(graph: Graph) -> tuple[str, str]:
    """(reference URL, retrieved time) from the data: the article's lvp:url and access date."""
    url = next((str(u) for u in graph.objects(SOURCE_ARTICLE, LVP.url)), None)
    if not url:
        raise QSError(f"{SOURCE_ARTICLE} has no lvp:url in the data; the reference URL must come from there")
    if not url.startswith(("http://", "https://")) or any(c in url for c in '"\t\r\n ') or not url.isprintable():
        raise QSError(f"{SOURCE_ARTICLE}: its lvp:url {url!r} cannot be a QuickStatements reference URL (an http(s) "
                      "address without quotes, tabs, spaces or line breaks); fix it in data/sources.ttl")
    when = next((str(d) for d in graph.objects(SOURCE_ARTICLE, LVP.accessDate)), None)
    if when is None:
        when = next((str(d) for d in graph.objects(URIRef(ONTOLOGY_IRI), DCTERMS.created)), None)
    if when is None:
        raise QSError(f"no retrieved date: give {SOURCE_ARTICLE} an lvp:accessDate")
    return url, qs_time(when[:10], 11)


def proposed(graph: Graph, ms: sssom_tsv.MappingSet) -> list[Statement]:
    qids = entity_profiles.mapped_qids(ms)
    q = lambda node: qids.get(mappings.curie(node))  # noqa: E731
    out: set[Statement] = set()
    for signing in sorted(graph.subjects(RDF.type, LVP.Signing)):
        if (signing, LVP.source, SOURCE_ARTICLE) not in graph:
            continue
        for doc in sorted(graph.objects(signing, LVP.produced)):
            t = q(doc)
            if not t:
                continue
            for person in sorted(graph.objects(signing, LVP.signatory)):
                p = q(person)
                if p:
                    out.add(Statement(t, wikidata_vocabulary.P_SIGNATORY, p, f"{mappings.curie(signing)} lvp:signatory {mappings.curie(person)}"))
            for d in graph.objects(signing, LVP.date):
                prec = next((PRECISION.get(str(x)) for x in graph.objects(signing, LVP.datePrecision)), None)
                if prec is None:
                    continue
                out.add(Statement(t, wikidata_vocabulary.P_POINT_IN_TIME, qs_time(str(d), prec), f"{mappings.curie(signing)} lvp:date {d}"))
    for place, country in sorted(graph.subject_objects(LVP.country)):
        p, c = q(place), q(country)
        if p and c and p != c:
            out.add(Statement(p, wikidata_vocabulary.P_COUNTRY, c, f"{mappings.curie(place)} lvp:country {mappings.curie(country)}"))
    return sorted(out, key=lambda s: (int(s.item[1:]), int(s.prop[1:]), s.value))


def existing_query(pairs: list[tuple[str, str]]) -> str:
    rows = [[sl.qid(i), sl.pid(p)] for i, p in pairs]
    return f"""{PREFIXES}SELECT ?item ?prop ?value WHERE {{
  {sl.values_block(["item", "prop"], rows)}
  ?item ?prop ?value .
}}"""


def existing(client: WdqsClient, stmts: list[Statement], batch: int) -> dict[tuple[str, str], set[str]]:
    pairs = sorted({(s.item, s.prop) for s in stmts}, key=lambda x: (int(x[0][1:]), int(x[1][1:])))
    have: dict[tuple[str, str], set[str]] = {pr: set() for pr in pairs}
    wdt = "http://www.wikidata.org/prop/direct/"
    for i in range(0, len(pairs), batch):
        for b in client.select(existing_query(pairs[i : i + batch])):
            item = wikidata_items.qid_of(b.get("item", {}).get("value", ""))
            prop = b.get("prop", {}).get("value", "")
            prop = prop[len(wdt):] if prop.startswith(wdt) else None
            if item and prop and (item, prop) in have:
                v = b.get("value", {}).get("value", "")
                have[(item, prop)].add(wikidata_items.qid_of(v) or v)
    return have


def _same_time(ours: str, theirs: str) -> bool:
    """Compare '+1939-10-05T00:00:00Z/11' with a WDQS dateTime '1939-10-05T00:00:00Z' at our precision."""
    body, prec = ours[1:].split("/")
    n = {11: 10, 10: 7, 9: 4}[int(prec)]
    return theirs.lstrip("+")[:n] == body[:n]


def unusable_items(client: WdqsClient, stmts: list[Statement], batch: int) -> dict[str, str]:
    """Items (subjects or item values) that are redirects or gone: no statement may go to or point at them."""
    qids = sorted({s.item for s in stmts} | {s.value for s in stmts if s.is_item_value()}, key=lambda q: int(q[1:]))
    out = {}
    for q, f in wikidata_items.fetch(client, qids, [], batch).items():
        if not f.seen:
            out[q] = "deleted or unknown"
        elif f.redirect:
            out[q] = f"redirects to {f.redirect}"
    return out


def decide(stmts: list[Statement], have: dict, unusable: dict[str, str] | None = None):
    """(to emit, already present, conflicts, skipped)."""
    emit, present, conflicts, skipped = [], [], [], []
    unusable = unusable or {}
    for s in stmts:
        bad = [q for q in (s.item, s.value) if q in unusable]
        if bad:
            skipped.append((s, "; ".join(f"{q} {unusable[q]}" for q in bad)))
            continue
        values = have.get((s.item, s.prop), set())
        if s.is_item_value():
            (present if s.value in values else emit).append(s)
        elif any(_same_time(s.value, v) for v in values):
            present.append(s)
        elif values and s.prop == wikidata_vocabulary.P_POINT_IN_TIME:
            conflicts.append((s, values))
        else:
            emit.append(s)
    return emit, present, conflicts, skipped


def render(stmts: list[Statement], ref_url: str, retrieved: str) -> str:
    if '"' in ref_url or "\t" in ref_url or "\n" in ref_url:
        raise QSError(f"reference URL {ref_url!r} cannot be written in QuickStatements")
    lines = []
    for s in stmts:
        lines.append("\t".join([s.item, s.prop, s.value, "S" + wikidata_vocabulary.P_REFERENCE_URL[1:], f'"{ref_url}"',
                                "S" + wikidata_vocabulary.P_RETRIEVED[1:], retrieved]))
    return "\n".join(lines) + ("\n" if lines else "")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_client_arguments(p)
    p.add_argument("--mappings", type=Path, default=None, help="curated SSSOM file (default mappings/wikidata.sssom.tsv)")
    p.add_argument("--out", type=Path, default=None, help=f"output (default DIST/quickstatements/{OUT_NAME})")


def run(args: argparse.Namespace) -> int:
    inputs = Inputs.from_env()
    out = Path(args.out) if args.out else inputs.dist_dir / "quickstatements" / OUT_NAME
    try:
        graph = load.load_graph(inputs.graph_files())
        ms = mappings.load_curated(args.mappings)
        ref_url, retrieved = reference(graph)
        stmts = proposed(graph, ms)
        client = client_from_args(args)
        batch = batch_size(args, 50)
        have = existing(client, stmts, batch) if stmts else {}
        unusable = unusable_items(client, stmts, batch) if stmts else {}
    except WdqsError as exc:
        print(f"pactkg quickstatements: {exc}", file=sys.stderr)
        return 3
    except (load.ParseError, sssom_tsv.SSSOMError, mappings.MappingError, QSError) as exc:
        print(f"pactkg quickstatements: {exc}", file=sys.stderr)
        return 1
    emit, present, conflicts, skipped = decide(stmts, have, unusable)
    sssom_tsv.write_atomic(out, render(emit, ref_url, retrieved))
    for s, values in conflicts:
        print(f"conflict: {s.item} {s.prop}: ours {s.value} ({s.why}), Wikidata has {', '.join(sorted(values))}; not emitted")
    for s, why in skipped:
        print(f"skipped: {s.item} {s.prop} {s.value}: {why} (run make link-check and fix the curated row)")
    print(f"wrote {out}: {len(emit)} statements to add, {len(present)} already on Wikidata, {len(conflicts)} conflicts, "
          f"{len(skipped)} skipped ({client.requests_sent} requests)")
    return 0
