"""One result model for SPARQL answers, whatever engine produced them.

The embedded store (pyoxigraph) and a remote endpoint (SPARQLWrapper, SPARQL JSON) give answers in different
Python shapes; both are turned into `Results` (variables + rows of `Term`s) so that printing, comparing with an
expected file and benchmarking have one code path. Literals are normalised the RDF 1.1 way: a plain literal is
an xsd:string, a language-tagged one an rdf:langString, so that "x" from a server equals "x" from the store.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Iterable, Sequence

from pactkg.common import terminal_text

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"

# Prefixes used to shorten IRIs in table output, longest namespace first so the most specific one wins.
DISPLAY_PREFIXES: dict[str, str] = {
    "lvp": "https://w3id.org/lv-pact-1939/ontology#",
    "lvd": "https://w3id.org/lv-pact-1939/id/",
    "lvps": "https://w3id.org/lv-pact-1939/shapes#",
    "rdf": RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

# Datatypes whose lexical form reads well on its own in a table (numbers, booleans, dates).
_BARE_DATATYPES = {
    XSD + t
    for t in (
        "string integer decimal double float boolean date dateTime gYear gYearMonth positiveInteger "
        "nonNegativeInteger int long dayTimeDuration duration anyURI"
    ).split()
}


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as SPARQL results carry it: kind is 'uri', 'literal', 'bnode' or 'triple'."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @staticmethod
    def literal(value: str, datatype: str | None = None, lang: str | None = None) -> "Term":
        if lang:
            return Term("literal", value, RDF_LANGSTRING, lang.lower())
        return Term("literal", value, datatype or XSD_STRING, None)

    def n3(self) -> str:
        """N-Triples form (what SPARQL TSV results use)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        text = self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        text = text.replace("\t", "\\t")
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    def display(self) -> str:
        """Short human form for tables: prefixed names, bare numbers and dates, language tags kept."""
        if self.kind == "uri":
            return shorten(self.value)
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        if self.lang:
            return f"{self.value} @{self.lang}"
        if self.datatype in _BARE_DATATYPES or self.datatype is None:
            return self.value
        return f"{self.value}^^{shorten(self.datatype)}"

    def csv_value(self) -> str:
        """The SPARQL 1.1 CSV form: IRIs and lexical forms without type or language."""
        return f"_:{self.value}" if self.kind == "bnode" else self.value

    def to_json(self) -> dict:
        """The SPARQL 1.1 JSON form."""
        if self.kind == "uri":
            return {"type": "uri", "value": self.value}
        if self.kind == "bnode":
            return {"type": "bnode", "value": self.value}
        if self.kind == "triple":
            return {"type": "triple", "value": self.value}
        out: dict = {"type": "literal", "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype and self.datatype != XSD_STRING:
            out["datatype"] = self.datatype
        return out


def shorten(iri: str) -> str:
    # Every namespace of DISPLAY_PREFIXES ends with "/" or "#" (asserted below), so the only one that can leave a
    # valid local name is the IRI up to its last "/" or "#": one dict look-up instead of a test of every prefix
    # (most of the time of the table of an answer with 15 000 IRIs, such as cq-labels-lv-en-ru's).
    end = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _PREFIX_OF.get(iri[:end])
    if prefix is not None and _LOCAL_NAME.fullmatch(iri, end):
        return f"{prefix}:{iri[end:]}"
    return f"<{iri}>"


# A local name shown after its prefix: letters, digits (str.isalnum, which is what \w matches), "_", "-" and ".",
# not ending with ".".
_LOCAL_NAME = re.compile(r"[\w.-]*[\w-]")
_PREFIX_OF = {ns: prefix for prefix, ns in DISPLAY_PREFIXES.items()}
assert len(_PREFIX_OF) == len(DISPLAY_PREFIXES) and all(ns[-1] in "/#" for ns in _PREFIX_OF), "see shorten"


def term_from_json(obj: dict) -> Term:
    kind = obj["type"]
    if kind == "uri":
        return Term("uri", obj["value"])
    if kind == "bnode":
        return Term("bnode", obj["value"])
    if kind in ("literal", "typed-literal"):
        return Term.literal(obj["value"], obj.get("datatype"), obj.get("xml:lang"))
    if kind == "triple":
        v = obj["value"]
        if isinstance(v, dict):
            parts = [term_from_json(v[k]).n3() for k in ("subject", "predicate", "object")]
            return Term("triple", " ".join(parts))
        return Term("triple", str(v))
    raise ValueError(f"unknown RDF term type in SPARQL JSON results: {kind!r}")


def term_from_oxigraph(t) -> Term:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        return Term.literal(t.value, t.datatype.value if t.datatype else None, t.language)
    if isinstance(t, ox.Triple):
        parts = [term_from_oxigraph(x).n3() for x in (t.subject, t.predicate, t.object)]
        return Term("triple", " ".join(parts))
    raise TypeError(f"unexpected term from pyoxigraph: {t!r}")


Row = tuple  # tuple[Term | None, ...]


@dataclass
class Results:
    """A SELECT table (kind 'bindings', also used for CONSTRUCT as ?subject ?predicate ?object) or an ASK."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    kind: str = "bindings"  # 'bindings' | 'boolean' | 'graph'

    # ---- constructors -------------------------------------------------------------------------------

    @classmethod
    def from_sparql_json(cls, data: dict) -> "Results":
        if "boolean" in data:
            return cls([], [], bool(data["boolean"]), "boolean")
        variables = list(data.get("head", {}).get("vars", []))
        rows = []
        for binding in data.get("results", {}).get("bindings", []):
            rows.append(tuple(term_from_json(binding[v]) if v in binding else None for v in variables))
        return cls(variables, rows)

    @classmethod
    def from_oxigraph(cls, answer) -> "Results":
        import pyoxigraph as ox

        if isinstance(answer, ox.QueryBoolean):
            return cls([], [], bool(answer), "boolean")
        if isinstance(answer, ox.QueryTriples):
            rows = [
                tuple(term_from_oxigraph(x) for x in (t.subject, t.predicate, t.object)) for t in answer
            ]
            return cls(["subject", "predicate", "object"], rows, None, "graph")
        variables = [v.value for v in answer.variables]
        # One Term per distinct term of the answer: the same label or IRI fills many rows, and converting
        # each cell anew was most of the time of reading a large answer (measured at 300x).
        seen: dict = {None: None}
        rows = []
        for sol in answer:
            row = []
            for value in sol:
                term = seen.get(value, seen)
                if term is seen:
                    term = seen[value] = term_from_oxigraph(value)
                row.append(term)
            rows.append(tuple(row))
        return cls(variables, rows)

    @classmethod
    def from_triples(cls, triples: Iterable) -> "Results":
        rows = [tuple(term_from_oxigraph(x) for x in (t.subject, t.predicate, t.object)) for t in triples]
        return cls(["subject", "predicate", "object"], rows, None, "graph")

    # ---- serialisations -----------------------------------------------------------------------------

    def to_sparql_json(self) -> str:
        """SPARQL 1.1 JSON results, one binding per line (readable, and diffs show changed rows)."""
        def dump(obj) -> str:
            return json.dumps(obj, ensure_ascii=False, sort_keys=True)

        if self.kind == "boolean":
            return '{"head": {}, "boolean": ' + ("true" if self.boolean else "false") + "}\n"
        lines = ['{"head": {"vars": ' + dump(list(self.variables)) + "},", ' "results": {"bindings": [']
        rows = [
            "  " + dump({v: t.to_json() for v, t in zip(self.variables, row) if t is not None})
            for row in self.rows
        ]
        lines.append(",\n".join(rows))
        lines.append(" ]}}")
        return "\n".join(x for x in lines if x) + "\n"

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if self.kind == "boolean":
            w.writerow(["boolean"])
            w.writerow(["true" if self.boolean else "false"])
        else:
            w.writerow(self.variables)
            for row in self.rows:
                w.writerow(["" if t is None else t.csv_value() for t in row])
        return buf.getvalue()

    def to_tsv(self) -> str:
        if self.kind == "boolean":
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join("?" + v for v in self.variables)]
        for row in self.rows:
            lines.append("\t".join("" if t is None else t.n3() for t in row))
        return "\n".join(lines) + "\n"

    def to_table(self, max_width: int = 70) -> str:
        """A readable table. A column whose texts are all in one language names it once, in its header."""
        if self.kind == "boolean":
            return ("yes" if self.boolean else "no") + "\n"
        headers = list(self.variables)
        # Each distinct term is shown once per column (the same label or IRI fills many rows): the text of a
        # term, keyed by the term object itself (from_oxigraph shares one per distinct term); the cells are then
        # mapped to their texts by map(), without a Python loop per cell.
        cell_columns = list(zip(*self.rows)) if self.rows and headers else [() for _ in headers]
        columns = []
        for i, (name, cells) in enumerate(zip(headers, cell_columns)):
            distinct = dict(zip(map(id, cells), cells))
            langs = {t.lang for t in distinct.values() if t is not None}
            lang = next(iter(langs)) if len(langs) == 1 else None
            if lang:
                headers[i] = f"{name} @{lang}"
            shown = {k: "" if t is None else t.value if lang else t.display() for k, t in distinct.items()}
            columns.append(list(map(shown.__getitem__, map(id, cells))))
        return _render_columns(headers, columns, len(self.rows), max_width)

    def serialise(self, fmt: str) -> str:
        return {"table": self.to_table, "csv": self.to_csv, "tsv": self.to_tsv, "json": self.to_sparql_json}[fmt]()

    # ---- comparison ---------------------------------------------------------------------------------

    def canonical_rows(self) -> list[tuple]:
        """Rows with blank-node labels blanked (they are not stable between engines or runs) and numbers
        written one way (see `canonical_number`)."""
        out = []
        for row in self.rows:
            out.append(tuple(Term("bnode", "_") if t is not None and t.kind == "bnode" else canonical_number(t)
                             for t in row))
        return out


_INTEGER_TYPES = {XSD + t for t in ("integer nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger "
                                    "long int short byte unsignedLong unsignedInt unsignedShort unsignedByte").split()}
_FLOAT_TYPES = {XSD + "double", XSD + "float"}


def canonical_number(t: "Term | None") -> "Term | None":
    """A numeric literal by its value, so that engines that write one number differently agree.

    The same number comes back as "50" from one engine and "50.0" from another (XSD 1.0 and 1.1 canonical
    decimals), or as "1"^^xsd:positiveInteger from one and "1"^^xsd:integer from another (Oxigraph stores
    the derived integer types as xsd:integer; Jena keeps a lone value's type through SUM). Integers of any
    derived type become xsd:integer, decimals their shortest decimal form, doubles and floats a Python float;
    the three families stay apart, and every other literal is left as it is.
    """
    if t is None or t.kind != "literal" or t.datatype is None:
        return t
    from decimal import Decimal, InvalidOperation

    try:
        if t.datatype in _INTEGER_TYPES:
            return Term("literal", str(int(t.value.strip())), XSD + "integer")
        if t.datatype == XSD + "decimal":
            d = Decimal(t.value.strip())
            text = format(d.normalize(), "f") if d else "0"
            return Term("literal", text, XSD + "decimal")
        if t.datatype in _FLOAT_TYPES:
            return Term("literal", repr(float(t.value.strip())), XSD + "double")
    except (ValueError, InvalidOperation):
        return t  # an ill-typed literal compares as written
    return t


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 70) -> str:
    """A plain-text table; long cells wrap at max_width so that evidence sentences stay readable."""
    columns = list(zip(*rows)) if rows and headers else [() for _ in headers]
    return _render_columns(headers, columns, len(rows), max_width)


def _render_columns(headers: Sequence[str], columns: Sequence[Sequence[str]], n: int, max_width: int) -> str:
    """render_table for a table given by its columns (each of n texts).

    Each distinct text of a column is looked at once: most are printable and fit on a line, so they are shown as
    they are, measured and padded by map() over the column's distinct texts; only the others are escaped and
    wrapped one by one (_cell_lines). The rows are then made by map() over the columns' padded texts, and only
    the rows with a wrapped text are made line by line. (At 1000x, a Python loop per text or per row was most of
    the time of the 51 tables.)"""
    widths, padded, tall = [], [], []
    for header, column in zip(headers, columns):
        distinct = set(column)
        plain = [c for c in distinct if len(c) <= max_width and c.isprintable()]
        lines_of = {c: _cell_lines(c, max_width) for c in distinct.difference(plain)} if len(plain) < len(distinct) else {}
        width = max(len(header), max(map(len, plain), default=0),
                    max((len(x) for lines in lines_of.values() for x in lines), default=0))
        shown = dict(zip(plain, map(str.ljust, plain, repeat(width, len(plain)))))
        shown.update((c, lines[0].ljust(width)) for c, lines in lines_of.items())
        widths.append(width)
        padded.append(shown)
        tall.append({c: [x.ljust(width) for x in lines] for c, lines in lines_of.items() if len(lines) > 1})
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [sep, "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |", sep.replace("-", "=")]
    line = "| " + " | ".join(["{}"] * len(columns)) + " |"
    if columns:
        rows = list(map(line.format, *[map(shown.__getitem__, column) for shown, column in zip(padded, columns)]))
    else:
        rows = [line] * n
    tall_rows = sorted({r for column, tall_of in zip(columns, tall) if tall_of
                        for r, c in enumerate(column) if c in tall_of})
    start = 0
    for r in tall_rows:
        out += rows[start:r]
        start = r + 1
        cells = [tall_of.get(column[r]) or [shown[column[r]]] for column, shown, tall_of in zip(columns, padded, tall)]
        height = max(map(len, cells))
        cells = [c + [" " * w] * (height - len(c)) for c, w in zip(cells, widths)]
        out += map(line.format, *cells)
    out += rows[start:]
    out.append(sep)
    out.append(f"{n} row{'s' if n != 1 else ''}")
    return "\n".join(out) + "\n"


def _cell_lines(text: str, max_width: int) -> list[str]:
    """The lines of one cell: control characters from the data (ESC, BEL, …) shown escaped, never sent raw to a
    terminal; a text longer than max_width wrapped as textwrap.wrap does (see wrap_words)."""
    if not text.isprintable():  # every character safe() escapes, \r and \n too, is not printable
        text = terminal_text.safe(text.replace("\r", " ").replace("\n", " "))
    if len(text) <= max_width:
        return [text]
    return wrap_words(text, max_width)


def wrap_words(text: str, width: int) -> list[str]:
    """textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False), computed directly for the
    common case: printable text whose words are separated by single spaces, no word longer than `width`.

    Why by hand: textwrap splits the text with a regular expression and fills lines chunk by chunk in Python;
    at 100x that was half the time of printing the answers (3 861 long texts; py-spy, 27 Nov 2026). For such a
    text textwrap's greedy fill is exactly this: a word joins the line when the line, a space and the word fit
    in `width`. Any other text (several spaces in a row, a leading or trailing space, other whitespace or
    non-printable characters, a word that must be broken) goes to textwrap itself; a test compares the two.
    """
    words = text.split(" ")
    if not text.isprintable() or "" in words or max(map(len, words)) > width:
        import textwrap

        return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    lines = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


# ---- expected-results files ---------------------------------------------------------------------------


def read_results_file(path: Path) -> Results:
    """Read an expected-results file: SPARQL JSON (.srj/.json) or SPARQL CSV (.csv)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".srj", ".json"):
        return Results.from_sparql_json(json.loads(text))
    if path.suffix == ".csv":
        reader = list(csv.reader(io.StringIO(text)))
        if not reader:
            raise ValueError(f"{path}: empty CSV results file (it needs at least the header row)")
        header, body = reader[0], reader[1:]
        if header == ["boolean"] and len(body) == 1:
            return Results([], [], body[0][0] == "true", "boolean")
        rows = [tuple(Term("csv", c) if c != "" else None for c in r) for r in body]
        return Results(header, rows)
    raise ValueError(f"{path}: unknown results file type (use .srj or .csv)")


def as_csv_model(results: Results) -> Results:
    """Project results onto what a CSV file can hold, to compare with an expected .csv."""
    if results.kind == "boolean":
        return results
    rows = [tuple(None if t is None else Term("csv", t.csv_value()) for t in row) for row in results.rows]
    return Results(list(results.variables), rows, None, results.kind)


def compare(actual: Results, expected: Results, ordered: bool) -> list[str]:
    """Differences between two answers, as sentences; empty when they agree.

    As multisets of rows; also in order when `ordered` (the query has ORDER BY).
    """
    problems: list[str] = []
    if actual.kind == "boolean" or expected.kind == "boolean":
        if actual.kind != expected.kind or actual.boolean != expected.boolean:
            problems.append(f"ASK answer differs: expected {expected.boolean}, got {actual.boolean}")
        return problems
    if list(actual.variables) != list(expected.variables):
        problems.append(f"variables differ: expected {expected.variables}, got {actual.variables}")
        return problems
    a, e = actual.canonical_rows(), expected.canonical_rows()
    from collections import Counter

    ca, ce = Counter(a), Counter(e)
    missing = list((ce - ca).elements())
    extra = list((ca - ce).elements())

    def fmt(row: tuple) -> str:
        return "(" + ", ".join("UNBOUND" if t is None else t.display() for t in row) + ")"

    for row in sorted(missing, key=_row_key)[:20]:
        problems.append(f"missing row: {fmt(row)}")
    for row in sorted(extra, key=_row_key)[:20]:
        problems.append(f"unexpected row: {fmt(row)}")
    if not problems and ordered and a != e:
        for i, (x, y) in enumerate(zip(a, e)):
            if x != y:
                problems.append(f"order differs at row {i + 1}: expected {fmt(y)}, got {fmt(x)}")
                break
    return problems


def _row_key(row: tuple) -> tuple:
    return tuple(("", "", "", "") if t is None else (t.kind, t.value, t.datatype or "", t.lang or "") for t in row)


def sorted_rows(results: Results) -> Results:
    """The same answer with rows in a fixed order (for writing files of unordered queries deterministically)."""
    return Results(list(results.variables), sorted(results.rows, key=_row_key), results.boolean, results.kind)
