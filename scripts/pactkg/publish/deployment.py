"""Where a release lives on the web: one setting that everything published follows.

publish/deployment.toml holds `base`, the URL at which a web server serves a release folder as it is; the
SPARQL endpoint is a path of the same host and the pages are under `site/`. The dataset description, the
w3id.org redirect rules and the per-entity files take their addresses from here, so moving the data to
another host changes one line. An empty base, or one on a loopback address, is a build for local use: the
description then says so instead of advertising an endpoint nobody else can reach.
"""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pactkg.common import paths

CONFIG_FILE = paths.ROOT / "publish" / "deployment.toml"
# The base of a build for local use (no base set): where `make deploy-local` serves it by default.
LOCAL_BASE = "http://127.0.0.1:8080/"
LOCAL_NOTE = (
    "This copy of the dataset was built for local use and is not published: it names no SPARQL endpoint. "
    "`make deploy-local` serves it, with a read-only SPARQL endpoint, on this machine."
)
KEYS = {"base", "sparql_path", "entity_page"}


class DeploymentError(ValueError):
    """The deployment setting cannot be used; the message names the file or variable and what to write."""


@dataclass(frozen=True)
class Deployment:
    base: str = LOCAL_BASE  # an http(s) URL ending in "/"; on a loopback address: a local build
    sparql_path: str = "sparql"
    entity_page: str = "site/id/{slug}.html"

    @property
    def local(self) -> bool:
        """True for a build that is not published: no base, or a base on this machine."""
        host = urlsplit(self.base).hostname or ""
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def url(self, rel: str = "") -> str:
        """The address of a file of the release (relative path) on the host."""
        return self.base + rel.lstrip("/")

    @property
    def local_note(self) -> str | None:
        """What the description says of a local build (None when deployed)."""
        return LOCAL_NOTE if self.local else None

    @property
    def sparql_endpoint(self) -> str | None:
        """The public SPARQL endpoint, or None for a local build."""
        return None if self.local else self.url(self.sparql_path)

    def page_path(self, slug: str) -> str:
        """An entity's HTML page, relative to the base."""
        return self.entity_page.format(slug=slug)

    def entity_resource(self, slug: str) -> str:
        """Where an entity's negotiated document is, relative to the base: its page's path without ".html",
        so that the page, served there, finds its stylesheet and links by the same relative paths."""
        return self.page_path(slug)[: -len(".html")]

    @property
    def entity_dir(self) -> str:
        return self.entity_page.rsplit("/", 1)[0]


def check_base(base: str, where: str) -> str:
    """The base as used (with a trailing "/"), or DeploymentError saying what is wrong with it."""
    base = base.strip()
    if not base:
        return ""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeploymentError(f"{where}: base {base!r} is not an http(s) URL (e.g. https://data.example.net/lv-pact-1939/)")
    if parts.query or parts.fragment:
        raise DeploymentError(f"{where}: base {base!r} must not have a query or a fragment")
    return base if base.endswith("/") else base + "/"


def load(path: Path = CONFIG_FILE, base: str | None = None) -> Deployment:
    """The deployment setting from `path`; `base`, when given (DEPLOY_BASE), replaces the file's base."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeploymentError(f"{path}: missing. It holds `base = \"\"` (local) or the host's URL.") from None
    except tomllib.TOMLDecodeError as exc:
        raise DeploymentError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise DeploymentError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}")
    for key, value in data.items():
        if not isinstance(value, str):
            raise DeploymentError(f"{path}: {key} must be a string in quotes")
    entity_page = data.get("entity_page", Deployment.entity_page)
    if not entity_page.endswith("/{slug}.html") or entity_page.startswith("/") or entity_page.count("{slug}") != 1:
        raise DeploymentError(f"{path}: entity_page must be a relative path ending in /{{slug}}.html, e.g. site/id/{{slug}}.html")
    if base is not None:
        chosen = check_base(base, "DEPLOY_BASE")
    else:
        chosen = check_base(data.get("base", ""), f"{path}: base")
    return Deployment(
        base=chosen or LOCAL_BASE,
        sparql_path=data.get("sparql_path", Deployment.sparql_path).strip("/"),
        entity_page=entity_page,
    )
