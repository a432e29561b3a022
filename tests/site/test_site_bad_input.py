"""The issue's bad input, in the browser, in both languages: a search with no hit, an address that does not
exist (served with status 404 and the page in the address's language: test_site_query), JavaScript off (the
facts are there; the search says it needs scripts). The query page's error and empty result: test_site_query."""

from __future__ import annotations

import pytest

WORDS = {
    "en": {"none": "Nothing matches.", "nojs": "Search and the filters need JavaScript", "fact": "5 October 1939"},
    "lv": {"none": "Nekas neatbilst.", "nojs": "Meklēšanai un filtriem vajadzīgs JavaScript", "fact": "1939. gada 5. oktobr"},
}


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_a_search_with_no_hit_says_so(watched, base_url, lang):
    page = watched.page
    page.goto(base_url + f"{lang}/browse.html")
    page.fill("#q", "zzzqqq")
    assert page.locator("#q-none").is_visible()
    assert page.locator("#q-none").inner_text() == WORDS[lang]["none"]
    assert page.locator("li[data-search]:not([hidden])").count() == 0
    page.fill("#q", "")
    assert not page.locator("#q-none").is_visible()
    assert watched.take_errors() == []


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_without_javascript_facts_show_and_search_says_it_needs_scripts(browser, base_url, lang):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base_url + f"{lang}/index.html")
        assert WORDS[lang]["fact"] in page.locator(".key-facts").inner_text()
        for name in ("browse.html", "timeline.html"):
            page.goto(base_url + f"{lang}/{name}")
            assert WORDS[lang]["nojs"] in page.locator("main").inner_text(), name
        page.goto(base_url + f"{lang}/id/signing-of-the-pact.html")
        assert page.locator(".sourcing p.translation").count() > 0  # the rendering needs no script either
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_with_javascript_the_no_script_note_is_not_shown(watched, base_url, lang):
    page = watched.page
    page.goto(base_url + f"{lang}/browse.html")
    assert WORDS[lang]["nojs"] not in page.locator("main").inner_text()
