"""The "How to cite" block at the foot of every page of the site, from CITATION.cff (pactkg.publish.citation).

Kept to one function so that the site's own modules need one line to show it (markup.page's footer). The
citation text is the same one the release's pages, DataCite and Zenodo carry; the version is the release's.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pactkg.publish import citation


@lru_cache(maxsize=1)
def how_to_cite() -> str:
    """A <section> in both page languages (the site's t-en / t-lv convention); the citation itself is one text."""
    cit = citation.load()
    text = escape(citation.citation_text(cit), quote=True)
    version = escape(cit.version, quote=True)
    return (
        '<section class="how-to-cite" aria-labelledby="how-to-cite">'
        '<h2 id="how-to-cite"><span class="t-en" lang="en">How to cite</span>'
        '<span class="t-lv" lang="lv">Kā citēt</span></h2>'
        f'<p lang="en">{text}</p>'
        f'<p><span class="t-en" lang="en">Version {version}. Licence: CC BY-SA 4.0 (credit: Latvian Wikipedia '
        "contributors).</span>"
        f'<span class="t-lv" lang="lv">Versija {version}. Licence: CC BY-SA 4.0 (autori: latviešu Vikipēdijas '
        "dalībnieki).</span></p>"
        "</section>"
    )
