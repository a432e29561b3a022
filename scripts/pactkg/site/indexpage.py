"""The index: every entity by kind, with a search box that filters by label in lv/en/ru.

The search works on the page itself (each entry carries its folded labels in data-search, site.js
filters), so it needs no server and no fetch(): it works from file:// too.
"""

from __future__ import annotations

from typing import Iterator

from rdflib import URIRef

from pactkg.site import fmt
from .i18n import UI
from pactkg.site.markup import BOTH, LANGS, esc, in_language, label, language, page_parts, pick, ui, written_language
from pactkg.site.facets import facet_attrs, facet_form, facet_values
from pactkg.site.model import GROUPS, OTHER_GROUP, GraphView
from pactkg.site.terms import LVP, RDF
from pactkg.site.values import label_beside_date, when_html

GROUP_ORDER = [g[0] for g in GROUPS] + [OTHER_GROUP]


def search_words(view: GraphView, node) -> list[str]:
    """What the search box looks in: every label, alternative label and description, in every language."""
    words = list(view.labels.get(node, {}).values()) + [str(a) for a in view.alt_labels(node)]
    words += [t for ts in view.texts(node, LVP.description).values() for t in ts]
    return sorted(set(words))


def search_text(view: GraphView, node) -> str:
    return " | ".join(fmt.search_key(w) for w in search_words(view, node))


def index_page(view: GraphView) -> str:
    return "".join(index_page_parts(view))


def index_page_parts(view: GraphView) -> Iterator[str]:
    """The index in the language being written, in pieces (index_pages_parts's side of that language)."""
    side = LANGS.index(written_language())
    return (pieces[side] for pieces in index_pages_parts(view))


def index_pages_parts(view: GraphView) -> Iterator[tuple[str, str]]:
    """Both languages' index in pieces, (English piece, Latvian piece), one entry at a time: at 1000x it lists
    some 250 000 entities with every label and description folded for the search, and making it whole (entries,
    sections, body, page: each a copy) raised the site's peak by 3.5 GB (docs/benchmarks.md, session 20).

    Each entry is made once for both languages (markup.language(BOTH)): its search text and its facets, which
    no language changes, were made for each language's page (some 18 s of the two pages' 24 s at 1000x: the
    profile of session 24's `make`, /tmp/s25/dist1000.raw)."""
    by_group: dict[str, list] = {g: [] for g in GROUP_ORDER}
    for node, ent in view.entities.items():
        by_group[ent.group].append(node)
    facets = facet_values(view, list(view.entities))
    shells = []
    for lang in LANGS:
        with language(lang):
            shells.append(list(page_parts(
                title_en=UI["index_title"][0], title_lv=UI["index_title"][1], root="",
                body_parts=(_head(view, by_group, facets),), current="index", path="browse.html",
                body_class="index-page",
            )))
    yield shells[0][0] + shells[0][1], shells[1][0] + shells[1][1]  # the document's head, the index's own
    for piece in _body(view, by_group):
        yield in_language(piece, "en"), in_language(piece, "lv")
    yield shells[0][2], shells[1][2]


def _head(view: GraphView, by_group: dict[str, list], facets) -> str:
    """What comes before the entries, in the language being written."""
    total = sum(len(nodes) for nodes in by_group.values())
    toc = "".join(
        f'<li><a href="#{esc(g)}">{ui(g)}</a> ({len(by_group[g])})</li>' for g in GROUP_ORDER if by_group[g]
    )
    ph_en, ph_lv = UI["search_ph"]
    return (
        f'<h1>{ui("index_title")}</h1>'
        f'{ui("index_intro", tag="p")}'
        f'<p class="stats"><span class="count-total">{total}</span> {ui("entities")}</p>'
        '<div class="search" role="search">'
        f'<label for="q">{ui("search")}</label> '
        f'<input type="search" id="q" name="q" autocomplete="off" spellcheck="false" placeholder="{esc(pick(ph_en, ph_lv))}">'
        f' <output id="q-status" for="q" aria-live="polite" data-shown="{esc(pick(*UI["shown"]))}"></output>'
        f'<p id="q-none" class="none" hidden>{ui("no_match")}</p>'
        "</div>"
        + f'<noscript><p class="none">{ui("needs_js_filter")}</p></noscript>'
        + facet_form(view, list(view.entities), [(g, pick(*UI[g])) for g in GROUP_ORDER if by_group[g]], facets)
        + f'<nav class="toc" aria-labelledby="h-toc"><h2 id="h-toc" class="visually-hidden">{ui("by_kind")}</h2><ul>{toc}</ul></nav>'
    )


def _body(view: GraphView, by_group: dict[str, list]) -> Iterator[str]:
    """The entries, each made once for both languages (markup.language(BOTH))."""
    for g in GROUP_ORDER:
        nodes = sorted(by_group[g], key=lambda n: (fmt.fold(view.label(n, "en")), str(n)))
        if not nodes:
            continue
        with language(BOTH):
            section = (
                f'<section class="group" id="{esc(g)}" aria-labelledby="h-{esc(g)}">'
                f'<h2 id="h-{esc(g)}">{ui(g)} <span class="count">({len(nodes)})</span></h2>'
                '<ul class="entities">'
            )
        yield section  # outside language(BOTH): the caller goes on in its own language
        for n in nodes:
            with language(BOTH):
                entry = _entry(view, n, g)
            yield entry
        yield "</ul></section>"


def _entry(view: GraphView, n, g: str) -> str:
    slug = view.entities[n].slug
    ru = view.labels.get(n, {}).get("ru")
    extra = f' <span class="ru" lang="ru">{esc(ru)}</span>' if ru else ""
    types = ", ".join(label(view, t) for t in view.values(n, RDF.type) if isinstance(t, URIRef))
    when = when_html(view, n) if g not in ("g_places", "g_people") else ""
    meta = f' <span class="meta">{types}{" · " + when if when else ""}</span>'
    return (
        f'<li data-search="{esc(search_text(view, n))}"{facet_attrs(view, n, g)}><a href="id/{esc(slug)}.html">{label_beside_date(view, n) if when else label(view, n)}</a>{extra}{meta}</li>'
    )
