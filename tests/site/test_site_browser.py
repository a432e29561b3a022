"""The site in a real browser (headless Chromium from Debian, driven by Playwright), served from 127.0.0.1:
every page loads without a console error and passes basic accessibility checks, every internal link
resolves, the search box, the map, the timeline and the language switch work, from http:// and file://."""

from __future__ import annotations

import struct
import urllib.request
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from pactkg.common.namespaces import LVP
from pactkg.site import fmt
from pactkg.site.model import GraphView
from pactkg.site.screenshots import take

from test_site_model import LOCATED_PLACES, TIMELINE_EVENTS

A11Y_JS = """
() => {
  const problems = [];
  const html = document.documentElement;
  if (!['en', 'lv'].includes(html.getAttribute('lang'))) problems.push('html lang is ' + html.getAttribute('lang'));
  for (const el of document.querySelectorAll('[lang]')) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(el.getAttribute('lang'))) problems.push('bad lang "' + el.getAttribute('lang') + '" on ' + el.tagName);
  }
  const hs = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  if (document.querySelectorAll('h1').length !== 1) problems.push(document.querySelectorAll('h1').length + ' h1 elements');
  let prev = 0;
  for (const h of hs) {
    const level = Number(h.tagName[1]);
    if (prev === 0 && level !== 1) problems.push('first heading is ' + h.tagName);
    if (prev && level > prev + 1) problems.push('heading skips from h' + prev + ' to ' + h.tagName + ': ' + h.textContent.trim().slice(0, 40));
    prev = level;
  }
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.src);
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.getAttribute('aria-hidden') === 'true' || svg.closest('[aria-hidden="true"]')) continue;
    const named = svg.getAttribute('aria-label') || (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).some(id => id && document.getElementById(id));
    if (!named || !svg.querySelector(':scope > title')) problems.push('svg without title/accessible name: #' + svg.id);
  }
  for (const a of document.querySelectorAll('a')) {
    if (!(a.textContent.trim() || a.getAttribute('aria-label'))) problems.push('link without text: ' + (a.getAttribute('href') || a.getAttribute('xlink:href')));
  }
  for (const input of document.querySelectorAll('input, button, select, textarea')) {
    const named = (input.labels && input.labels.length) || input.getAttribute('aria-label') || (input.tagName === 'BUTTON' && input.textContent.trim());
    if (!named) problems.push('unlabelled ' + input.tagName + ' #' + input.id);
  }
  return problems;
}
"""

LINKS_JS = """
() => [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
      .map(e => e.getAttribute('href') || e.getAttribute('src'))
"""


def _http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - a 127.0.0.1 URL of our own server
        return r.status == 200 and len(r.read()) > 0


NOT_LINKED = {"404.html", "en/404.html", "lv/404.html"}  # shown by a server for a missing address


def test_crawl_every_page_loads_cleanly_and_every_link_resolves(site, base_url, watched):
    page = watched.page
    all_pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - NOT_LINKED
    # id/<slug>.html (outside the language folders) is where an entity's IRI leads, not linked from pages
    all_pages = {p for p in all_pages if not p.startswith("id/")}
    queue, seen = ["index.html"], {"index.html"}
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []  # (from, target page, fragment)
    resources: dict[str, str] = {}  # url -> first page linking it
    problems: list[str] = []
    while queue:
        path = queue.pop(0)
        page.goto(base_url + path, wait_until="load")
        page.wait_for_load_state("load")  # the pages outside en/ and lv/ go on to a language
        here = page.url
        if here != base_url + path:  # a chooser went on: check the page it went to
            path = here[len(base_url):].split("#")[0]
            seen.add(path)
            queue = [q for q in queue if q != path]
        problems += [f"{path}: {e}" for e in watched.take_errors()]
        problems += [f"{path}: {p}" for p in page.evaluate(A11Y_JS)]
        ids[path] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for link in page.evaluate(LINKS_JS):
            if link.startswith(("data:", "mailto:")):
                continue
            absolute = urljoin(here, link)
            if not absolute.startswith(base_url):
                assert urlparse(absolute).scheme in ("http", "https"), f"{path}: odd link {link}"
                continue
            target, frag = urldefrag(absolute)
            rel = target[len(base_url):].split("?", 1)[0] or "index.html"
            if frag:
                fragments.append((path, rel, frag))
            if rel.endswith(".html"):
                if rel not in seen:
                    if rel not in all_pages:
                        problems.append(f"{path}: link to missing page {rel}")
                        continue
                    seen.add(rel)
                    queue.append(rel)
            else:
                resources.setdefault(target, path)
    for url, origin in sorted(resources.items()):
        try:
            if not _http_ok(url):
                problems.append(f"{origin}: {url} is empty or not 200")
        except Exception as exc:  # urllib raises on 404
            problems.append(f"{origin}: {url}: {exc}")
    for origin, target, frag in fragments:
        if frag not in ids.get(target, set()):
            problems.append(f"{origin}: #{frag} not found in {target}")
    assert problems == [], "\n".join(problems[:50])
    assert seen == all_pages, f"pages no link reaches: {sorted(all_pages - seen)[:20]}"
    assert any(u.endswith(".ttl") for u in resources) and any(u.endswith(".jsonld") for u in resources)


def _visible_slugs(page) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "li[data-search]:not([hidden]) > a", "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('href'))"
    )
    return {h.removeprefix("id/").removesuffix(".html") for h in hrefs}


def _expected_matches(view: GraphView, query: str) -> set[str]:
    """Entities with the query in a label, alternative label or description (any language), compared
    folded (no case, no diacritics) with Russian letters written in Latin."""
    q = fmt.search_key(query)
    out = set()
    for node, ent in view.entities.items():
        words = list(view.labels.get(node, {}).values()) + [str(a) for a in view.alt_labels(node)]
        words += [str(d) for d in view.values(node, LVP.description)]
        if any(q in fmt.search_key(w) for w in words):
            out.add(ent.slug)
    return out


def test_search_finds_munters_by_typing_munt(base_url, watched, real_graph):
    page = watched.page
    page.goto(base_url + "en/browse.html")
    total = page.locator("li[data-search]").count()
    page.locator("#q").press_sequentially("munt", delay=20)
    visible = _visible_slugs(page)
    assert "vilhelms-munters" in visible
    labels = page.eval_on_selector_all(
        "li[data-search]:not([hidden]) > a", "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent)"
    )
    assert any("Munters" in t for t in labels)
    assert visible == _expected_matches(GraphView(real_graph), "munt")
    assert len(visible) < total
    assert "shown" in page.locator("#q-status").inner_text()
    page.fill("#q", "")
    assert len(_visible_slugs(page)) == total
    assert watched.take_errors() == []


@pytest.mark.parametrize("query", ["Rīga", "riga", "vainode", "Молотов", "Лиепая", "liepaja", "Liepāja", "zzzz-no-such-name"])
def test_search_in_every_language_and_without_diacritics(base_url, watched, real_graph, query):
    page = watched.page
    page.goto(base_url + "lv/browse.html")
    page.fill("#q", query)
    expected = _expected_matches(GraphView(real_graph), query)
    assert _visible_slugs(page) == expected
    assert page.locator("#q-none").is_visible() == (not expected)
    if query.lower().startswith(("liep", "лиеп")):
        assert "liepaja" in expected


def test_header_search_leads_to_the_filtered_index(base_url, watched):
    page = watched.page
    page.goto(base_url + "en/timeline.html")
    page.fill("#site-q", "Лиепая")
    page.press("#site-q", "Enter")
    page.wait_for_load_state("load")
    assert "/en/browse.html" in page.url
    assert "liepaja" in _visible_slugs(page)
    assert watched.take_errors() == []


def test_map_shows_one_marker_per_located_place(base_url, watched, real_graph):
    page = watched.page
    page.goto(base_url + "en/map.html")
    want = {str(r.place).rsplit("/", 1)[1] for r in real_graph.query(LOCATED_PLACES)}
    assert want
    markers = page.locator("#map a.marker")
    assert markers.count() == len(want)
    hrefs = set(page.eval_on_selector_all("#map a.marker", "els => els.map(e => e.getAttribute('href'))"))
    assert hrefs == {f"id/{s}.html" for s in want}
    for box in [markers.nth(i).bounding_box() for i in range(markers.count())]:
        assert box and box["width"] > 0 and box["height"] > 0
    # every kind of mark used on the map is in the legend
    used = set(" ".join(page.eval_on_selector_all("#map a.marker", "els => els.map(e => e.dataset.kinds)")).split())
    legend = set(page.eval_on_selector_all(".legend li", "els => els.map(e => e.dataset.kind)"))
    assert used <= legend
    assert watched.take_errors() == []


def test_timeline_lists_the_events_in_date_order(base_url, watched, real_graph):
    page = watched.page
    page.goto(base_url + "en/timeline.html")
    rows = page.eval_on_selector_all("li.event", "els => els.map(e => [e.dataset.date, e.dataset.slug, e.querySelector('h3 a').getAttribute('href')])")
    want = {str(r.e).rsplit("/", 1)[1] for r in real_graph.query(TIMELINE_EVENTS)}
    assert rows and {slug for _, slug, _ in rows} == want
    dates = [d for d, _, _ in rows]
    assert dates == sorted(dates)
    assert all(href == f"id/{slug}.html" for _, slug, href in rows)
    assert watched.take_errors() == []


def test_language_is_in_the_url_and_remembered(base_url, watched, real_graph):
    page = watched.page
    view = GraphView(real_graph)
    node = next(n for n in view.entities if view.label(n, "en") != view.label(n, "lv") and view.labels[n].get("lv"))
    slug = view.entities[node].slug
    page.goto(base_url + f"en/id/{slug}.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == view.label(node, "en")
    page.click("a.lang-switch")
    page.wait_for_load_state("load")
    assert page.url == base_url + f"lv/id/{slug}.html"
    assert page.locator("html").get_attribute("lang") == "lv"
    assert page.locator("h1").inner_text() == view.label(node, "lv")
    assert page.title().startswith(view.label(node, "lv"))
    page.goto(base_url + "index.html")  # the front door goes to the language chosen last
    page.wait_for_url(base_url + "lv/index.html")
    assert page.locator("h1").inner_text() == "1939. gada Latvijas–PSRS Savstarpējās palīdzības pakts"
    page.goto(base_url + f"id/{slug}.html")  # as does an entity's address without a language
    page.wait_for_url(base_url + f"lv/id/{slug}.html")
    page.click("a.lang-switch")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert watched.take_errors() == []


def test_every_entity_address_offers_both_languages(site, real_graph):
    for ent in GraphView(real_graph).entities.values():
        html = (site / "id" / f"{ent.slug}.html").read_text(encoding="utf-8")
        assert f'href="../lv/id/{ent.slug}.html"' in html and f'href="../en/id/{ent.slug}.html"' in html


def test_choosers_work_without_javascript(site, browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        for path in ("index.html", "id/vilhelms-munters.html"):
            page.goto(base_url + path)
            assert page.url == base_url + path
            assert page.evaluate(A11Y_JS) == []
            hrefs = page.eval_on_selector_all(".lang-choice a", "els => els.map(e => e.href)")
            assert len(hrefs) == 2 and all(_http_ok(h) for h in hrefs)
    finally:
        ctx.close()


def test_pages_show_their_facts_without_javascript(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base_url + "en/index.html")
        assert "5 October 1939" in page.locator(".key-facts").inner_text()
        page.goto(base_url + "lv/id/liepaja.html")
        text = page.locator(".glance").inner_text()
        assert "Liepājas lidlauks" in text and "kājnieku pulki" in text
    finally:
        ctx.close()


def test_missing_pages_say_so_in_their_language(site):
    for lang, words in (("en", "Page not found"), ("lv", "Lapa nav atrasta")):
        html = (site / lang / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html and words in html
    root = (site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in root and "Lapa nav atrasta" in root


def test_works_from_file_urls(site, watched):
    page = watched.page
    page.goto((site / "en" / "browse.html").as_uri())
    page.fill("#q", "munt")
    assert "vilhelms-munters" in _visible_slugs(page)
    page.click("li[data-search]:not([hidden]) > a[href='id/vilhelms-munters.html']")
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/id/vilhelms-munters.html")
    assert "Munters" in page.locator("h1").inner_text()
    page.goto((site / "en" / "map.html").as_uri())
    assert page.locator("#map a.marker").count() > 0
    page.goto((site / "lv" / "timeline.html").as_uri())
    assert page.locator("li.event").count() > 0
    assert watched.take_errors() == []


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_screenshots(site, browser, tmp_path):
    shots = take(site, tmp_path / "screenshots", "liepaja", browser, only={"home", "map", "entity-liepaja"})
    names = {p.stem for p in shots}
    assert {"en-home-1366", "lv-home-390", "en-map-1366"} <= names and any("entity" in n for n in names)
    for p in shots:
        w, h = _png_size(p)
        assert w in (390, 1366) and h >= 500 and p.stat().st_size > 10_000, p


def test_facets_filter_the_timeline_and_the_index(base_url, watched, real_graph):
    from pactkg.site.facets import places_of, years_of
    from pactkg.site.timeline import timeline_items

    view = GraphView(real_graph)
    page = watched.page
    page.goto(base_url + "en/timeline.html")
    total = page.locator("li.event").count()
    page.select_option("#f-place", "moscow")
    shown = set(page.eval_on_selector_all("li.event:not([hidden])", "els => els.map(e => e.dataset.slug)"))
    want = {view.entities[it.node].slug for it in timeline_items(view)
            if any(view.entities[p].slug == "moscow" for p in places_of(view, it.node))}
    assert shown == want and 0 < len(shown) < total
    page.select_option("#f-place", "")
    page.select_option("#f-from", "1940")
    years = page.eval_on_selector_all("li.event:not([hidden])", "els => els.map(e => e.dataset.years)")
    assert years and all(any(y >= "1940" for y in ys.split()) for ys in years)
    page.goto(base_url + "lv/browse.html")
    page.select_option("#f-kind", "g_people")
    page.fill("#q", "munt")
    people = {e.slug for e in view.entities.values() if e.group == "g_people"}
    assert "vilhelms-munters" in _visible_slugs(page) == _expected_matches(view, "munt") & people
    page.click("form.facets button[type=reset]")
    page.fill("#q", "")
    assert page.locator("li[data-search]:not([hidden])").count() == len(view.entities)
    assert watched.take_errors() == []
