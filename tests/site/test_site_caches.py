"""The site's speed-ups keep what the pages show: terms made once, one object per IRI in the view, folded
search keys, and caches that stay bounded (docs/site.md, "Speed")."""

from __future__ import annotations

import unicodedata

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF as RDFLIB_RDF

from pactkg.common.namespaces import LVD
from pactkg.common.namespaces import LVP as COMMON_LVP
from pactkg.site import fmt, model
from pactkg.site.markup import esc, label, language
from pactkg.site.model import GraphView
from pactkg.site.terms import LVP, RDF


def test_terms_are_the_namespace_terms_made_once():
    assert LVP.date == COMMON_LVP.date and RDF.type == RDFLIB_RDF.type
    assert LVP.date is LVP.date and isinstance(LVP.date, URIRef)
    assert LVP["Place"] == COMMON_LVP.Place and str(LVP) == str(COMMON_LVP)
    with pytest.raises(AttributeError):
        LVP.__wrapped__  # noqa: B018 (a special name is not a term)


def _view() -> GraphView:
    a, b = URIRef(str(LVD) + "a"), URIRef(str(LVD) + "b")
    # every term a new object, as a parser or a stream gives them
    return GraphView([
        (URIRef(str(a)), URIRef(str(RDF.type)), URIRef(str(LVP.Place))),
        (URIRef(str(b)), URIRef(str(RDF.type)), URIRef(str(LVP.Place))),
        (URIRef(str(b)), URIRef(str(LVP.locatedIn)), URIRef(str(a))),
        (URIRef(str(a)), URIRef(str(model.RDFS.label)), Literal("Ā & <b>", lang="en")),
        (URIRef(str(a)), URIRef(str(model.RDFS.label)), Literal("Ā", lang="lv")),
    ])


def test_the_view_holds_one_object_per_iri_and_the_code_s_terms():
    view = _view()
    a = next(n for n in view.entities if n.endswith("/a"))
    b = next(n for n in view.entities if n.endswith("/b"))
    assert view.values(b, LVP.locatedIn)[0] is a  # the object is the subject's own object
    assert next(p for p in view.out[b] if p == LVP.locatedIn) is LVP.locatedIn
    assert view.is_a(a, LVP.Place) and not view.is_a(a, LVP.Event)
    assert view.is_a(a, URIRef(str(LVP.Place)))  # an equal term that is another object: the same answer


def test_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(model, "MEMO_SIZE", 3)
    view = _view()
    for i in range(10):
        view.memo("x")[i] = i
        assert len(view.memo("x")) <= 3


def test_cached_label_is_per_page_language():
    view = _view()
    a = next(n for n in view.entities if n.endswith("/a"))
    with language("lv"):
        lv = label(view, a)
    with language("en"):
        en = label(view, a)
    both = label(view, a)
    assert (en, lv) == ("Ā &amp; &lt;b&gt;", "Ā")
    assert 'class="t-en"' in both and 'class="t-lv"' in both  # outside language(): both, not a cached one
    assert esc('"x" & y') == "&quot;x&quot; &amp; y" and esc(Literal("<a>")) == "&lt;a&gt;"


@pytest.mark.parametrize("text", ["Rīga", "LIEPĀJA", "Ščedrins", "Лиепая", "молотов ЙЁ", "e\u0301\u0327x", "Ǆ", ""])
def test_fold_and_search_key_as_a_loop_per_character_gives(text):
    decomposed = unicodedata.normalize("NFD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    assert fmt.fold(text) == folded
    assert fmt.search_key(text) == "".join(fmt.CYRILLIC_LATIN.get(ch, ch) for ch in folded)


def test_date_parts_are_read_from_the_datatype_each_time():
    from rdflib.namespace import XSD

    assert fmt.date_parts(Literal("1939-10-05", datatype=XSD.date)) == (1939, 10, 5)
    assert fmt.date_parts(Literal("1939-10", datatype=XSD.gYearMonth)) == (1939, 10, None)
    assert fmt.date_parts(Literal("1939-10-05", datatype=XSD.gYear)) == (1939, None, None)
    with pytest.raises(ValueError):
        fmt.date_parts(Literal("soon", datatype=XSD.date))
