"""The query page against a real endpoint: the site served by `pactkg site-serve`'s server, the SPARQL
endpoint an `oxigraph serve-read-only` over the real graph (both on 127.0.0.1, stopped afterwards).
A gallery question runs and shows labels linking to entity pages; a broken query gets our message; so does
an empty result and a page with no endpoint behind it. Also: the server's 404 pages and release files."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from pactkg.query import server as sparql_server
from pactkg.site.serve import make_server


@pytest.fixture(scope="module")
def served(site, real_graph, tmp_path_factory):
    """(base URL of site + endpoint, the release folder)."""
    tmp = tmp_path_factory.mktemp("serve")
    dump = tmp / "lv-pact-1939.ttl"
    real_graph.serialize(dump, format="turtle")
    store = tmp / "store"
    sparql_server.load_store(dump, store)
    with sparql_server.running_server(store) as upstream:
        httpd = make_server(site, tmp, upstream, "127.0.0.1", 0, quiet=True)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/", tmp
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=10)


def _open_query_page(browser, url):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load")
    page.wait_for_selector(".CodeMirror")
    return ctx, page, errors


def test_a_gallery_question_shows_labels_linking_to_entity_pages(served, browser):
    base, _ = served
    ctx, page, errors = _open_query_page(browser, base + "en/query.html")
    try:
        page.click("#q-cq-find-by-any-name a.use")
        page.wait_for_selector(".results-table, .results .error, .results .none", timeout=20_000)
        assert page.locator(".results .error").count() == 0, page.locator("#results-body").inner_text()
        links = page.eval_on_selector_all(".results-table a", "els => els.map(e => [e.getAttribute('href'), e.textContent])")
        assert ["id/mutual-assistance-pact.html", "Latvian–Soviet Mutual Assistance Pact"] in links
        assert not any("XMLSchema" in t or t.startswith("https://w3id.org") for _, t in links)
        assert "?question=cq-find-by-any-name" in page.url
        assert errors == []
    finally:
        ctx.close()


def test_a_broken_query_is_explained_in_the_pages_words(served, browser):
    base, _ = served
    ctx, page, errors = _open_query_page(browser, base + "lv/query.html")
    try:
        page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE { ?s foo:bar ?o }')")
        page.click("#query-run")
        page.wait_for_selector(".results .error", timeout=20_000)
        text = page.locator("#results-body").inner_text()
        assert "foo:" in text and "nav deklarēts" in text, text
        assert "\\u{" not in text and "expected one of" not in text
        page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue("
                      "'PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>\\nSELECT ?x WHERE { ?x a lvp:NoSuchClass }')")
        page.click("#query-run")
        page.wait_for_selector(".results .none", timeout=20_000)
        assert "Nav rezultātu" in page.locator("#results-body").inner_text()
        assert errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize("lang,done,undeclared", [
    ("en", "Answered in your browser", "is not declared"),
    ("lv", "Atbildējis jūsu pārlūks", "nav deklarēts"),
])
def test_without_an_endpoint_the_browser_answers_from_the_graph(site, browser, base_url, lang, done, undeclared):
    """A plain static server (no /sparql): a gallery question is answered in the browser (Oxigraph's
    WebAssembly build over the site's copy of the graph), labelled as such; a broken query still gets our
    message; a CONSTRUCT gives Turtle."""
    ctx, page, errors = _open_query_page(browser, base_url + f"{lang}/query.html")
    try:
        page.click("#q-cq-find-by-any-name a.use")
        page.wait_for_selector(".results-table, .results .error, .results .none", timeout=60_000)
        text = page.locator("#results-body").inner_text()
        assert done in text, text
        links = page.eval_on_selector_all(".results-table a", "els => els.map(e => e.getAttribute('href'))")
        assert "id/mutual-assistance-pact.html" in links
        page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE { ?s foo:bar ?o }')")
        page.click("#query-run")
        page.wait_for_selector(".results .error", timeout=20_000)
        assert undeclared in page.locator("#results-body").inner_text()
        page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue("
                      "'SELECT ?s WHERE { ?s ?p }')")
        page.click("#query-run")
        page.wait_for_selector(".results .error", timeout=20_000)
        assert done not in page.locator("#results-body").inner_text()
        page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue("
                      "'CONSTRUCT { <https://w3id.org/lv-pact-1939/id/latvia> ?p ?o } WHERE "
                      "{ <https://w3id.org/lv-pact-1939/id/latvia> ?p ?o } LIMIT 3')")
        page.click("#query-run")
        page.wait_for_selector(".results pre.turtle", timeout=20_000)
        assert "lv-pact-1939/id/latvia" in page.locator(".results pre.turtle").inner_text()
        # the one failed request is the page finding there is no endpoint (the browser logs it)
        assert [e for e in errors if "status of 501" not in e] == []
    finally:
        ctx.close()


def test_from_a_file_url_the_page_says_there_is_no_endpoint(site, browser):
    ctx, page, errors = _open_query_page(browser, (site / "en" / "query.html").as_uri())
    try:
        page.click("#query-run")
        page.wait_for_selector(".results .error", timeout=20_000)
        assert "No SPARQL endpoint answered" in page.locator("#results-body").inner_text()
    finally:
        ctx.close()


def test_keyboard_leaves_the_editor_with_tab(served, browser):
    base, _ = served
    ctx, page, errors = _open_query_page(browser, base + "en/query.html")
    try:
        page.locator(".CodeMirror textarea").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "query-run"
    finally:
        ctx.close()


def test_a_gallery_question_runs_by_keyboard_alone(served, browser):
    """Tab from the top of the page to the first question, Enter runs it; then, in the editor, a broken query
    by typing and Ctrl+Enter gets our message (no mouse anywhere)."""
    base, _ = served
    ctx, page, errors = _open_query_page(browser, base + "en/query.html")
    try:
        for _ in range(120):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('use')"):
                break
        else:
            pytest.fail("Tab never reached a question of the gallery")
        page.keyboard.press("Enter")
        page.wait_for_selector(".results-table, .results .error, .results .none", timeout=20_000)
        assert page.locator(".results .error").count() == 0, page.locator("#results-body").inner_text()
        # back into the editor by keyboard: Shift+Tab from the run button
        page.focus("#query-run")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("!!document.activeElement.closest('.CodeMirror')")
        page.keyboard.press("Control+A")
        page.keyboard.type("SELECT * WHERE { ?s nope:p ?o }")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(".results .error", timeout=20_000)
        assert "“nope:” is not declared" in page.locator("#results-body").inner_text()
        assert errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize("lang,undeclared,empty", [
    ("en", "is not declared", "No results"),
    ("lv", "nav deklarēts", "Nav rezultātu"),
])
def test_bad_input_is_explained_in_the_pages_language(served, browser, lang, undeclared, empty):
    base, _ = served
    ctx, page, errors = _open_query_page(browser, base + f"{lang}/query.html")
    try:
        page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE { ?s foo:bar ?o }')")
        page.click("#query-run")
        page.wait_for_selector(".results .error", timeout=20_000)
        assert undeclared in page.locator("#results-body").inner_text()
        page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue("
                      "'PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>\\nSELECT ?x WHERE { ?x a lvp:NoSuchClass }')")
        page.click("#query-run")
        page.wait_for_selector(".results .none", timeout=20_000)
        assert empty in page.locator("#results-body").inner_text()
        assert errors == []
    finally:
        ctx.close()


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - our own 127.0.0.1 server
            return r.status, r.headers.get("Content-Type"), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode("utf-8")


def test_server_gives_release_files_and_404_pages_in_the_right_language(served):
    base, release = served
    status, ctype, body = _get(base + "lv-pact-1939.ttl")
    assert status == 200 and ctype.startswith("text/turtle") and "@prefix" in body
    status, _, body = _get(base + "lv/id/no-such-entity.html")
    assert status == 404 and '<html lang="lv">' in body and "Lapa nav atrasta" in body
    status, _, body = _get(base + "en/nothing-here")
    assert status == 404 and "Page not found" in body
    status, _, body = _get(base + "../../etc/passwd")
    assert status == 404
