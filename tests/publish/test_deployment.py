"""One setting for where the release lives; a local build says so; the version appears everywhere."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from pactkg.common.namespaces import ONTOLOGY_IRI
from pactkg.publish import citation, dataset_description, deployment, host_files, release_version
from pactkg.publish.dataset_description import DATASET, DCAT, VOID

from .support import BASE, DUMP


def _write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "deployment.toml"
    f.write_text(text, encoding="utf-8")
    return f


def test_the_repository_setting_loads():
    dep = deployment.load()
    assert dep.base.endswith("/")
    assert dep.page_path("riga").endswith("/riga.html")


@pytest.mark.parametrize(
    "text,message",
    [
        ('base = "ftp://x/"\n', "is not an http"),
        ('base = "https://x/?a=1"\n', "query or a fragment"),
        ('base = "https://x/"\nport = "1"\n', "unknown key"),
        ("base = 3\n", "must be a string"),
        ('entity_page = "/site/{slug}.html"\n', "entity_page must be"),
        ('entity_page = "site/id/riga.html"\n', "entity_page must be"),
        ('base = "https://x/\n', "not valid TOML"),
    ],
)
def test_bad_settings_are_refused_with_the_file_named(tmp_path, text, message):
    f = _write(tmp_path, text)
    with pytest.raises(deployment.DeploymentError, match=message) as exc:
        deployment.load(f)
    assert str(f) in str(exc.value)


def test_local_and_public_bases(tmp_path):
    f = _write(tmp_path, 'base = ""\n')
    local = deployment.load(f)
    assert local.local and local.sparql_endpoint is None and local.local_note
    for base in ("http://localhost:8080/", "http://127.0.0.1:9/", "http://[::1]:8080/"):
        assert deployment.load(f, base=base).local, base
    public = deployment.load(f, base="https://data.example.net/kg")
    assert public.base == "https://data.example.net/kg/" and not public.local
    assert public.sparql_endpoint == "https://data.example.net/kg/sparql"
    assert public.entity_resource("riga") == "site/id/riga"


def test_everything_follows_the_base(released):
    desc = Graph().parse(released / "void.ttl")
    assert desc.value(DATASET, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    rules = (released / "w3id" / "htaccess").read_text(encoding="utf-8")
    assert f"{BASE}site/id/$1 [R=303,L]" in rules and "example.org" not in rules
    assert "127.0.0.1" not in (released / "id" / "riga.nt").read_text(encoding="utf-8")
    assert f"<{BASE}site/id/riga>" in (released / "id" / "riga.nt").read_text(encoding="utf-8")
    assert "RewriteRule ^site/id/" in (released / ".htaccess").read_text(encoding="utf-8")


def test_a_local_build_says_so_and_names_no_endpoint(released):
    g = Graph().parse(released / f"{DUMP}.ttl")
    dep = deployment.load(base="http://127.0.0.1:8080/")
    inp = dataset_description.DescriptionInputs(
        version="0.1.0", released=date(2026, 1, 2), first_released=date(2026, 1, 1),
        files=[], sparql_endpoint=dep.sparql_endpoint, local_note=dep.local_note,
    )
    d = dataset_description.describe(g, inp)
    assert (DATASET, VOID.sparqlEndpoint, None) not in d
    assert (None, RDF.type, DCAT.DataService) not in d
    assert "built for local use" in str(d.value(DATASET, RDFS.comment))
    # even if a loopback endpoint is passed directly, it is not advertised
    inp.sparql_endpoint = "http://127.0.0.1:7878/query"
    assert (DATASET, VOID.sparqlEndpoint, None) not in dataset_description.describe(g, inp)


def test_the_version_appears_everywhere(released):
    info = release_version.release_info()
    v = info.version
    desc = Graph().parse(released / "void.ttl")
    assert desc.value(DATASET, DCAT.version) == Literal(v)
    onto = Graph().parse(released / "ontology.ttl")
    assert onto.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{v}")
    assert str(onto.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)) == v
    assert citation.load().version == v
    assert f"Version {v}" in (released / "dataset.html").read_text(encoding="utf-8")


def test_the_first_release_is_frozen_as_the_baseline():
    """releases/<first version>.nt.gz exists, so the next release's changelog is the real difference."""
    dates = release_version.changelog_dates()
    first = min(dates, key=lambda k: (dates[k], k))
    kept = release_version.kept_releases()
    assert first in kept, f"releases/{first}.nt.gz is missing: make release-freeze on the release commit"
    lines = gzip.decompress(kept[first].read_bytes()).decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) > 1000
    with open(kept[first], "rb") as f:
        head = f.read(10)
    assert head[4:8] == b"\0\0\0\0", "the gzip header must carry no timestamp"


def test_w3id_rules_template_and_readme():
    dep = deployment.load(base="https://data.example.net/kg/")
    text = host_files.w3id_rules(dep)
    assert "{" not in text.replace("{base}", "")
    assert "https://data.example.net/kg/site/id/$1 [R=303,L]" in text
    assert "Maintainers" in host_files.W3ID_README.read_text(encoding="utf-8")
