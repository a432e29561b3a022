"""Propose Wikidata items for our entities that have none (`pactkg link`, `make link`; online only).

For each batch of entities (VALUES, not one request each) the endpoint is asked for items whose label or
alias equals one of the entity's labels in Latvian, English or Russian. The candidates' facts are then
fetched (wikidata_items.py) and each is checked against what our graph knows (entity_profiles.py):

- type: the item must be an instance (P31/P279*) of a class of the entity's kind (human, treaty, human
  settlement, ...) — else it is rejected;
- country: for places with lvp:country, the item's P17 must include that country's item when it has a P17;
- lifespan: a person's item must not be born after, or dead before, the years in which our graph shows the
  person acting;
- date: a treaty's or war's item must have a date (P585/P580/P577) in the same year as ours when both exist.

Candidates and rejections go, with a score and the reasons, to a review file in SSSOM/TSV (rejections as
predicate_modifier Not; entities without any candidate as sssom:NoTermFound). A person reviews it and copies
accepted rows, with evidence, into mappings/wikidata.sssom.tsv: this tool never writes the curated set.
The review file is written only when every request succeeded (temp file + rename).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from pactkg.build import load
from pactkg.link import mappings
from pactkg.link import entity_profiles
from pactkg.link import sssom_tsv
from pactkg.link import wikidata_vocabulary
from pactkg.link import wikidata_items
from pactkg.common import sparql_quoting as sl
from pactkg.common.inputs import Inputs
from pactkg.link.wdqs_client import PREFIXES, WdqsClient, WdqsError, add_client_arguments, batch_size, client_from_args

REVIEW_NAME = "wikidata-candidates.sssom.tsv"
LEXICAL = "semapv:LexicalMatching"


@dataclass
class Candidate:
    subject: entity_profiles.Profile
    qid: str
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # (label|alias, lang, text)
    score: float = 0.0
    rejected: bool = False
    reasons: list[str] = field(default_factory=list)
    object_label: str = ""


def candidate_query(entries: list[tuple[int, str, str]]) -> str:
    """Items whose label or alias is exactly one of the texts; entries are (key, text, lang)."""
    rows = [[sl.integer(k), sl.string(text, lang)] for k, text, lang in entries]
    return f"""{PREFIXES}SELECT DISTINCT ?key ?item ?how ?text WHERE {{
  {sl.values_block(["key", "text"], rows)}
  {{ ?item rdfs:label ?text . BIND("label" AS ?how) }}
  UNION {{ ?item skos:altLabel ?text . BIND("alias" AS ?how) }}
  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
}}"""


def _fmt_class(q: str) -> str:
    return f"{wikidata_vocabulary.CLASS_LABELS.get(q, q)} ({q})"


def score(c: Candidate, facts: wikidata_items.ItemFacts) -> None:
    """Fill c.score, c.rejected and c.reasons from the candidate's facts and the subject's profile."""
    kind = c.subject.kind
    langs = sorted({lang for how, lang, _ in c.matched})
    by_label = any(how == "label" for how, _, _ in c.matched)
    s = (0.5 if by_label else 0.4) + 0.1 * min(2, len(langs) - 1)
    for how, lang, text in sorted(set(c.matched)):
        c.reasons.append(f"{how} {lang} = {text!r}")
    ok_classes = sorted(facts.isa & set(kind.wd_classes), key=lambda q: int(q[1:]))
    if ok_classes:
        s += 0.25
        c.reasons.append("instance of " + ", ".join(_fmt_class(q) for q in ok_classes))
    else:
        c.rejected = True
        p31 = ", ".join(sorted(facts.instance_of, key=lambda q: int(q[1:]))) or "none"
        c.reasons.append(f"wrong type: not an instance of {' or '.join(_fmt_class(q) for q in kind.wd_classes)} (P31: {p31})")
    prof = c.subject
    if "country" in kind.checks and prof.countries:
        if not facts.country:
            c.reasons.append("no P17 country to check")
        elif facts.country & prof.countries:
            s += 0.05
            c.reasons.append("country " + ", ".join(sorted(facts.country & prof.countries)))
        else:
            c.rejected = True
            c.reasons.append(f"wrong country: P17 {', '.join(sorted(facts.country))}, ours {', '.join(sorted(prof.countries))}")
    if "lifespan" in kind.checks and prof.active_years:
        first, last = min(prof.active_years), max(prof.active_years)
        born = facts.years(wikidata_vocabulary.P_DATE_OF_BIRTH)
        died = facts.years(wikidata_vocabulary.P_DATE_OF_DEATH)
        if born and min(born) >= first:
            c.rejected = True
            c.reasons.append(f"born {min(born)}, not before the {first} events our graph shows the person in")
        elif died and max(died) < last:
            c.rejected = True
            c.reasons.append(f"died {max(died)}, before the {last} events our graph shows the person in")
        elif born or died:
            s += 0.05
            c.reasons.append(f"lifespan fits {first}–{last}" if first != last else f"lifespan fits {first}")
        else:
            c.reasons.append("no birth or death date to check")
    if "date" in kind.checks and prof.own_years:
        theirs = set()
        for p in (wikidata_vocabulary.P_POINT_IN_TIME, wikidata_vocabulary.P_START_TIME, wikidata_vocabulary.P_PUBLICATION_DATE):
            theirs |= facts.years(p)
        if not theirs:
            c.reasons.append("no date to check")
        elif theirs & prof.own_years:
            s += 0.05
            c.reasons.append("date year " + ", ".join(str(y) for y in sorted(theirs & prof.own_years)))
        else:
            c.rejected = True
            c.reasons.append(
                f"wrong date: year {', '.join(str(y) for y in sorted(theirs))}, ours {', '.join(str(y) for y in sorted(prof.own_years))}"
            )
    if facts.redirect:
        c.rejected = True
        c.reasons.append(f"redirects to {facts.redirect}: propose that item instead")
    c.score = round(min(1.0, s), 2)
    c.object_label = facts.best_label()


def reconcile(client: WdqsClient, profs: list[entity_profiles.Profile], batch: int = 20,
              log=lambda m: print(m, file=sys.stderr), max_candidates: int = 25) -> tuple[list[Candidate], list[entity_profiles.Profile], list[str]]:
    """(candidates, profiles with no candidate, warnings). Raises WdqsError if the endpoint fails."""
    profs = [p for p in profs if p.kind is not None]
    warnings: list[str] = []
    found: dict[tuple[int, str], Candidate] = {}
    for start in range(0, len(profs), batch):
        chunk = profs[start : start + batch]
        entries = []
        for i, p in enumerate(chunk):
            for text, lang in p.labels:
                try:
                    sl.string(text, lang)
                except sl.UnsafeValue as exc:
                    warnings.append(f"{p.subject_id}: label skipped: {exc}")
                    continue
                entries.append((start + i, text, lang))
        if not entries:
            continue
        log(f"link: batch {start // batch + 1}: {len(chunk)} entities, {len(entries)} labels")
        for b in client.select(candidate_query(entries)):
            try:
                key = int(b["key"]["value"])
            except (KeyError, ValueError):
                continue
            q = wikidata_items.qid_of(b.get("item", {}).get("value", ""))
            if q is None or not (start <= key < start + len(chunk)):
                continue
            text = b.get("text", {})
            c = found.setdefault((key, q), Candidate(subject=profs[key], qid=q))
            c.matched.append((b.get("how", {}).get("value", "label"), text.get("xml:lang", ""), text.get("value", "")))
    per_subject: dict[int, list[tuple[int, str]]] = {}
    for key, q in found:
        per_subject.setdefault(key, []).append((key, q))
    for key, pairs in per_subject.items():
        if len(pairs) > max_candidates:
            pairs.sort(key=lambda kq: int(kq[1][1:]))
            for kq in pairs[max_candidates:]:
                del found[kq]
            warnings.append(f"{profs[key].subject_id}: {len(pairs)} items share its labels; only the "
                            f"{max_candidates} lowest ids were checked (raise --max-candidates)")
    classes = wikidata_vocabulary.all_wd_classes()
    facts = wikidata_items.fetch(client, sorted({q for _, q in found}, key=lambda q: int(q[1:])), classes, batch) if found else {}
    cands = []
    for (key, q), c in sorted(found.items(), key=lambda kv: (kv[0][0], int(kv[0][1][1:]))):
        score(c, facts[q])
        cands.append(c)
    by_subject: dict[str, list[Candidate]] = {}
    for c in cands:
        if not c.rejected:
            by_subject.setdefault(c.subject.subject_id, []).append(c)
    for subject, accepted in by_subject.items():
        if len(accepted) > 1:
            for c in accepted:
                c.score = round(max(0.05, c.score - 0.2), 2)
                c.reasons.append(f"ambiguous: {len(accepted)} candidates pass the checks")
    with_candidates = {c.subject.subject_id for c in cands}
    none = [p for p in profs if p.subject_id not in with_candidates]
    return cands, none, warnings


def review_set(cands: list[Candidate], none: list[entity_profiles.Profile], endpoint: str) -> sssom_tsv.MappingSet:
    rows = []
    for c in cands:
        row = {
            "subject_id": c.subject.subject_id,
            "subject_label": c.subject.label_en,
            "predicate_id": c.subject.kind.predicate,
            "object_id": "wd:" + c.qid,
            "object_label": c.object_label,
            "mapping_justification": LEXICAL,
            "mapping_tool": "pactkg link",
            "confidence": f"{0.9 if c.rejected else c.score:.2f}",
            "comment": ("REJECTED: " if c.rejected else f"candidate, score {c.score:.2f}: ") + "; ".join(c.reasons),
        }
        if c.rejected:
            row["predicate_modifier"] = "Not"
        rows.append(row)
    for p in none:
        rows.append({
            "subject_id": p.subject_id,
            "subject_label": p.label_en,
            "predicate_id": p.kind.predicate,
            "object_id": "sssom:NoTermFound",
            "mapping_justification": LEXICAL,
            "mapping_tool": "pactkg link",
            "comment": "no item has one of these labels or aliases: " + "; ".join(f"{l} {t!r}" for t, l in p.labels),
        })
    meta = {
        "curie_map": {
            "lvd": "https://w3id.org/lv-pact-1939/id/",
            "wd": "http://www.wikidata.org/entity/",
            "owl": "http://www.w3.org/2002/07/owl#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "semapv": "https://w3id.org/semapv/vocab/",
            "sssom": "https://w3id.org/sssom/",
        },
        "mapping_set_id": "https://w3id.org/lv-pact-1939/mappings/" + REVIEW_NAME,
        "mapping_set_title": "Wikidata candidates for review (NOT curated)",
        "mapping_set_description": (
            "Proposals from `pactkg link` against " + endpoint + ": label match in lv/en/ru, then type, country, "
            "lifespan and date checks. Review each; copy accepted rows, with evidence, into "
            "mappings/wikidata.sssom.tsv. Rows with predicate_modifier Not were rejected by a check."
        ),
        "license": "https://creativecommons.org/licenses/by-sa/4.0/",
    }
    return sssom_tsv.MappingSet(metadata=meta, rows=rows)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_client_arguments(p)
    p.add_argument("--out", type=Path, default=None, help=f"review file (default DIST/link/{REVIEW_NAME})")
    p.add_argument("--mappings", type=Path, default=None, help="curated SSSOM file (default mappings/wikidata.sssom.tsv)")
    p.add_argument("--all", action="store_true", help="also entities that already have a curated link")
    p.add_argument("--only", action="append", default=[], metavar="lvd:slug", help="only this entity (repeatable)")
    p.add_argument("--max-candidates", type=int, default=25, help="items checked per entity at most (default 25)")
    p.add_argument("--kind", action="append", default=[], choices=sorted(wikidata_vocabulary.KINDS_BY_NAME), help="only this kind (repeatable)")


def select_targets(graph: Graph, ms: sssom_tsv.MappingSet, args) -> list[URIRef]:
    mapped = {r["subject_id"] for r in ms.rows}
    out = []
    for iri, kind in mappings.linkable_entities(graph):
        c = mappings.curie(iri)
        if kind is None:
            continue
        if args.only and c not in args.only:
            continue
        if args.kind and kind.name not in args.kind:
            continue
        if not args.all and c in mapped:
            continue
        out.append(iri)
    return out


def run(args: argparse.Namespace) -> int:
    inputs = Inputs.from_env()
    curated = Path(args.mappings) if args.mappings else mappings.curated_path()
    out = Path(args.out) if args.out else inputs.dist_dir / "link" / REVIEW_NAME
    if out.resolve() == curated.resolve():
        print(f"pactkg link: refusing to write proposals into the curated set {curated}; choose another --out", file=sys.stderr)
        return 2
    try:
        graph = load.load_graph(inputs.graph_files())
        ms = mappings.load_curated(curated)
        client = client_from_args(args)
        batch = batch_size(args, 20)
        targets = select_targets(graph, ms, args)
        profs = entity_profiles.build(graph, ms, targets)
        print(f"link: {len(profs)} entities to reconcile against {client.endpoint}", file=sys.stderr)
        cands, none, warnings = reconcile(client, profs, batch, max_candidates=args.max_candidates)
    except WdqsError as exc:
        print(f"pactkg link: {exc}", file=sys.stderr)
        return 3
    except (load.ParseError, sssom_tsv.SSSOMError, mappings.MappingError, sl.UnsafeValue) as exc:
        print(f"pactkg link: {exc}", file=sys.stderr)
        return 1
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    sssom_tsv.write(review_set(cands, none, client.endpoint), out)
    accepted = sum(1 for c in cands if not c.rejected)
    print(
        f"wrote {out}: {accepted} candidates, {len(cands) - accepted} rejected, {len(none)} entities without any "
        f"({client.requests_sent} requests). Review it; the curated set was not changed."
    )
    return 0
