"""The ontology's documentation as one HTML page: pyLODE (OntPub profile), in English, Latvian labels shown.

Why pyLODE 3.3.4: 3.4.1 (the newest for Python 3.11) cannot be imported from its wheel (its version.py
opens a pyproject.toml that the wheel does not ship, RDFLib/pyLODE#260); 3.4.2 and later need Python 3.12.
3.3.4 runs offline (its background ontologies are bundled) and gives the same bytes on every run.

pyLODE joins all the labels of a term into one heading ("sourced factavotots fakts"), so it is given the
English text only, and the Latvian (and Russian) labels are added afterwards as a row of each term's table,
marked with lang="lv". pyLODE's OntPub profile leaves out named individuals (date precisions, branches,
provision kinds …); they are added as a section of their own in pyLODE's markup. Each term also gets an anchor equal to its IRI's fragment (#SourcedFact), so that
https://w3id.org/lv-pact-1939/ontology#SourcedFact, redirected to this page, lands on the term.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from pactkg.common.namespaces import LVP, ONTOLOGY_IRI

SHOWN_LANGUAGES = {"lv": "Latvian label", "ru": "Russian label"}
_IRI_ROW = re.compile(r"(<th>IRI</th>\s*<td>\s*<code>(?P<iri>[^<]+)</code>\s*</td>\s*</tr>)")
_ENTITY_DIV = re.compile(r'<div class="[^"]*\bentity\b[^"]*" id="(?P<id>[^"]+)">')


def _pylode():
    """Import pyLODE without letting it reconfigure logging (one of its modules calls basicConfig(DEBUG))."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    finally:
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
        root.setLevel(level)
    return OntPub


_OURS = "https://w3id.org/lv-pact-1939/"


def english_only(ontology: Graph) -> Graph:
    """A copy without literals in other languages, which pyLODE would concatenate with the English."""
    g = Graph()
    for prefix, ns in ontology.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    titled = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if (s, DCTERMS.title, None) in ontology}
    for s, p, o in ontology:
        if isinstance(o, Literal) and o.language and o.language != "en":
            continue
        if p == RDFS.label and s in titled:  # pyLODE would join the label to the title in the heading
            continue
        if p == RDF.type and not str(s).startswith(_OURS):  # a declaration of another vocabulary's term for
            continue  # OWL 2 DL (ontology/pact.ttl's last section): pyLODE would document it as one of ours
        g.add((s, p, o))
    return g


def _other_labels(ontology: Graph) -> dict[str, list[tuple[str, str]]]:
    """IRI -> [(language, label)] for the languages in SHOWN_LANGUAGES, sorted."""
    out: dict[str, list[tuple[str, str]]] = {}
    for s, o in ontology.subject_objects(RDFS.label):
        if isinstance(s, URIRef) and isinstance(o, Literal) and o.language in SHOWN_LANGUAGES:
            out.setdefault(str(s), []).append((o.language, str(o)))
    return {k: sorted(v) for k, v in out.items()}


def _add_labels_and_anchors(page: str, ontology: Graph) -> str:
    labels = _other_labels(ontology)
    used_ids = set(re.findall(r'\bid="([^"]+)"', page))
    pieces: list[str] = []
    pos = 0
    for m in _IRI_ROW.finditer(page):
        iri = html.unescape(m["iri"])
        pieces.append(page[pos : m.end()])
        pos = m.end()
        for lang, label in labels.get(iri, []):
            pieces.append(
                f'\n            <tr>\n              <th>{SHOWN_LANGUAGES[lang]}</th>\n'
                f'              <td lang="{lang}">{html.escape(label)}</td>\n            </tr>'
            )
    pieces.append(page[pos:])
    page = "".join(pieces)

    # Anchors named like the IRI fragments, placed at the start of each term's block.
    def anchor(m: re.Match) -> str:
        block_start = m.end()
        iri_m = _IRI_ROW.search(page, block_start)
        if not iri_m:
            return m.group(0)
        iri = html.unescape(iri_m["iri"])
        if not iri.startswith(str(LVP)):
            return m.group(0)
        frag = iri[len(str(LVP)) :]
        if not frag or frag == m["id"] or frag in used_ids:
            return m.group(0)
        used_ids.add(frag)
        return m.group(0) + f'<span id="{html.escape(frag)}"></span>'

    return _ENTITY_DIV.sub(anchor, page)


def _add_header(page: str, ontology: Graph) -> str:
    """`<html lang="en">` and the ontology's Latvian title under the main heading."""
    page = page.replace("<html>", '<html lang="en">', 1)
    ont = URIRef(ONTOLOGY_IRI)
    titles = sorted(
        str(o) for o in ontology.objects(ont, DCTERMS.title)
        if isinstance(o, Literal) and o.language == "lv"
    )
    if titles:
        m = re.search(r"</h1>", page)
        if m:
            extra = "".join(f'\n      <p class="lv-title" lang="lv">{html.escape(t)}</p>' for t in titles)
            page = page[: m.end()] + extra + page[m.end() :]
    return page


_TERM_TYPES = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
               RDF.Property, OWL.Ontology, OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty}


def _english(g: Graph, s: URIRef, p: URIRef) -> str | None:
    values = sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language in ("en", None))
    return values[0] if values else None


def _individuals_section(ontology: Graph) -> tuple[str, str]:
    """(section HTML, table-of-contents entry) for the ontology's named individuals, which pyLODE leaves out.

    Written in pyLODE's own markup (same classes), so its stylesheet applies.
    """
    lvp = str(LVP)
    found = []
    for s in set(ontology.subjects(RDF.type, None)):
        if not isinstance(s, URIRef) or not str(s).startswith(lvp):
            continue
        types = {t for t in ontology.objects(s, RDF.type)}
        if types & _TERM_TYPES:
            continue
        classes = sorted(t for t in types if t != OWL.NamedIndividual)
        label = _english(ontology, s, RDFS.label) or str(s)[len(lvp) :]
        found.append((tuple(str(c) for c in classes), label, s, classes))
    if not found:
        return "", ""
    found.sort()
    blocks, toc = [], []
    for _, label, s, classes in found:
        frag = str(s)[len(lvp) :]
        type_links = ", ".join(
            f'<a href="#{html.escape(str(c)[len(lvp):])}">{html.escape(_english(ontology, c, RDFS.label) or str(c))}</a>'
            if str(c).startswith(lvp) else f'<a href="{html.escape(str(c))}">{html.escape(str(c))}</a>'
            for c in classes
        )
        rows = [f"""            <tr>
              <th>IRI</th>
              <td>
                <code>{html.escape(str(s))}</code>
              </td>
            </tr>"""]
        if type_links:
            rows.append(f"            <tr>\n              <th>Type</th>\n              <td>{type_links}</td>\n            </tr>")
        definition = _english(ontology, s, SKOS.definition) or _english(ontology, s, RDFS.comment)
        if definition:
            rows.append(
                f"            <tr>\n              <th>Description</th>\n              <td><p>{html.escape(definition)}</p></td>\n            </tr>"
            )
        blocks.append(
            f'        <div class="property entity" id="{html.escape(frag)}">\n'
            f'          <h3>{html.escape(label)}\n            <sup class="sup-ni" title="OWL Named Individual">ni</sup>\n          </h3>\n'
            f"          <table>\n" + "\n".join(rows) + "\n          </table>\n        </div>\n"
        )
        toc.append(f'            <li>\n              <a href="#{html.escape(frag)}">{html.escape(label)}</a>\n            </li>\n')
    section = (
        '      <div class="section" id="namedindividuals">\n        <h2>Named Individuals</h2>\n'
        + "".join(blocks) + "      </div>\n"
    )
    toc_entry = (
        '        <li>\n          <h4>\n            <a href="#namedindividuals">Named Individuals</a>\n          </h4>\n'
        '          <ul class="second">\n' + "".join(toc) + "          </ul>\n        </li>\n"
    )
    return section, toc_entry


def _add_individuals(page: str, ontology: Graph) -> str:
    section, toc_entry = _individuals_section(ontology)
    if not section:
        return page
    anchor = page.find('      <div id="namespaces">')
    if anchor < 0:
        anchor = page.find('    <div id="toc">')
    page = page[:anchor] + section + page[anchor:]
    m = re.search(r'        <li>\s*<h4>\s*<a href="#namespaces">', page)
    if m:
        page = page[: m.start()] + toc_entry + page[m.start() :]
    return page


def render(ontology: Graph) -> str:
    """The documentation page for `ontology` (a graph holding one owl:Ontology)."""
    if not any(ontology.subjects(RDF.type, OWL.Ontology)):
        raise ValueError("the ontology graph has no owl:Ontology header; pyLODE needs one (with a dcterms:title)")
    OntPub = _pylode()
    page = OntPub(ontology=english_only(ontology), sort_subjects=True).make_html()
    page = _add_individuals(page, ontology)
    page = _add_labels_and_anchors(page, ontology)
    page = _add_header(page, ontology)
    return page if page.endswith("\n") else page + "\n"


def write(ontology_file: Path, out_dir: Path, name: str = "ontology.html") -> Path:
    g = Graph()
    g.parse(ontology_file, format="turtle")
    target = out_dir / name
    target.write_text(render(g), encoding="utf-8")
    return target
