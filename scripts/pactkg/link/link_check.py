"""Check that the curated Wikidata links still hold (`pactkg link-check`, `make link-check`; online only).

Every mapped item is re-read (many per request) and compared with our entity:
- deleted: the endpoint has no triple about the item (a deleted item, or a wrong id);
- redirected: the item is now a redirect (WDQS: `wd:Qold owl:sameAs wd:Qnew`): the curated row should point
  to the target;
- type: the item is no longer an instance (P31/P279*) of a class of our entity's kind;
- label: none of our labels (lv/en/ru, with aliases) equals a label or alias of the item, compared after
  Unicode NFC, case folding, and unifying dashes and spaces; or the row's object_label (if recorded) is gone.
Type, redirect and deletion are drift (exit 1); a label mismatch is reported but does not fail the run unless
--strict (our labels follow the article, e.g. "J. Staļins", and may never equal Wikidata's).

The curated file is only read. The report is written atomically.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from pactkg.build import load
from pactkg.link import mappings
from pactkg.link import entity_profiles
from pactkg.link import sssom_tsv
from pactkg.link import wikidata_vocabulary
from pactkg.link import wikidata_items
from pactkg.common.inputs import Inputs
from pactkg.link.wdqs_client import WdqsClient, WdqsError, add_client_arguments, batch_size, client_from_args

REPORT_NAME = "link-check.tsv"
HARD = {"deleted", "redirected", "type"}
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    t = unicodedata.normalize("NFC", text)
    t = _DASHES.sub("-", t)
    t = _SPACE.sub(" ", t).strip()
    return t.casefold()


@dataclass
class Finding:
    subject_id: str
    object_id: str
    status: str  # ok | label | type | redirected | deleted
    detail: str


def check(client: WdqsClient, graph, ms: sssom_tsv.MappingSet, batch: int = 20) -> list[Finding]:
    rows = [r for r in ms.rows if r.get("predicate_modifier") != "Not" and r.get("object_id", "").startswith("wd:")]
    iris = [URIRef(ms.expand(r["subject_id"])) for r in rows]
    profs = {p.subject_id: p for p in entity_profiles.build(graph, ms, iris)}
    qids = [r["object_id"][3:] for r in rows]
    facts = wikidata_items.fetch(client, qids, wikidata_vocabulary.all_wd_classes(), batch) if qids else {}
    out: list[Finding] = []
    for r in rows:
        s, o = r["subject_id"], r["object_id"]
        f = facts[o[3:]]
        prof = profs.get(s)
        if not f.seen:
            out.append(Finding(s, o, "deleted", "the endpoint has no triple about this item (deleted, or a wrong id)"))
            continue
        if f.redirect:
            out.append(Finding(s, o, "redirected", f"now redirects to wd:{f.redirect}; point the curated row there"))
            continue
        problems: list[Finding] = []
        kind = prof.kind if prof else None
        if kind is not None and not (f.isa & set(kind.wd_classes)):
            p31 = ", ".join(sorted(f.instance_of, key=lambda q: int(q[1:]))) or "none"
            problems.append(Finding(s, o, "type", f"no longer an instance of {' or '.join(kind.wd_classes)} ({kind.description}); P31: {p31}"))
        theirs = {norm(t) for d in (f.labels, f.aliases) for texts in d.values() for t in texts}
        recorded = r.get("object_label")
        if recorded and norm(recorded) not in theirs:
            problems.append(Finding(s, o, "label", f"recorded label {recorded!r} is gone; now {f.best_label()!r}"))
        elif prof is not None and prof.labels and not ({norm(t) for t, _ in prof.labels} & theirs):
            problems.append(Finding(s, o, "label", f"none of our labels matches; item label {f.best_label()!r}, ours {prof.label_en!r}"))
        out.extend(problems or [Finding(s, o, "ok", f.best_label())])
    return sorted(out, key=lambda x: (x.subject_id, x.status))


def report_tsv(findings: list[Finding]) -> str:
    lines = ["subject_id\tobject_id\tstatus\tdetail"]
    for f in findings:
        lines.append("\t".join([f.subject_id, f.object_id, f.status, " ".join(f.detail.split())]))
    return "\n".join(lines) + "\n"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_client_arguments(p)
    p.add_argument("--mappings", type=Path, default=None, help="curated SSSOM file (default mappings/wikidata.sssom.tsv)")
    p.add_argument("--out", type=Path, default=None, help=f"report (default DIST/link/{REPORT_NAME})")
    p.add_argument("--strict", action="store_true", help="a label mismatch fails the run too")


def run(args: argparse.Namespace) -> int:
    inputs = Inputs.from_env()
    out = Path(args.out) if args.out else inputs.dist_dir / "link" / REPORT_NAME
    curated = Path(args.mappings) if args.mappings else mappings.curated_path()
    if out.resolve() == curated.resolve():
        print(f"pactkg link-check: refusing to overwrite the curated set {curated}", file=sys.stderr)
        return 2
    try:
        graph = load.load_graph(inputs.graph_files())
        ms = mappings.load_curated(curated)
        client = client_from_args(args)
        findings = check(client, graph, ms, batch_size(args, 50))
    except WdqsError as exc:
        print(f"pactkg link-check: {exc}", file=sys.stderr)
        return 3
    except (load.ParseError, sssom_tsv.SSSOMError, mappings.MappingError) as exc:
        print(f"pactkg link-check: {exc}", file=sys.stderr)
        return 1
    sssom_tsv.write_atomic(out, report_tsv(findings))
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.status] = counts.get(f.status, 0) + 1
        if f.status != "ok":
            print(f"{f.status:10} {f.subject_id} {f.object_id}: {f.detail}")
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    print(f"link-check: {summary} ({client.requests_sent} requests); report {out}; the curated set was not changed")
    failing = HARD | ({"label"} if args.strict else set())
    return 1 if any(f.status in failing for f in findings) else 0
