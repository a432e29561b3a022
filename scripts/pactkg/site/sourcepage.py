"""The source, annotated: the article's text sentence by sentence, each with the facts that quote it (what
`pactkg coverage` computes), and each sentence that states no fact with the reason given in
coverage-exclusions.tsv. Sentences neither cited nor excused are marked as such (`make coverage --strict`
fails on them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from pactkg.site.terms import LVD
from .i18n import UI
from .markup import entity_link, esc, page_parts, ui
from .model import GraphView


@dataclass
class SourceText:
    """What the page needs from the coverage analysis (None when the article's text was not available)."""

    title_node: object
    paragraphs: list[list[tuple[int, str, list[str], str | None]]]  # (index, text, fact IRIs, exclusion reason)


def source_text(graph, text: str | None, exclusions) -> SourceText | None:
    """Split the article into sentences and pair each with its citing facts (pactkg.coverage)."""
    if text is None:
        return None
    from pactkg.build import sentence_coverage as coverage

    cov = coverage.analyse(graph, text, exclusions)
    paras: list[list[tuple[int, str, list[str], str | None]]] = [[]]
    prev_end = 0
    for s in cov.sentences:
        if "\n\n" in text[prev_end:s.start] and paras[-1]:
            paras.append([])
        facts = []
        for c in cov.cited.get(s.index, []):
            if c.fact.startswith("lvd:") and c.fact not in facts:
                facts.append(c.fact)
        reason = cov.excluded[s.index].reason if s.index in cov.excluded else None
        paras[-1].append((s.index, s.text, facts, reason))
        prev_end = s.end
    return SourceText(LVD["source-lvwiki-article"], [p for p in paras if p])


def source_page(view: GraphView, src: SourceText | None) -> str:
    return "".join(source_page_parts(view, src))


def source_page_parts(view: GraphView, src: SourceText | None) -> Iterator[str]:
    """The article sentence by sentence, in pieces: each sentence lists every fact that cites it, so at 1000x
    the page is some 100 MB and is written as it is made, never held whole (docs/benchmarks.md, session 20)."""
    if src is None:
        body: Iterable[str] = (f'<h1>{ui("source_title")}</h1><p class="none">{ui("no_source_text")}</p>',)
    else:
        sentences = [row for para in src.paragraphs for row in para]
        n, cited = len(sentences), sum(1 for _index, _text, facts, _reason in sentences if facts)
        title = entity_link(view, src.title_node, "id/") if src.title_node in view.entities else ""
        head = (
            f'<h1>{ui("source_title")}</h1>'
            f'{ui("source_intro", tag="p")}'
            f'<p class="source-title">{title}</p>'
            f'<p class="stats"><span class="count-total">{n}</span> {ui("sentences")}, '
            f'<span class="count-cited">{cited}</span> {ui("sentences_cited")}</p>'
        )
        body = _sentences(view, src, head)
    yield from page_parts(
        title_en=UI["source_title"][0], title_lv=UI["source_title"][1], root="", body_parts=body, current="source",
        body_class="source-page", path="source.html",
    )


def _sentences(view: GraphView, src: SourceText, head: str) -> Iterator[str]:
    yield head
    for para in src.paragraphs:
        yield '<ol class="sentences">'
        for index, text, facts, reason in para:
            nodes = [LVD[f[4:]] for f in facts]
            if nodes:
                note = (
                    f'<p class="cited-by"><span class="k">{ui("cited_by")}:</span> '
                    + '<span class="sep">, </span>'.join(entity_link(view, x, "id/") for x in nodes) + "</p>"
                )
                cls = "cited"
            elif reason:
                note = f'<p class="not-cited"><span class="k">{ui("not_cited")}:</span> <span lang="en">{esc(reason)}</span></p>'
                cls = "excluded"
            else:
                note = f'<p class="not-cited">{ui("uncited")}</p>'
                cls = "uncited"
            yield (
                f'<li id="s{index}" class="sentence {cls}" value="{index}">'
                f'<p class="text" lang="lv">{esc(text)}</p>{note}</li>'
            )
        yield "</ol>"
