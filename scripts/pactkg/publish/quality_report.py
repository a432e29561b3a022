"""The release's quality report: how good the data is, computed from the release, as RDF (DQV) and a page.

Figures (each a dqv:QualityMeasurement of the dataset, of a metric defined here):
  - SHACL: shapes, violations, warnings (the dump validated against shapes.ttl);
  - QC: checks run and checks that return rows (queries/checks/*.rq against the dump);
  - coverage of the article's sentences: sentences, cited by some fact's evidence, excluded (with a reason,
    coverage-exclusions.tsv), neither (when the article's text is at hand);
  - facts (nodes of lvp:SourcedFact and its subclasses) and those resting on a single source;
  - facts whose date is inferred (lvp:dateInferred true) rather than stated;
  - disputed entities (lvp:disputed true) and their claims, each with its source (also as
    dqv:QualityAnnotation, one per disputed entity);
  - linkable entities and those without a link to Wikidata.
The test (tests/publish/test_quality.py) recomputes every figure from the released dump with SPARQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from pactkg.common.namespaces import BASE, LVD, LVP, WD

QUALITY = URIRef(BASE + "quality")
Q = Namespace(BASE + "quality#")
DATASET = URIRef(BASE + "dataset")
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
LINK_PREDICATES = (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)

# metric key -> (dimension, English definition)
METRICS = {
    "shapes": ("conformance", "Number of SHACL node shapes the dump is validated against."),
    "shacl-violations": ("conformance", "Number of SHACL results of severity Violation for the dump."),
    "shacl-warnings": ("conformance", "Number of SHACL results of severity Warning or Info for the dump."),
    "qc-checks": ("conformance", "Number of QC queries (queries/checks) run against the dump."),
    "qc-failing": ("conformance", "Number of QC queries that return rows (each row is a problem)."),
    "sentences": ("completeness", "Number of sentences of the Latvian Wikipedia article (the primary source)."),
    "sentences-cited": ("completeness", "Sentences of the article that the evidence of at least one fact quotes from."),
    "sentences-excluded": ("completeness", "Sentences left out on purpose, each with a reason (coverage-exclusions.tsv)."),
    "sentences-uncited": ("completeness", "Sentences neither cited nor excluded."),
    "facts": ("provenance", "Number of facts: nodes typed lvp:SourcedFact or one of its subclasses."),
    "facts-single-source": ("provenance", "Facts that name exactly one source document (lvp:source)."),
    "dates-inferred": ("provenance", "Facts whose date is inferred from context rather than stated (lvp:dateInferred true)."),
    "disputed-entities": ("consistency", "Entities whose sources disagree (lvp:disputed true); each keeps its claims."),
    "claims": ("consistency", "Claims (lvp:Claim): one source's value for one property of one entity."),
    "linkable-entities": ("interlinking", "Entities of the kinds that Wikidata describes (linkable classes)."),
    "without-wikidata": ("interlinking", "Linkable entities without a link (owl:sameAs, skos:exactMatch or skos:closeMatch) to Wikidata."),
}
DIMENSIONS = {
    "conformance": "Conformance to the shapes and the QC checks",
    "completeness": "Completeness with respect to the primary source",
    "provenance": "Provenance of the facts",
    "consistency": "Disagreements between sources",
    "interlinking": "Links to Wikidata",
}


@dataclass
class Dispute:
    entity: URIRef
    label: str
    claims: list[tuple[URIRef, str, str, str]]  # (claim, property, value, source document)


@dataclass
class Report:
    figures: dict[str, int] = field(default_factory=dict)
    disputes: list[Dispute] = field(default_factory=list)
    inferred: list[tuple[URIRef, str]] = field(default_factory=list)  # (fact, label)
    unlinked: list[tuple[URIRef, str]] = field(default_factory=list)  # (entity, label)
    notes: list[str] = field(default_factory=list)  # figures left out, and why


def _label(graph: Graph, node) -> str:
    labels = sorted((o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)), key=lambda o: (o.language != "en", str(o)))
    return str(labels[0]) if labels else str(node)


def _short(node) -> str:
    text = str(node)
    for prefix, ns in (("lvd:", str(LVD)), ("lvp:", str(LVP)), ("wd:", str(WD))):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


SH = Namespace("http://www.w3.org/ns/shacl#")


def compute(graph: Graph, shapes: Graph | None, checks_dir: Path | None, source_text: str | None,
            exclusions_file: Path | None, validated: bool = False,
            qc_failures: list | None = None) -> Report:
    """Every figure of the report, computed from the dump `graph` and the release's shapes and checks.

    validated: the build has already validated this dump against these shapes and stops on any violation;
    when the shapes also declare no milder severity (sh:Warning, sh:Info), the counts are known (0 and 0)
    and SHACL is not run a second time.
    qc_failures: what the QC checks of `checks_dir` returned on exactly these triples, when the caller has it
    (the build ran them on the dump in the same process: qc_checks.remembered_results); else they are run.
    """
    from pactkg.build import summary

    rep = Report()
    f = rep.figures
    if shapes is not None:
        from pactkg.build import validate

        milder = any(o != SH.Violation for o in shapes.objects(None, SH.severity))
        if validated and not milder:
            f["shapes"] = validate.count_shapes(shapes)
            f["shacl-violations"] = 0
            f["shacl-warnings"] = 0
        else:
            v = validate.validate_graph(graph, shapes)
            f["shapes"] = v.shapes
            f["shacl-violations"] = len(v.violations)
            f["shacl-warnings"] = len(v.results) - len(v.violations)
    else:
        rep.notes.append("No shapes: the SHACL figures are left out.")
    if checks_dir is not None:
        from pactkg.build import qc_checks as qc

        f["qc-checks"] = len(qc.check_files(checks_dir))
        f["qc-failing"] = len(qc_failures if qc_failures is not None else qc.run_checks(graph, checks_dir))
    if source_text is not None:
        from pactkg.build import sentence_coverage as coverage

        exclusions = coverage.load_exclusions(exclusions_file) if exclusions_file else []
        cov = coverage.analyse(graph, source_text, exclusions)
        f["sentences"] = len(cov.sentences)
        f["sentences-cited"] = len(cov.cited)
        f["sentences-excluded"] = sum(1 for i in cov.excluded if i not in cov.cited)
        f["sentences-uncited"] = len(cov.uncited)
    else:
        rep.notes.append("The article's text was not at hand: the coverage figures are left out.")

    facts = summary.fact_nodes(graph)
    f["facts"] = len(facts)
    f["facts-single-source"] = sum(1 for n in facts if len(set(graph.objects(n, LVP.source))) == 1)
    inferred = sorted(n for n in facts if Literal(True) in set(graph.objects(n, LVP.dateInferred)))
    rep.inferred = [(n, _label(graph, n)) for n in inferred]
    f["dates-inferred"] = len(inferred)

    disputed = sorted(s for s in graph.subjects(LVP.disputed, Literal(True)))
    for e in disputed:
        claims = []
        for c in sorted(graph.objects(e, LVP.hasClaim)):
            prop = graph.value(c, LVP.claimedProperty)
            value = graph.value(c, LVP.claimedValue)
            src = graph.value(c, LVP.source)
            claims.append((c, _short(prop) if prop else "", str(value) if value is not None else "",
                           _label(graph, src) if src is not None else ""))
        rep.disputes.append(Dispute(e, _label(graph, e), claims))
    f["disputed-entities"] = len(disputed)
    f["claims"] = len(set(graph.subjects(RDF.type, LVP.Claim)))

    try:
        from pactkg.link import mappings

        linkable = [iri for iri, _kind in mappings.linkable_entities(graph)]
    except ImportError:
        linkable = []
        rep.notes.append("The linking module is absent: the Wikidata figures are left out.")
    if linkable:
        unlinked = [e for e in linkable if not any(
            str(o).startswith(str(WD)) for p in LINK_PREDICATES for o in graph.objects(e, p))]
        f["linkable-entities"] = len(linkable)
        f["without-wikidata"] = len(unlinked)
        rep.unlinked = [(e, _label(graph, e)) for e in unlinked]
    return rep


def to_graph(rep: Report, version: str) -> Graph:
    """The report in the W3C Data Quality Vocabulary (no blank nodes: fragments of …/quality)."""
    g = Graph()
    for prefix, ns in {"dqv": DQV, "oa": OA, "dcterms": DCTERMS, "prov": PROV, "skos": SKOS, "xsd": XSD,
                       "q": Q, "lvd": LVD, "lvp": LVP}.items():
        g.bind(prefix, ns, override=True, replace=True)
    g.add((QUALITY, RDF.type, DQV.QualityMetadata))
    g.add((QUALITY, DCTERMS.title, Literal(f"Quality report of the lv-pact-1939 dataset, release {version}", lang="en")))
    g.add((QUALITY, PROV.wasDerivedFrom, URIRef(f"{BASE}releases/{version}/lv-pact-1939.nt")))
    g.add((DATASET, DQV.hasQualityMetadata, QUALITY))
    for key, title in DIMENSIONS.items():
        dim = Q["dimension-" + key]
        g.add((dim, RDF.type, DQV.Dimension))
        g.add((dim, SKOS.prefLabel, Literal(title, lang="en")))
    for key, (dim, definition) in METRICS.items():
        metric = Q["metric-" + key]
        g.add((metric, RDF.type, DQV.Metric))
        g.add((metric, SKOS.definition, Literal(definition, lang="en")))
        g.add((metric, DQV.expectedDataType, XSD.integer))
        g.add((metric, DQV.inDimension, Q["dimension-" + dim]))
        if key in rep.figures:
            m = Q["measurement-" + key]
            g.add((DATASET, DQV.hasQualityMeasurement, m))
            g.add((m, RDF.type, DQV.QualityMeasurement))
            g.add((m, DQV.computedOn, DATASET))
            g.add((m, DQV.isMeasurementOf, metric))
            g.add((m, DQV.value, Literal(rep.figures[key], datatype=XSD.integer)))
    for d in rep.disputes:
        ann = Q["dispute-" + str(d.entity)[len(str(LVD)):]]
        g.add((DATASET, DQV.hasQualityAnnotation, ann))
        g.add((ann, RDF.type, DQV.QualityAnnotation))
        g.add((ann, OA.motivatedBy, DQV.qualityAssessment))
        g.add((ann, OA.hasTarget, d.entity))
        for claim, *_ in d.claims:
            g.add((ann, OA.hasBody, claim))
        g.add((ann, RDFS.comment, Literal(
            f"Sources disagree about {d.label}; the dataset keeps {len(d.claims)} claims, each with its source.", lang="en")))
    return g


def to_html(rep: Report, version: str, footer: str = "") -> str:
    from pactkg.publish.release_pages import esc, shell, table

    f = rep.figures
    rows = [[esc(DIMENSIONS[METRICS[k][0]]), esc(METRICS[k][1]), f"<strong>{f[k]}</strong>"] for k in METRICS if k in f]
    body = [f"<h1>Quality report, release {esc(version)}</h1>",
            "<p>Computed from this release's files; the same figures as RDF in the W3C Data Quality Vocabulary: "
            '<a href="quality.ttl">quality.ttl</a>. Every figure is recomputed by the project\'s tests.</p>',
            table(["Dimension", "Metric", "Value"], rows, "Figures")]
    if rep.notes:
        body.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in rep.notes) + "</ul>")
    body.append('<h2 id="disputed">Disputed: where sources disagree</h2>')
    for d in rep.disputes:
        body.append(table(["Claim", "Property", "Value", "Source"], [
            [esc(_short(c)), esc(p), esc(v), esc(s)] for c, p, v, s in d.claims], f"{d.label} ({_short(d.entity)})"))
    if not rep.disputes:
        body.append("<p>None.</p>")
    body.append('<h2 id="inferred">Dates inferred from context</h2>')
    body.append("<ul>" + "".join(f"<li>{esc(label)} <code>{esc(_short(n))}</code></li>" for n, label in rep.inferred) + "</ul>"
                if rep.inferred else "<p>None.</p>")
    body.append('<h2 id="unlinked">Entities without a Wikidata link</h2>')
    body.append("<ul>" + "".join(f"<li>{esc(label)} <code>{esc(_short(n))}</code></li>" for n, label in rep.unlinked) + "</ul>"
                if rep.unlinked else "<p>None.</p>")
    return shell(f"Quality report — lv-pact-1939 {version}", "\n".join(body), footer=footer)
