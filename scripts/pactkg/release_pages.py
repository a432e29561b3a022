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
