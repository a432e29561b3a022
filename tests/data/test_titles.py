"""Titles of the documents the article cites are copied from it: each Latvian or Russian lvp:title of a
document with lvp:citedBy the article is an exact substring of the article's text (the first edition added a
full stop to one title that belongs to the article's archive note)."""

from __future__ import annotations

from rdflib import Literal

from pactkg.build.turtle_writer import short
from pactkg.common.namespaces import LVP, SOURCE_ARTICLE


def cited_titles(graph):
    for doc in sorted(set(graph.subjects(LVP.citedBy, SOURCE_ARTICLE))):
        for title in graph.objects(doc, LVP.title):
            if isinstance(title, Literal) and title.language in ("lv", "ru"):
                yield doc, str(title)


def test_there_are_cited_titles(union):
    assert len(list(cited_titles(union))) >= 5


def test_cited_titles_are_verbatim(union, source_text):
    problems = [f"{short(doc)} lvp:title {title!r}" for doc, title in cited_titles(union) if title not in source_text]
    assert problems == [], "titles not found verbatim in the article (copy them from it):\n" + "\n".join(problems)


def test_the_check_catches_an_added_full_stop(source_text):
    title = "Savstarpējās palīdzības pakts starp Latviju un Padomju Sociālistisko Republiku Savienību"
    assert title in source_text and title + ". Maskavā" not in source_text
