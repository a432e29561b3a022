"""How one RDF value (a node or a literal) is shown on a page: links, dates, numbers, quantities."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from pactkg.site import fmt
from pactkg.site.markup import attrs, bi, entity_link, esc, ui, written_language
from pactkg.site.model import GraphView
from pactkg.site.terms import LVP, WD, XSD

NUMERIC_TYPES = {
    XSD.integer, XSD.positiveInteger, XSD.nonNegativeInteger, XSD.decimal, XSD.int, XSD.long,
    XSD.double, XSD.float,
}
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"


_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'{}|\\^`]+$", re.IGNORECASE)


def external_link(url: str, text: str, css: str = "external") -> str:
    """A link to a web address; anything but http(s) (javascript:, data:, …) is shown as text, never linked."""
    if not _WEB_ADDRESS.match(str(url)):
        return f'<span class="literal">{text}</span>'
    return f'<a class="{css}" href="{esc(url)}">{text}</a>'


# xsd:boolean true, made once: is_disputed asks on every page, and an rdflib Literal is slow to make.
TRUE = Literal(True)


def wikidata_link(qid: str) -> str:
    return f'<a class="wikidata" href="{esc(WIKIDATA_PAGE + qid)}">{ui("wikidata")} {esc(qid)}</a>'


def date_html(lit: Literal, case: str = "nominative") -> str:
    """The date in both languages; `case`: the Latvian case the preceding word asks for (fmt.format_date)."""
    return f'<time datetime="{esc(fmt.sort_key(lit))}">{bi(fmt.format_date(lit, "en"), fmt.format_date(lit, "lv", case))}</time>'


def flag(key: str) -> str:
    return f'<span class="flag flag-{key.replace("_", "-")}">{ui(key)}</span>'


def date_flags(view: GraphView, node, lit: Literal, *, primary: bool) -> str:
    """The badges after a date: inferred (for the node's main date), month only / year only."""
    out = []
    if primary and view.value(node, LVP.dateInferred) == TRUE:
        out.append(flag("inferred"))
    prec = fmt.precision_of(lit)
    if prec == "month":
        out.append(flag("month_only"))
    elif prec == "year":
        out.append(flag("year_only"))
    return " ".join(out)


def quantity_text(view: GraphView, q, lang: str) -> str | None:
    """The quantity as the graph words it (its label, "50 000 soldiers (demanded)"), its number grouped as
    people write it (a label that writes 50000 shows 50 000); None when it has no lvp:numericValue."""
    num = view.value(q, LVP.numericValue)
    if num is None:
        return None
    text = view.label(q, lang)
    raw = str(num)
    pretty = fmt.format_number(num, lang)
    if raw != pretty and re.search(rf"(?<![\d.,]){re.escape(raw)}(?![\d])", text):
        text = re.sub(rf"(?<![\d.,]){re.escape(raw)}(?![\d])", pretty, text)
    return text


def quantity_html(view: GraphView, q) -> str | None:
    en, lv = quantity_text(view, q, "en"), quantity_text(view, q, "lv")
    if en is None or lv is None:
        return None
    num = view.value(q, LVP.numericValue)
    body = bi(en, lv, en_lang=view.label_lang(q, "en") or "en", lv_lang=view.label_lang(q, "lv") or "lv")
    return f'<data class="quantity" value="{esc(num)}">{body}</data>'


def quote_html(view: GraphView, e: Literal) -> str:
    """A Latvian quotation and, where the data has one, the dataset's English rendering of it: never inside
    the quotation, always labelled as the dataset's translation."""
    lang_attr = f' lang="{esc(e.language)}"' if e.language else ""
    quote = f'<blockquote class="evidence"{lang_attr}><p>«{esc(e)}»</p></blockquote>'
    renderings = view.renderings(e) if e.language == "lv" else []
    if not renderings:
        return quote
    tr = "".join(
        f'<p class="translation"><span class="k">{ui("our_translation")}:</span> <span lang="en">{esc(r)}</span></p>'
        for r in renderings
    )
    return f'<div class="quote-pair">{quote}{tr}</div>'


def value_html(view: GraphView, o, prefix: str) -> str:
    """One object of a triple, as HTML. `prefix` is the path from the page to id/."""
    if isinstance(o, URIRef):
        s = str(o)
        if s.startswith(str(WD)):
            return wikidata_link(s[len(str(WD)):])
        if view.is_a(o, LVP.Quantity):
            q = quantity_html(view, o)
            if q is not None:
                return entity_link(view, o, prefix, inner=q)
        if view.page_of(o) is not None or view.labels.get(o):
            return entity_link(view, o, prefix)
        return external_link(s, esc(s))
    if isinstance(o, Literal):
        if fmt.is_date(o):
            return date_html(o)
        if o.language:
            return f'<span lang="{esc(o.language)}">{esc(o)}</span>'
        if o.datatype == XSD.boolean:
            return ui("yes") if o.toPython() is True else ui("no")
        if o.datatype in NUMERIC_TYPES:
            en, lv = fmt.format_number(o, "en"), fmt.format_number(o, "lv")
            return f'<data value="{esc(o)}">{bi(en, lv)}</data>'
        if o.datatype == XSD.anyURI:
            return external_link(str(o), esc(o))
        return f"<span{attrs(class_='literal')}>{esc(o)}</span>"
    return esc(o)


def node_date(view: GraphView, node) -> Literal | None:
    """The date that places the node in time: lvp:date, else the earliest claimed date, else the start.
    Remembered (view.memo): every list a node appears in sorts by it."""
    cache = view.memo("node_date")
    if node not in cache:
        cache[node] = _node_date(view, node)
    return cache[node]


def _node_date(view: GraphView, node) -> Literal | None:
    d = view.value(node, LVP.date)
    if d is not None and fmt.is_date(d):
        return d
    claimed = claimed_dates(view, node)
    if claimed:
        return min(claimed, key=lambda c: fmt.sort_key(c[1]))[1]
    for p in (LVP.startDate, LVP.notBefore):
        d = view.value(node, p)
        if d is not None and fmt.is_date(d):
            return d
    return None


def label_beside_date(view: GraphView, node) -> str:
    """The node's label in both languages for a place that shows its date next to it (`when_html`): without
    brackets that only restate that date (fmt.without_restated_date); its full label where it has no date."""
    d = node_date(view, node)
    en, lv = view.label(node, "en"), view.label(node, "lv")
    if d is not None:
        year = fmt.date_parts(d)[0]
        en, lv = fmt.without_restated_date(en, year), fmt.without_restated_date(lv, year)
    return bi(en, lv, en_lang=view.label_lang(node, "en") or "en", lv_lang=view.label_lang(node, "lv") or "lv")


def claimed_dates(view: GraphView, node) -> list[tuple[URIRef, Literal]]:
    """(claim, value) for each claim about the node's lvp:date, in date order (remembered: view.memo)."""
    cache = view.memo("claimed_dates")
    found = cache.get(node)
    if found is None:
        found = cache[node] = _claimed_dates(view, node)
    return list(found)


def _claimed_dates(view: GraphView, node) -> list[tuple[URIRef, Literal]]:
    out = []
    for c in view.values(node, LVP.hasClaim):
        if view.value(c, LVP.claimedProperty) == LVP.date:
            v = view.value(c, LVP.claimedValue)
            if isinstance(v, Literal) and fmt.is_date(v):
                out.append((c, v))
    # claims pointing at the node without hasClaim back (tolerated: the pattern is symmetric)
    for s, p in view.inc.get(node, []):
        if p == LVP.claimAbout and view.value(s, LVP.claimedProperty) == LVP.date and all(s != c for c, _ in out):
            v = view.value(s, LVP.claimedValue)
            if isinstance(v, Literal) and fmt.is_date(v):
                out.append((s, v))
    out.sort(key=lambda cv: (fmt.sort_key(cv[1]), str(cv[0])))
    return out


def distinct_values(claims: list[tuple[URIRef, Literal]]) -> list[Literal]:
    """The claimed values once each, in date order."""
    out: list[Literal] = []
    for _, v in claims:
        if v not in out:
            out.append(v)
    return out


def is_disputed(view: GraphView, node) -> bool:
    return view.value(node, LVP.disputed) == TRUE


def when_html(view: GraphView, node) -> str:
    """The node's time as a short phrase: its date with badges, or the claims, or from/after/until (in the
    page's language; remembered: view.memo)."""
    cache, key = view.memo("when_html"), (node, written_language())
    html = cache.get(key)
    if html is None:
        html = cache[key] = _when_html(view, node)
    return html


def _when_html(view: GraphView, node) -> str:
    d = view.value(node, LVP.date)
    if d is not None and fmt.is_date(d):
        return _joined(date_html(d), date_flags(view, node, d, primary=True))
    claims = claimed_dates(view, node)
    if claims:
        parts = " / ".join(date_html(v) for v in distinct_values(claims))
        return _joined(parts, flag("disputed"))
    start, end = view.value(node, LVP.startDate), view.value(node, LVP.endDate)
    after = view.value(node, LVP.notBefore)
    if start is not None and fmt.is_date(start):
        out = ui("from") + " " + _joined(date_html(start, "genitive"), date_flags(view, node, start, primary=True))
        if end is not None and fmt.is_date(end):
            out += " " + ui("until") + " " + _joined(date_html(end, "dative"), date_flags(view, node, end, primary=False))
        return out
    if after is not None and fmt.is_date(after):
        return ui("after") + " " + _joined(date_html(after, "genitive"), date_flags(view, node, after, primary=True))
    return ""


def _joined(a: str, b: str) -> str:
    return a + (" " + b if b else "")


def source_links(view: GraphView, node, prefix: str) -> str:
    """Links to the documents the node cites as lvp:source."""
    return '<span class="sep">, </span>'.join(value_html(view, s, prefix) for s in view.values(node, LVP.source))
