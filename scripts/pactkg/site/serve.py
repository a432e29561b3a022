"""`pactkg site-serve` (what `make serve` runs): the site, the release files and the SPARQL endpoint on one
address, so that the query page can ask the endpoint and the downloads page's links resolve.

  /                      the site (dist/site): /index.html, /en/…, /lv/…, /assets/…, /id/…
  /sparql, /query        the SPARQL endpoint: passed on to `oxigraph serve-read-only` (started on a free
                         port of 127.0.0.1 and stopped with this server), GET and POST
  anything else          a release file (dist/lv-pact-1939.ttl …) if there is one, else 404 with the
                         "not found" page of the address's language (/lv/… Latvian, /en/… English, else both)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import signal
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pactkg.common import paths

ENDPOINT_PATHS = ("/sparql", "/query")
MAX_BODY = 1_000_000  # bytes of a POSTed query
UPSTREAM_TIMEOUT_S = 120


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle; charset=utf-8",
        ".nt": "application/n-triples",
        ".jsonld": "application/ld+json",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".tsv": "text/tab-separated-values; charset=utf-8",
        ".md": "text/markdown; charset=utf-8",
        "": "text/plain; charset=utf-8",
    }

    def __init__(self, *args, site: Path, release: Path | None, quiet: bool, **kw):
        self.site, self.release, self.quiet = site, release, quiet
        super().__init__(*args, directory=str(site), **kw)

    @property
    def upstream(self) -> str | None:
        """The oxigraph server's base URL (set on the server once it runs)."""
        return getattr(self.server, "upstream", None)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if not self.quiet:
            super().log_message(format, *args)

    # --- the endpoint ----------------------------------------------------------------------------------

    def _is_endpoint(self) -> bool:
        return urlsplit(self.path).path in ENDPOINT_PATHS

    def _proxy(self, body: bytes | None) -> None:
        if not self.upstream:
            self._plain(503, "No SPARQL endpoint runs with this server.\n")
            return
        query = urlsplit(self.path).query
        url = self.upstream + "/query" + (f"?{query}" if query else "")
        headers = {"Accept": self.headers.get("Accept", "application/sparql-results+json")}
        if body is not None:
            headers["Content-Type"] = self.headers.get("Content-Type", "application/x-www-form-urlencoded")
        req = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
        try:
            with urllib.request.urlopen(req, timeout=UPSTREAM_TIMEOUT_S) as r:  # noqa: S310 - our own 127.0.0.1 server
                self._send(r.status, r.headers.get("Content-Type", "application/octet-stream"), r.read())
        except urllib.error.HTTPError as exc:
            self._send(exc.code, exc.headers.get("Content-Type", "text/plain; charset=utf-8"), exc.read())
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            self._plain(502, f"The SPARQL endpoint did not answer ({exc}).\n")

    def _send(self, status: int, ctype: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _plain(self, status: int, text: str) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    def do_POST(self):  # noqa: N802 - the base class's naming
        if not self._is_endpoint():
            self._plain(405, "Only the SPARQL endpoint (/sparql) takes POST.\n")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._plain(413, f"The query is longer than {MAX_BODY} bytes.\n")
            return
        self._proxy(self.rfile.read(length))

    def do_GET(self):  # noqa: N802
        if self._is_endpoint():
            self._proxy(None)
        else:
            super().do_GET()

    def do_HEAD(self):  # noqa: N802
        if self._is_endpoint():
            self._proxy(None)
        else:
            super().do_HEAD()

    # --- files: the site, else a release file, else the language's 404 page ------------------------------

    def translate_path(self, path: str) -> str:
        in_site = Path(super().translate_path(path))
        if in_site.exists() or self.release is None:
            return str(in_site)
        rel = unquote(urlsplit(path).path).lstrip("/")
        if rel and ".." not in Path(rel).parts:
            in_release = (self.release / rel)
            if in_release.is_file():
                return str(in_release)
        return str(in_site)

    def send_error(self, code, message=None, explain=None):
        if code != 404 or self.command not in ("GET", "HEAD"):
            return super().send_error(code, message, explain)
        first = urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        page = self.site / (f"{first}/404.html" if first in ("en", "lv") else "404.html")
        if not page.is_file():
            return super().send_error(code, message, explain)
        self._send(404, "text/html; charset=utf-8", page.read_bytes())


def make_server(site: Path, release: Path | None, upstream: str | None, host: str, port: int, quiet: bool = False):
    handler = functools.partial(SiteHandler, site=Path(site), release=Path(release) if release else None, quiet=quiet)
    httpd = http.server.ThreadingHTTPServer((host, port), handler)
    httpd.upstream = upstream  # type: ignore[attr-defined]
    return httpd


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, default=paths.DIST_DIR / "site", help="the built site (default: dist/site)")
    p.add_argument("--release", type=Path, default=paths.DIST_DIR, help="the release files (default: dist)")
    p.add_argument("--dump", type=Path, default=None, help="the dump the endpoint serves (default: dist/lv-pact-1939.ttl)")
    p.add_argument("--location", type=Path, default=None, help="the Oxigraph store directory (default: dist/oxigraph-store)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout-s", type=int, default=60, help="per-query time limit in seconds (default: 60)")


def run(args: argparse.Namespace) -> int:
    from pactkg.query import server as sparql_server

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"pactkg site-serve: {site}/index.html not found: build the site first (`make site`)", file=sys.stderr)
        return 2
    dump = args.dump or paths.DIST_DIR / sparql_server.DUMP_NAME
    location = args.location or paths.DIST_DIR / "oxigraph-store"
    try:
        if sparql_server.load_store(dump, location):
            print(f"loaded {dump} into {location}", file=sys.stderr)
        httpd = make_server(site, args.release, None, args.host, args.port)
    except sparql_server.ServerError as exc:
        print(f"pactkg site-serve: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"pactkg site-serve: cannot listen on {args.host}:{args.port} ({exc.strerror}); "
              "choose another port, e.g. `make serve PORT=7879`", file=sys.stderr)
        return 2
    try:
        with sparql_server.running_server(location, timeout_s=args.timeout_s) as upstream:
            httpd.upstream = upstream  # type: ignore[attr-defined]
            signal.signal(signal.SIGTERM, _interrupt)
            base = f"http://{args.host}:{args.port}"
            print(f"site: {base}/   query page: {base}/en/query.html   SPARQL endpoint (read-only): {base}/sparql   "
                  "stop with Ctrl-C", file=sys.stderr)
            sys.stderr.flush()
            httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    except sparql_server.ServerError as exc:
        print(f"pactkg site-serve: {exc}", file=sys.stderr)
        return 2
    finally:
        httpd.server_close()
    return 0
