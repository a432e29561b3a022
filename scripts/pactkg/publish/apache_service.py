"""The release served as a linked-data service: Apache httpd with the rules, and the SPARQL endpoint behind it.

What a host runs, on this machine: Apache httpd (Debian's `apache2`) serves a copy of the release folder
with its .htaccess (content negotiation through type maps), proxies <base>sparql to `oxigraph
serve-read-only` over the dump, and, on a second port, plays w3id.org: a folder lv-pact-1939/ holding the
release's w3id rules, so that https://w3id.org/lv-pact-1939/… can be tried as
http://127.0.0.1:<w3id port>/lv-pact-1939/…. Everything is written into a temporary folder (configuration,
logs, pid file); nothing outside it is touched, and stopping removes it.

Used by the tests (tests/publish) and by `make deploy-local` (`pactkg deploy-local`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MODULES_DIR = Path("/usr/lib/apache2/modules")
MODULES = ("mpm_event", "authz_core", "mime", "negotiation", "rewrite", "dir", "proxy", "proxy_http", "headers")
W3ID_FOLDER = "lv-pact-1939"


class ServiceError(Exception):
    """Apache or the endpoint could not be started; the message says why and what to do."""


def apache_binary() -> str:
    for candidate in (shutil.which("apache2"), "/usr/sbin/apache2", shutil.which("httpd")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise ServiceError("Apache httpd is not installed: apt-get install apache2 (listed in mk/system-packages.txt)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(root: Path, docroot: Path, w3id_root: Path, port: int, w3id_port: int, sparql_path: str | None,
           endpoint: str | None) -> str:
    """An httpd.conf for the host (port) and the w3id.org stand-in (w3id_port), all files under `root`."""
    loads = "".join(f"LoadModule {m}_module {MODULES_DIR}/mod_{m}.so\n" for m in MODULES)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    proxy = ""
    if sparql_path and endpoint:
        proxy = (
            f"    # The read-only SPARQL endpoint as a path of the same host\n"
            f"    ProxyPass /{sparql_path} {endpoint}\n"
            f"    ProxyPassReverse /{sparql_path} {endpoint}\n"
            f"    <Location /{sparql_path}>\n        <LimitExcept GET POST HEAD OPTIONS>\n"
            f"            Require all denied\n        </LimitExcept>\n    </Location>\n"
        )
    return f"""# Written by pactkg.apache_service for one run; see docs/deployment.md for a real host.
ServerRoot {root}
DefaultRuntimeDir {root}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
LogLevel warn
{loads}{user}ServerName 127.0.0.1
Listen 127.0.0.1:{port}
Listen 127.0.0.1:{w3id_port}
TypesConfig /etc/mime.types
AddDefaultCharset Off
<Directory />
    AllowOverride None
    Require all denied
</Directory>

# The host at the deployment base: the release folder as it is, with its .htaccess
<VirtualHost 127.0.0.1:{port}>
    DocumentRoot {docroot}
    <Directory {docroot}>
        Options FollowSymLinks
        AllowOverride FileInfo Indexes Options=Indexes,MultiViews,FollowSymLinks
        Require all granted
    </Directory>
{proxy}</VirtualHost>

# w3id.org's part: https://w3id.org/lv-pact-1939/… is http://127.0.0.1:{w3id_port}/lv-pact-1939/… here
<VirtualHost 127.0.0.1:{w3id_port}>
    DocumentRoot {w3id_root}
    <Directory {w3id_root}>
        Options FollowSymLinks
        AllowOverride All
        Require all granted
    </Directory>
</VirtualHost>
"""


def _wait_port(port: int, proc: subprocess.Popen, log: Path, limit_s: float = 20.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServiceError(f"apache2 exited at start (code {proc.returncode}): "
                               f"{log.read_text(errors='replace')[-2000:] if log.is_file() else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise ServiceError(f"apache2 did not listen on 127.0.0.1:{port} within {limit_s:g} s")


def stage_docroot(dist: Path, docroot: Path, version: str | None) -> None:
    """The host's folder: a copy of the release (readable by Apache's user), and again as releases/<version>/."""
    shutil.copytree(dist, docroot, symlinks=False)
    if version:
        (docroot / "releases").mkdir(exist_ok=True)
        shutil.copytree(dist, docroot / "releases" / version, symlinks=False, ignore=shutil.ignore_patterns("site"))
    for p in [docroot, *docroot.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)


@dataclass
class Service:
    host: str  # http://127.0.0.1:<port>/ (the deployment base)
    w3id: str  # http://127.0.0.1:<w3id port>/lv-pact-1939/ (stands for https://w3id.org/lv-pact-1939/)
    sparql: str | None
    root: Path

    def w3id_url(self, iri: str) -> str:
        """The stand-in address of a w3id IRI (fragment dropped, as a client does)."""
        prefix = "https://w3id.org/lv-pact-1939/"
        if not iri.startswith(prefix):
            raise ValueError(f"{iri}: not a w3id IRI of the dataset")
        return self.w3id + iri[len(prefix):].split("#", 1)[0]


@contextlib.contextmanager
def running(dist: Path, w3id_rules: str, port: int, w3id_port: int, version: str | None = None,
            sparql_path: str | None = None, endpoint: str | None = None,
            root: Path | None = None) -> Iterator[Service]:
    """Start Apache over a copy of `dist`; yield the Service; always stop it and remove its folder."""
    made = root is None
    root = Path(root or tempfile.mkdtemp(prefix="pactkg-httpd-"))
    os.chmod(root, 0o755)
    docroot, w3id_root = root / "htdocs", root / "w3id"
    stage_docroot(Path(dist), docroot, version)
    (w3id_root / W3ID_FOLDER).mkdir(parents=True)
    (w3id_root / W3ID_FOLDER / ".htaccess").write_text(w3id_rules, encoding="utf-8")
    for p in [w3id_root, *w3id_root.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    conf = root / "httpd.conf"
    conf.write_text(config(root, docroot, w3id_root, port, w3id_port, sparql_path, endpoint), encoding="utf-8")
    log = root / "error.log"
    proc = subprocess.Popen([apache_binary(), "-f", str(conf), "-DFOREGROUND"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(root / "stderr.log", "w"))
    try:
        _wait_port(port, proc, root / "stderr.log")
        _wait_port(w3id_port, proc, root / "stderr.log")
        yield Service(f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{w3id_port}/{W3ID_FOLDER}/",
                      f"http://127.0.0.1:{port}/{sparql_path}" if sparql_path and endpoint else None, root)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # httpd: stop now (children too)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if made:
            shutil.rmtree(root, ignore_errors=True)


# --- `pactkg deploy-local`: the whole service in the foreground until Ctrl-C ----------------------------


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dist", type=Path, default=None, help="the release to serve (default: dist/)")
    p.add_argument("--port", type=int, default=8080, help="the host's port (default 8080: the local base)")
    p.add_argument("--w3id-port", type=int, default=8081, help="port of the w3id.org stand-in (default 8081)")
    p.add_argument("--sparql-port", type=int, default=None, help="port of the oxigraph server behind the proxy (default: a free one)")
    p.add_argument("--check", action="store_true", help="start everything, ask it a few questions, stop (exit 1 on a failure)")


def run(args) -> int:
    from pactkg.common.paths import DIST_DIR
    from pactkg.publish import deployment, host_files
    from pactkg.publish import release_version as releaseinfo
    from pactkg.query import server

    dist = Path(args.dist or DIST_DIR)
    if not (dist / "lv-pact-1939.ttl").is_file() or not (dist / ".htaccess").is_file():
        print(f"{dist}: no release to serve; run `make release` (and `make site`) first", file=sys.stderr)
        return 1
    base = f"http://127.0.0.1:{args.port}/"
    dep = deployment.load(base=base)
    store = dist.parent / f".{dist.name}-oxigraph-store"
    try:
        server.load_store(dist / "lv-pact-1939.ttl", store)
        with server.running_server(store, port=args.sparql_port) as ep, running(
            dist, host_files.w3id_rules(dep), args.port, args.w3id_port, releaseinfo.__version__,
            dep.sparql_path, ep + "/query",
        ) as svc:
            print(f"host (deployment base): {svc.host}\nSPARQL endpoint (read-only, proxied): {svc.sparql}\n"
                  f"w3id.org stand-in: {svc.w3id}  (e.g. {svc.w3id}id/riga)\n"
                  f"Apache's folder: {svc.root}", flush=True)
            if args.check:
                return 0 if smoke_check(svc) else 1
            print("stop with Ctrl-C", flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
    except (ServiceError, server.ServerError, deployment.DeploymentError) as exc:
        print(f"deploy-local: {exc}", file=sys.stderr)
        return 1


def smoke_check(svc: Service) -> bool:
    """A few requests through the w3id stand-in and the proxied endpoint; prints what it got."""
    import urllib.parse

    ok = True
    for accept in ("text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"):
        url = svc.w3id_url("https://w3id.org/lv-pact-1939/id/riga")
        req = urllib.request.Request(url, headers={"Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                got = r.headers.get("Content-Type", "")
        except urllib.error.URLError as exc:
            got = f"error {exc}"
        good = got.split(";")[0] == accept
        ok &= good
        print(f"{'ok ' if good else 'BAD'} {url} Accept: {accept} -> {got}")
    if svc.sparql:
        q = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        req = urllib.request.Request(f"{svc.sparql}?{q}", headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                print(f"ok  {svc.sparql} answered: {r.read(200).decode(errors='replace')}")
        except urllib.error.URLError as exc:
            ok = False
            print(f"BAD {svc.sparql}: {exc}")
    return ok
