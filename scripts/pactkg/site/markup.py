"""HTML building blocks: escaping, text in the page's language, links to entities, the page shell.

Every page is written once per interface language, into en/ and lv/ (the language is in the URL). The
language being written is set with `language(lang)`; `bi(en, lv)` then writes only that language's text
(with a `lang` attribute when the text is in another language, e.g. an English fallback on a Latvian page).
Outside `language()` both versions are written, in elements of class t-en and t-lv (the stylesheet shows
the page's own; kept for the few places that still write both).

Inside `language(BOTH)` a piece of a page is made once for both languages (entity.entity_pages: an entity's
two pages share every lookup, sort and grouping; only the words differ): `bi` writes a text that differs
between the languages as a pair, `<\x00en<\x01lv<\x02`, and `in_language(html, lang)` keeps one side of each
pair. No text from the graph can hold a pair's marks: every text from the graph is escaped (esc), and an
escaped text has no "<". Where a page compares pieces of HTML, an equality that holds in one language only
(so that the two pages would differ by more than their words) raises PerLanguage, and the caller makes each
language's page by itself (`same`, `new_items`, `holds`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from html import escape
from typing import Iterable, Iterator

from rdflib import URIRef

from .citation_footer import how_to_cite
from .i18n import UI
from pactkg.site.model import GraphView


def esc(text: object) -> str:
    return _escaped(str(text))


@functools.lru_cache(maxsize=1 << 15)
def _escaped(text: str) -> str:
    """html.escape, remembered: the same labels are escaped on every page that names them (9.8 million calls
    for the site at 100x); the cache is bounded."""
    return escape(text, quote=True)


def attrs(**kw) -> str:
    out = []
    for k, v in kw.items():
        if v is None or v is False:
            continue
        name = k.rstrip("_").replace("_", "-")
        out.append(f" {name}" if v is True else f' {name}="{esc(v)}"')
    return "".join(out)


LANGS = ("en", "lv")
BOTH = "en+lv"  # language(BOTH): a piece made once for both languages, its differing texts in pairs
_OPEN, _MID, _CLOSE = "<\x00", "<\x01", "<\x02"
# What in_language drops for each language: the marks and the other side of each pair (a literal replacement,
# so that re replaces in C; a template like r"\1" cost 2.5 million Python calls for the entity pages at 100x).
# The other side is matched as "no '<' but the one of a mark" rather than a lazy ".*?": 12 against 19 us a body
# (/tmp/s25/site-h/mb.py, 3 000 bodies at 100x).
_OTHER_SIDE = {
    "en": re.compile("<\x00|<\x01[^<]*(?:<(?!\x02)[^<]*)*<\x02"),
    "lv": re.compile("<\x00[^<]*(?:<(?!\x01)[^<]*)*<\x01|<\x02"),
}
_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("page_language", default=None)


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Write pages in `lang` ('en' or 'lv') while the block runs."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def current_lang() -> str:
    lang = _LANG.get()
    if lang == BOTH:
        raise PerLanguage("the page's one language asked while both are made")
    return lang or "en"


def written_language() -> str | None:
    """The language being written ('en', 'lv'), None outside `language()` (both): what a cache of HTML
    made with `bi` must be keyed by."""
    return _LANG.get()


class PerLanguage(Exception):
    """A piece made for both languages at once (language(BOTH)) would not be each language's own: make each
    language's page by itself."""


def pair(en: str, lv: str) -> str:
    """HTML that is `en` on the English page and `lv` on the Latvian one (language(BOTH)): one text when the
    two are the same."""
    if en == lv:
        return en
    return f"{_OPEN}{en}{_MID}{lv}{_CLOSE}"


def in_language(html: str, lang: str) -> str:
    """The HTML of one language ('en' or 'lv') from a piece made in language(BOTH): each pair's side."""
    if _OPEN not in html:
        return html
    return _OTHER_SIDE[lang].sub("", html)


def sides(html: str) -> tuple[str, str]:
    """(English, Latvian) of a piece: in language(BOTH) each language's; else the piece twice."""
    if _OPEN not in html:
        return html, html
    found = _SIDES.get(html)
    if found is None:
        if len(_SIDES) >= 1 << 12:
            _SIDES.clear()
        found = _SIDES[html] = in_language(html, "en"), in_language(html, "lv")
    return found


# sides() of the summary's headings (a few dozen, asked for every row of every page): bounded, emptied when full.
_SIDES: dict[str, tuple[str, str]] = {}


def same(a: str, b: str) -> bool:
    """a == b as the page shows them; in language(BOTH): equal in both languages, else PerLanguage when
    equal in one only."""
    if a == b:
        return True
    if _LANG.get() != BOTH or (_OPEN not in a and _OPEN not in b):
        return False
    en = in_language(a, "en") == in_language(b, "en")
    if en != (in_language(a, "lv") == in_language(b, "lv")):
        raise PerLanguage("a text equal in one language only")
    return en


def new_items(have: list[str], items: list[str]) -> list[str]:
    """The `items` that are neither in `have` nor an earlier item, in their order, compared as the page shows
    them (in language(BOTH), as `same` does)."""
    if _LANG.get() != BOTH:
        seen = set(have)  # a set: a hub's rows hold N items
        return [i for i in items if i not in seen and not seen.add(i)]
    kept = []
    for lang in LANGS:
        seen = {in_language(h, lang) for h in have}
        kept.append([k for k, i in enumerate(items) if (t := in_language(i, lang)) not in seen and not seen.add(t)])
    if kept[0] != kept[1]:
        raise PerLanguage("an item equal to another in one language only")
    return [items[k] for k in kept[0]]


def holds(html: str, part: str) -> bool:
    """`part` in `html` as the page shows it; in language(BOTH): in both languages or in neither, else
    PerLanguage."""
    if _LANG.get() != BOTH or _OPEN not in html:
        return part in html
    found = part in in_language(html, "en")
    if found != (part in in_language(html, "lv")):
        raise PerLanguage(f"{part!r} in one language only")
    return found


def pick(en: str, lv: str) -> str:
    """The version for the page's language (for text that needs no markup, e.g. attribute values)."""
    page_lang = _LANG.get()
    if page_lang == BOTH:
        raise PerLanguage("pick() gives text to be escaped, not a pair: pick each language's")
    return lv if page_lang == "lv" else en


def bi(en: str, lv: str, *, en_lang: str = "en", lv_lang: str = "lv", tag: str = "span", raw: bool = False) -> str:
    """Text in the page's language; `raw` when en/lv are already HTML."""
    e = en if raw else esc(en)
    l = lv if raw else esc(lv)
    page_lang = _LANG.get()
    if page_lang in LANGS:
        return _one(e, en_lang, tag) if page_lang == "en" else _one(l, lv_lang, tag, "lv")
    if page_lang == BOTH:
        return pair(_one(in_language(e, "en"), en_lang, tag), _one(in_language(l, "lv"), lv_lang, tag, "lv"))
    if e == l and en_lang == lv_lang:
        return f'<{tag}{attrs(lang=en_lang or None)}>{e}</{tag}>'
    if e == l and (en_lang, lv_lang) == ("en", "lv"):
        # the same in both (a name): it takes the language of the page, which the toggle sets
        return e if tag == "span" else f"<{tag}>{e}</{tag}>"
    return (
        f'<{tag} class="t-en"{attrs(lang=en_lang or None)}>{e}</{tag}>'
        f'<{tag} class="t-lv"{attrs(lang=lv_lang or None)}>{l}</{tag}>'
    )


def _one(text: str, text_lang: str, tag: str, page_lang: str = "en") -> str:
    """bi's text on a page in `page_lang`."""
    if not text_lang or text_lang == page_lang:
        return text if tag == "span" else f"<{tag}>{text}</{tag}>"
    return f'<{tag} lang="{esc(text_lang)}">{text}</{tag}>'


def ui(key: str, tag: str = "span") -> str:
    """The interface text `key` (i18n.UI) in the page's language; made once per key, tag and language."""
    cache_key = (key, tag, _LANG.get())
    html = _UI_HTML.get(cache_key)
    if html is None:
        en, lv = UI[key]
        html = _UI_HTML[cache_key] = bi(en, lv, tag=tag)
    return html


_UI_HTML: dict[tuple, str] = {}  # bounded by i18n.UI's keys


def label(view: GraphView, node) -> str:
    """The node's label in both page languages, each with its real language tag."""
    cache, key = view.memo("label"), (node, written_language())
    html = cache.get(key)
    if html is None:
        html = cache[key] = bi(
            view.label(node, "en"), view.label(node, "lv"),
            en_lang=view.label_lang(node, "en") or "en", lv_lang=view.label_lang(node, "lv") or "lv",
        )
    return html


def entity_link(view: GraphView, node, prefix: str, inner: str | None = None) -> str:
    """A link to the node's page (`prefix` is the path from the current page to id/), else just its label."""
    text = inner if inner is not None else label(view, node)
    slug = view.page_of(node)
    if slug is None:
        if isinstance(node, URIRef):
            return f'<span class="term"{attrs(title=str(node))}>{text}</span>'
        return text
    return f'<a href="{esc(prefix + slug)}.html">{text}</a>'


NAV = (
    ("nav_home", "index.html", "home"),
    ("nav_index", "browse.html", "index"),
    ("nav_timeline", "timeline.html", "timeline"),
    ("nav_map", "map.html", "map"),
    ("nav_source", "source.html", "source"),
    ("nav_query", "query.html", "query"),
    ("nav_downloads", "downloads.html", "downloads"),
)


def page(*, body: str, **kw) -> str:
    """A whole HTML document in the current language (page_parts, joined)."""
    return "".join(page_parts(body_parts=(body,), **kw))


def page_parts(
    *,
    title_en: str,
    title_lv: str,
    root: str,
    body_parts: Iterable[str],
    path: str,
    current: str = "",
    head_extra: str = "",
    body_class: str = "",
    scripts: tuple[str, ...] = (),
) -> Iterator[str]:
    """A whole HTML document in the current language, in pieces: the head, the body's pieces as they come,
    the foot (a page that lists every entity is written piece by piece, never held whole). `root` is the
    relative path from the page to its language's top ('' or '../'); `path` is the page's own path below it
    (for the link to the other language)."""
    lang = current_lang()
    other = "lv" if lang == "en" else "en"
    head, after_head, after_switch, foot = _shell(_LANG.get(), root, current, body_class, scripts)
    title = pick(title_en, title_lv)
    alternates = "".join(
        f'<link rel="alternate" hreflang="{l}" href="{root}../{l}/{esc(path)}">\n' for l in LANGS
    )
    yield (
        f"{head}<title>{esc(title)} — {esc(pick(*UI['site_short']))}</title>\n"
        f"{after_head[0]}{alternates}{head_extra}{after_head[1]}"
        f'<a class="lang-switch" href="{root}../{other}/{esc(path)}" hreflang="{other}" lang="{other}" '
        f"{after_switch}"
    )
    yield from body_parts
    yield foot


@functools.lru_cache(maxsize=256)
def _shell(written: str | None, root: str, current: str, body_class: str, scripts: tuple[str, ...]) -> tuple:
    """The parts of page_parts's document that depend on none of the page's own text (its title, path and head):
    made once per language being written (`written_language()`: ui() and pick() ask it), root, current page, body
    class and scripts (some 1.2 million pages at 1000x share a few dozen), not once per page."""
    lang = current_lang()
    other = "lv" if lang == "en" else "en"
    assets = root + "../assets/"
    nav = []
    for key, href, name in NAV:
        cur = ' aria-current="page"' if name == current else ""
        nav.append(f'<li><a href="{root}{href}"{cur}>{ui(key)}</a></li>')
    switch_text = UI["toggle"][0] if lang == "en" else UI["toggle"][1]
    switch_label = UI["toggle_label"][0] if lang == "en" else UI["toggle_label"][1]
    extra_scripts = "".join(f'<script src="{assets}{esc(s)}" defer></script>\n' for s in scripts)
    head = (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    )
    after_head = (
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="{assets}site.css">\n',
        f'<script src="{assets}site.js" defer></script>\n'
        f"{extra_scripts}"
        "</head>\n"
        f'<body{attrs(class_=body_class or None, data_root=root)}>\n'
        f'<a class="skip" href="#main">{ui("skip")}</a>\n'
        '<header class="site-header">\n'
        f'<p class="site-name"><a href="{root}index.html">{ui("site_name")}</a></p>\n',
    )
    after_switch = (
        f'data-lang="{other}" aria-label="{esc(switch_label)}">{esc(switch_text)}</a>\n'
        f'<form class="site-search" role="search" action="{root}browse.html" method="get">'
        f'<label class="visually-hidden" for="site-q">{ui("search_short")}</label>'
        f'<input type="search" id="site-q" name="q" autocomplete="off" spellcheck="false" placeholder="{esc(pick(*UI["search_short"]))}">'
        f'<button type="submit">{ui("search_go")}</button></form>\n'
        f'<nav class="site-nav" aria-label="{esc(pick(*UI["nav"]))}"><ul>{"".join(nav)}</ul></nav>\n'
        "</header>\n"
        '<main id="main">\n'
    )
    foot = (
        "\n</main>\n"
        + footer(root)
        + "</body>\n"
        "</html>\n"
    )
    return head, after_head, after_switch, foot


def footer(root: str) -> str:
    """The footer of every page: downloads, licence, where the facts come from."""
    return (
        '<footer class="site-footer">\n'
        f'<p><a href="{root}downloads.html">{ui("nav_downloads")}</a> · '
        f'<a href="{root}downloads.html#cite">{ui("how_to_cite")}</a> · '
        f'<a href="{root}downloads.html#licence">{ui("licence_short")}</a> · '
        f'<a href="{root}query.html">{ui("nav_query")}</a></p>\n'
        f'<p>{ui("footer_generated")} {ui("footer_credit")}</p>\n'
        f"{how_to_cite()}\n"
        "</footer>\n"
    )
