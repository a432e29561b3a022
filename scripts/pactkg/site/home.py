"""The landing page: the pact in one screen (key facts read from the graph, each with its evidence) and the
ways into the rest of the site.

The facts are found from the pact's node (`PACT`) by following the graph: the signing that produced it
(date, place, signatories), its parties, the provisions established by it or by a document signed with it
(term, bases, the troop ceiling), and the troop entries. Change the data and the page changes; nothing
here is written by hand except the headings.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from pactkg.site.terms import LVD, LVP
from .i18n import UI
from .markup import current_lang, entity_link, esc, page, ui
from .model import GraphView
from .values import quote_html, source_links, when_html

PACT = LVD["mutual-assistance-pact"]
SEP = '<span class="sep">, </span>'

# Ways in: (UI key, link, index group whose size is shown)
WAYS = [
    ("way_people", "browse.html#g_people", "g_people"),
    ("way_places", "browse.html#g_places", "g_places"),
    ("way_events", "browse.html#g_events", "g_events"),
    ("way_documents", "browse.html#g_documents", "g_documents"),
    ("way_units", "browse.html#g_forces", "g_forces"),
]
WAYS_PAGES = [
    ("way_timeline", "timeline.html"),
    ("way_map", "map.html"),
    ("way_source", "source.html"),
    ("way_query", "query.html"),
    ("way_downloads", "downloads.html"),
    ("way_cite", "downloads.html#cite"),
]


def evidence_details(view: GraphView, node, prefix: str = "id/") -> str:
    """The node's quoted sentences and source, folded under 'evidence' (closed: the fact reads first)."""
    quotes = [e for e in view.values(node, LVP.evidence) if isinstance(e, Literal)]
    if not quotes:
        return ""
    body = "".join(quote_html(view, q) for q in quotes)
    src = source_links(view, node, prefix)
    return (
        f'<details class="evidence-fold"><summary>{ui("fact_evidence")}</summary>{body}'
        f'<p class="source"><span class="k">{ui("source")}:</span> {src} · {entity_link(view, node, prefix)}</p></details>'
    )


def description(view: GraphView, node, cls: str = "description") -> str:
    """The node's lvp:description in the page's language (else the other, marked with its language)."""
    texts = view.texts(node, LVP.description)
    lang = current_lang()
    for l in (lang, "en" if lang == "lv" else "lv"):
        if texts.get(l):
            attr = "" if l == lang else f' lang="{l}"'
            return f'<p class="{cls}"{attr}>{esc(texts[l][0])}</p>'
    return ""


def _signings(view: GraphView, doc) -> list[URIRef]:
    return sorted((s for s, p in view.inc.get(doc, []) if p == LVP.produced and view.is_a(s, LVP.Signing)), key=str)


def _fact(key: str, value: str, evidence: str = "") -> str:
    return f'<div class="key-fact"><dt>{ui(key)}</dt><dd>{value}{evidence}</dd></div>'


def key_facts(view: GraphView, pact=PACT) -> list[str]:
    """The key facts about the pact as <div><dt><dd> rows, each with its evidence."""
    rows = []
    signings = _signings(view, pact)
    docs = {pact}
    for s in signings:
        docs.update(d for d in view.values(s, LVP.produced) if isinstance(d, URIRef))
        where = SEP.join(entity_link(view, p, "id/") for p in view.values(s, LVP.place))
        when = when_html(view, s)
        rows.append(_fact("fact_signed", f"{when}{', ' + where if where else ''}", evidence_details(view, s)))
        signers = view.values(s, LVP.signatory)
        if signers:
            rows.append(_fact("fact_signatories", SEP.join(entity_link(view, p, "id/") for p in signers), evidence_details(view, s)))
    parties = view.values(pact, LVP.party)
    if parties:
        rows.append(_fact("fact_parties", SEP.join(entity_link(view, p, "id/") for p in parties)))
    provisions = sorted(
        (s for d in docs for s, p in view.inc.get(d, []) if p == LVP.establishedBy and view.is_a(s, LVP.Provision)),
        key=lambda n: (int(view.value(n, LVP.listPosition) or 0), str(n)),
    )
    kinds = [
        ("fact_term", LVP.validityTerm),
        ("fact_bases", LVP.baseRight),
        ("fact_ceiling", LVP.troopCeiling),
    ]
    for key, kind in kinds:
        these = [p for p in provisions if view.value(p, LVP.provisionKind) == kind]
        if these:
            value = "<ul>" + "".join(
                f"<li>{entity_link(view, p, 'id/')}{evidence_details(view, p)}</li>" for p in these
            ) + "</ul>"
            rows.append(_fact(key, value))
    entries = sorted((n for n in view.entities if view.is_a(n, LVP.TroopEntry)), key=str)
    for e in entries:
        via = SEP.join(entity_link(view, p, "id/") for p in view.values(e, LVP.via))
        rows.append(_fact("fact_entry", f"{when_html(view, e)}{' — ' + via if via else ''}", evidence_details(view, e)))
    return rows


def home_page(view: GraphView, pact=PACT) -> str:
    counts: dict[str, int] = {}
    for ent in view.entities.values():
        counts[ent.group] = counts.get(ent.group, 0) + 1
    facts = key_facts(view, pact) if pact in view.entities else []
    pact_link = ""
    if pact in view.entities:
        pact_link = f'<p class="pact-link">{entity_link(view, pact, "id/")}</p>' + description(view, pact)
    ways = "".join(
        f'<li><a href="{href}">{ui(key)}</a> <span class="count">{counts.get(group, 0)}</span></li>'
        for key, href, group in WAYS
    )
    pages = "".join(f'<li><a href="{href}">{ui(key)}</a></li>' for key, href in WAYS_PAGES)
    body = (
        f'<h1>{ui("home_title")}</h1>'
        f'<p class="lead">{ui("home_lead")}</p>'
        '<div class="home-grid">'
        f'<section class="key-facts" aria-labelledby="h-key"><h2 id="h-key">{ui("key_facts")}</h2>{pact_link}'
        f'<dl>{"".join(facts)}</dl></section>'
        f'<section class="ways" aria-labelledby="h-ways"><h2 id="h-ways">{ui("ways_in")}</h2>'
        f'<ul class="ways-kinds">{ways}</ul><ul class="ways-pages">{pages}</ul>'
        f'<p class="stats"><span class="count-total">{len(view.entities)}</span> {ui("entity_count")}</p>'
        "</section></div>"
    )
    return page(
        title_en=UI["home_title"][0], title_lv=UI["home_title"][1], root="", body=body, current="home",
        body_class="home-page", path="index.html",
    )
