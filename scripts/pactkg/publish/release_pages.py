"""The release's own HTML pages: the dataset's landing page, the team's page and the quality report.

They belong to the release (not to the site) because they describe the release itself: the landing page
carries the schema.org Dataset markup that dataset search engines read, the citation, the downloads and
the endpoint. Plain, accessible HTML (one h1, landmarks, lang attributes, tables with headers), no scripts
other than the JSON-LD data block; the same input gives the same bytes.
"""

from __future__ import annotations

import json
from html import escape


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def json_script(obj) -> str:
    """JSON-LD inside <script>: no '<' at all, so the block cannot be closed early (\\u003c is valid JSON)."""
    text = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def shell(title: str, body: str, *, head_extra: str = "", footer: str = "") -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}"
        "table{border-collapse:collapse}th,td{border:1px solid #888;padding:.25rem .5rem;text-align:left}"
        "code,pre{background:#f3f3f3}pre{padding:.5rem;white-space:pre-wrap}</style>\n"
        f"{head_extra}</head>\n<body>\n"
        f'<main id="main">\n{body}\n</main>\n'
        f'<footer>\n{footer}\n</footer>\n</body>\n</html>\n'
    )


def cite_block(citation_text: str, version: str) -> str:
    """The "How to cite" block every page of the release shows."""
    return (
        '<section aria-labelledby="how-to-cite">\n<h2 id="how-to-cite">How to cite</h2>\n'
        f"<p>{esc(citation_text)}</p>\n"
        f'<p>Version {esc(version)}. Citation metadata: <a href="citation/CITATION.cff">CITATION.cff</a>, '
        '<a href="citation/datacite.xml">DataCite XML</a>, <a href="citation/datacite.json">DataCite JSON</a>, '
        '<a href="citation/zenodo.json">Zenodo</a>.</p>\n</section>'
    )


def table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    """A table; cells are HTML already."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>\n" for r in rows)
    return f"<table>\n<caption>{esc(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def team_turtle(names: list[str], team_iri: str, dataset_iri: str) -> str:
    """The team (…/team): the creator of the dataset and of the mapping set, and its contact point."""
    lines = [
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "",
        f"<{team_iri}> a foaf:Agent , foaf:Organization ;",
    ]
    for name in names:
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'    foaf:name "{quoted}"@en ;')
        lines.append(f'    rdfs:label "{quoted}"@en ;')
    lines.append(f"    foaf:made <{dataset_iri}> ;")
    lines.append(f"    foaf:page <{team_iri}> .")
    lines.append("")
    lines.append(f"<{dataset_iri}> dcterms:creator <{team_iri}> ; dcterms:publisher <{team_iri}> .")
    return "\n".join(lines) + "\n"


def team_html(names: list[str], footer: str) -> str:
    body = (
        f"<h1>{esc(', '.join(names))}</h1>\n"
        "<p>The team that makes and maintains the lv-pact-1939 knowledge graph: the creator and publisher of "
        'the <a href="dataset">dataset</a> and of its Wikidata mapping set, and its contact point.</p>\n'
        '<p>This page is also available as RDF: <a href="team.ttl">Turtle</a>, <a href="team.jsonld">JSON-LD</a>, '
        '<a href="team.nt">N-Triples</a>, <a href="team.rdf">RDF/XML</a>.</p>'
    )
    return shell(f"{', '.join(names)} — lv-pact-1939", body, footer=footer)


def dataset_html(
    *,
    title: str,
    abstract: str,
    version: str,
    released: str,
    license_url: str,
    downloads: list[tuple[str, str, str, int]],
    sparql_endpoint: str | None,
    local_note: str | None,
    schema_org: dict,
    footer: str,
) -> str:
    """The dataset's landing page (the HTML answer for …/dataset): what it is, where to get it, how to cite.

    downloads: (relative link, title, media type, bytes).
    """
    rows = [[f'<a href="{esc(href)}">{esc(href)}</a>', esc(t), f"<code>{esc(mt)}</code>", f"{size:,}".replace(",", "\u202f")]
            for href, t, mt, size in downloads]
    endpoint = (f'<p>SPARQL endpoint (read-only): <a href="{esc(sparql_endpoint)}">{esc(sparql_endpoint)}</a></p>'
                if sparql_endpoint else f"<p>{esc(local_note or 'No public SPARQL endpoint.')}</p>")
    body = (
        f"<h1>{esc(title)}</h1>\n<p>{esc(abstract)}</p>\n"
        f"<p>Version {esc(version)}, released {esc(released)}. Licence: "
        f'<a href="{esc(license_url)}">CC BY-SA 4.0</a> (credit: Latvian Wikipedia contributors; coordinates: '
        "Data from Who's On First).</p>\n"
        '<p>The dataset\'s description (VoID and DCAT): <a href="void.ttl">Turtle</a>, <a href="void.jsonld">JSON-LD</a>, '
        '<a href="void.nt">N-Triples</a>, <a href="void.rdf">RDF/XML</a>. Its quality: <a href="quality.html">quality report</a>. '
        'Browse it: <a href="site/index.html">the site</a>. The ontology: <a href="ontology.html">documentation</a>.</p>\n'
        f"{endpoint}\n<h2>Downloads</h2>\n"
        + table(["File", "What", "Media type", "Bytes"], rows, f"Files of release {version}")
    )
    return shell(f"{title} — {version}", body, head_extra=json_script(schema_org), footer=footer)
