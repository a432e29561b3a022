"""HTML building blocks: escaping, two-language text, links to entities, the page shell.

Both languages are in every page: English in elements of class t-en, Latvian in t-lv; the stylesheet
shows one set and site.js switches (and sets <html lang>). Text whose two versions are the same
(a personal name, say) is written once.
"""

from __future__ import annotations

from html import escape

from rdflib import URIRef

from .citation_footer import how_to_cite
from .i18n import UI
from pactkg.site.model import GraphView


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def attrs(**kw) -> str:
    out = []
    for k, v in kw.items():
        if v is None or v is False:
            continue
        name = k.rstrip("_").replace("_", "-")
        out.append(f" {name}" if v is True else f' {name}="{esc(v)}"')
    return "".join(out)


def bi(en: str, lv: str, *, en_lang: str = "en", lv_lang: str = "lv", tag: str = "span", raw: bool = False) -> str:
    """Two-language text; `raw` when en/lv are already HTML."""
    e = en if raw else esc(en)
    l = lv if raw else esc(lv)
    if e == l and en_lang == lv_lang:
        return f'<{tag}{attrs(lang=en_lang or None)}>{e}</{tag}>'
    if e == l and (en_lang, lv_lang) == ("en", "lv"):
        # the same in both (a name): it takes the language of the page, which the toggle sets
        return e if tag == "span" else f"<{tag}>{e}</{tag}>"
    return (
        f'<{tag} class="t-en"{attrs(lang=en_lang or None)}>{e}</{tag}>'
        f'<{tag} class="t-lv"{attrs(lang=lv_lang or None)}>{l}</{tag}>'
    )


def ui(key: str, tag: str = "span") -> str:
    en, lv = UI[key]
    return bi(en, lv, tag=tag)


def label(view: GraphView, node) -> str:
    """The node's label in both page languages, each with its real language tag."""
    return bi(
        view.label(node, "en"), view.label(node, "lv"),
        en_lang=view.label_lang(node, "en") or "en", lv_lang=view.label_lang(node, "lv") or "lv",
    )


def entity_link(view: GraphView, node, prefix: str, inner: str | None = None) -> str:
    """A link to the node's page (`prefix` is the path from the current page to id/), else just its label."""
    text = inner if inner is not None else label(view, node)
    slug = view.page_of(node)
    if slug is None:
        if isinstance(node, URIRef):
            return f'<span class="term"{attrs(title=str(node))}>{text}</span>'
        return text
    return f'<a href="{esc(prefix + slug)}.html">{text}</a>'


def page(
    *,
    title_en: str,
    title_lv: str,
    root: str,
    body: str,
    current: str = "",
    head_extra: str = "",
    body_class: str = "",
) -> str:
    """A whole HTML document. `root` is the relative path to the site's top ('' or '../')."""
    sn_en, sn_lv = UI["site_short"]
    nav = []
    for key, href, name in (("nav_index", "index.html", "index"), ("nav_timeline", "timeline.html", "timeline"), ("nav_map", "map.html", "map")):
        cur = ' aria-current="page"' if name == current else ""
        nav.append(f'<li><a href="{root}{href}"{cur}>{ui(key)}</a></li>')
    tog_en, tog_lv = UI["toggle"]
    lab_en, lab_lv = UI["toggle_label"]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en" data-ui="en"{attrs(data_title_en=f"{title_en} — {sn_en}", data_title_lv=f"{title_lv} — {sn_lv}")}>\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title_en)} — {esc(sn_en)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="{root}assets/site.css">\n'
        f"{head_extra}"
        f'<script src="{root}assets/site.js"></script>\n'
        "</head>\n"
        f"<body{attrs(class_=body_class or None)}>\n"
        f'<a class="skip" href="#main">{ui("skip")}</a>\n'
        '<header class="site-header">\n'
        f'<p class="site-name"><a href="{root}index.html">{ui("site_name")}</a></p>\n'
        f'<nav aria-label="{esc(UI["nav"][0])}" data-label-lv="{esc(UI["nav"][1])}"><ul>{"".join(nav)}</ul></nav>\n'
        f'<button type="button" id="lang-toggle" class="lang-toggle"'
        f'{attrs(aria_label=lab_en, data_label_en=lab_en, data_label_lv=lab_lv)}>'
        f'<span class="t-en" lang="lv">{esc(tog_en)}</span><span class="t-lv" lang="en">{esc(tog_lv)}</span></button>\n'
        "</header>\n"
        f'<main id="main">\n{body}\n</main>\n'
        '<footer class="site-footer">\n'
        f'<p>{ui("footer_generated")} {ui("footer_credit")}</p>\n'
        f"{how_to_cite()}\n"
        "</footer>\n"
        "</body>\n"
        "</html>\n"
    )
