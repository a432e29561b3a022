"""What the endpoint says about a set of Wikidata items: labels, aliases, descriptions, types, dates, redirects.

One query shape serves the reconciler (to score candidates) and the link check (to see drift): many items per
request (VALUES), one row per fact, parsed into `ItemFacts`. Type membership is asked of the endpoint as
"?item wdt:P31/wdt:P279* ?class" for the classes we care about, so the client never walks the class tree.
On the Wikidata Query Service a redirected item has only `owl:sameAs` to its target, and a deleted one has
no triples at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactkg.common import sparql_quoting as sl
from pactkg.link import wikidata_vocabulary
from pactkg.link.wdqs_client import PREFIXES, WdqsClient

WD = "http://www.wikidata.org/entity/"
DATE_PROPS = (wikidata_vocabulary.P_DATE_OF_BIRTH, wikidata_vocabulary.P_DATE_OF_DEATH, wikidata_vocabulary.P_POINT_IN_TIME, wikidata_vocabulary.P_START_TIME,
              wikidata_vocabulary.P_PUBLICATION_DATE)
_YEAR = re.compile(r"^([+-]?[0-9]{1,6})-")


@dataclass
class ItemFacts:
    qid: str
    labels: dict[str, set[str]] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    instance_of: set[str] = field(default_factory=set)
    isa: set[str] = field(default_factory=set)  # our classes of interest it is an instance of (P31/P279*)
    country: set[str] = field(default_factory=set)
    dates: dict[str, set[str]] = field(default_factory=dict)
    redirect: str | None = None
    seen: bool = False  # any triple at all

    def years(self, pid: str) -> set[int]:
        out = set()
        for d in self.dates.get(pid, ()):
            m = _YEAR.match(d)
            if m:
                out.add(int(m.group(1)))
        return out

    def best_label(self) -> str:
        for lang in ("en", "lv", "ru"):
            if self.labels.get(lang):
                return sorted(self.labels[lang])[0]
        return ""


def qid_of(uri: str) -> str | None:
    if uri.startswith(WD):
        q = uri[len(WD):]
        return q if sl.is_qid(q) else None
    return None


def details_query(qids: list[str], classes: list[str]) -> str:
    items = " ".join(sl.qid(q) for q in qids)
    langs = ", ".join(sl.string(lang) for lang in wikidata_vocabulary.LABEL_LANGUAGES)
    date_unions = "\n".join(
        f"  UNION {{ ?item {sl.pid(p)} ?value . BIND({sl.string(p)} AS ?what) }}" for p in DATE_PROPS
    )
    isa = ""
    if classes:
        class_values = " ".join(sl.qid(c) for c in classes)
        isa = (f"\n  UNION {{ VALUES ?value {{ {class_values} }} ?item {sl.pid(wikidata_vocabulary.P_INSTANCE_OF)}/"
               f"{sl.pid(wikidata_vocabulary.P_SUBCLASS_OF)}* ?value . BIND(\"isa\" AS ?what) }}")
    return f"""{PREFIXES}SELECT ?item ?what ?value WHERE {{
  VALUES ?item {{ {items} }}
  {{ ?item rdfs:label ?value . FILTER(LANG(?value) IN ({langs})) BIND("label" AS ?what) }}
  UNION {{ ?item skos:altLabel ?value . FILTER(LANG(?value) IN ({langs})) BIND("alias" AS ?what) }}
  UNION {{ ?item schema:description ?value . FILTER(LANG(?value) IN ({langs})) BIND("description" AS ?what) }}
  UNION {{ ?item {sl.pid(wikidata_vocabulary.P_INSTANCE_OF)} ?value . BIND("P31" AS ?what) }}
  UNION {{ ?item {sl.pid(wikidata_vocabulary.P_COUNTRY)} ?value . BIND("P17" AS ?what) }}
{date_unions}
  UNION {{ ?item owl:sameAs ?value . BIND("redirect" AS ?what) }}{isa}
}}"""


def fetch(client: WdqsClient, qids: list[str], classes: list[str], batch: int = 20) -> dict[str, ItemFacts]:
    """Facts about every item in qids (one request per `batch` items); items with no triple have seen=False."""
    out = {q: ItemFacts(q) for q in qids}
    uniq = sorted(set(qids), key=lambda q: int(q[1:]))
    for i in range(0, len(uniq), batch):
        chunk = uniq[i : i + batch]
        for b in client.select(details_query(chunk, classes)):
            q = qid_of(b.get("item", {}).get("value", ""))
            if q not in out:
                continue
            f = out[q]
            f.seen = True
            what = b.get("what", {}).get("value")
            v = b.get("value", {})
            value, lang = v.get("value", ""), v.get("xml:lang")
            if what == "label" and lang:
                f.labels.setdefault(lang, set()).add(value)
            elif what == "alias" and lang:
                f.aliases.setdefault(lang, set()).add(value)
            elif what == "description" and lang:
                f.descriptions[lang] = value
            elif what == "P31":
                qq = qid_of(value)
                if qq:
                    f.instance_of.add(qq)
            elif what == "isa":
                qq = qid_of(value)
                if qq:
                    f.isa.add(qq)
            elif what == "P17":
                qq = qid_of(value)
                if qq:
                    f.country.add(qq)
            elif what in DATE_PROPS:
                f.dates.setdefault(what, set()).add(value)
            elif what == "redirect":
                f.redirect = qid_of(value) or value
    return out
