"""One page per entity: names, type, every fact about it and pointing to it, with source and evidence."""

from __future__ import annotations

from rdflib import Literal, URIRef

from pactkg.site import fmt, summary
from pactkg.site.i18n import UI
from pactkg.site.markup import (
    BOTH, LANGS, PerLanguage, bi, entity_link, esc, holds, in_language, label, language, page, pair, pick, ui,
    written_language,
)
from pactkg.site.model import GraphView, local_name
from pactkg.site.rdfdoc import jsonld_for_script
from pactkg.site.terms import LVP, RDF, RDFS, SKOS, WGS
from .values import (
    TRUE, external_link, quote_html,
    claimed_dates, date_flags, flag, is_disputed, label_beside_date, node_date, value_html, when_html,
    wikidata_link,
)

# Shown in their own sections (or folded into the date), not in the table of facts.
SECTION_PROPS = {
    RDF.type, RDFS.label, SKOS.altLabel, LVP.description, LVP.note, LVP.source, LVP.evidence,
    LVP.sourceRecord, LVP.hasClaim, LVP.datePrecision, LVP.dateInferred, LVP.translatedLabel,
    LVP.noAttestedNameIn,
}
# Facts listed first, in this order; the rest follow by property name.
FIRST_PROPS = [LVP.date, LVP.disputed, LVP.startDate, LVP.endDate, LVP.notBefore, LVP.deadline]
_FIRST_INDEX = {p: i for i, p in enumerate(FIRST_PROPS)}
SEP = '<span class="sep">, </span>'
# From a page in <lang>/id/ to the per-entity Turtle and JSON-LD files (one copy, in id/ at the top).
DATA_DIR = "../../id/"


def prop_label(view: GraphView, p) -> str:
    if view.labels.get(p):
        return label(view, p)
    return esc(_curie(p))


def _curie(p) -> str:
    from pactkg.site.rdfdoc import _qname

    q = _qname(str(p))
    return f"{q[0]}:{q[1]}" if q else local_name(p)


def _prop_order(view: GraphView, p) -> tuple:
    first = _FIRST_INDEX.get(p)
    if first is not None:
        return (0, first, "")
    return (1, 0, view.label(p, "en").lower() if view.labels.get(p) else _curie(p))


def types_html(view: GraphView, node) -> str:
    types = [t for t in view.values(node, RDF.type) if isinstance(t, URIRef)]
    return SEP.join(f'<span class="type">{label(view, t)}</span>' for t in types)


def _text_pair(view: GraphView, node, prop: URIRef, tag: str = "p", cls: str = "") -> str:
    """An English/Latvian text property (description): each page language shows its own, else the other."""
    texts = view.texts(node, prop)
    en = texts.get("en", [])
    lv = texts.get("lv", [])
    other = [(lang, t) for lang, ts in sorted(texts.items()) if lang not in ("en", "lv") for t in ts]
    if not en and not lv:
        return "".join(f'<{tag} class="{cls}" lang="{esc(l or "und")}">{esc(t)}</{tag}>' for l, t in other)
    en_html = "".join(f'<{tag} class="{cls} t-en" lang="en">{esc(t)}</{tag}>' for t in en) if en else ""
    lv_html = "".join(f'<{tag} class="{cls} t-lv" lang="lv">{esc(t)}</{tag}>' for t in lv) if lv else ""
    if not en:
        en_html = "".join(f'<{tag} class="{cls} t-en" lang="lv">{esc(t)}</{tag}>' for t in lv)
    if not lv:
        lv_html = "".join(f'<{tag} class="{cls} t-lv" lang="en">{esc(t)}</{tag}>' for t in en)
    return en_html + lv_html


def names_section(view: GraphView, node) -> str:
    rows = []
    labs = view.labels.get(node, {})
    for lang, key in (("lv", "lang_lv"), ("en", "lang_en"), ("ru", "lang_ru")):
        if lang in labs:
            rows.append(f'<tr><th scope="row">{ui(key)}</th><td lang="{lang}">{esc(labs[lang])}</td></tr>')
    for lang in sorted(l for l in labs if l not in ("lv", "en", "ru")):
        rows.append(f'<tr><th scope="row">{esc(lang or "—")}</th><td{f" lang={chr(34)}{esc(lang)}{chr(34)}" if lang else ""}>{esc(labs[lang])}</td></tr>')
    alts = view.alt_labels(node)
    if alts:
        cells = SEP.join(f'<span lang="{esc(a.language or "und")}">{esc(a)}</span>' for a in alts)
        rows.append(f'<tr><th scope="row">{ui("alt_label")}</th><td>{cells}</td></tr>')
    for lang in sorted(str(v) for v in view.values(node, LVP.noAttestedNameIn) if isinstance(v, Literal)):
        # Said in the data after a search found no source: the row tells the reader the gap is known.
        key = f"lang_{lang}" if f"lang_{lang}" in UI else None
        rows.append(
            f'<tr class="no-attested-name"><th scope="row">{ui(key) if key else esc(lang)}</th>'
            f'<td>{ui("no_attested_name")}</td></tr>'
        )
    for t in view.values(node, LVP.translatedLabel):
        if isinstance(t, Literal):
            lang_attr = f' lang="{esc(t.language)}"' if t.language else ""
            rows.append(
                f'<tr class="translated-label"><th scope="row">{ui("translated_label")}</th>'
                f'<td><span{lang_attr}>{esc(t)}</span></td></tr>'
            )
    for a in view.attestations(node):
        names = SEP.join(
            f'<span lang="{esc(n.language or "und")}">{esc(n)}</span>'
            for n in view.values(a, LVP.attestedName) if isinstance(n, Literal)
        )
        rows.append(
            f'<tr class="attestation" id="{esc(view.inline[a].slug)}"><th scope="row">{label(view, a)}</th>'
            f'<td><p>{names} — {ui("attested_in")} {source_html(view, a, "")}</p>'
            f'<div class="evidence-list"><p class="k">{ui("attested_words")}:</p>{evidence_html(view, a)}</div>'
            f'{notes_list(view, a)}</td></tr>'
        )
    if not rows:
        return ""
    return (
        f'<section class="names" aria-labelledby="h-names"><h2 id="h-names">{ui("labels")}</h2>'
        f'<table class="names"><tbody>{"".join(rows)}</tbody></table></section>'
    )


def evidence_html(view: GraphView, node) -> str:
    """Each quoted sentence, with the dataset's English rendering beside it (marked as ours)."""
    quotes = [e for e in view.values(node, LVP.evidence) if isinstance(e, Literal)]
    return "".join(quote_html(view, e) for e in quotes)


def notes_list(view: GraphView, node) -> str:
    notes = [n for n in view.values(node, LVP.note) if isinstance(n, Literal)]
    if not notes:
        return ""
    return '<ul class="notes">' + "".join(
        f'<li{f" lang={chr(34)}{esc(n.language)}{chr(34)}" if n.language else ""}>{esc(n)}</li>' for n in notes
    ) + "</ul>"


def source_html(view: GraphView, node, prefix: str) -> str:
    parts = [value_html(view, s, prefix) for s in view.values(node, LVP.source)]
    for rec in view.values(node, LVP.sourceRecord):
        parts.append(external_link(str(rec), ui("source_record"), "external source-record"))
    return SEP.join(parts)


def sourcing_section(view: GraphView, node, prefix: str) -> str:
    if not (view.values(node, LVP.source) or view.values(node, LVP.evidence) or view.values(node, LVP.sourceRecord)):
        return ""
    body = f'<p class="source"><span class="k">{ui("source")}:</span> {source_html(view, node, prefix)}</p>'
    ev = evidence_html(view, node)
    if ev:
        body += f'<div class="evidence-list"><p class="k">{ui("evidence_from")}:</p>{ev}</div>'
    return f'<section class="sourcing" aria-labelledby="h-sourcing"><h2 id="h-sourcing">{ui("sourcing")}</h2>{body}</section>'


def claims_section(view: GraphView, node, prefix: str) -> str:
    claims = list(view.values(node, LVP.hasClaim))
    for s, p in view.inc.get(node, []):
        if p == LVP.claimAbout and s not in claims:
            claims.append(s)
    if not claims:
        return ""
    rows = []
    dated = {c: v for c, v in claimed_dates(view, node)}

    def order(c):
        v = dated.get(c)
        return (fmt.sort_key(v) if v is not None else "~", str(c))

    for c in sorted(claims, key=order):
        prop = view.value(c, LVP.claimedProperty)
        vals = view.values(c, LVP.claimedValue)
        vhtml = SEP.join(value_html(view, v, prefix) for v in vals)
        rows.append(
            "<tr>"
            f'<td>{entity_link(view, c, prefix, inner=prop_label(view, prop) if prop is not None else None)}</td>'
            f"<td>{vhtml}</td>"
            f"<td>{source_html(view, c, prefix)}</td>"
            f"<td>{evidence_html(view, c)}</td>"
            "</tr>"
        )
    head = "".join(f'<th scope="col">{ui(k)}</th>' for k in ("property", "claim_value", "source", "evidence"))
    return (
        f'<section class="claims" aria-labelledby="h-claims"><h2 id="h-claims">{ui("claims")}</h2>'
        f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def facts_section(view: GraphView, node, prefix: str) -> str:
    rows = []
    props = [p for p in view.out.get(node, {}) if p not in SECTION_PROPS]
    for p in sorted(props, key=lambda p: _prop_order(view, p)):
        cells: list[tuple[str | None, str]] = []  # (language of a text value, HTML)
        vals = view.values(node, p)
        langs = {o.language for o in vals if isinstance(o, Literal) and o.language}
        both = {"en", "lv"} <= langs  # then each page language shows its own text only
        for o in vals:
            h = value_html(view, o, prefix)
            if isinstance(o, Literal) and fmt.is_date(o):
                flags = date_flags(view, node, o, primary=(p == LVP.date or (p in (LVP.startDate, LVP.notBefore) and view.value(node, LVP.date) is None)))
                h += (" " + flags) if flags else ""
            if p == LVP.disputed and o == TRUE:
                h = flag("disputed")
            if isinstance(o, Literal) and o.language == "lv" and view.renderings(o):
                h = quote_html(view, o)
            lang = o.language if both and isinstance(o, Literal) and o.language in ("en", "lv") else None
            cells.append((lang, h))
        if both:
            en_cells = [h for l, h in cells if l != "lv"]
            lv_cells = [h for l, h in cells if l != "en"]
            tag = "div" if any(holds(h, "quote-pair") for _, h in cells) else "span"  # a quote is a block
            td = f'<{tag} class="t-en">{SEP.join(en_cells)}</{tag}><{tag} class="t-lv">{SEP.join(lv_cells)}</{tag}>'
        else:
            td = SEP.join(h for _, h in cells)
        rows.append(f'<tr><th scope="row">{prop_label(view, p)}</th><td>{td}</td></tr>')
    if not rows:
        return ""
    head = f'<th scope="col">{ui("property")}</th><th scope="col">{ui("value")}</th>'
    return (
        f'<section class="facts-out" aria-labelledby="h-facts"><h2 id="h-facts">{ui("facts")}</h2>'
        f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


FOLD_AFTER = 8  # a group of more rows than this starts folded
GLANCE_ITEMS = 6  # items shown per row of the summary block; the rest are folded under "and n more"


def _incoming(view: GraphView, node) -> list[tuple]:
    return summary.incoming(view, node)


def _inside(view: GraphView, place) -> list[URIRef]:
    return summary.inside(view, place)


def _roles(view: GraphView, node) -> dict[URIRef, list[URIRef]]:
    """Incoming facts by role (property), in a stable order: role heading, then the subject's date and label
    (made once for both languages' pages: GraphView.for_node)."""
    return view.for_node("roles", node, lambda: _grouped_roles(view, node))


def _grouped_roles(view: GraphView, node) -> dict[URIRef, list[URIRef]]:
    groups: dict[URIRef, list[URIRef]] = {}
    for s, p in _incoming(view, node):
        groups.setdefault(p, []).append(s)
    for p in groups:
        groups[p].sort(key=lambda s: (_date_key(view, s), view.label(s, "en").lower(), str(s)))
    return dict(sorted(groups.items(), key=lambda kv: (summary.role_heading_en(view, kv[0], summary.IN), str(kv[0]))))


def _date_key(view: GraphView, s) -> str:
    d = node_date(view, s)
    return fmt.sort_key(d) if d is not None else "~"


def _item(view: GraphView, s, prefix: str, extra: str = "") -> str:
    return summary.item(view, s, extra)


def _glance_row(key_html: str, items: list[str], more_href: str | None = None) -> str:
    """A heading and its items; past GLANCE_ITEMS the rest fold (a <details>, open without scripts too)."""
    shown, rest = items[:GLANCE_ITEMS], items[GLANCE_ITEMS:]
    li = "".join(f"<li>{i}</li>" for i in shown)
    more = ""
    if rest:
        more = (
            f'<details class="more"><summary>{ui("n_more").replace("{n}", str(len(rest)))}</summary>'
            f'<ul>{"".join(f"<li>{i}</li>" for i in rest)}</ul></details>'
        )
    return f'<div class="glance-row"><dt>{key_html}</dt><dd><ul>{li}</ul>{more}</dd></div>'


def glance_section(view: GraphView, node, prefix: str) -> str:
    """The summary block (summary.py): the facts a historian would lead with, for the node's kind."""
    rows = summary.summary_rows(view, node)
    if not rows:
        return ""
    body = "".join(_glance_row(r.key, r.items) for r in rows)
    return (
        f'<section class="glance" aria-labelledby="h-glance"><h2 id="h-glance">{ui("at_a_glance")}</h2>'
        f'<dl>{body}</dl></section>'
    )


def _role_id(p) -> str:
    return local_name(p).replace("_", "-")


def _fact_rows(view: GraphView, subjects: list[tuple], prefix: str) -> str:
    """Rows (fact, source, evidence) for (subject, extra HTML) pairs."""
    rows = []
    subject, source, evidence = _plain("subject"), _plain("source"), _plain("evidence")
    for s, extra in subjects:
        rows.append(
            "<tr>"
            f'<td data-label="{subject}">{_item(view, s, prefix, extra)}</td>'
            f'<td data-label="{source}">{source_html(view, s, prefix)}</td>'
            f'<td data-label="{evidence}">{evidence_html(view, s)}</td>'
            "</tr>"
        )
    return "".join(rows)


def _plain(key: str) -> str:
    """The interface text `key` in the page's language, escaped, as an attribute value; made once per language."""
    cache_key = (key, written_language())
    text = _PLAIN.get(cache_key)
    if text is None:
        if cache_key[1] == BOTH:
            text = pair(esc(UI[key][0]), esc(UI[key][1]))
        else:
            text = esc(pick(*UI[key]))
        _PLAIN[cache_key] = text
    return text


_PLAIN: dict[tuple, str] = {}  # bounded by i18n.UI's keys


def _group_table(view: GraphView, gid: str, title: str, subjects: list[tuple], prefix: str, link: str = "") -> str:
    """A folding group of fact rows; `title` is plain text (a summary holds no link: `link` goes below it)."""
    head = "".join(f'<th scope="col">{ui(k)}</th>' for k in ("subject", "source", "evidence"))
    opened = " open" if len(subjects) <= FOLD_AFTER else ""
    return (
        f'<details class="role-group" id="{esc(gid)}"{opened}><summary><span class="role-name">{title}</span> '
        f'<span class="count">({len(subjects)})</span></summary>'
        + (f'<p class="group-link">{link}</p>' if link else "")
        + f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{_fact_rows(view, subjects, prefix)}</tbody></table></details>'
    )


def incoming_section(view: GraphView, node, prefix: str) -> str:
    """Every fact pointing to the node, one folding group per role (long groups start folded)."""
    groups = _roles(view, node)
    if not groups:
        return ""
    parts = [
        _group_table(view, f"role-{_role_id(p)}", summary.role_heading(view, p, summary.IN), [(s, "") for s in subs], prefix)
        for p, subs in groups.items()
    ]
    return (
        f'<section class="facts-in" aria-labelledby="h-incoming"><h2 id="h-incoming">{ui("incoming")}</h2>'
        + "".join(parts) + "</section>"
    )


def inside_section(view: GraphView, node, prefix: str) -> str:
    """For a place: the facts recorded at the places inside it, by place."""
    if not view.is_a(node, LVP.Place):
        return ""
    parts = []
    for f in _inside(view, node):
        subs = [(s, f' <span class="at">— {summary.role_heading(view, p, summary.IN)}</span>') for s, p in _incoming(view, f) if p != LVP.locatedIn]
        if subs:
            parts.append(_group_table(view, f"inside-{view.page_of(f)}", label(view, f), subs, prefix, entity_link(view, f, prefix)))
    if not parts:
        return ""
    return (
        f'<section class="facts-inside" aria-labelledby="h-inside"><h2 id="h-inside">{ui("inside_records")}</h2>'
        + "".join(parts) + "</section>"
    )


def notes_section(view: GraphView, node) -> str:
    notes = [n for n in view.values(node, LVP.note) if isinstance(n, Literal)]
    if not notes:
        return ""
    items = "".join(f'<li{f" lang={chr(34)}{esc(n.language)}{chr(34)}" if n.language else ""}>{esc(n)}</li>' for n in notes)
    return f'<section class="notes" aria-labelledby="h-notes"><h2 id="h-notes">{ui("notes")}</h2><ul>{items}</ul></section>'


def location_section(view: GraphView, node, root: str, on_map: bool) -> str:
    """A place's coordinates and the link to its row in the map's table of places; for a line the map draws
    (it has no point), the link to its row in the map's table of lines."""
    pt = view.point(node)
    slug = view.page_of(node)
    if pt is None:
        if not (on_map and slug):
            return ""
        return (
            f'<section class="location" aria-labelledby="h-location"><h2 id="h-location">{ui("location")}</h2>'
            f'<p><a href="{root}map.html#line-{esc(slug)}">{ui("on_map")}</a></p></section>'
        )
    g = next(g for g in view.values(node, LVP.geometry) if view.value(g, WGS.lat) is not None and view.value(g, WGS.long) is not None)
    lat_l, lon_l = view.value(g, WGS.lat), view.value(g, WGS.long)
    coords = bi(
        f'{fmt.format_coordinate(lat_l, "lat", "en")}, {fmt.format_coordinate(lon_l, "long", "en")}',
        f'{fmt.format_coordinate(lat_l, "lat", "lv")}, {fmt.format_coordinate(lon_l, "long", "lv")}',
    )
    link = f' <a href="{root}map.html#place-{esc(slug)}">{ui("on_map")}</a>' if on_map and slug else ""
    return (
        f'<section class="location" aria-labelledby="h-location"><h2 id="h-location">{ui("location")}</h2>'
        f'<p>{coords} ({entity_link(view, g, "")}){link}</p></section>'
    )


def entity_pages(view: GraphView, node: URIRef, jsonld_text: str, on_map: bool) -> dict[str, str]:
    """The entity's page in each language (LANGS -> HTML), the same as entity_page in language(lang).

    Its body is made once, in language(BOTH), and each page takes its language's words from it
    (markup.in_language): the two pages look up, sort and group the same facts, and making each page by itself
    did all of that twice (at 100x, the entity pages of both languages took 6.07 s of CPU made one by one;
    /tmp/s25/site-h/exp1.py). Where the body would not be each language's own (markup.PerLanguage), each page
    is made by itself."""
    try:
        with language(BOTH):
            body = _body(view, node, on_map)
    except PerLanguage:
        pages = {}
        for lang in LANGS:
            with language(lang):
                pages[lang] = entity_page(view, node, jsonld_text, on_map)
        return pages
    head = _head(view, node, jsonld_text)
    pages = {}
    for lang in LANGS:
        with language(lang):
            pages[lang] = _page(view, node, in_language(body, lang), head)
    return pages


def entity_page(view: GraphView, node: URIRef, jsonld_text: str, on_map: bool) -> str:
    """The whole HTML page of one entity (written to id/<slug>.html) in the language being written."""
    return _page(view, node, _body(view, node, on_map), _head(view, node, jsonld_text))


def _page(view: GraphView, node: URIRef, body: str, head: str) -> str:
    return page(
        title_en=view.label(node, "en"), title_lv=view.label(node, "lv"), root="../", body=body, head_extra=head,
        body_class="entity-page", path=f"id/{view.entities[node].slug}.html",
    )


def _head(view: GraphView, node: URIRef, jsonld_text: str) -> str:
    slug = view.entities[node].slug
    return (
        f'<link rel="alternate" type="text/turtle" href="{DATA_DIR}{esc(slug)}.ttl">\n'
        f'<link rel="alternate" type="application/ld+json" href="{DATA_DIR}{esc(slug)}.jsonld">\n'
        f'<script type="application/ld+json">\n{jsonld_for_script(jsonld_text)}</script>\n'
    )


def _body(view: GraphView, node: URIRef, on_map: bool) -> str:
    """The page's <article>: in the language being written, or in both (language(BOTH))."""
    ent = view.entities[node]
    slug = ent.slug
    prefix = ""  # pages of other entities are beside this one
    root = "../"
    title_en, title_lv = view.label(node, "en"), view.label(node, "lv")
    when = when_html(view, node)
    # the date is shown right below (the summary's first row, or the when-line): the heading need not say it too
    h1 = label_beside_date(view, node) if when else bi(
        title_en, title_lv, en_lang=view.label_lang(node, "en") or "en", lv_lang=view.label_lang(node, "lv") or "lv")
    summary_kind = summary.kind_of(view, node)
    lead = [f'<p class="types"><span class="k">{ui("type")}:</span> {types_html(view, node)}</p>']
    if when and summary_kind != "event":  # an event's summary block leads with it
        lead.append(f'<p class="when-line">{when}</p>')
    if is_disputed(view, node) and not claimed_dates(view, node):
        lead.append(f"<p>{flag('disputed')}</p>")
    lead.append(_text_pair(view, node, LVP.description, cls="description"))
    links = [
        f'<a href="{DATA_DIR}{esc(slug)}.ttl" type="text/turtle">{ui("turtle")}</a>',
        f'<a href="{DATA_DIR}{esc(slug)}.jsonld" type="application/ld+json">{ui("jsonld")}</a>',
    ]
    links += [wikidata_link(q) for q in view.wikidata_ids(node)]
    lead.append(
        f'<p class="iri"><span class="k">{ui("iri")}:</span> <code>{esc(node)}</code></p>'
        f'<p class="downloads"><span class="k">{ui("downloads")}:</span> {SEP.join(links)}</p>'
    )
    return (
        f'<article class="entity group-{esc(ent.group)}">'
        f"<h1>{h1}</h1>"
        f'<div class="summary">{"".join(lead)}</div>'
        + glance_section(view, node, prefix)
        + names_section(view, node)
        + sourcing_section(view, node, prefix)
        + claims_section(view, node, prefix)
        + facts_section(view, node, prefix)
        + incoming_section(view, node, prefix)
        + inside_section(view, node, prefix)
        + location_section(view, node, root, on_map)
        + notes_section(view, node)
        + "</article>"
    )
