"""The quoted-words check: Latvian words our prose puts in quotation marks must be a source's exact words."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from pactkg.build import load, quoted_words_check as qw
from pactkg.common.namespaces import LVD, LVP


def problems_in(project):
    graph = load.load_graph(project.inputs.graph_files())
    return qw.check_quoted_words(graph, project.inputs.source_file.read_text(encoding="utf-8"))


def test_fixture_prose_quotes_only_the_article(project):
    assert problems_in(project) == []


def test_a_supplied_word_in_a_latvian_description_is_reported(project):
    project.add_case("quoted-words-supplied-word.ttl")
    found = problems_in(project)
    assert [(p.subject, p.prop, p.span) for p in found] == [
        ("lvd:stalin-statement", "lvp:description", "Mēs tagad esam bez izejas")]
    assert "quote the source's exact words" in str(found[0])


def test_latvian_quoted_in_an_english_note_is_reported(project):
    project.add_case("quoted-words-english-note.ttl")
    assert [(p.subject, p.span) for p in problems_in(project)] == [("lvd:stalin", "J. Staļins")]


def graph_with(text: str, lang: str) -> Graph:
    g = Graph()
    g.add((LVD["x"], LVP.description, Literal(text, lang=lang)))
    return g


ARTICLE = "Nākamajā dienā Rīgā sēdē. Pakts paredzēja \"attīstīt ... draudzīgās attiecības, kuras pamatojas\"."


def test_allowed_differences_first_letter_quotes_and_ellipsis():
    assert qw.check_quoted_words(graph_with("Sēde “nākamajā dienā”.", "lv"), ARTICLE) == []
    assert qw.check_quoted_words(graph_with("„attīstīt … kuras pamatojas”", "lv"), ARTICLE) == []
    assert qw.check_quoted_words(graph_with("'attīstīt [..] draudzīgās attiecības'", "en"), ARTICLE) == []


def test_words_between_the_parts_of_an_ellipsis_are_checked():
    found = qw.check_quoted_words(graph_with("„attīstīt … naidīgās attiecības”", "lv"), ARTICLE)
    assert [p.span for p in found] == ["attīstīt … naidīgās attiecības"]


def test_english_quotations_and_apostrophes_are_not_checked():
    g = graph_with("Listed under 'see also'; Munters's 'own record' says so.", "en")
    assert qw.check_quoted_words(g, ARTICLE) == []
    assert qw.quoted_spans("Munters's 'record' and Who's On First") == ["record"]


def test_evidence_and_titles_count_as_a_source_s_words():
    g = graph_with("Kā raksta lapa: «Latvijas Kara muzeja direktora vietnieks».", "lv")
    assert len(qw.check_quoted_words(g, ARTICLE)) == 1
    g.add((URIRef(LVD["page"]), LVP.evidence, Literal("Juris Ciganovs, Latvijas Kara muzeja direktora vietnieks", lang="lv")))
    assert qw.check_quoted_words(g, ARTICLE) == []


def test_absent_article_is_skipped_plainly(project, tmp_path):
    missing = tmp_path / "nowhere.txt"
    ok, text = qw.report(load.load_graph(project.inputs.graph_files()), missing)
    assert ok and text == f"skipped: source text not found at {missing}"


def test_command(project):
    proc = project.pactkg("check-quoted-words")
    assert proc.returncode == 0 and "every Latvian quotation" in proc.stdout
    project.add_case("quoted-words-supplied-word.ttl")
    proc = project.pactkg("check-quoted-words")
    assert proc.returncode == 1 and "lvd:stalin-statement lvp:description" in proc.stderr


def test_hostile_prose_is_reported_escaped_and_never_hangs_the_check():
    """Tried by hand: unclosed and runaway quotation marks are not quotations; a control character inside a
    quotation is reported escaped, so the message cannot reach the terminal raw."""
    g = Graph()
    texts = ["„nav aizvērts ā", '"' * 5000 + "ā", "«" + "ā " * 20000, "„”", "\u202e„ļoti\u0000”"]
    for i, text in enumerate(texts):
        g.add((LVD[f"x{i}"], LVP.description, Literal(text, lang="lv")))
    found = qw.check_quoted_words(g, ARTICLE)
    assert [p.subject for p in found] == ["lvd:x4"]
    assert "\x00" not in str(found[0]) and "\\x00" in str(found[0])


def test_words_are_found_in_one_haystack_never_across_two():
    """The haystacks are searched joined into one text: a quote must still lie within one of them."""
    hay = ["pirmais teksts", "otrais teksts"]
    joined = qw.SEPARATOR.join(hay)
    assert qw._found("Otrais", hay, joined)
    assert not qw._found("teksts otrais", hay, joined)
    assert not qw._found("teksts\x00otrais", hay, joined)  # the separator itself, quoted
    assert not qw._found("\u00a0", [], "")  # nothing to find it in
