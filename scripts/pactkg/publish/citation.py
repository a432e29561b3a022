"""How to cite the dataset: CITATION.cff read once, and every other citation format derived from it.

CITATION.cff (at the repository's root, where GitHub and Zenodo look for it) is the one source of truth
for the title, creators, contact point, licence, version and date. From it come the DataCite metadata
(XML, kernel 4, and the JSON of DataCite's REST API), the metadata a Zenodo deposit reads (.zenodo.json),
the schema.org Dataset markup of the landing page and the one-line citation the pages show. So the same
version, date, licence, creators and contact point appear everywhere; `check` refuses a CITATION.cff
whose version or date disagrees with the package and CHANGELOG.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

from pactkg.common import paths

CITATION_FILE = paths.ROOT / "CITATION.cff"
ZENODO_FILE = paths.ROOT / ".zenodo.json"
PUBLISHER = "lv-pact-1939"

# The licences this dataset may carry: SPDX id -> (licence document, Zenodo's id, name).
LICENSES = {
    "CC-BY-SA-4.0": (
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "cc-by-sa-4.0",
        "Creative Commons Attribution Share Alike 4.0 International",
    ),
}


class CitationError(ValueError):
    """CITATION.cff lacks something or disagrees with the release; the message says what to fix."""


@dataclass(frozen=True)
class Agent:
    name: str
    website: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Citation:
    title: str
    abstract: str
    version: str
    released: date
    license: str  # SPDX id
    url: str
    authors: tuple[Agent, ...]
    contact: tuple[Agent, ...]
    keywords: tuple[str, ...] = ()
    references: tuple[dict, ...] = field(default=())

    @property
    def license_url(self) -> str:
        return LICENSES[self.license][0]


def _agents(items: Any, key: str, where: Path) -> tuple[Agent, ...]:
    if not isinstance(items, list) or not items:
        raise CitationError(f"{where}: '{key}' must list at least one person or entity")
    out = []
    for i, a in enumerate(items, 1):
        name = a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x)
        if not name:
            raise CitationError(f"{where}: {key} #{i} has no name")
        out.append(Agent(str(name), a.get("website"), a.get("email")))
    return tuple(out)


def load(path: Path | None = None) -> Citation:
    """CITATION.cff as a Citation (PyYAML reads it; cffconvert validates it in the tests)."""
    path = Path(path or CITATION_FILE)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CitationError(f"{path}: missing (the citation metadata of the dataset)") from None
    except yaml.YAMLError as exc:
        raise CitationError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CitationError(f"{path}: expected a YAML mapping")
    for key in ("title", "abstract", "version", "date-released", "license", "url", "authors", "contact"):
        if not data.get(key):
            raise CitationError(f"{path}: '{key}' is missing; every citation format needs it")
    released = data["date-released"]
    if not isinstance(released, date):
        try:
            released = date.fromisoformat(str(released))
        except ValueError:
            raise CitationError(f"{path}: date-released {released!r} is not a date (YYYY-MM-DD)") from None
    if data["license"] not in LICENSES:
        raise CitationError(f"{path}: license {data['license']!r} is not one of {', '.join(LICENSES)}")
    return Citation(
        title=str(data["title"]).strip(),
        abstract=" ".join(str(data["abstract"]).split()),
        version=str(data["version"]),
        released=released,
        license=data["license"],
        url=str(data["url"]),
        authors=_agents(data["authors"], "authors", path),
        contact=_agents(data["contact"], "contact", path),
        keywords=tuple(str(k) for k in data.get("keywords") or ()),
        references=tuple(data.get("references") or ()),
    )


def check(cit: Citation, version: str, released: date, path: Path | None = None) -> None:
    """The citation names this release: same version and date as the package and CHANGELOG.md."""
    path = path or CITATION_FILE
    if cit.version != version:
        raise CitationError(f"{path}: version is {cit.version!r}, the release is {version!r}. Set version: \"{version}\".")
    if cit.released != released:
        raise CitationError(
            f"{path}: date-released is {cit.released}, CHANGELOG.md dates {version} {released}. "
            f"Set date-released: \"{released}\"."
        )


def creators_text(cit: Citation) -> str:
    return ", ".join(a.name for a in cit.authors)


def citation_text(cit: Citation) -> str:
    """The citation to copy: creators (year). Title (Version v) [Data set]. Publisher. URL"""
    return (
        f"{creators_text(cit)} ({cit.released.year}). {cit.title} (Version {cit.version}) [Data set]. "
        f"{PUBLISHER}. {cit.url}"
    )


def datacite_json(cit: Citation) -> dict[str, Any]:
    """The attributes DataCite's REST API takes for a draft DOI (a DOI is given when it is registered)."""
    lic_url, _, lic_name = LICENSES[cit.license]
    return {
        "data": {
            "type": "dois",
            "attributes": {
                "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Knowledge graph"},
                "creators": [_dc_agent(a) for a in cit.authors],
                "contributors": [dict(_dc_agent(a), contributorType="ContactPerson") for a in cit.contact],
                "titles": [{"title": cit.title, "lang": "en"}],
                "publisher": {"name": PUBLISHER},
                "publicationYear": cit.released.year,
                "dates": [{"date": cit.released.isoformat(), "dateType": "Issued"}],
                "version": cit.version,
                "language": "lv",
                "subjects": [{"subject": k} for k in cit.keywords],
                "rightsList": [{
                    "rights": lic_name, "rightsUri": lic_url, "rightsIdentifier": cit.license.lower(),
                    "rightsIdentifierScheme": "SPDX", "schemeUri": "https://spdx.org/licenses/",
                }],
                "descriptions": [{"description": cit.abstract, "descriptionType": "Abstract", "lang": "en"}],
                "alternateIdentifiers": [{"alternateIdentifier": cit.url, "alternateIdentifierType": "URL"}],
                "relatedIdentifiers": [
                    {"relatedIdentifier": r["url"], "relatedIdentifierType": "URL", "relationType": "IsDerivedFrom"}
                    for r in cit.references if r.get("url")
                ],
                "url": cit.url,
            },
        }
    }


def _dc_agent(a: Agent) -> dict[str, Any]:
    out: dict[str, Any] = {"name": a.name, "nameType": "Organizational"}
    if a.website:
        out["nameIdentifiers"] = [{"nameIdentifier": a.website, "nameIdentifierScheme": "URL"}]
    return out


def datacite_xml(cit: Citation) -> str:
    """DataCite Metadata Schema 4 XML (the mandatory properties and those above; no DOI until registered)."""
    lic_url, _, lic_name = LICENSES[cit.license]
    a = datacite_json(cit)["data"]["attributes"]

    def agent(tag: str, x: dict, extra: str = "") -> str:
        ids = "".join(
            f'<nameIdentifier nameIdentifierScheme="URL">{escape(i["nameIdentifier"])}</nameIdentifier>'
            for i in x.get("nameIdentifiers", [])
        )
        return (f'    <{tag}{extra}><{tag}Name nameType="Organizational">{escape(x["name"])}</{tag}Name>'
                f"{ids}</{tag}>\n")

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<resource xmlns="http://datacite.org/schema/kernel-4" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://datacite.org/schema/kernel-4 '
        'https://schema.datacite.org/meta/kernel-4/metadata.xsd">\n',
        f'  <alternateIdentifiers>\n    <alternateIdentifier alternateIdentifierType="URL">{escape(cit.url)}'
        "</alternateIdentifier>\n  </alternateIdentifiers>\n",
        "  <creators>\n", *(agent("creator", c) for c in a["creators"]), "  </creators>\n",
        f'  <titles>\n    <title xml:lang="en">{escape(cit.title)}</title>\n  </titles>\n',
        f"  <publisher>{escape(PUBLISHER)}</publisher>\n",
        f"  <publicationYear>{cit.released.year}</publicationYear>\n",
        '  <resourceType resourceTypeGeneral="Dataset">Knowledge graph</resourceType>\n',
        "  <subjects>\n", *(f"    <subject>{escape(k)}</subject>\n" for k in cit.keywords), "  </subjects>\n",
        "  <contributors>\n",
        *(agent("contributor", c, ' contributorType="ContactPerson"') for c in a["contributors"]),
        "  </contributors>\n",
        f'  <dates>\n    <date dateType="Issued">{cit.released.isoformat()}</date>\n  </dates>\n',
        "  <language>lv</language>\n",
        "  <relatedIdentifiers>\n",
        *(f'    <relatedIdentifier relatedIdentifierType="URL" relationType="IsDerivedFrom">'
          f'{escape(r["relatedIdentifier"])}</relatedIdentifier>\n' for r in a["relatedIdentifiers"]),
        "  </relatedIdentifiers>\n",
        f"  <version>{escape(cit.version)}</version>\n",
        f"  <rightsList>\n    <rights rightsURI={quoteattr(lic_url)} rightsIdentifier={quoteattr(cit.license.lower())} "
        f'rightsIdentifierScheme="SPDX" schemeURI="https://spdx.org/licenses/">{escape(lic_name)}</rights>\n'
        "  </rightsList>\n",
        f'  <descriptions>\n    <description xml:lang="en" descriptionType="Abstract">{escape(cit.abstract)}'
        "</description>\n  </descriptions>\n",
        "</resource>\n",
    ]
    return "".join(lines)


def zenodo_json(cit: Citation) -> dict[str, Any]:
    """The deposit metadata Zenodo reads from .zenodo.json (its legacy deposit schema)."""
    return {
        "upload_type": "dataset",
        "title": cit.title,
        "description": cit.abstract,
        "creators": [{"name": a.name} for a in cit.authors],
        "contributors": [{"name": a.name, "type": "ContactPerson"} for a in cit.contact],
        "version": cit.version,
        "publication_date": cit.released.isoformat(),
        "license": LICENSES[cit.license][1],
        "access_right": "open",
        "keywords": list(cit.keywords),
        "language": "lav",
        "related_identifiers": [
            {"identifier": cit.url, "relation": "isIdenticalTo", "resource_type": "dataset"},
            *({"identifier": r["url"], "relation": "isDerivedFrom"} for r in cit.references if r.get("url")),
        ],
    }


def schema_org_agent(a: Agent) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Organization", "name": a.name}
    if a.website:
        out["@id"] = a.website
        out["url"] = a.website
    return out


def schema_org_dataset(
    cit: Citation,
    dataset_iri: str,
    downloads: list[tuple[str, str, int]],
    temporal: tuple[str, str] | None = None,
    first_released: date | None = None,
) -> dict[str, Any]:
    """schema.org Dataset JSON-LD for the landing page (what dataset search engines read).

    downloads: (URL, media type, bytes) of the dumps. The contact point is the contact's organisation with a
    schema:ContactPoint (Dataset itself has no contactPoint property).
    """
    contacts = []
    for a in cit.contact:
        org = schema_org_agent(a)
        cp: dict[str, Any] = {"@type": "ContactPoint", "contactType": "dataset maintainer", "name": a.name}
        if a.website:
            cp["url"] = a.website
        if a.email:
            cp["email"] = a.email
        org["contactPoint"] = cp
        contacts.append(org)
    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": dataset_iri,
        "name": cit.title,
        "description": cit.abstract,
        "url": dataset_iri,
        "identifier": cit.url,
        "version": cit.version,
        "datePublished": (first_released or cit.released).isoformat(),
        "dateModified": cit.released.isoformat(),
        "license": cit.license_url,
        "isAccessibleForFree": True,
        "creator": [schema_org_agent(a) for a in cit.authors],
        "publisher": contacts[0] if len(contacts) == 1 else contacts,
        "keywords": list(cit.keywords),
        "inLanguage": ["lv", "en", "ru"],
        "citation": citation_text(cit),
        "spatialCoverage": {"@type": "Place", "name": "Latvia"},
        "isBasedOn": [r["url"] for r in cit.references if r.get("url")],
        "distribution": [
            {"@type": "DataDownload", "contentUrl": url, "encodingFormat": mt, "contentSize": f"{size} B"}
            for url, mt, size in downloads
        ],
    }
    if temporal:
        doc["temporalCoverage"] = f"{temporal[0]}/{temporal[1]}"
    return doc


def dumps(obj: Any) -> str:
    """JSON as every citation file writes it: stable key order, UTF-8, two-space indent."""
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_zenodo(cit: Citation | None = None, path: Path = ZENODO_FILE) -> Path:
    """.zenodo.json at the repository's root (Zenodo's GitHub integration reads it there)."""
    path.write_text(dumps(zenodo_json(cit or load())), encoding="utf-8")
    return path
