"""Earliest and latest possible day of every dated fact, as xsd:date, so that one filter finds them all.

"When" is stated as the source gives it: lvp:date, lvp:startDate, lvp:endDate or lvp:notBefore, as an
xsd:date, an xsd:gYearMonth or an xsd:gYear, and where sources disagree only in claims (lvp:hasClaim, whose
lvp:claimedValue is a date). A filter on xsd:date silently drops "1939-10"^^xsd:gYearMonth. So the dump
states beside each dated fact lvp:earliestDay (the first day it can have begun or happened) and
lvp:latestDay (the last day it can have ended or happened), in the manner of CIDOC-CRM's begin of the begin
and end of the end:

  * a day gives itself; a month its first and last day; a year 1 January and 31 December;
  * lvp:date bounds both ends; lvp:startDate and lvp:notBefore the earliest; lvp:endDate the latest;
  * lvp:withinPeriodStart and lvp:withinPeriodEnd (the period in which the source places a fact, such as the
    garrison list's "1939–1940") bound the earliest and the latest day: the fact lies within that period;
  * the claims about a fact's lvp:date, lvp:startDate or lvp:endDate widen the bounds to span every claim.

A fact with a start and no end (still going on when the source stops) has an earliest day only. "What
happened in October 1939": earliestDay <= 1939-10-31 and (no latestDay or latestDay >= 1939-10-01)
(docs/querying.md). lvp:deadline and lvp:attestedDate are not the time of the fact itself and give no bounds.
"""

from __future__ import annotations

import calendar
import datetime as dt

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from pactkg.common.namespaces import LVP

_BOTH = (LVP.date,)
_EARLIEST = (LVP.startDate, LVP.notBefore, LVP.withinPeriodStart)
_LATEST = (LVP.endDate, LVP.withinPeriodEnd)


def day_range(lit) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date literal allows; None for anything that is not a date."""
    if not isinstance(lit, Literal):
        return None
    text = str(lit).strip()
    try:
        if lit.datatype == XSD.date:
            d = dt.date.fromisoformat(text[:10])
            return d, d
        if lit.datatype == XSD.gYearMonth:
            y, m = int(text[:4]), int(text[5:7])
            return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        if lit.datatype == XSD.gYear:
            y = int(text[:4])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def bounds(graph: Graph) -> dict:
    """subject -> [earliest or None, latest or None] from its own dates and the claims about them."""
    out: dict = {}

    def widen(s, lo=None, hi=None):
        b = out.setdefault(s, [None, None])
        if lo is not None:
            b[0] = lo if b[0] is None else min(b[0], lo)
        if hi is not None:
            b[1] = hi if b[1] is None else max(b[1], hi)

    for props, use_lo, use_hi in ((_BOTH, True, True), (_EARLIEST, True, False), (_LATEST, False, True)):
        for p in props:
            for s, value in graph.subject_objects(p):
                r = day_range(value)
                if r:
                    widen(s, r[0] if use_lo else None, r[1] if use_hi else None)
            for claim in graph.subjects(LVP.claimedProperty, p):
                r = next(filter(None, (day_range(v) for v in graph.objects(claim, LVP.claimedValue))), None)
                if r:
                    for s in graph.objects(claim, LVP.claimAbout):
                        widen(s, r[0] if use_lo else None, r[1] if use_hi else None)
    return out


def bound_triples(graph: Graph) -> set[tuple]:
    new = set()
    for s, (lo, hi) in bounds(graph).items():
        if lo is not None:
            new.add((s, LVP.earliestDay, Literal(lo.isoformat(), datatype=XSD.date)))
        if hi is not None:
            new.add((s, LVP.latestDay, Literal(hi.isoformat(), datatype=XSD.date)))
    return new
