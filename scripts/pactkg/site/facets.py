"""Facets for the index and the timeline: kind of thing, year, place and source, as data attributes on each
entry and a form of filters above the list (site.js applies them together with the search box).

A place facet counts a place and every place it lies in (lvp:locatedIn), so that choosing Liepāja also
keeps what happened at Liepāja airfield. The form is hidden until site.js shows it: without scripts every
entry is listed.
"""

from __future__ import annotations

from rdflib import URIRef

from pactkg.site import fmt
from pactkg.site.i18n import UI
from pactkg.site.markup import current_lang, esc, pick, ui
from pactkg.site.model import GraphView
from pactkg.site.terms import LVP
from pactkg.site.values import claimed_dates, node_date


def _with_ancestors(view: GraphView, place) -> list[URIRef]:
    out, todo = [], [place]
    while todo:
        p = todo.pop(0)
        if p in out or not isinstance(p, URIRef):
            continue
        out.append(p)
        todo.extend(view.values(p, LVP.locatedIn))
    return out


def places_of(view: GraphView, node) -> list[URIRef]:
    """The places the entity's facts name (any object that is a place), with the places they lie in."""
    out: set[URIRef] = set()
    for p, objs in view.out.get(node, {}).items():
        if p == LVP.locatedIn and view.is_a(node, LVP.Place):
            continue
        for o in objs:
            if isinstance(o, URIRef) and o in view.entities and view.is_a(o, LVP.Place):
                for a in _with_ancestors(view, o):
                    if a in view.entities:
                        out.add(a)
    return sorted(out, key=str)  # not the graph's iteration order, which varies between runs


def years_of(view: GraphView, node) -> list[str]:
    """Every year the entity is dated to (its date, each claimed date, its start and end)."""
    years = set()
    d = node_date(view, node)
    if d is not None:
        years.add(fmt.sort_key(d)[:4])
    for _, v in claimed_dates(view, node):
        years.add(fmt.sort_key(v)[:4])
    for p in (LVP.startDate, LVP.endDate):
        v = view.value(node, p)
        if v is not None and fmt.is_date(v):
            years.add(fmt.sort_key(v)[:4])
    return sorted(years)


def sources_of(view: GraphView, node) -> list[URIRef]:
    return [s for s in view.values(node, LVP.source) if isinstance(s, URIRef) and s in view.entities]


def facet_attrs(view: GraphView, node, kind: str) -> str:
    slug = lambda n: view.entities[n].slug  # noqa: E731
    return (
        f' data-kind="{esc(kind)}" data-years="{esc(" ".join(years_of(view, node)))}"'
        f' data-places="{esc(" ".join(slug(p) for p in places_of(view, node)))}"'
        f' data-sources="{esc(" ".join(slug(s) for s in sources_of(view, node)))}"'
    )


def facet_values(view: GraphView, nodes: list) -> tuple[set, set, list[str]]:
    """(places, sources, years) of `nodes`: what facet_form offers, in no language (made once for both
    languages' index)."""
    places = {p for n in nodes for p in places_of(view, n)}
    sources = {s for n in nodes for s in sources_of(view, n)}
    years = sorted({y for n in nodes for y in years_of(view, n)})
    return places, sources, years


def facet_form(view: GraphView, nodes: list, kinds: list[tuple[str, str]], values: tuple | None = None) -> str:
    """The filters for `nodes`: kind (value, label HTML-free text), place, source, years from–to. `values`:
    facet_values(view, nodes), when already made."""
    lang = current_lang()
    places, sources, years = values if values is not None else facet_values(view, nodes)

    def options(items):
        return "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in items)

    def named(ns):
        return sorted(((view.entities[n].slug, view.label(n, lang)) for n in ns), key=lambda vt: fmt.fold(vt[1]))

    all_ = esc(pick(*UI["facet_all"]))
    year_opts = options((y, y) for y in years)
    return (
        f'<form class="facets" id="facets" hidden aria-labelledby="h-facets">'
        f'<h2 id="h-facets" class="facets-title">{ui("facets")}</h2>'
        f'<p><label for="f-kind">{ui("facet_kind")}</label> <select id="f-kind" name="kind"><option value="">{all_}</option>{options(kinds)}</select></p>'
        f'<p><label for="f-place">{ui("facet_place")}</label> <select id="f-place" name="place"><option value="">{all_}</option>{options(named(places))}</select></p>'
        f'<p><label for="f-source">{ui("facet_source")}</label> <select id="f-source" name="source"><option value="">{all_}</option>{options(named(sources))}</select></p>'
        f'<p><label for="f-from">{ui("facet_from")}</label> <select id="f-from" name="from"><option value="">—</option>{year_opts}</select> '
        f'<label for="f-to">{ui("facet_to")}</label> <select id="f-to" name="to"><option value="">—</option>{year_opts}</select></p>'
        f'<p><button type="reset">{ui("facet_reset")}</button> <output id="f-status" aria-live="polite" data-shown="{esc(pick(*UI["shown"]))}"></output></p>'
        "</form>"
    )
