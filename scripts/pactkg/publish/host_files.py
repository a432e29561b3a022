"""What a web server needs to serve a release as linked data: variants, type maps, rules, redirects.

Every IRI of the dataset (https://w3id.org/lv-pact-1939/…) is redirected by w3id.org (303 See Other, the
same for every Accept header, so the redirect itself does not vary) to the same path on the deployment
base (pactkg.deployment). There the host negotiates the representation the way HTTP says
(RFC 9110 §12): Apache's mod_negotiation reads one type map per resource (`<name>.var`) listing its
variants with their media types and server-side qualities, weighs the client's q-values, answers
406 Not Acceptable when nothing listed is acceptable and sends `Vary: accept` with every negotiated
answer. The host's rules (`.htaccess` at the release's root, from publish/apache/host.htaccess) map the
extension-less paths to those type maps.

Resources negotiated here: the landing page (/), the dataset (/dataset), the ontology (/ontology and
/ontology/<version>), the shapes (/shapes), the team (/team), the quality report (/quality) and every
entity (/id/<slug>, written by pactkg.entity_documents).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from pactkg.common import paths
from pactkg.publish.deployment import Deployment
from pactkg.publish.entity_documents import FORMATS, type_map

HOST_RULES = paths.ROOT / "publish" / "apache" / "host.htaccess.in"
W3ID_TEMPLATE = paths.ROOT / "publish" / "w3id" / "htaccess.in"
W3ID_README = paths.ROOT / "publish" / "w3id" / "README.md"

# resource (path under the base) -> (RDF file it is made from, HTML page or None)
NEGOTIATED = {
    "index": ("void.ttl", "dataset.html"),
    "dataset": ("void.ttl", "dataset.html"),
    "ontology": ("ontology.ttl", "ontology.html"),
    "shapes": ("shapes.ttl", None),
    "team": ("team.ttl", "team.html"),
    "quality": ("quality.ttl", "quality.html"),
}


def _read(path: Path) -> list[ox.Triple]:
    """The file's triples, sorted. Blank nodes (the shapes have them) are named b1, b2, … in the order the
    parser meets them, which depends only on the file's bytes: the same file gives the same variants."""
    names: dict = {}

    def name(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term, ox.BlankNode(f"b{len(names) + 1}"))
        return term

    triples = [ox.Triple(name(q.subject), q.predicate, name(q.object))
               for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)]
    return sorted(triples, key=str)


def write_variants(root: Path, ttl_name: str) -> list[str]:
    """The other RDF variants of a Turtle file of the release (`x.nt`, `x.rdf`, `x.jsonld` beside `x.ttl`).

    A variant that already exists (ontology.jsonld, compacted with the context) is kept.
    """
    src = root / ttl_name
    stem = src.name[: -len(".ttl")]
    triples = None
    names = []
    for suffix, (fmt, _mt) in FORMATS.items():
        target = src.with_name(stem + suffix)
        names.append(target.name)
        if target.exists():
            continue
        triples = triples if triples is not None else _read(src)
        target.write_bytes(ox.serialize(triples, format=fmt))
    return names


def write_negotiation(root: Path, entity_dir: str = "site/id") -> list[str]:
    """Variants and type maps for the release's own resources, and the host's rules; the paths written."""
    written = []
    for name, (ttl, html) in NEGOTIATED.items():
        if not (root / ttl).is_file():
            continue
        variants = write_variants(root, ttl)
        media = {suffix: mt for suffix, (_f, mt) in FORMATS.items()}
        listed = [(v, media["." + v.rsplit(".", 1)[1]]) for v in variants]
        (root / f"{name}.var").write_text(type_map(name, listed, html), encoding="utf-8")
        written.append(f"{name}.var")
    (root / ".htaccess").write_text(HOST_RULES.read_text(encoding="utf-8").replace("{entity_dir}", entity_dir), encoding="utf-8")
    written.append(".htaccess")
    return written


def w3id_rules(dep: Deployment) -> str:
    """The w3id.org rules (lv-pact-1939/.htaccess in perma-id/w3id.org) redirecting to the deployment base."""
    text = W3ID_TEMPLATE.read_text(encoding="utf-8")
    return (text.replace("{entity_resource}", dep.entity_resource("$1")).replace("{entity_page}", dep.page_path("$1"))
            .replace("{base}", dep.base))


def write_w3id(root: Path, dep: Deployment) -> list[str]:
    """root/w3id/: the rules (`htaccess`, to commit as lv-pact-1939/.htaccess) and the pull request's README."""
    out = root / "w3id"
    out.mkdir(exist_ok=True)
    (out / "htaccess").write_text(w3id_rules(dep), encoding="utf-8")
    shutil.copyfile(W3ID_README, out / "README.md")
    return ["w3id/htaccess", "w3id/README.md"]
