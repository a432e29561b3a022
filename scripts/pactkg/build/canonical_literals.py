"""Numbers in the dump in their canonical lexical form (XSD 1.1), so that a store's round trip keeps them.

A store that keeps values rather than strings writes "56.73650"^^xsd:decimal back as "56.7365": the triple
changes, and a diff between what was loaded and what comes out shows a difference that is none. The data
files say numbers as their sources print them; the dump says each in the one canonical form.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal
from rdflib.namespace import XSD

INTEGER_TYPES = {XSD[t] for t in ("integer nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger "
                                  "long int short byte unsignedLong unsignedInt unsignedShort unsignedByte").split()}


def canonical_form(lit: Literal) -> str | None:
    """The canonical lexical form of a decimal or integer literal; None for other literals or bad forms."""
    text = str(lit).strip()
    try:
        if lit.datatype in INTEGER_TYPES:
            return str(int(text))
        if lit.datatype == XSD.decimal:
            d = Decimal(text)
            return format(d.normalize(), "f") if d else "0"
    except (ValueError, InvalidOperation):
        return None
    return None


def canonical_replacements(graph: Graph) -> list[tuple[tuple, tuple]]:
    """(old triple, new triple) for every number written otherwise than canonically."""
    out = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None:
            form = canonical_form(o)
            if form is not None and form != str(o):
                out.append(((s, p, o), (s, p, Literal(form, datatype=o.datatype))))
    return out
