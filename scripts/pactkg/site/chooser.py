"""Pages outside the language folders: the site's front (index.html), each entity's id/<slug>.html (where a
w3id IRI leads) and 404.html. Each names both languages and links to both; site.js then goes to the
language chosen before (stored in the browser) or the browser's own (Latvian, else English)."""

from __future__ import annotations

from rdflib import Literal, URIRef

from pactkg.site.terms import LVP

from .citation_footer import how_to_cite
from .i18n import UI
from .markup import esc
from .model import GraphView

STYLE = '<link rel="stylesheet" href="{root}assets/site.css">\n<script src="{root}assets/site.js" defer></script>\n'


def _doc(title: str, root: str, body: str, auto: bool) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="lv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        + STYLE.format(root=root)
        + "</head>\n"
        f'<body class="chooser"{" data-choose-lang" if auto else ""}>\n<main id="main">\n{body}\n</main>\n'
        f'<footer class="site-footer">\n{how_to_cite()}\n</footer>\n</body>\n</html>\n'
    )


def chooser_page(view: GraphView, node: URIRef | None) -> str:
    """index.html (node None) or id/<slug>.html: both languages' names and links."""
    if node is None:
        root, target = "", "index.html"
        lv, en = UI["site_name"][1], UI["site_name"][0]
    else:
        slug = view.entities[node].slug
        root, target = "../", f"id/{slug}.html"
        lv, en = view.label(node, "lv"), view.label(node, "en")
    body = (
        f'<h1><span lang="{esc(view.label_lang(node, "lv") or "lv") if node is not None else "lv"}">{esc(lv)}</span>'
        + (f' <span class="h1-en" lang="{esc(view.label_lang(node, "en") or "en") if node is not None else "en"}">/ {esc(en)}</span>' if en != lv else "")
        + "</h1>"
        f'<p>{esc(UI["choose_lang"][1])} <span lang="en">/ {esc(UI["choose_lang"][0])}</span>:</p>'
        f'<ul class="lang-choice"><li><a href="{root}lv/{esc(target)}" hreflang="lv" data-lang="lv">Latviski</a></li>'
        f'<li><a href="{root}en/{esc(target)}" hreflang="en" lang="en" data-lang="en">English</a></li></ul>'
    )
    return _doc(f"{lv} — {en}" if en != lv else lv, root, body, auto=True)


def inline_page(view: GraphView, node: URIRef) -> str:
    """id/<slug>.html for a node shown inside other pages (model.INLINE_CLASSES), where its IRI leads: what it
    is and links, in both languages, to the pages that show it (a name attestation: the named entity's names;
    a translation: every page quoting the string it renders)."""
    slug = view.inline[node].slug
    lv, en = view.label(node, "lv"), view.label(node, "en")
    if view.is_a(node, LVP.NameAttestation):
        key = "attestation_page"
        items = _items(view, [(t, f"#{slug}") for t in view.values(node, LVP.nameOf) if t in view.entities])
        shown = "".join(
            f'<p><span lang="{esc(n.language or "und")}">{esc(n)}</span></p>'
            for n in view.values(node, LVP.attestedName) if isinstance(n, Literal)
        )
    else:
        key, items = "translation_page", _quoting_items(view, node)
        shown = "".join(
            f'<blockquote class="evidence" lang="lv"><p>«{esc(t)}»</p></blockquote>'
            for t in view.values(node, LVP.translationOf)
        ) + "".join(f'<p class="translation" lang="en">{esc(t)}</p>' for t in view.values(node, LVP.translation))
    body = (
        f'<h1><span lang="lv">{esc(lv)}</span> <span class="h1-en" lang="en">/ {esc(en)}</span></h1>'
        f'<p>{esc(UI[key][1])}</p><p lang="en">{esc(UI[key][0])}</p>{shown}<ul class="lang-choice">{items}</ul>'
    )
    return _doc(f"{lv} — {en}", "../", body, auto=False)


def _items(view: GraphView, targets) -> str:
    return "".join(
        f'<li><a href="../lv/id/{esc(view.entities[t].slug)}.html{frag}" hreflang="lv">{esc(view.label(t, "lv"))}</a>'
        f' <span lang="en">/ <a href="../en/id/{esc(view.entities[t].slug)}.html{frag}" hreflang="en">{esc(view.label(t, "en"))}</a></span></li>'
        for t, frag in targets
    )


def _quoting_items(view: GraphView, node) -> str:
    """The links to every page quoting what a translation node renders: the same for every translation of the
    same words, so made once per set of words (view.page_cache). Without it the site grew with translations ×
    quoting pages (18x from 10x to 30x)."""
    cache = view.page_cache.setdefault("quoting_items", {})
    words = frozenset(str(o) for o in view.values(node, LVP.translationOf))
    if words not in cache:
        cache[words] = _items(view, [(t, "") for t in view.quoting(node)])
    return cache[words]


def not_found_root() -> str:
    """404.html at the top: said in both languages, links to both front pages (links from the site's root,
    as a server shows this page for any missing address)."""
    body = (
        f'<h1>{esc(UI["nf_title"][1])} <span class="h1-en" lang="en">/ {esc(UI["nf_title"][0])}</span></h1>'
        f'<p>{esc(UI["nf_text"][1])}</p><p lang="en">{esc(UI["nf_text"][0])}</p>'
        '<ul class="lang-choice"><li><a href="/lv/index.html" hreflang="lv">Latviski</a></li>'
        '<li><a href="/en/index.html" hreflang="en" lang="en">English</a></li></ul>'
    )
    return _doc(f'{UI["nf_title"][1]} / {UI["nf_title"][0]}', "/", body, auto=False)
