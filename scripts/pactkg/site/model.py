"""A read-only view of the graph shaped for pages: entities, labels, kinds, facts in and out.

The graph is walked once into dictionaries (subject -> facts, object -> facts), so that writing a few
hundred pages does not query rdflib a few hundred thousand times.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from rdflib import Literal, URIRef

from pactkg.build import vocabulary_hierarchy
from pactkg.site.terms import LVD, LVP, OWL, RDF, RDFS, SKOS, WD, WGS, canonical

# Index groups, first match wins: (key in i18n.UI, classes whose instances belong to it).
GROUPS: list[tuple[str, tuple[URIRef, ...]]] = [
    ("g_people", (LVP.Person,)),
    ("g_forces", (LVP.MilitaryFormation,)),
    ("g_states", (LVP.Organisation,)),
    ("g_unitkinds", (LVP.UnitKind,)),
    ("g_offices", (LVP.Office,)),
    ("g_documents", (LVP.Document,)),
    ("g_stationings", (LVP.Stationing,)),
    ("g_events", (LVP.Event,)),
    ("g_places", (LVP.Place,)),
    ("g_vessels", (LVP.Vessel,)),
    ("g_officeholdings", (LVP.OfficeHolding,)),
    ("g_provisions", (LVP.Provision, LVP.SphereOfInfluence)),
    ("g_quantities", (LVP.Quantity,)),
    ("g_quotations", (LVP.Quotation,)),
    ("g_claims", (LVP.Claim,)),
    ("g_geometries", (LVP.PointGeometry, LVP.LineGeometry)),
]
OTHER_GROUP = "g_other"
# Nodes that say something about a string or a name rather than about history: the dataset's English
# rendering of a Latvian quote (lvp:Translation) and a source's Russian name for a thing
# (lvp:NameAttestation). They get no page of their own: each is shown where it belongs (the rendering
# beside the quote it renders, the attestation among the names of the thing it names); docs/site.md.
INLINE_CLASSES = (LVP.Translation, LVP.NameAttestation)

LABEL_LANGS = ("lv", "en", "ru")
MEMO_SIZE = 50_000  # results kept per GraphView.memo cache
WIKIDATA_LINK_PROPS = (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)


@dataclass
class Entity:
    iri: URIRef
    slug: str
    types: list[URIRef] = field(default_factory=list)
    group: str = OTHER_GROUP


class GraphView:
    """Labels, types and facts of the graph's entities (IRIs under lvd:)."""

    def __init__(self, triples: Iterable[tuple]):
        """`triples`: the graph's (subject, predicate, object) rdflib terms, each once, read in one pass: an
        rdflib Graph, or triples streamed from a store or a file (no Graph is kept: docs/site.md)."""
        self.out: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
        one = _OneObjectPerIRI()
        for s, p, o in triples:
            self.out[one(s)][one.vocabulary(p)].append(one(o) if type(o) is URIRef else o)
        del one
        # A page shows what was said (Signing, signatory), not also what the dump adds for stores without a
        # reasoner (Event, participant: pactkg.build.vocabulary_hierarchy). Those triples are kept apart, by
        # subject and predicate, for what needs the whole graph (graph.nt, the source page's coverage).
        self.entailed: dict[tuple, list] = _entailed(self.out)
        for (s, p), objs in self.entailed.items():
            drop = set(objs)
            d = self.out[s]
            d[p] = [o for o in d[p] if o not in drop]
            if not d[p]:
                del d[p]
        self.inc: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
        self.labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
        for s, d in self.out.items():
            for p, objs in d.items():
                objs.sort(key=_term_key)
                for o in objs:
                    if isinstance(o, URIRef):
                        self.inc[o].append((s, p))
                    if p == RDFS.label and isinstance(o, Literal):
                        lang = o.language or ""
                        # exactly one per language is the contract; keep the smallest if the data breaks it
                        prev = self.labels[s].get(lang)
                        if prev is None or str(o) < prev:
                            self.labels[s][lang] = str(o)
        for lst in self.inc.values():
            lst.sort(key=lambda sp: (str(sp[1]), str(sp[0])))
        self.page_cache: dict[str, dict] = {}  # what the page writers work out once per node (summary.py)
        self._memos: dict[str, dict] = {}  # memo(): bounded, see there
        self._last: dict[str, tuple] = {}  # for_node(): name -> (node, result)
        self._supers: dict[URIRef, set[URIRef]] = {}
        self._closures: dict[tuple, set[URIRef]] = {}  # a node's rdf:types -> every class they are (is_a)
        self.entities: dict[URIRef, Entity] = {}
        self.inline: dict[URIRef, Entity] = {}  # INLINE_CLASSES: no page, shown where they belong
        for s in sorted({s for s in self.out if isinstance(s, URIRef) and str(s).startswith(str(LVD))}, key=str):
            slug = str(s)[len(str(LVD)):]
            if not slug or "/" in slug or "#" in slug:
                continue
            types = [t for t in self.values(s, RDF.type) if isinstance(t, URIRef)]
            ent = Entity(s, slug, types, self._group(types))
            if any(self.is_a(s, c) for c in INLINE_CLASSES):
                self.inline[s] = ent
            else:
                self.entities[s] = ent
        # The dataset's English renderings, by the Latvian string they render (lvp:translationOf).
        self.translations: dict[str, list[URIRef]] = defaultdict(list)
        self._quoted_by_index: dict[str, list] | None = None
        self._renderings: dict[str, list[str]] = {}
        for t in self.inline:
            for of in self.values(t, LVP.translationOf):
                if isinstance(of, Literal):
                    self.translations[str(of)].append(t)

    def renderings(self, text) -> list[str]:
        """The dataset's English renderings of a Latvian quote (lvp:Translation), in a stable order.

        Worked out once per quote: every entity that carries a quote asks for it, and a quote's translation
        nodes grow with the entities that share it (asking each time was quadratic: 15% of a 100x site)."""
        key = str(text)
        if key not in self._renderings:
            self._renderings[key] = sorted(
                {str(r) for t in self.translations.get(key, []) for r in self.values(t, LVP.translation)
                 if isinstance(r, Literal)}
            )
        return list(self._renderings[key])

    def attestations(self, node) -> list[URIRef]:
        """The lvp:NameAttestation nodes that give a source's name for `node`."""
        return [s for s, p in self.inc.get(node, []) if p == LVP.nameOf and s in self.inline]

    def quoting(self, translation) -> list[URIRef]:
        """The entities whose evidence or quoted text a translation node renders (for its address's page)."""
        texts = {str(o) for o in self.values(translation, LVP.translationOf)}
        out = []
        for node in {n for t in texts for n in self._quoted_by().get(t, ())}:
            # an attestation's words are shown among the names of the thing it names
            out += self.values(node, LVP.nameOf) if node in self.inline else [node]
        return sorted(set(out), key=str)

    def _quoted_by(self) -> dict[str, list]:
        """Each evidence or quoted text -> the entities and inline nodes that carry it, built once (asking every
        node for every translation was quadratic: 179 s of CPU for the site at 30x)."""
        if self._quoted_by_index is None:
            index: dict[str, list] = defaultdict(list)
            for node in list(self.entities) + list(self.inline):
                for p in (LVP.evidence, LVP.text):
                    for o in self.values(node, p):
                        index[str(o)].append(node)
            self._quoted_by_index = index
        return self._quoted_by_index

    # --- the whole graph, the entailed triples included ------------------------------------------------

    def triples(self) -> Iterator[tuple]:
        """Every triple of the graph the view was made from (stated and entailed), in no particular order."""
        for s, d in self.out.items():
            for p, objs in d.items():
                for o in objs:
                    yield s, p, o
        for (s, p), objs in self.entailed.items():
            for o in objs:
                yield s, p, o

    def subjects(self, predicate, obj) -> Iterator:
        """What rdflib's Graph.subjects(predicate, obj) gives for the whole graph (readers written for a Graph,
        e.g. pactkg.build.sentence_coverage, read the view instead)."""
        if isinstance(obj, URIRef):
            for s, p in self.inc.get(obj, ()):
                if p == predicate:
                    yield s
        else:
            for s, d in self.out.items():
                if obj in d.get(predicate, ()):
                    yield s
        for (s, p), objs in self.entailed.items():
            if p == predicate and obj in objs:
                yield s

    def objects(self, subject, predicate) -> Iterator:
        """What rdflib's Graph.objects(subject, predicate) gives for the whole graph."""
        yield from self.values(subject, predicate)
        yield from self.entailed.get((subject, predicate), ())

    # --- basic access ------------------------------------------------------------------------------

    def values(self, s, p) -> list:
        d = self.out.get(s)
        if not d:
            return []
        return d.get(p, [])

    def value(self, s, p):
        vals = self.values(s, p)
        return vals[0] if vals else None

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        """cls and everything it is rdfs:subClassOf, transitively."""
        if cls in self._supers:
            return self._supers[cls]
        seen = {cls}
        todo = [cls]
        while todo:
            c = todo.pop()
            for sup in self.values(c, RDFS.subClassOf):
                if isinstance(sup, URIRef) and sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        self._supers[cls] = seen
        return seen

    def is_a(self, node, cls: URIRef) -> bool:
        types = self.values(node, RDF.type)
        if not types:
            return False
        key = tuple(types)  # a few kinds of type list in a graph: one closure each
        closure = self._closures.get(key)
        if closure is None:
            closure = set()
            for t in types:
                if isinstance(t, URIRef):
                    closure |= self.superclasses(t)
            self._closures[key] = closure
        return cls in closure

    def for_node(self, name: str, node, make):
        """make(), kept for the last `node` asked under `name` only: what both languages' pages of one entity
        work out alike (its incoming links, grouped and sorted), made once per entity, and never more than one
        result held per name."""
        slot = self._last.get(name)
        if slot is None or slot[0] is not node:
            slot = self._last[name] = (node, make())
        return slot[1]

    def memo(self, name: str) -> dict:
        """A cache for what the page writers work out about a node and ask again on other pages (a hub's
        rows show the same neighbours on many pages). Bounded: emptied when it reaches MEMO_SIZE entries, so
        it never holds more than a fixed number of results whatever the graph's size."""
        cache = self._memos.get(name)
        if cache is None or len(cache) >= MEMO_SIZE:
            cache = self._memos[name] = {}
        return cache

    def _group(self, types: list[URIRef]) -> str:
        closure: set[URIRef] = set()
        for t in types:
            closure |= self.superclasses(t)
        for key, classes in GROUPS:
            if any(c in closure for c in classes):
                return key
        return OTHER_GROUP

    # --- labels ------------------------------------------------------------------------------------

    def label(self, node, lang: str) -> str:
        """The label in `lang`, else English, else Latvian, else any, else the IRI's last part."""
        labs = self.labels.get(node, {})
        for l in (lang, "en", "lv", "", "ru"):
            if l in labs:
                return labs[l]
        if labs:
            return labs[sorted(labs)[0]]
        return local_name(node)

    def label_lang(self, node, lang: str) -> str:
        """The language tag of what `label(node, lang)` returns ('' when it is not a tagged label)."""
        labs = self.labels.get(node, {})
        for l in (lang, "en", "lv", "", "ru"):
            if l in labs:
                return l
        if labs:
            return sorted(labs)[0]
        return ""

    def alt_labels(self, node) -> list[Literal]:
        return [o for o in self.values(node, SKOS.altLabel) if isinstance(o, Literal)]

    def texts(self, node, prop: URIRef) -> dict[str, list[str]]:
        """Language-tagged literals of `prop`, by language."""
        out: dict[str, list[str]] = defaultdict(list)
        for o in self.values(node, prop):
            if isinstance(o, Literal):
                out[o.language or ""].append(str(o))
        return out

    # --- links -------------------------------------------------------------------------------------

    def page_of(self, node) -> str | None:
        """The slug of the node's page, if it has one."""
        ent = self.entities.get(node)
        return ent.slug if ent else None

    def wikidata_ids(self, node) -> list[str]:
        ids = set()
        for p in WIKIDATA_LINK_PROPS:
            for o in self.values(node, p):
                if isinstance(o, URIRef) and str(o).startswith(str(WD)):
                    ids.add(str(o)[len(str(WD)):])
        return sorted(ids, key=lambda q: (len(q), q))

    def point(self, place) -> tuple[float, float] | None:
        """(lat, long) of a place's lvp:geometry, when the geometry has both."""
        for g in self.values(place, LVP.geometry):
            lat, lon = self.value(g, WGS.lat), self.value(g, WGS.long)
            if lat is not None and lon is not None:
                return float(lat), float(lon)
        return None


def _entailed(out: dict) -> dict[tuple, list]:
    """(subject, predicate) -> the objects of the triples in `out` that our own class and property hierarchy
    entails from other triples in `out` (pactkg.build.vocabulary_hierarchy.entailed_triples, over the view's
    dictionaries instead of a Graph)."""

    def ours(t) -> bool:
        return isinstance(t, URIRef) and str(t).startswith(str(LVP))

    def ancestors(link: URIRef) -> dict:
        direct: dict = {}
        for sub, d in out.items():
            for sup in d.get(link, ()):
                if ours(sub) and ours(sup) and sub != sup:
                    direct.setdefault(sub, set()).add(sup)
        return vocabulary_hierarchy.transitive_closure(direct)

    supers_c, supers_p = ancestors(RDFS.subClassOf), ancestors(RDFS.subPropertyOf)
    found: dict[tuple, set] = defaultdict(set)
    for s, d in out.items():
        for p in [p for p in d if p in supers_p]:
            objs = d[p]
            for q in supers_p[p]:
                there = d.get(q)
                if there:
                    found[(s, q)].update(set(objs) & set(there))
        types = d.get(RDF.type)
        if types:
            stated = set(types)
            for t in types:
                found[(s, RDF.type)].update(supers_c.get(t, set()) & stated)
    return {k: sorted(v, key=_term_key) for k, v in sorted(found.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))) if v}


class _OneObjectPerIRI(dict):
    """One URIRef object per IRI while a view is made, so that its dictionaries are looked up with the very
    objects they hold (Python compares identity first; rdflib's URIRef.__eq__ is Python code, and was called
    22 million times for the site at 100x). Vocabulary terms (the predicates, and anything under lvp:) are
    the objects pactkg.site.terms gives the code (terms.canonical); the rest are kept only while the view is
    made."""

    def __call__(self, term):
        found = self.get(term)
        if found is None:
            found = self[term] = canonical(term) if isinstance(term, URIRef) and term.startswith(_OURS) else term
        return found

    def vocabulary(self, term):
        found = self.get(term)
        if found is None:
            found = self[term] = canonical(term)
        return found


_OURS = str(LVP)


def local_name(node) -> str:
    text = str(node)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] or text
    return text


def _term_key(term) -> tuple:
    if isinstance(term, Literal):
        return (1, str(term.datatype or ""), term.language or "", str(term))
    return (0, "", "", str(term))
