"""The summary block at the top of an entity page ("At a glance"), read as a historian would summarise the
entity, from the graph alone.

What a reader wants first depends on the kind of thing:
- an event: when, where, who in which role (a person with the office the graph says they held at that
  event), what it produced, what it was part of;
- a person: the offices held (office, when, where attested, source), the events by role, the quotations;
- a place: everything recorded there or at the places inside it, from every kind of record, once each
  (garrisons and bases, headquarters, events, treaty provisions that name it, numbers, quotations);
- a quotation: the words (with the English rendering), who said them in which office, when, the occasion;
- a garrison (an entry of the list of bases, a base's use): where, how many of which kind of unit, whose,
  under whom, when;
- a document: signed when, where and by whom in which office (through the signing that produced it), its
  parties, term, numbers and provisions (its annexes' too), its texts, and what it was later used for;
- anything else: its links both ways.
Every kind ends with the links not yet shown, headed in plain words (`roles.py`), so nothing the graph
says about the entity is left out of the summary by a kind's selection.

`summary_rows` returns the rows as data (a heading and the items' HTML), so that tests read the same rows
the page shows (tests/site/test_site_summary.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from pactkg.site import fmt
from pactkg.site.markup import PerLanguage, bi, entity_link, esc, label, new_items, same, sides, ui, written_language
from pactkg.site.model import GraphView
from pactkg.site.roles import IN, NOT_SHOWN, OUT, has_words, role_words
from pactkg.site.terms import LVP, RDF
from pactkg.site.values import (
    date_html, flag, label_beside_date, node_date, quantity_html, quote_html, value_html, when_html,
)

SEP = '<span class="sep">, </span>'


@dataclass
class Row:
    """One line of the summary: a heading (HTML) and its items (HTML)."""

    key: str
    items: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------------
# shared helpers
# ----------------------------------------------------------------------------------------------------


def role_heading(view: GraphView, p: URIRef, direction: str) -> str:
    """The plain-words heading of a link (roles.py); the ontology's label where the table has none."""
    words = role_words(p, direction)
    if words is not None:
        return bi(*words)
    base = label(view, p) if view.labels.get(p) else esc(str(p))
    return base if direction == OUT else f'{ui("as_role")} {base}'


def _date_key(view: GraphView, s) -> str:
    d = node_date(view, s)
    return fmt.sort_key(d) if d is not None else "~"


def _order(view: GraphView, nodes) -> list:
    """Date, then English label, then IRI: the same order on every build and in both languages."""
    return sorted(set(nodes), key=lambda s: (_date_key(view, s), view.label(s, "en").lower(), str(s)))


def shown(view: GraphView, o) -> bool:
    """A value worth a line: an IRI with a page or a label (not a Wikidata IRI, not a literal)."""
    return isinstance(o, URIRef) and (view.page_of(o) is not None or bool(view.labels.get(o)))


def item(view: GraphView, s, extra: str = "") -> str:
    """An entity as a link (a quantity as its number), with its time in brackets. Remembered (view.memo): a
    node is an item on the page of everything it links to, in the summary block and again in its table."""
    cache, key = view.memo("item"), (s, written_language())
    html = cache.get(key)
    if html is None:
        html = cache[key] = _item(view, s)
    return html + extra


def _item(view: GraphView, s) -> str:
    if view.is_a(s, LVP.Quantity):
        q = quantity_html(view, s)
        if q is not None:
            return entity_link(view, s, "", inner=q)
    when = when_html(view, s)
    if not when:
        return entity_link(view, s, "")
    return entity_link(view, s, "", inner=label_beside_date(view, s)) + f' <span class="when">({when})</span>'


def incoming(view: GraphView, node) -> list[tuple]:
    """(subject, property) for every fact pointing to the node that a page shows (not the inline nodes,
    not the claims shown in their own section). Not to be changed: the same list is given to both languages'
    pages of the node (GraphView.for_node)."""
    return view.for_node("incoming", node, lambda: _incoming(view, node))


def _incoming(view: GraphView, node) -> list[tuple]:
    shown_claims = set(view.values(node, LVP.hasClaim))
    inline = view.inline
    # Set lookups, not `p != RDF.type`: rdflib's URIRef.__eq__ is Python code, and this runs for every link
    # into every node a page shows (a set finds the same term by its hash, then by identity).
    return [
        (s, p) for s, p in view.inc.get(node, [])
        if p not in _TYPE and not (p in _CLAIM_ABOUT and s in shown_claims) and s not in inline
    ]


_TYPE, _CLAIM_ABOUT = frozenset({RDF.type}), frozenset({LVP.claimAbout})
_SITES = frozenset({LVP.settlement, LVP.facility})


class _Builder:
    """Collects rows and remembers which links they used, so the remainder shows the rest once."""

    def __init__(self, view: GraphView, node):
        self.view, self.node = view, node
        self.rows: list[Row] = []
        self._row_of: tuple[dict[str, Row], dict[str, Row]] = ({}, {})  # a row's heading in English, Latvian -> row
        self.used_out: set[URIRef] = set()
        self.used_in: set[URIRef] = set()
        self.seen: set = set()  # subjects already shown in a row built from incoming links
        self.incoming = incoming(view, node)  # once per page: every row asks (a hub has N of them)
        self.by_role: dict[URIRef, list] = {}  # the same, subjects by property (inc() asks for one property)
        for s, p in self.incoming:
            self.by_role.setdefault(p, []).append(s)

    def add(self, key: str, items: list[str]) -> None:
        """A row; a heading already shown (cites / cited-by both ways) takes the new items into its row."""
        if not items:
            return
        en, lv = sides(key)  # (key, key) but in language(BOTH)
        row = self._row_of[0].get(en)
        if row is not self._row_of[1].get(lv):  # one language's heading is a row's, the other's not (or another's)
            raise PerLanguage(f"the heading {key!r} is another row's in one language only")
        if row is not None:
            row.items += new_items(row.items, items)
            return
        row = Row(key, items)
        self.rows.append(row)
        self._row_of[0][en] = row
        self._row_of[1][lv] = row

    def out(self, p: URIRef, fmt_item=None) -> None:
        """A row of the node's values of `p` (a settlement or facility the build states is left out where it
        is the place itself)."""
        self.used_out.add(p)
        vals = [o for o in self.view.values(self.node, p) if shown(self.view, o)]
        if not vals:  # most properties asked of a node are not on it: no heading made, no row added
            return
        if p in _SITES:
            places = set(self.view.values(self.node, LVP.place))
            vals = [o for o in vals if o not in places]
        vals.sort(key=lambda o: (self.view.label(o, "en").lower(), str(o)))
        self.add(role_heading(self.view, p, OUT), [(fmt_item or (lambda o: value_html(self.view, o, "")))(o) for o in vals])

    def inc(self, p: URIRef, keep=None, key: str | None = None, fmt_item=None) -> None:
        """A row of the subjects pointing to the node by `p` (those `keep` accepts)."""
        subs = [s for s in self.by_role.get(p, ()) if keep is None or keep(s)]
        if keep is None:
            self.used_in.add(p)
        self.seen.update(subs)
        self.add(key or role_heading(self.view, p, IN), [(fmt_item or (lambda s: item(self.view, s)))(s) for s in _order(self.view, subs)])

    def rest(self) -> None:
        """Every link not shown yet: outgoing by property, incoming by role."""
        view, node = self.view, self.node
        props = [p for p in view.out.get(node, {}) if p not in NOT_SHOWN and p not in self.used_out]
        for p in sorted(props, key=lambda p: (role_heading_en(view, p, OUT), str(p))):
            self.out(p)
        groups: dict[URIRef, list] = {}
        for s, p in self.incoming:
            if p in self.used_in or s in self.seen or p == LVP.locatedIn and view.is_a(node, LVP.Place):
                continue
            groups.setdefault(p, []).append(s)
        for p in sorted(groups, key=lambda p: (role_heading_en(view, p, IN), str(p))):
            self.add(role_heading(view, p, IN), [item(view, s) for s in _order(view, groups[p])])


def role_heading_en(view: GraphView, p, direction: str) -> str:
    words = role_words(p, direction)
    return (words[0] if words else view.label(p, "en")).lower()


# ----------------------------------------------------------------------------------------------------
# offices
# ----------------------------------------------------------------------------------------------------


def holdings_of(view: GraphView, person) -> list[URIRef]:
    """The person's office holdings, by the date they are attested for (undated last), then label."""
    hs = {s for s, p in view.inc.get(person, []) if p == LVP.holder and view.is_a(s, LVP.OfficeHolding)}
    return sorted(hs, key=lambda h: _holding_key(view, h))


def _holding_key(view: GraphView, h) -> tuple:
    d = view.value(h, LVP.attestedDate)
    return (fmt.sort_key(d) if d is not None and fmt.is_date(d) else "~", view.label(h, "en").lower(), str(h))


def _holdings_at(view: GraphView, event) -> dict:
    """holder -> their office holdings attested in `event`, in holdings_of's order. Worked out once per event
    (kept in view.page_cache): every person named at an event asks, and asking the person's holdings each
    time grew with holdings × events (quadratic for a person at many events)."""
    cache = view.page_cache.setdefault("holdings_at", {})
    if event not in cache:
        by: dict = {}
        for h, p in view.inc.get(event, []):
            if p == LVP.attestedIn and view.is_a(h, LVP.OfficeHolding):
                for person in set(view.values(h, LVP.holder)):
                    by.setdefault(person, []).append(h)
        for hs in by.values():
            hs.sort(key=lambda h: _holding_key(view, h))
        cache[event] = by
    return cache[event]


def offices_at(view: GraphView, person, event) -> list[URIRef]:
    """The offices the graph says `person` held at `event` (an office holding attested in it)."""
    out, seen = [], set()  # seen: out as a set (a list's `in` grew with a hub person's holdings at a hub event)
    for h in _holdings_at(view, event).get(person, []):
        for o in view.values(h, LVP.office):
            if isinstance(o, URIRef) and o not in seen:
                seen.add(o)
                out.append(o)
    return out


def with_offices(view: GraphView, person, event) -> str:
    """'Vilhelms Munters (Minister of Foreign Affairs of Latvia)': the person and the office held there."""
    offices = offices_at(view, person, event)
    text = value_html(view, person, "")
    if offices:
        text += ' <span class="office">(' + SEP.join(entity_link(view, o, "") for o in offices) + ")</span>"
    return text


def holding_when(view: GraphView, h) -> str:
    d = view.value(h, LVP.attestedDate)
    if d is None or not fmt.is_date(d):
        return ""
    inferred = LVP.attestedDate in view.values(h, LVP.inferredProperty)
    return date_html(d) + (" " + flag("inferred") if inferred else "")


def offices_held(view: GraphView, person) -> list[str]:
    """The person's offices, one item per office and event: the office, when (attested), the event it is
    attested in, the sources, and a link to each fact (two sources attesting the same office at the same
    event make one item with both sources, not two lines)."""
    groups: dict[tuple, list[URIRef]] = {}
    for h in holdings_of(view, person):
        offices = tuple(o for o in view.values(h, LVP.office) if isinstance(o, URIRef))
        events = tuple(e for e in view.values(h, LVP.attestedIn) if isinstance(e, URIRef))
        groups.setdefault((offices, events), []).append(h)
    items = []
    for (offices, events), hs in groups.items():  # in the order of each group's first holding (by date)
        details = []
        for h in hs:
            w = holding_when(view, h)
            if w and not any(same(w, d) for d in details):
                details.append(w)
        details += [entity_link(view, e, "") for e in events]
        sources = []
        for h in hs:
            for src in view.values(h, LVP.source):
                if src not in sources:
                    sources.append(src)
        if sources:
            details.append(f'{ui("source").lower()}: ' + SEP.join(value_html(view, src, "") for src in sources))
        more = f' <span class="when">({"; ".join(details)})</span>' if details else ""
        links = [view.page_of(h) for h in hs if view.page_of(h)]
        facts = " ".join(
            f'<a class="fact-link" href="{esc(slug)}.html">{ui("fact_evidence")}{f" {i}" if len(links) > 1 else ""}</a>'
            for i, slug in enumerate(links, 1)
        )
        head = SEP.join(entity_link(view, o, "") for o in offices) or SEP.join(entity_link(view, h, "") for h in hs)
        items.append(head + more + (" " + facts if facts else ""))
    return items


# ----------------------------------------------------------------------------------------------------
# kinds
# ----------------------------------------------------------------------------------------------------

# Who took part in an event, and how: shown with the office each person held there.
AGENT_ROLES = [
    LVP.signatory, LVP.negotiator, LVP.participant, LVP.carriedOutBy, LVP.speaker, LVP.traveller,
    LVP.addressee, LVP.present, LVP.appointed, LVP.armedForce, LVP.attacker, LVP.target, LVP.vessel,
]


def _event(b: _Builder) -> None:
    view, node = b.view, b.node
    when = when_html(view, node)
    if when:
        b.add(ui("fact_when"), [when])
    for p in (LVP.place, LVP.origin, LVP.destination, LVP.via):
        b.out(p)
    for p in AGENT_ROLES:
        b.out(p, lambda o: with_offices(view, o, node) if view.is_a(o, LVP.Person) else value_html(view, o, ""))
    agents = {o for p in AGENT_ROLES for o in view.values(node, p)}
    # offices attested at the event held by someone not named in a role above
    others = [s for s, p in b.incoming if p == LVP.attestedIn and not set(view.values(s, LVP.holder)) & agents]
    b.used_in.add(LVP.attestedIn)
    b.add(role_heading(view, LVP.attestedIn, IN), [
        SEP.join(value_html(view, h, "") for h in view.values(s, LVP.holder))
        + ' <span class="office">(' + SEP.join(entity_link(view, o, "") for o in view.values(s, LVP.office)) + ")</span>"
        for s in _order(view, others)
    ])
    for p in (LVP.produced, LVP.concerns, LVP.pretext, LVP.hasQuantity, LVP.damaged, LVP.defends):
        b.out(p)
    b.out(LVP.partOfEvent)
    b.inc(LVP.partOfEvent)
    b.out(LVP.afterStartOf)
    b.inc(LVP.establishedBy)
    b.inc(LVP.occasion)
    b.inc(LVP.reports)


# A person's events, by role, in this order; quotations (lvp:speaker of a Quotation) get their own row.
PERSON_ROLES = [
    LVP.signatory, LVP.negotiator, LVP.carriedOutBy, LVP.speaker, LVP.traveller, LVP.participant,
    LVP.present, LVP.addressee, LVP.appointed, LVP.ledBy, LVP.author, LVP.namedAfter, LVP.mentions,
]


def _demands(b: _Builder) -> None:
    """The demands an agent made (lvp:carriedOutBy of a Demand), in a row of their own: "Demanded"."""
    b.inc(LVP.carriedOutBy, keep=lambda s: b.view.is_a(s, LVP.Demand), key=ui("sum_demanded"))


def _person(b: _Builder) -> None:
    view = b.view
    b.used_in.add(LVP.holder)
    b.add(ui("sum_offices"), offices_held(view, b.node))
    for p in PERSON_ROLES:
        if p == LVP.carriedOutBy:
            _demands(b)
        b.inc(p, keep=lambda s, p=p: not view.is_a(s, LVP.Quotation) and not (p == LVP.carriedOutBy and view.is_a(s, LVP.Demand)))
    b.inc(LVP.speaker, keep=lambda s: view.is_a(s, LVP.Quotation), key=ui("g_quotations"))
    b.used_in.update(PERSON_ROLES)


def inside(view: GraphView, place) -> list[URIRef]:
    """The places lvp:locatedIn `place`, transitively (a base inside a city, a port inside the base …)."""
    out, todo, found = [], [place], set()  # found: out as a set (a list's `in` grew with the places inside)
    while todo:
        p = todo.pop(0)
        for s, prop in view.inc.get(p, []):
            if prop == LVP.locatedIn and s not in found and s != place and s in view.entities:
                found.add(s)
                out.append(s)
                todo.append(s)
    return out


# What a record at a place is, for a place's summary: (test, heading) — the first that holds.
GARRISON_CLASSES = (LVP.Stationing, LVP.BaseUse, LVP.GarrisonListEntry)
# Links from a record to the place where "at <place inside>" is worth saying.
AT_PROPS = (LVP.place, LVP.facility, LVP.stationedAt, LVP.headquarters, LVP.origin, LVP.destination, LVP.via)


# The links by which a record says something happened or stood at a place (or names the place).
PLACE_PROPS = frozenset({
    LVP.place, LVP.settlement, LVP.facility, LVP.origin, LVP.destination, LVP.via, LVP.damaged, LVP.target,
    LVP.headquarters, LVP.stationedAt, LVP.appliesTo, LVP.boundary, LVP.defends, LVP.exception, LVP.region,
    LVP.through, LVP.alongFeature, LVP.between,
})


def _place_category(view: GraphView, s, p) -> str:
    """Which row of a place's summary a record pointing to it by `p` goes to ('' = none: shown by role)."""
    if p not in PLACE_PROPS:
        return ""
    if any(view.is_a(s, c) for c in GARRISON_CLASSES):
        return "garrisons"
    if p == LVP.headquarters:
        return "headquarters"
    if p == LVP.stationedAt:
        return "stationed"
    if view.is_a(s, LVP.Provision) or view.is_a(s, LVP.SphereOfInfluence):
        return "provisions"
    if view.is_a(s, LVP.Quantity):
        return "numbers"
    if view.is_a(s, LVP.Quotation):
        return "quotations"
    if view.is_a(s, LVP.Event):
        return "events"
    if view.is_a(s, LVP.Place):
        return "lines"
    return ""


PLACE_HEADINGS = {
    "garrisons": "sum_garrisons", "headquarters": "sum_headquarters", "stationed": "sum_stationed",
    "events": "sum_events", "provisions": "sum_provisions_naming", "numbers": "sum_numbers",
    "quotations": "g_quotations", "lines": "sum_lines",
}


def _place(b: _Builder) -> None:
    view, node = b.view, b.node
    b.out(LVP.locatedIn)
    within = inside(view, node)
    here = [node] + within
    found: dict[str, list[URIRef]] = {}
    found_sets: dict[str, set] = {}  # the same, as sets: a hub place finds N subjects
    here_set = set(here)
    roles: dict[URIRef, list[URIRef]] = {}  # subject -> the links by which it points here (for the rest)
    for f in here:
        for s, p in incoming(view, f):
            if p == LVP.locatedIn or s in here_set:
                continue
            cat = _place_category(view, s, p)
            if not cat:
                continue
            found.setdefault(cat, [])
            if s not in found_sets.setdefault(cat, set()):
                found_sets[cat].add(s)
                found[cat].append(s)
            roles.setdefault(s, []).append(p)
            b.seen.add(s)

    within_set = set(within)  # asked for every value of every record: a hub place has many places inside

    def at(s) -> str:
        spots = [o for p in AT_PROPS for o in view.values(s, p) if o in within_set]
        out = []
        for o in spots:
            if o not in out:
                out.append(o)
        if not out:
            ps = [p for p in roles.get(s, []) if p not in (LVP.place, LVP.settlement, LVP.facility)]
            if ps and _place_category(view, s, ps[0]) == "events":
                return f' <span class="at">— {role_heading(view, ps[0], IN).lower()}</span>'
            return ""
        return f' <span class="at">— {ui("at_place")} ' + SEP.join(entity_link(view, o, "") for o in out) + "</span>"

    for cat in ("garrisons", "headquarters", "stationed", "events", "provisions", "numbers", "quotations", "lines"):
        subs = found.get(cat, [])
        if cat == "garrisons":
            subs = sorted(set(subs), key=lambda s: (int(view.value(s, LVP.listPosition) or 999), view.label(s, "en").lower(), str(s)))
        else:
            subs = _order(view, subs)
        b.add(ui(PLACE_HEADINGS[cat]), [item(view, s, at(s)) for s in subs])
    b.add(ui("includes"), [item(view, f) for f in within])
    b.used_in.add(LVP.locatedIn)


def _documents_of(view: GraphView, doc) -> list[URIRef]:
    """The document and its annexes (lvp:annexTo it): a treaty's numbers are often in its protocol."""
    return [doc] + sorted((s for s, p in view.inc.get(doc, []) if p == LVP.annexTo), key=str)


def _provision_order(view: GraphView, p) -> tuple:
    art = view.value(p, LVP.articleNumber)
    pos = view.value(p, LVP.listPosition)
    return (int(art) if art is not None else 999, int(pos) if pos is not None else 999, view.label(p, "en").lower(), str(p))


def _document(b: _Builder) -> None:
    view, node = b.view, b.node
    signings = _order(view, [s for s, p in view.inc.get(node, []) if p == LVP.produced and view.is_a(s, LVP.Signing)])
    b.seen.update(signings)  # any other event that produced it (a plan drafted, a demand made) is in the rest
    signed = []
    for s in signings:
        where = SEP.join(value_html(view, p, "") for p in view.values(s, LVP.place) if shown(view, p))
        when = when_html(view, s)
        signed.append(", ".join(x for x in (when, where) if x) + f' <span class="at">— {entity_link(view, s, "")}</span>')
    b.add(ui("fact_signed"), signed)
    b.add(ui("fact_signatories"), [
        with_offices(view, person, s) for s in signings
        for person in sorted(view.values(s, LVP.signatory), key=lambda o: (view.label(o, "en").lower(), str(o)))
        if shown(view, person)
    ])
    b.out(LVP.party)
    docs = _documents_of(view, node)
    provisions = sorted(
        {s for d in docs for s, p in view.inc.get(d, []) if p == LVP.establishedBy and view.is_a(s, LVP.Provision)},
        key=lambda p: _provision_order(view, p),
    )
    b.add(ui("fact_term"), [item(view, p) for p in provisions if view.value(p, LVP.provisionKind) == LVP.validityTerm])
    numbers, seen_q = [], set()
    for p in provisions:
        for q in view.values(p, LVP.hasQuantity):
            if q not in seen_q and shown(view, q):
                seen_q.add(q)
                numbers.append(item(view, q, f' <span class="at">— {entity_link(view, p, "")}</span>'))
    b.add(ui("sum_numbers"), numbers)
    b.add(ui("sum_provisions"), [item(view, p) for p in provisions])
    b.seen.update(provisions)
    b.inc(LVP.annexTo)
    b.out(LVP.annexTo)
    b.inc(LVP.reproduces)
    b.out(LVP.reproduces)
    b.inc(LVP.concerns)
    b.inc(LVP.pretext)
    b.inc(LVP.basis)
    b.inc(LVP.quotedFrom)


def _garrison(b: _Builder) -> None:
    """A garrison list entry or a base's use: where, what (count and kind of unit), whose, when."""
    view, node = b.view, b.node
    when = when_html(view, node)
    start, end = view.value(node, LVP.withinPeriodStart), view.value(node, LVP.withinPeriodEnd)
    if not when and start is not None and fmt.is_date(start):
        when = date_html(start) + (f"–{date_html(end)}" if end is not None and fmt.is_date(end) and end != start else "")
    for p in (LVP.place, LVP.facility, LVP.settlement):
        b.out(p)
    count = view.value(node, LVP.unitCount)
    b.out(LVP.unitKind, lambda o: (f'{value_html(view, count, "")} × ' if count is not None else "") + value_html(view, o, ""))
    for p in (LVP.armedForce, LVP.subordinateTo, LVP.branch, LVP.partOfEvent):
        b.out(p)
    if when:
        b.add(ui("fact_when"), [when])


def _quotation(b: _Builder) -> None:
    """A quotation: the words (with the dataset's English rendering beside them), who said them in which
    office, when, on what occasion, where, and what they come from or mention."""
    view, node = b.view, b.node
    b.add(ui("sum_words"), [quote_html(view, t) for t in view.values(node, LVP.text) if isinstance(t, Literal)])
    occasions = [o for o in view.values(node, LVP.occasion) if isinstance(o, URIRef)]

    def speaker(o):
        if view.is_a(o, LVP.Person):
            return SEP.join(with_offices(view, o, e) for e in occasions) if occasions else value_html(view, o, "")
        return value_html(view, o, "")

    b.out(LVP.speaker, speaker)
    when = when_html(view, node)
    if when:
        b.add(ui("fact_when"), [when])
    for p in (LVP.occasion, LVP.place, LVP.quotedFrom, LVP.quotedWithin, LVP.mentions):
        b.out(p)


def kind_of(view: GraphView, node) -> str:
    """Which summary the node gets: person, place, document, garrison, quotation, event, or other (remembered:
    view.memo; every entity page asks twice)."""
    cache = view.memo("kind_of")
    kind = cache.get(node)
    if kind is None:
        kind = cache[node] = _kind_of(view, node)
    return kind


def _kind_of(view: GraphView, node) -> str:
    if view.is_a(node, LVP.Person):
        return "person"
    if view.is_a(node, LVP.Place):
        return "place"
    if view.is_a(node, LVP.Document):
        return "document"
    if any(view.is_a(node, c) for c in GARRISON_CLASSES):
        return "garrison"
    if view.is_a(node, LVP.Quotation):
        return "quotation"
    if view.is_a(node, LVP.Event):
        return "event"
    return "other"


KINDS = {"event": _event, "person": _person, "place": _place, "document": _document, "garrison": _garrison, "quotation": _quotation}


def summary_rows(view: GraphView, node) -> list[Row]:
    """The rows of the node's summary block, in the order shown."""
    b = _Builder(view, node)
    fill = KINDS.get(kind_of(view, node))
    if fill is not None:
        fill(b)
    else:
        _demands(b)  # a state's or an organisation's demands lead
    b.rest()
    return b.rows


def unlabelled_roles(view: GraphView) -> list[tuple[str, str]]:
    """(property IRI, OUT or IN) for every link a summary of this graph would head with the ontology's
    label because roles.py has no words for it: what the test that guards the table looks for."""
    missing = set()
    for node in view.entities:
        for p in view.out.get(node, {}):
            if p not in NOT_SHOWN and not has_words(p) and any(shown(view, o) for o in view.values(node, p)):
                missing.add((str(p), OUT))
        for _, p in incoming(view, node):
            if not has_words(p):
                missing.add((str(p), IN))
    return sorted(missing)
