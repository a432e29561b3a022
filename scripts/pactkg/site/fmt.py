"""Dates and numbers as people write them, in English and Latvian.

Pure functions over literals, so that the formatting rules can be tested without a graph.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from rdflib import Literal

from pactkg.site.terms import XSD

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Nominative (a date standing alone, as in a table cell).
MONTHS_LV = (
    "janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs",
    "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris",
)
# The same months after "no" and "pēc" (genitive) and after "līdz" (dative): "pēc 1939. gada 15. oktobra",
# "līdz 1940. gada 31. oktobrim". The year word takes the same case ("1939. gads", "gada", "gadam").
MONTHS_LV_CASES = {
    "genitive": ("janvāra", "februāra", "marta", "aprīļa", "maija", "jūnija",
                 "jūlija", "augusta", "septembra", "oktobra", "novembra", "decembra"),
    "dative": ("janvārim", "februārim", "martam", "aprīlim", "maijam", "jūnijam",
               "jūlijam", "augustam", "septembrim", "oktobrim", "novembrim", "decembrim"),
}
YEAR_LV = {"nominative": "gads", "genitive": "gada", "dative": "gadam"}

DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.dateTime}
NBSP = "\u00a0"

_DATE_RE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def is_date(lit: object) -> bool:
    return isinstance(lit, Literal) and lit.datatype in DATE_TYPES


def date_parts(lit: Literal) -> tuple[int, int | None, int | None]:
    """(year, month, day) of an xsd:date / gYearMonth / gYear literal; month and day None when not given."""
    return _date_parts(str(lit), lit.datatype)


@functools.lru_cache(maxsize=1 << 12)
def _date_parts(text: str, datatype) -> tuple[int, int | None, int | None]:
    """date_parts of a literal's text and datatype, remembered (bounded): a page sorts and shows the same
    dates many times."""
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"not a date: {text!r}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) and datatype != XSD.gYear else None
    day = int(m.group(3)) if m.group(3) and datatype in (XSD.date, XSD.dateTime) else None
    return year, month, day


def sort_key(lit: Literal) -> str:
    """ISO-like key that sorts a partial date at the start of its month or year ("1939" < "1939-10-05")."""
    y, m, d = date_parts(lit)
    key = f"{y:04d}"
    if m:
        key += f"-{m:02d}"
        if d:
            key += f"-{d:02d}"
    return key


def format_date(lit: Literal, lang: str, case: str = "nominative") -> str:
    """5 October 1939 / 1939. gada 5. oktobris; October 1939 / 1939. gada oktobris; 1939 / 1939. gads.
    `case` is the Latvian case a preposition asks for (genitive after "no", "pēc"; dative after "līdz")."""
    y, m, d = date_parts(lit)
    if lang == "lv":
        months = MONTHS_LV_CASES.get(case, MONTHS_LV)
        if m is None:
            return f"{y}. {YEAR_LV[case]}"
        if d is None:
            return f"{y}. gada {months[m - 1]}"
        return f"{y}. gada {d}. {months[m - 1]}"
    if m is None:
        return str(y)
    if d is None:
        return f"{MONTHS_EN[m - 1]} {y}"
    return f"{d} {MONTHS_EN[m - 1]} {y}"


def precision_of(lit: Literal) -> str:
    """'day', 'month' or 'year', read off the datatype (the graph's lvp:datePrecision says the same)."""
    if lit.datatype == XSD.gYear:
        return "year"
    if lit.datatype == XSD.gYearMonth:
        return "month"
    return "day"


def format_number(value: object, lang: str) -> str:
    """50 000 (a no-break space between groups of three from 10 000 up); decimal comma in Latvian."""
    try:
        dec = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if dec < 0 else ""
    dec = abs(dec)
    text = format(dec, "f")
    whole, _, frac = text.partition(".")
    if len(whole) > 4:
        groups = []
        while whole:
            groups.append(whole[-3:])
            whole = whole[:-3]
        whole = NBSP.join(reversed(groups))
    point = "," if lang == "lv" else "."
    return sign + whole + (point + frac if frac else "")


def format_coordinate(value: object, axis: str, lang: str) -> str:
    """56.53186° N (decimal degrees, the hemisphere letter in the page's language)."""
    try:
        dec = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if axis == "lat":
        hemi = ("N", "Z") if dec >= 0 else ("S", "D")
    else:
        hemi = ("E", "A") if dec >= 0 else ("W", "R")
    letter = hemi[1] if lang == "lv" else hemi[0]
    return f"{format_number(abs(dec), lang)}°{NBSP}{letter}"


def fold(text: str) -> str:
    """Lower-case, diacritics removed: the form the search box compares ("Munters" ~ "munt", "Rīga" ~ "riga").

    Must match `fold` in static/site.js (NFD, strip combining marks, lower-case).
    """
    return unicodedata.normalize("NFD", text).translate(_NO_MARKS).lower()


class _MarksTable(dict):
    """A str.translate table that drops the combining marks (unicodedata.combining), filled in as characters
    are met: the same as a loop over the characters, in C (the index folds every label: 23 million calls of
    that loop for the site at 100x). Bounded by the characters the text uses."""

    def __missing__(self, code: int):
        keep = None if unicodedata.combining(chr(code)) else code
        self[code] = keep
        return keep


_NO_MARKS = _MarksTable()


# Russian letters as Latvian spelling writes them in Latin (after fold(), so й is и and ё is е): lets
# "Лиепая" find Liepāja and "молотов" find Molotov. Used for searching only, never shown.
CYRILLIC_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "z", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "ju",
    "я": "ja",
}


def search_key(text: str) -> str:
    """The form both the index's entries and the query are compared in: folded, Cyrillic written in Latin.

    Must match `searchKey` in static/site.js."""
    return fold(text).translate(_CYRILLIC_TABLE)


_CYRILLIC_TABLE = str.maketrans(CYRILLIC_LATIN)


# Words a label's closing brackets use to restate its date: "(24 September 1939)", "(30 September, year
# inferred: 1939)", "(from 2 October; year inferred: 1939)", "(the next day; inferred: 3 October 1939)", and
# their Latvian forms ("(1940. gada 12. februāris)", "(nākamajā dienā; secināts: 1939. gada 3. oktobris)").
_DATE_WORDS = {
    "the", "next", "day", "year", "inferred", "from", "gads", "gada", "secināts", "no", "nākamajā", "dienā",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}
_LV_MONTH = re.compile(r"^(janvār|februār|mart|aprīl|maij|jūnij|jūlij|august|septembr|oktobr|novembr|decembr)\w*$")
_TRAILING_BRACKETS = re.compile(r"^(.*\S)\s*\(([^()]*)\)$")


def without_restated_date(label: str, year: int) -> str:
    """The label without its closing brackets when they say only its date (and the date contains `year`):
    for a page that shows the date beside the label already (the timeline, an event's page, a summary's
    list), which otherwise reads "Molotov's demand to Estonia (24 September 1939)" next to "24 September
    1939". The label itself (data) is unchanged; the brackets stay wherever no date is shown beside it."""
    m = _TRAILING_BRACKETS.match(label)
    if not m or str(year) not in m.group(2):
        return label
    words = [w for w in re.split(r"[\s,;:.]+", m.group(2).lower()) if w]
    if all(w.isdigit() or w in _DATE_WORDS or _LV_MONTH.match(w) for w in words):
        return m.group(1)
    return label

