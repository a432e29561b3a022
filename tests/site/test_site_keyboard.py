"""The map by keyboard alone (Playwright keyboard events in headless Chromium): Tab reaches every place and
every drawn line, the focused place is marked and scrolled into view (on a phone the map pans inside its
own region), Enter opens the place's page, and the arrow keys pan the map on a phone."""

from __future__ import annotations

import pytest

FOCUSED_JS = """
() => {
  const a = document.activeElement;
  const svg = a && a.closest ? a.closest('svg') : null;
  return {
    cls: a.getAttribute('class') || '', href: a.getAttribute('href'), svg: svg ? svg.id : null,
    region: a.classList ? a.classList.contains('map-pan') : false,
  };
}
"""


def _tab_through(page, limit: int = 600) -> list[dict]:
    """Press Tab from the top of the page until focus comes back to the start (or `limit` presses)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED_JS)
        if seen and f == seen[0]:
            break
        seen.append(f)
    return seen


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_tab_reaches_every_place_and_line_of_the_map(browser, base_url, width, height):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.goto(base_url + "en/map.html")
        markers = set(page.eval_on_selector_all("#map a.marker", "els => els.map(e => e.getAttribute('href'))"))
        lines = set(page.eval_on_selector_all("#map a.line", "els => els.map(e => e.getAttribute('href'))"))
        assert markers and lines
        # the Venta (its course), the Venta line (along its Latvian part) and the Irbe Strait coast (the
        # exception, along the coast) are lines like the others
        assert {"id/venta-river.html", "id/venta-line.html", "id/irbe-strait-coast.html"} <= lines
        focused = _tab_through(page)
        on_map = [f for f in focused if f["svg"] == "map"]
        assert {f["href"] for f in on_map if "marker" in f["cls"]} == markers
        assert {f["href"] for f in on_map if "line" in f["cls"]} == lines
        # the panning region comes before the places in the tab order
        assert [f["region"] for f in focused].index(True) < focused.index(on_map[0])
    finally:
        ctx.close()


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_a_focused_place_is_marked_in_view_and_opens_with_enter(browser, base_url, width, height):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.goto(base_url + "en/map.html")
        page.focus("a.map-pan, .map-pan")
        for _ in range(200):  # Tab to Indra, at the map's far east (on a phone: off screen until focused)
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('href')") == "id/indra.html":
                break
        else:
            pytest.fail("Tab never reached Indra's marker")
        mark = page.locator("#map a.marker[href='id/indra.html'] rect, "
                            "#map a.marker[href='id/indra.html'] circle").first
        assert mark.evaluate("e => getComputedStyle(e).stroke") == "rgb(242, 169, 0)"
        box = mark.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= width, box
        page.keyboard.press("Enter")
        page.wait_for_url("**/en/id/indra.html")
        assert "Indra" in page.locator("h1").inner_text()
    finally:
        ctx.close()


def test_arrow_keys_pan_the_map_on_a_phone(browser, base_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.goto(base_url + "lv/map.html")
        page.focus(".map-pan")
        assert page.evaluate("document.querySelector('.map-pan').scrollLeft") == 0
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        # (the browser may scroll smoothly: wait for it to get there)
        page.wait_for_function("document.querySelector('.map-pan').scrollLeft > 100", timeout=5000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        ctx.close()
