"""The "page not found" page of each language (<lang>/404.html): what happened and where to go next."""

from __future__ import annotations

from .i18n import UI
from .markup import current_lang, page, ui


def not_found_page() -> str:
    body = (
        f'<h1>{ui("nf_title")}</h1>'
        f'{ui("nf_text", tag="p")}'
        f'<ul class="ways-pages"><li><a href="index.html">{ui("nav_home")}</a></li>'
        f'<li><a href="browse.html">{ui("nav_index")}</a></li></ul>'
    )
    return page(
        title_en=UI["nf_title"][0], title_lv=UI["nf_title"][1], root="", body=body, body_class="not-found",
        path="404.html",
        # a server shows this page at any missing address: resolve its links from the language's folder
        head_extra=f'<base href="/{current_lang()}/">\n',
    )
