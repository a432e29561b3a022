"""The timeline: the graph's dated events in date order, grouped by year.

Which events: every lvp:Event with an lvp:date, or with claims about its date (disputed), or with a
start date or an earliest date (lvp:notBefore). Garrison entries (lvp:Stationing, lvp:BaseUse) dated only to
the year are left to the map, where they belong: a list of "1939" rows would say nothing about time.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from pactkg.site import fmt
from .i18n import UI
from pactkg.site.facets import facet_attrs, facet_form, facet_values
from pactkg.site.markup import BOTH, LANGS, current_lang, esc, in_language, label, language, page, ui
from pactkg.site.model import GraphView, local_name
from pactkg.site.terms import LVP, RDF
from pactkg.site.values import (
    claimed_dates, date_html, distinct_values, flag, label_beside_date, node_date, source_links, when_html,
)

GARRISON_CLASSES = (LVP.Stationing, LVP.BaseUse)


@dataclass
class TimelineItem:
    node: URIRef
    key: str
    date: Literal


def timeline_items(view: GraphView) -> list[TimelineItem]:
    items = []
    for node in view.entities:
        if not view.is_a(node, LVP.Event):
            continue
        d = node_date(view, node)
        if d is None:
            continue
        has_point = view.value(node, LVP.date) is not None or bool(claimed_dates(view, node))
        if not has_point and any(view.is_a(node, c) for c in GARRISON_CLASSES) and fmt.precision_of(d) == "year":
            continue
        items.append(TimelineItem(node, fmt.sort_key(d), d))
    pos = lambda n: int(view.value(n, LVP.listPosition) or 0)  # noqa: E731
    items.sort(key=lambda it: (it.key, pos(it.node), fmt.fold(view.label(it.node, "en")), str(it.node)))
    return items


def _when(view: GraphView, node) -> str:
    claims = claimed_dates(view, node)
    if view.value(node, LVP.date) is None and claims:
        parts = []
        for v in distinct_values(claims):
            sources = '<span class="sep">; </span>'.join(source_links(view, c, "id/") for c, cv in claims if cv == v)
            parts.append(f'{date_html(v)} <span class="claim-source">({sources})</span>')
        return " / ".join(parts) + " " + flag("disputed")
    return when_html(view, node)


def timeline_page(view: GraphView) -> str:
    """The timeline in the language being written (timeline_pages makes both languages' together)."""
    items = timeline_items(view)
    return _page(view, items, facet_values(view, [it.node for it in items]), _sections(view, items))


def timeline_pages(view: GraphView) -> dict[str, str]:
    """The timeline in each language (LANGS -> HTML). Its events are listed once for both languages
    (markup.language(BOTH)), and their facets' values found once: each page did both by itself."""
    items = timeline_items(view)
    with language(BOTH):
        sections = _sections(view, items)
    values = facet_values(view, [it.node for it in items])
    pages = {}
    for lang in LANGS:
        with language(lang):
            pages[lang] = _page(view, items, values, in_language(sections, lang))
    return pages


def _kind(view: GraphView, node) -> str:
    t = next((t for t in view.values(node, RDF.type) if isinstance(t, URIRef)), None)
    return local_name(t) if t is not None else ""


def _sections(view: GraphView, items: list[TimelineItem]) -> str:
    """The events by year."""
    years: dict[str, list[TimelineItem]] = {}
    for it in items:
        years.setdefault(it.key[:4], []).append(it)
    sections = []
    for year, its in years.items():
        lis = []
        for it in its:
            slug = view.entities[it.node].slug
            types = ", ".join(label(view, t) for t in view.values(it.node, RDF.type) if isinstance(t, URIRef))
            desc = _description(view, it.node)
            lis.append(
                f'<li class="event" data-date="{esc(it.key)}" data-slug="{esc(slug)}" id="ev-{esc(slug)}" data-search=""'
                f'{facet_attrs(view, it.node, _kind(view, it.node))}>'
                f'<p class="when">{_when(view, it.node)}</p>'
                f'<h3 class="what"><a href="id/{esc(slug)}.html">{label_beside_date(view, it.node)}</a></h3>'
                f'<p class="meta">{types}</p>{desc}</li>'
            )
        sections.append(
            f'<section class="year" aria-labelledby="y-{esc(year)}"><h2 id="y-{esc(year)}">{esc(year)}</h2>'
            f'<ol class="timeline">{"".join(lis)}</ol></section>'
        )
    return "".join(sections)


def _page(view: GraphView, items: list[TimelineItem], values: tuple, sections: str) -> str:
    """The page in the language being written, around its `sections`."""
    types = sorted({_kind(view, it.node) for it in items})
    kinds = sorted(
        ((k, next(view.label(t, current_lang()) for it in items for t in view.values(it.node, RDF.type) if isinstance(t, URIRef) and local_name(t) == k)) for k in types),
        key=lambda kv: fmt.fold(kv[1]),
    )
    body = (
        f'<h1>{ui("timeline_title")}</h1>'
        f'{ui("timeline_intro", tag="p")}'
        f'<p class="stats"><span class="count-total">{len(items)}</span> {ui("events")}</p>'
        + f'<noscript><p class="none">{ui("needs_js_filter")}</p></noscript>'
        + facet_form(view, [it.node for it in items], kinds, values)
        + f'<p id="q-none" class="none" hidden>{ui("no_match")}</p>'
        + sections
    )
    return page(
        title_en=UI["timeline_title"][0], title_lv=UI["timeline_title"][1], root="", body=body,
        current="timeline", body_class="timeline-page", path="timeline.html",
    )


def _description(view: GraphView, node) -> str:
    texts = view.texts(node, LVP.description)
    en, lv = texts.get("en", []), texts.get("lv", [])
    if not en and not lv:
        return ""
    if en and lv:
        return f'<p class="description t-en" lang="en">{esc(en[0])}</p><p class="description t-lv" lang="lv">{esc(lv[0])}</p>'
    t, lang = (en[0], "en") if en else (lv[0], "lv")
    return f'<p class="description" lang="{lang}">{esc(t)}</p>'

