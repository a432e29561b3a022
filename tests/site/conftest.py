"""Fixtures for the site's tests: the real graph, the site built from it (in a temp folder), a local web
server on 127.0.0.1 and a headless Chromium. The browser fixture fails, with the fix, when Chromium is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactkg.build.load import load_all


@pytest.fixture(scope="session")
def real_graph():
    return load_all()


@pytest.fixture(scope="session")
def site(real_graph, tmp_path_factory) -> Path:
    from pactkg.site.build import build_site

    out = tmp_path_factory.mktemp("real") / "site"
    build_site(real_graph, out)
    return out


@pytest.fixture(scope="session")
def browser():
    from pactkg.site.browser import BrowserMissing, check_browser, chromium

    missing = None
    try:
        check_browser()
    except BrowserMissing as exc:
        missing = str(exc)
    if missing:
        pytest.fail(f"browser tests need headless Chromium: {missing}", pytrace=False)
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def base_url(site):
    from pactkg.site.browser import serve

    with serve(site) as url:
        yield url


class Watched:
    """A page whose console errors, uncaught exceptions and failed or 4xx/5xx requests are recorded."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def take_errors(self) -> list[str]:
        out, self.errors = self.errors, []
        return out


@pytest.fixture
def watched(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Watched(ctx.new_page())
    finally:
        ctx.close()
