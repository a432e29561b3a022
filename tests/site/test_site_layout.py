"""Every page type at a laptop's size (1366×768) and a phone's (390×844): nothing scrolls sideways, and
axe-core (npm `axe-core`, injected into the page) finds no serious or critical accessibility violation."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from pactkg.common import paths

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
SIZES = [(1366, 768), (390, 844)]
# One page of each type (and each kind of entity page), in both languages where the type has both.
PAGE_TYPES = [
    "en/index.html", "lv/index.html", "en/browse.html", "lv/timeline.html", "en/map.html", "lv/map.html",
    "lv/source.html", "en/query.html", "lv/downloads.html", "en/404.html",
    "lv/id/vilhelms-munters.html", "en/id/liepaja.html", "lv/id/mutual-assistance-pact.html",
    "en/id/signing-of-the-pact.html", "lv/id/latvia.html", "en/id/kirov-attack-on-russaro.html",
    "en/id/quantity-troop-ceiling-25000.html",
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (npm ci)", pytrace=False)
    return AXE.read_text(encoding="utf-8")


@contextmanager
def _page(browser, **context):
    """A page in a browser context of its own (viewport and the like), closed when the block ends."""
    ctx = browser.new_context(**context)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_page_scrolls_sideways(browser, base_url, width, height):
    with _page(browser, viewport={"width": width, "height": height}) as page:
        wide = []
        for path in PAGE_TYPES + ["en/browse.html?q=%D0%9B%D0%B8%D0%B5%D0%BF%D0%B0%D1%8F"]:
            page.goto(base_url + path, wait_until="load")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                culprits = page.evaluate(
                    "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
                    ".slice(0, 3).map(e => e.tagName + '.' + e.className)", width)
                wide.append(f"{path}: {scroll} px wide ({culprits})")
        assert wide == []


def test_a_wrong_scroll_width_is_caught(browser, base_url):
    """The check above can fail: a page made wider than the phone is measured as such."""
    with _page(browser, viewport={"width": 390, "height": 844}) as page:
        page.goto(base_url + "en/index.html")
        page.evaluate("document.body.appendChild(Object.assign(document.createElement('div'), {style: 'width:600px;height:1px'}))")
        assert page.evaluate("document.documentElement.scrollWidth") > 390


def _axe(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"][0]) for n in v["nodes"][:3])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_axe_finds_no_serious_violation(browser, base_url, axe_source, width, height):
    with _page(browser, viewport={"width": width, "height": height}) as page:
        found = []
        for path in PAGE_TYPES:
            page.goto(base_url + path, wait_until="load")
            found += [f"{path}: {v}" for v in _axe(page, axe_source)]
        assert found == [], "\n".join(found)


def test_axe_catches_a_violation(browser, base_url, axe_source):
    """axe really runs: an image without alt text on a page is reported."""
    with _page(browser) as page:
        page.goto(base_url + "en/index.html")
        page.evaluate("document.querySelector('main').appendChild(Object.assign(document.createElement('img'), {src: 'data:,'}))")
        assert any(v.startswith("image-alt") for v in _axe(page, axe_source))


@pytest.fixture(scope="module")
def release_site_url(real_graph, tmp_path_factory):
    """A site with a release beside it (a few files and three entities' documents in five formats): the
    downloads page with its rows, the per-entity documents' rows by format among them."""
    import hashlib

    from pactkg.site.browser import serve
    from pactkg.site.build import build_site

    release = tmp_path_factory.mktemp("release")
    names = ["lv-pact-1939.ttl", "mappings/wikidata.sssom.tsv", "citation/CITATION.cff"] + [
        f"id/entity-{i}{suffix}" for i in range(3) for suffix in (".ttl", ".nt", ".rdf", ".jsonld", ".var")]
    for name in names:
        (release / name).parent.mkdir(parents=True, exist_ok=True)
        (release / name).write_text(name * 40, encoding="utf-8")
    (release / "SHA256SUMS").write_text(
        "".join(f"{hashlib.sha256((release / n).read_bytes()).hexdigest()}  {n}\n" for n in sorted(names)),
        encoding="utf-8")
    build_site(real_graph, release / "site")
    with serve(release) as url:
        yield url + "site/"


@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_downloads_page_with_a_release_fits_and_passes_axe(browser, release_site_url, axe_source, width, height):
    with _page(browser, viewport={"width": width, "height": height}) as page:
        found = []
        for path in ("en/downloads.html", "lv/downloads.html"):
            page.goto(release_site_url + path, wait_until="load")
            assert page.locator("table.files code", has_text="id/*.jsonld").count() == 1, path
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                found.append(f"{path}: {scroll} px wide")
            found += [f"{path}: {v}" for v in _axe(page, axe_source)]
        assert found == [], "\n".join(found)
