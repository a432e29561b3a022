"""The query page: a SPARQL editor (YASGUI's editor, Yasqe, bundled in assets/vendor/), our prefixes
declared, the competency questions (queries/*.rq) as a gallery in the page's language, and results shown
with labels that link to the entities' pages (assets/query.js).

Without JavaScript the page still shows every question and its SPARQL. The endpoint is the one the deployment
setting names, or for a local build the one `make serve` runs beside the site (`data-endpoint`). When none
answers (a static host), the page answers in the browser from the site's copy of the graph with Oxigraph's
WebAssembly build (npm `oxigraph`, loaded only then; docs/site.md has the figures that decided it), and says so.
"""

from __future__ import annotations

import json

from pactkg.site.terms import LVD
from .i18n import UI
from .markup import current_lang, esc, page, pick, ui
from .model import GraphView
from .rdfdoc import DOC_PREFIXES

# The editor's files, copied from node_modules/@zazuko/yasqe/build/ into assets/vendor/ by the build.
VENDOR_FILES = ("yasqe.min.js", "yasqe.min.css")
# Answering in the browser when no endpoint does: Oxigraph's WebAssembly build (copied from
# node_modules/oxigraph/ into assets/vendor/) and the graph as sorted N-Triples (build.py writes it).
IN_BROWSER = {"js": "../assets/vendor/web.js", "wasm": "../assets/vendor/web_bg.wasm", "data": "../assets/data/graph.nt"}
KIND_NAMES = {
    "look-up": ("look-up", "uzziņa"),
    "multi-hop": ("several steps", "vairāki soļi"),
    "aggregation": ("counting", "skaitīšana"),
    "temporal": ("time", "laiks"),
    "spatial": ("places", "vietas"),
    "provenance": ("sources", "avoti"),
    "quotation": ("quotations", "citāti"),
    "multilingual": ("languages", "valodas"),
    "conflict": ("disagreeing sources", "avotu nesaskaņas"),
}
# Prefixes declared in a new query (the same as the per-entity files use).
QUERY_PREFIXES = ("rdf", "rdfs", "xsd", "owl", "skos", "lvp", "lvd", "wgs", "wd")
# The page's own messages for query.js, by key (English, Latvian).
MESSAGES = {
    "running": ("Running the query …", "Vaicājums tiek izpildīts …"),
    "rows": ("rows", "rindas"),
    "empty": ("No results: the query ran, and nothing in the graph matches it.", "Nav rezultātu: vaicājums izpildīts, bet grafā nekas tam neatbilst."),
    "yes": ("Yes: the graph has a match.", "Jā: grafā ir atbilstība."),
    "no": ("No: the graph has no match.", "Nē: grafā nav atbilstības."),
    "invalid": ("The query is not valid SPARQL. The editor marks the line with the mistake; fix it and run again.", "Vaicājums nav derīgs SPARQL. Redaktors atzīmē rindu ar kļūdu; izlabojiet to un izpildiet vēlreiz."),
    "at": ("The endpoint could not read the query at line {line}, column {col}:", "Galapunkts nevarēja nolasīt vaicājumu {line}. rindā, {col}. kolonnā:"),
    "prefix": ("The prefix “{p}:” is not declared. Add: PREFIX {p}: <…> at the top.", "Prefikss “{p}:” nav deklarēts. Pievienojiet augšā: PREFIX {p}: <…>."),
    "prefix_known": ("The prefix “{p}:” is not declared. Add at the top: PREFIX {p}: <{ns}>", "Prefikss “{p}:” nav deklarēts. Pievienojiet augšā: PREFIX {p}: <{ns}>"),
    "refused": ("The endpoint refused the query (HTTP {status}): {text}", "Galapunkts atteicās izpildīt vaicājumu (HTTP {status}): {text}"),
    "timeout": ("The query took too long and was stopped. Narrow it (a LIMIT, fewer OPTIONAL parts) and run again.", "Vaicājums ilga pārāk ilgi un tika apturēts. Sašauriniet to (LIMIT, mazāk OPTIONAL daļu) un izpildiet vēlreiz."),
    "offline": ("No SPARQL endpoint answered at {url}. The query page needs the site served with its endpoint (`make serve`); the questions and their SPARQL are below, and the data can be downloaded.", "SPARQL galapunkts neatbildēja adresē {url}. Vaicājumu lapai vietne jāapkalpo kopā ar galapunktu (`make serve`); jautājumi un to SPARQL ir zemāk, un datus var lejupielādēt."),
    "local": ("No SPARQL endpoint answered at {url}: answering in your browser from the site's copy of the graph instead (the first time, about 1.5 MB is downloaded) …", "SPARQL galapunkts neatbildēja adresē {url}: atbild jūsu pārlūks no vietnes grafa kopijas (pirmajā reizē lejupielādē ap 1,5 MB) …"),
    "local_done": ("Answered in your browser from the site's copy of the graph (no endpoint answered).", "Atbildējis jūsu pārlūks no vietnes grafa kopijas (neviens galapunkts neatbildēja)."),
    "update": ("This page only reads: SPARQL Update is not allowed.", "Šī lapa tikai lasa: SPARQL Update nav atļauts."),
}


def _prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{DOC_PREFIXES[p]}>\n" for p in QUERY_PREFIXES if p in DOC_PREFIXES)


def _questions():
    from pactkg.query.competency_questions import load_questions

    return load_questions()


def query_page(view: GraphView, endpoint: str, questions=None) -> str:
    lang = current_lang()
    questions = _questions() if questions is None else questions
    default = _prefix_block() + "\nSELECT ?thing ?label WHERE {\n  ?thing a lvp:Person ; rdfs:label ?label .\n  FILTER(LANG(?label) = \"" + lang + "\")\n}\nORDER BY ?label\n"
    cards = []
    for q in questions:
        text = q.latvian if lang == "lv" and q.latvian else q.english
        text_lang = "lv" if lang == "lv" and q.latvian else "en"
        attr = "" if text_lang == lang else f' lang="{text_lang}"'
        kind = KIND_NAMES.get(q.kind, (q.kind, q.kind))
        cards.append(
            f'<li class="question" id="q-{esc(q.name)}" data-name="{esc(q.name)}">'
            f'<h3{attr}><a class="use" href="?question={esc(q.name)}#editor">{esc(text)}</a></h3>'
            f'<p class="meta"><span class="kind">{esc(pick(*kind))}</span></p>'
            f'<details><summary>SPARQL</summary><pre><code class="sparql" lang="en">{esc(q.text.strip())}</code></pre></details>'
            "</li>"
        )
    labels = {ent.slug: view.label(node, lang) for node, ent in view.entities.items()}
    config = {
        "endpoint": endpoint,
        "entityBase": str(LVD),
        "prefixes": {p: DOC_PREFIXES[p] for p in sorted(DOC_PREFIXES)},
        "messages": {k: pick(*v) for k, v in MESSAGES.items()},
        "labels": labels,
        "inBrowser": IN_BROWSER,
        # shown inside other pages (model.INLINE_CLASSES): linked to the page at their address, id/<slug>.html
        "inline": {ent.slug: view.label(node, lang) for node, ent in view.inline.items()},
    }
    data = json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
    body = (
        f'<h1>{ui("query_title")}</h1>'
        f'{ui("query_intro", tag="p")}'
        f'<noscript><p class="none">{ui("query_noscript")}</p></noscript>'
        f'<form id="editor" class="query-form" data-endpoint="{esc(endpoint)}">'
        f'<label for="query-text">{ui("query_editor")}</label>'
        f'<textarea id="query-text" name="query" rows="14" spellcheck="false" lang="en">{esc(default)}</textarea>'
        f'<p><button type="submit" id="query-run">{ui("query_run")}</button> '
        f'<span class="k">Ctrl+Enter</span></p></form>'
        f'<section id="results" class="results" aria-labelledby="h-results" aria-live="polite">'
        f'<h2 id="h-results">{ui("query_results")}</h2><div id="results-body"></div></section>'
        f'<section class="gallery" aria-labelledby="h-gallery"><h2 id="h-gallery">{ui("query_gallery")} '
        f'<span class="count">({len(questions)})</span></h2><ul class="questions">{"".join(cards)}</ul></section>'
        f'<script type="application/json" id="query-config">{data}</script>'
    )
    head = "".join(f'<link rel="stylesheet" href="../assets/vendor/{f}">\n' for f in VENDOR_FILES if f.endswith(".css"))
    return page(
        title_en=UI["query_title"][0], title_lv=UI["query_title"][1], root="", body=body, current="query",
        body_class="query-page", path="query.html", head_extra=head,
        scripts=("vendor/yasqe.min.js", "query.js"),
    )
