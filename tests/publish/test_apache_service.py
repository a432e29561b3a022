"""The release served by a real Apache httpd on 127.0.0.1, crawled: every IRI, every representation.

The session's release with the site rendered into it (as `make` lays out dist/); Apache (Debian's apache2,
started here with a temporary configuration, stopped at the end) serves it with the release's .htaccess,
plays w3id.org on a second port with w3id rules made for this host, and proxies /sparql to
`oxigraph serve-read-only`. Then every IRI of the dataset that the release uses is
requested through the w3id stand-in with each media type we offer, following the 303 to the host.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest

from rdflib import Graph

from pactkg.site.build import render_site, site_options
from pactkg.site.model import GraphView
from pactkg.publish import apache_service, deployment, host_files, release_version
from pactkg.query import server

P = "https://w3id.org/lv-pact-1939/"
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
OFFERED = ["text/html", *RDF_TYPES]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
# Resources negotiated among all five representations (the shapes have no HTML page).
NEGOTIATED = re.compile(r"^(|dataset|ontology|ontology/\d+\.\d+\.\d+|team|quality|id/[a-z0-9]+(?:-[a-z0-9]+)*)$")


class Client:
    """HTTP/1.1 with keep-alive, one connection per host; never follows redirects."""

    def __init__(self):
        self.conns: dict[str, http.client.HTTPConnection] = {}

    def get(self, url: str, accept: str = "*/*", method: str = "GET") -> tuple[int, http.client.HTTPMessage, bytes]:
        u = urllib.parse.urlsplit(url)
        for attempt in (1, 2):
            conn = self.conns.get(u.netloc) or http.client.HTTPConnection(u.netloc, timeout=20)
            self.conns[u.netloc] = conn
            try:
                conn.request(method, u.path + (f"?{u.query}" if u.query else ""), headers={"Accept": accept})
                r = conn.getresponse()
                return r.status, r.headers, r.read()
            except (http.client.HTTPException, ConnectionError):
                conn.close()
                del self.conns[u.netloc]
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        for c in self.conns.values():
            c.close()


@pytest.fixture(scope="module")
def service(tmp_path_factory, released):
    """The session's release (built for tests' base) with the site added, as `make` lays out dist/; the
    w3id rules are made for the local host's port, where Apache serves it."""
    apache_service.apache_binary()  # a clear failure when apache2 is missing (mk/system-packages.txt)
    tmp = tmp_path_factory.mktemp("served")
    port, w3id_port = apache_service.free_port(), apache_service.free_port()
    base = f"http://127.0.0.1:{port}/"
    dist = tmp / "dist"
    shutil.copytree(released, dist)
    graph = Graph().parse(dist / "lv-pact-1939.ttl", format="turtle")
    (dist / "site").mkdir()
    render_site(GraphView(graph), dist / "site", site_options(graph, dist / "site", release_dir=dist))
    dep = deployment.load(base=base)
    store = tmp / "store"
    server.load_store(dist / "lv-pact-1939.ttl", store)
    with server.running_server(store) as ep, apache_service.running(
        dist, host_files.w3id_rules(dep), port, w3id_port, release_version.__version__, dep.sparql_path, ep + "/query",
    ) as svc:
        client = Client()
        yield svc, dist, client
        client.close()


def _dataset_iris(dist: Path) -> set[str]:
    """Every IRI under https://w3id.org/lv-pact-1939/ that the release's RDF and mapping set use (no fragment)."""
    found: set[str] = set()
    files = [dist / n for n in ("lv-pact-1939.nt", "void.nt", "team.nt", "quality.nt", "ontology.nt", "shapes.nt")]
    files += sorted((dist / "id").glob("*.nt"))
    for f in files:
        for q in ox.parse(f.read_bytes(), format=ox.RdfFormat.N_TRIPLES):
            for term in (q.subject, q.predicate, q.object, getattr(q.object, "datatype", None)):
                if isinstance(term, ox.NamedNode) and term.value.startswith(P):
                    found.add(term.value.split("#", 1)[0])
    sssom = (dist / "mappings" / "wikidata.sssom.tsv").read_text(encoding="utf-8")
    found.add(re.search(r"^#mapping_set_id: (\S+)", sssom, re.M).group(1))
    curie_base = re.search(r"^#  lvpact: (\S+)", sssom, re.M).group(1)
    for local in re.findall(r"lvpact:([A-Za-z0-9._-]+)", sssom):
        found.add(curie_base + local)
    return found


def _follow(client: Client, svc, iri: str, accept: str):
    status, headers, _ = client.get(svc.w3id_url(iri), accept)
    assert status == 303, f"{iri} (Accept: {accept}): w3id answered {status}, not 303"
    location = headers["Location"]
    assert location.startswith(svc.host), f"{iri}: redirected off the host: {location}"
    return location, client.get(location, accept)


def test_every_iri_resolves_in_every_representation(service):
    svc, dist, client = service
    iris = _dataset_iris(dist)
    assert P + "team" in iris and P + "dataset" in iris and P + "id/vilhelms-munters" in iris
    checked = 0
    for iri in sorted(iris):
        path = iri[len(P):]
        if NEGOTIATED.match(path):
            for accept in OFFERED:
                location, (status, headers, body) = _follow(client, svc, iri, accept)
                assert status == 200, f"{iri} -> {location} (Accept: {accept}): {status}"
                assert headers["Content-Type"].split(";")[0] == accept, f"{iri} ({accept}): got {headers['Content-Type']}"
                assert "accept" in headers.get("Vary", "").lower(), f"{iri} ({accept}): no Vary: accept"
                if accept in RDF_TYPES:
                    triples = list(ox.parse(body, format=RDF_TYPES[accept], base_iri=location))
                    assert triples, f"{iri} ({accept}): empty"
                    if path.startswith("id/"):
                        assert any(t.subject.value == iri or getattr(t.object, "value", None) == iri for t in triples), iri
                checked += 1
        else:
            location, (status, headers, body) = _follow(client, svc, iri, "*/*")
            assert status == 200, f"{iri} -> {location}: {status}"
            checked += 1
    assert checked > 1000


def test_explicit_representations_of_an_entity(service):
    svc, _dist, client = service
    for ext, media in (("ttl", "text/turtle"), ("nt", "application/n-triples"), ("rdf", "application/rdf+xml"),
                       ("jsonld", "application/ld+json"), ("html", "text/html")):
        location, (status, headers, _) = _follow(client, svc, f"{P}id/riga.{ext}", BROWSER)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media, (ext, location, status)


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/turtle;q=0, application/ld+json", "application/ld+json"),
        ("application/ld+json;q=0.5, text/turtle", "text/turtle"),
        ("text/html;q=0.1, application/n-triples;q=0.9", "application/n-triples"),
        (BROWSER, "text/html"),
        ("*/*", "text/html"),
        ("text/*", "text/html"),
        ("application/*", "application/ld+json"),
    ],
)
def test_q_values_are_weighed(service, accept, expected):
    svc, _dist, client = service
    for iri in (P + "id/vilhelms-munters", P + "dataset", P + "ontology"):
        _location, (status, headers, _) = _follow(client, svc, iri, accept)
        assert status == 200 and headers["Content-Type"].split(";")[0] == expected, (iri, accept, headers["Content-Type"])


def test_nothing_acceptable_is_406(service):
    svc, _dist, client = service
    for iri in (P + "id/riga", P + "dataset", P + "team"):
        _location, (status, headers, _) = _follow(client, svc, iri, "image/png")
        assert status == 406, (iri, status)
        assert "accept" in headers.get("Vary", "").lower()


def test_w3id_redirects_do_not_vary_and_unknown_paths_are_404(service):
    svc, _dist, client = service
    seen = set()
    for accept in OFFERED + ["image/png"]:
        status, headers, _ = client.get(svc.w3id_url(P + "id/riga"), accept)
        assert status == 303
        seen.add(headers["Location"])
    assert len(seen) == 1, "w3id.org's answer must not depend on Accept (it sends no Vary)"
    for path in ("id/Riga", "id/riga/x", "nothing", "releases/0.1/x"):
        assert client.get(svc.w3id + path)[0] == 404, path


def test_the_sparql_endpoint_is_proxied_and_read_only(service):
    svc, _dist, client = service
    q = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    status, headers, body = client.get(f"{svc.sparql}?{q}", "application/sparql-results+json")
    assert status == 200, body[:300]
    n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert n == sum(1 for _ in (_dist / "lv-pact-1939.nt").open(encoding="utf-8"))
    u = urllib.parse.urlsplit(svc.sparql)
    conn = http.client.HTTPConnection(u.netloc, timeout=20)
    conn.request("POST", u.path, body="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                 headers={"Content-Type": "application/sparql-update"})
    r = conn.getresponse()
    r.read()
    conn.close()
    assert r.status >= 400, "the endpoint accepted an update"
    assert client.get(f"{svc.sparql}?{q}", "application/sparql-results+json")[2] == body


def test_entity_pages_find_their_stylesheet(service):
    """The HTML answer for …/id/<slug> is served at site/id/<slug>, so the page's relative links work."""
    svc, _dist, client = service
    location, (status, _h, body) = _follow(client, svc, P + "id/riga", "text/html")
    hrefs = re.findall(r'href="([^"#:]+\.css)"', body.decode("utf-8"))
    assert status == 200 and hrefs
    for href in hrefs:
        assert client.get(urllib.parse.urljoin(location, href))[0] == 200, href


def test_deploy_local_command_end_to_end(service):
    """`pactkg deploy-local --check`: Apache, the w3id stand-in and the proxied endpoint, asked and stopped."""
    _svc, dist, _client = service
    port, w3id_port = apache_service.free_port(), apache_service.free_port()
    proc = subprocess.run(
        [sys.executable, "-m", "pactkg", "deploy-local", "--dist", str(dist), "--port", str(port),
         "--w3id-port", str(w3id_port), "--check"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("ok ") == 6 and "BAD" not in proc.stdout, proc.stdout
    for p in (port, w3id_port):
        with apache_service.socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", p)) != 0, f"port {p} still open after deploy-local stopped"


def test_every_site_page_shows_how_to_cite_with_the_version(service):
    _svc, dist, _client = service
    from pactkg.publish import citation

    cit = citation.load()
    pages = sorted((dist / "site").rglob("*.html"))
    assert len(pages) > 200
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert 'id="how-to-cite"' in text and f"Version {cit.version}" in text, page
        assert citation.citation_text(cit).replace("'", "&#x27;") in text, page
