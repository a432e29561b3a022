"""An entity's two pages made from one body (entity.entity_pages, markup's language(BOTH)) are the bytes each
language's page has when made by itself; where they would not be, each page is made by itself."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from pactkg.common.namespaces import LVD
from pactkg.site import entity, markup, roles, summary
from pactkg.site.markup import BOTH, LANGS, PerLanguage, bi, in_language, language, pair, ui
from pactkg.site.model import GraphView
from pactkg.site.terms import LVP, RDF, RDFS


def _one_by_one(view, node, jsonld="{}", on_map=False) -> dict[str, str]:
    pages = {}
    for lang in LANGS:
        with language(lang):
            pages[lang] = entity.entity_page(view, node, jsonld, on_map)
    return pages


@pytest.fixture(scope="module")
def view(real_graph) -> GraphView:
    return GraphView(real_graph)


def test_every_entity_s_two_pages_are_the_pages_made_one_by_one(view):
    for node in view.entities:
        on_map = node.endswith("a")  # both kinds of location section
        assert entity.entity_pages(view, node, '{"@id": "x"}', on_map) == _one_by_one(view, node, '{"@id": "x"}', on_map), node


@pytest.mark.parametrize("args", [
    ("Rīga", "Rīga", {}), ("Latvia", "Latvija", {}), ("A & <b>", "Ā", {}), ("Moscow", "Maskava", {"tag": "p"}),
    ("Riga", "Riga", {"lv_lang": "en"}), ("x", "y", {"en_lang": "", "lv_lang": "ru"}),
    ("<i>a</i>", "<i>b</i>", {"raw": True}),
])
def test_bi_for_both_is_a_pair_of_each_language_s_text(args):
    en, lv, kw = args
    with language(BOTH):
        both = bi(en, lv, **kw)
    for lang in LANGS:
        with language(lang):
            assert in_language(both, lang) == bi(en, lv, **kw)


def test_a_pair_is_one_text_when_both_are_the_same_and_a_raw_pair_is_resolved_first():
    assert pair("a", "a") == "a"
    with language(BOTH):
        inner = ui("type")
        outer = bi(f"<b>{inner}</b>", f"<i>{inner}</i>", raw=True)
    assert inner.count("<\x00") == 1 and outer.count("<\x00") == 1  # no pair inside a pair
    with language("en"):
        assert in_language(outer, "en") == f"<b>{ui('type')}</b>"
    with language("lv"):
        assert in_language(outer, "lv") == f"<i>{ui('type')}</i>"
    assert in_language("no pairs <a>here</a>", "lv") == "no pairs <a>here</a>"


def test_equal_in_one_language_only_is_per_language():
    with language(BOTH):
        a, b = pair("Cited by", "To citē"), pair("Cited by", "Citē")
        with pytest.raises(PerLanguage):
            markup.same(a, b)
        assert markup.same(a, pair("Cited by", "To citē")) and not markup.same(a, pair("Cites", "Citē"))
        with pytest.raises(PerLanguage):
            markup.new_items([a], [b])
        assert markup.new_items([a], [pair("Cites", "Citē"), a]) == [pair("Cites", "Citē")]
        with pytest.raises(PerLanguage):
            markup.holds(pair("a quote-pair", "none"), "quote-pair")
        assert markup.holds(pair("quote-pair 1", "quote-pair 2"), "quote-pair")
        with pytest.raises(PerLanguage):
            markup.pick("a", "b")
        with pytest.raises(PerLanguage):
            markup.current_lang()
    with language("en"):  # one language: plain comparisons
        assert not markup.same("a", "b") and markup.new_items(["a"], ["a", "b", "b"]) == ["b"]


def test_a_summary_heading_another_row_s_in_one_language_only_is_per_language():
    node = URIRef(str(LVD) + "x")
    view = GraphView([(node, RDF.type, LVP.Event), (node, RDFS.label, Literal("X", lang="en"))])
    with language(BOTH):
        b = summary._Builder(view, node)
        b.add(pair("From", "No"), ["a"])
        b.add(pair("From", "No"), ["a", "b"])  # the same heading in both: one row
        assert [(r.key, r.items) for r in b.rows] == [(pair("From", "No"), ["a", "b"])]
        with pytest.raises(PerLanguage):
            b.add(pair("From", "Uz"), ["c"])


def test_pages_whose_rows_merge_in_one_language_only_are_made_one_by_one(view, monkeypatch):
    """"Where" and "From" made the same in English only: the English page has one row where the Latvian has two."""
    node = next(n for n in view.entities
                if summary.kind_of(view, n) == "event" and all(view.values(n, p) for p in (LVP.origin, LVP.place)))
    monkeypatch.setitem(roles._TABLE, "origin", (("Where", "No"), roles._TABLE["origin"][1]))
    made = []
    real_body = entity._body

    def body(*a, **k):
        made.append(markup.written_language())
        return real_body(*a, **k)

    monkeypatch.setattr(entity, "_body", body)
    pages = entity.entity_pages(view, node, "{}", False)
    assert made == [BOTH, "en", "lv"]  # tried once for both, then each by itself
    made.clear()
    assert pages == _one_by_one(view, node)
    assert pages["en"].count("<dt>Where</dt>") == 1 and "<dt>No</dt>" in pages["lv"] and "<dt>Kur</dt>" in pages["lv"]


def test_the_index_s_entries_made_for_both_are_each_language_s(view):
    from pactkg.site import indexpage

    for node, ent in view.entities.items():
        with language(BOTH):
            both = indexpage._entry(view, node, ent.group)
        for lang in LANGS:
            with language(lang):
                assert in_language(both, lang) == indexpage._entry(view, node, ent.group), node


def test_the_index_in_both_languages_is_the_index_in_each(view):
    from pactkg.site import indexpage

    pieces = list(indexpage.index_pages_parts(view))
    for side, lang in enumerate(LANGS):
        with language(lang):
            page = indexpage.index_page(view)
        assert "".join(p[side] for p in pieces) == page
        assert page.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">') and "<\x00" not in page
        assert 'data-search="' in page and page.count("<li data-search=") == len(view.entities)


def test_files_written_side_by_side_are_each_file_s_pieces(tmp_path, monkeypatch):
    from pactkg.site import build

    monkeypatch.setattr(build, "WRITE_BATCH", 5)  # a batch every few pieces
    pieces = [(f"en {i} ā\n", f"lv {i} ē ē\n") for i in range(23)]
    build._write_each([tmp_path / "a", tmp_path / "b"], iter(pieces))
    assert (tmp_path / "a").read_text(encoding="utf-8") == "".join(p[0] for p in pieces)
    assert (tmp_path / "b").read_text(encoding="utf-8") == "".join(p[1] for p in pieces)
    build._write(tmp_path / "c", "x")
    assert (tmp_path / "a").stat().st_mode == (tmp_path / "c").stat().st_mode


def test_both_maps_from_one_map_data_are_each_map_made_by_itself(view):
    from pactkg.site import mapview
    from pactkg.site.build import default_outline

    data = mapview.map_data(view, default_outline())
    for lang in LANGS:
        with language(lang):
            assert mapview.map_page(view, default_outline(), None, data) == mapview.map_page(view, default_outline())
    assert data.coasts  # the coasts' points were kept for the second page


def test_both_timelines_made_together_are_each_timeline_made_by_itself(view):
    from pactkg.site import timeline

    pages = timeline.timeline_pages(view)
    for lang in LANGS:
        with language(lang):
            assert pages[lang] == timeline.timeline_page(view)
        assert f'<html lang="{lang}">' in pages[lang] and "<\x00" not in pages[lang]
