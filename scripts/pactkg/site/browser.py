"""A local web server for a built site and a headless Chromium to look at it (tests and screenshots).

The server is Python's http.server in a thread, bound to 127.0.0.1 on a free port. The browser is the
system's Chromium (Debian's `chromium`), driven by Playwright; Playwright's own browser downloads are never
used. When Chromium or Playwright is missing, BrowserMissing says how to install them.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM = os.environ.get("PACTKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "run `make test` (it installs Debian's chromium through mk/system-deps.sh, as root) or `bash mk/system-deps.sh`, then `make test-venv` for Playwright (a test-only package)"


class BrowserMissing(RuntimeError):
    pass


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle; charset=utf-8",
        ".jsonld": "application/ld+json",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) while the block runs; yields the base URL ('http://…/')."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def check_browser() -> None:
    """Raise BrowserMissing (with the fix) unless Chromium and Playwright are both here."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        raise BrowserMissing(f"Chromium not found at {CHROMIUM}: {INSTALL_HINT}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BrowserMissing(f"the Python package playwright is not installed ({exc}): {INSTALL_HINT}") from exc


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Playwright Browser) with a fresh profile, closed afterwards."""
    check_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
