"""Re-check every quotation against the article as it reads today (`pactkg source-check`, `make source-check`; online).

The build checks evidence against the copy of the article in ../shared; a user who clones the project has no
way to see whether the article has changed since. This command asks the wiki's API (MediaWiki, action=query)
for the page's current plain text (prop=extracts, explaintext) and its current revision (prop=revisions),
then reports every lvp:evidence / lvp:text citing the article that the current text no longer contains:

- missing: not in the current text at all (the article has changed, or the quotation was never there);
- spacing: found only after unifying spaces, line breaks, quotation marks and dashes (the plain-text
  extract lays the page out differently from the shared copy; not a change of wording).

It records what it checked (the page's title, revision id and timestamp, when, and the result) in a small
TSV report, written atomically, so that a later reader knows which revision the quotations were checked
against. Exit status: 0 when nothing is missing, 1 when something is, 2 when the wiki could not be asked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from pactkg import __version__
from pactkg.build import evidence_check, load
from pactkg.common import paths
from pactkg.common.inputs import Inputs
from pactkg.common.namespaces import LVP, SOURCE_ARTICLE
from pactkg.link.sssom_tsv import write_atomic

DEFAULT_API = "https://lv.wikipedia.org/w/api.php"
DEFAULT_CONTACT = "https://w3id.org/lv-pact-1939/"
REPORT_NAME = "source-check.tsv"


class SourceCheckError(RuntimeError):
    """The wiki could not be asked, or answered something else than a page; the message says what to do."""


@dataclass(frozen=True)
class PageText:
    title: str
    revision: int
    timestamp: str
    text: str


@dataclass(frozen=True)
class Finding:
    fact: str
    prop: str
    text: str
    status: str  # missing | spacing


def article_title(graph: Graph) -> str:
    """The page title, taken from the article's lvp:url in the data (…/wiki/Title, percent-decoded)."""
    url = graph.value(SOURCE_ARTICLE, LVP.url)
    if url is None or "/wiki/" not in str(url):
        raise SourceCheckError(
            f"{SOURCE_ARTICLE} has no lvp:url of the form https://…/wiki/Title in data/sources.ttl: "
            "add it, or pass --title"
        )
    return urllib.parse.unquote(str(url).split("/wiki/", 1)[1]).replace("_", " ")


def user_agent(contact: str) -> str:
    """A User-Agent naming the tool and a way to reach its operator, as the Wikimedia policy asks."""
    return f"lv-pact-1939-source-check/{__version__} ({contact}) Python-urllib"


def fetch_page(api: str, title: str, contact: str = DEFAULT_CONTACT, timeout: float = 30.0) -> PageText:
    params = {
        "action": "query",
        "prop": "extracts|revisions",
        "explaintext": "1",
        "rvprop": "ids|timestamp",
        "titles": title,
        "redirects": "1",
        "format": "json",
        "formatversion": "2",
    }
    url = f"{api}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(contact), "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise SourceCheckError(f"{api} answered HTTP {exc.code} {exc.reason}: try again later, or check --api") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceCheckError(f"could not reach {api} ({exc}): check the network or --api") from exc
    try:
        pages = json.loads(body.decode("utf-8"))["query"]["pages"]
        page = pages[0]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise SourceCheckError(f"{api} did not answer with a page (not the JSON of action=query): check --api") from exc
    if page.get("missing") or page.get("invalid"):
        raise SourceCheckError(f"the wiki has no page {title!r}: check the article's lvp:url or --title")
    try:
        rev = page["revisions"][0]
        return PageText(page["title"], int(rev["revid"]), str(rev["timestamp"]), str(page["extract"]))
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise SourceCheckError(f"{api} answered without the page's text or revision: check --api") from exc


def check(graph: Graph, text: str) -> tuple[int, list[Finding]]:
    """(fragments checked, findings) for the article's fragments against `text`."""
    items = evidence_check.evidence_items(graph)
    flat = evidence_check._normalise(text)
    findings = []
    for fact, prop, lit in items:
        fragment = str(lit)
        if fragment in text:
            continue
        status = "spacing" if evidence_check._normalise(fragment) in flat else "missing"
        findings.append(Finding(evidence_check.short(fact), evidence_check.short(prop), fragment, status))
    return len(items), findings


def report_tsv(page: PageText, api: str, checked: int, findings: list[Finding], when: str) -> str:
    def cell(s: str) -> str:
        return s.replace("\t", " ").replace("\n", " ")

    lines = [
        "# pactkg source-check: the article's evidence against its current text",
        f"# api\t{api}",
        f"# title\t{page.title}",
        f"# revision\t{page.revision}",
        f"# revision_timestamp\t{page.timestamp}",
        f"# checked_at\t{when}",
        f"# fragments\t{checked}",
        f"# missing\t{sum(f.status == 'missing' for f in findings)}",
        "status\tfact\tproperty\ttext",
    ]
    lines += [f"{f.status}\t{f.fact}\t{f.prop}\t{cell(f.text)}" for f in findings]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api", default=DEFAULT_API, help=f"the wiki's api.php (default {DEFAULT_API})")
    parser.add_argument("--title", help="the page title (default: from the article's lvp:url in the data)")
    parser.add_argument("--contact", default=DEFAULT_CONTACT, help="how to reach you, for the User-Agent")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the wiki")
    parser.add_argument("--out", type=Path, default=paths.DEV_DIR / REPORT_NAME,
                        help="the TSV report to write (default: the repository's build/source-check.tsv)")


def run(args) -> int:
    inputs = Inputs.from_env()
    try:
        graph = load.load_graph(inputs.data_files())
    except load.ParseError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        title = args.title or article_title(graph)
        page = fetch_page(args.api, title, args.contact, args.timeout)
    except SourceCheckError as exc:
        print(f"source-check: {exc}", file=sys.stderr)
        return 2
    checked, findings = check(graph, page.text)
    when = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    write_atomic(Path(args.out), report_tsv(page, args.api, checked, findings, when))
    missing = [f for f in findings if f.status == "missing"]
    spacing = len(findings) - len(missing)
    print(f"source-check: {page.title!r}, revision {page.revision} of {page.timestamp}: {checked} fragments, "
          f"{len(missing)} no longer in the article, {spacing} differing only in spacing or quotation marks "
          f"(report: {args.out})")
    for f in missing:
        print(f"  missing: {f.fact} {f.prop} {f.text!r}", file=sys.stderr)
    return 1 if missing else 0
