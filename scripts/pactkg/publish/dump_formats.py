"""The graph in the formats people load: Turtle, sorted N-Triples and JSON-LD with the published context.

Each writer is deterministic (same triples, same bytes) so that releases can be compared byte by byte and
the N-Triples of two versions diff line by line. The Turtle dump comes from `pactkg.build.pipeline` (validated and
written by its deterministic serializer) ; the other formats are derived from
that file, so all three carry exactly the same triples.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from pactkg.build import load, pipeline
from pactkg.common import paths
from pactkg.common.namespaces import LVP

DUMP_STEM = "lv-pact-1939"
CONTEXT_FILE = paths.ROOT / "publish" / "context.jsonld"
# Where the context is published; a JSON-LD document may refer to it instead of embedding it.
CONTEXT_URL = "https://w3id.org/lv-pact-1939/context.jsonld"


def write_turtle(out_dir: Path, use_build: bool = True, log=print) -> list[Path]:
    """The Turtle dump (and the build's other outputs) in `out_dir`; the dump is the first path returned.

    pactkg.build.pipeline.build() validates (SHACL, QC, evidence) and writes the dump with its deterministic
    serializer. It replaces the directory it is given as a whole, so it gets a subdirectory of its own and
    its files are moved up. With use_build=False (for tests of this module alone)
    the union graph from load_all() is written by rdflib's Turtle serializer, which is deterministic for a
    graph without blank nodes.
    """
    if use_build:
        sub = out_dir / ".build"
        dump = Path(pipeline.build(sub, log=log, ahead=ntriples_ahead))
        moved = [dump.name] + sorted(f.name for f in sub.iterdir() if f.is_file() and f.name != dump.name)
        for name in moved:
            os.rename(sub / name, out_dir / name)
        shutil.rmtree(sub)
        return [out_dir / name for name in moved]
    target = out_dir / f"{DUMP_STEM}.ttl"
    target.write_bytes(load.load_all().serialize(format="turtle", encoding="utf-8"))
    return [target]


def _oxi_format(path: Path) -> ox.RdfFormat:
    name = path.name[: -len(".gz")] if path.name.endswith(".gz") else path.name
    suffix = name.rsplit(".", 1)[-1].lower()
    fmt = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}.get(suffix)
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file type '.{suffix}' (expected .ttl, .nt or .jsonld, optionally .gz)")
    return fmt


def read_bytes(path: Path) -> bytes:
    data = Path(path).read_bytes()
    return gzip.decompress(data) if str(path).endswith(".gz") else data


def ntriples_lines(path: Path) -> list[str]:
    """The triples of an RDF file as sorted, unique N-Triples lines (parsed by pyoxigraph).

    Blank nodes get the parser's labels, which are not stable across runs: callers that need stable output
    must reject graphs with blank nodes (see `has_blank_nodes`).
    """
    fmt = _oxi_format(path)
    if str(path).endswith(".gz"):
        quads = ox.parse(read_bytes(path), format=fmt)
    else:
        quads = ox.parse(path=str(path), format=fmt)  # streamed: no copy of the file's bytes
    if fmt.supports_datasets:  # a quad may name its graph: the triple's three terms alone
        unique = {f"{q.subject} {q.predicate} {q.object} ." for q in quads}
    else:  # every quad is in the default graph, and its text is the triple's: one call, not three
        unique = {f"{q} ." for q in quads}
    lines = list(unique)
    del unique  # sorted in place, so the set and a sorted copy are never held beside each other
    lines.sort()
    return lines


def has_blank_nodes(lines: list[str]) -> bool:
    return any(
        part.startswith("_:") for line in lines for part in (line.split(" ", 1)[0], line.rsplit(" ", 2)[-2])
    )


def write_ntriples(turtle: Path, out_dir: Path, name: str | None = None) -> Path:
    """Sorted N-Triples, one triple per line (code point order of the lines), from the Turtle dump."""
    lines = ntriples_lines(turtle)
    if has_blank_nodes(lines):
        raise ValueError(
            f"{turtle}: the dump has blank nodes; their labels are not stable, so the sorted N-Triples would "
            "differ between runs. Give those nodes IRIs (the data contract forbids blank nodes)."
        )
    target = out_dir / (name or f"{DUMP_STEM}.nt")
    with open(target, "w", encoding="utf-8", newline="\n") as out:  # line by line: no joined text or bytes copy
        out.writelines(line + "\n" for line in lines)
    return target


def ntriples_ahead(turtle: Path, out_dir: Path) -> None:
    """write_ntriples, for the build's QC copy (pipeline.build's `ahead`): the file appears under its name only
    when complete, and a failure leaves nothing behind (the release then writes it, and meets the failure)."""
    part = out_dir / f".{DUMP_STEM}.nt.part"
    try:
        os.rename(write_ntriples(turtle, out_dir, name=part.name), out_dir / f"{DUMP_STEM}.nt")
    finally:
        part.unlink(missing_ok=True)


def load_context(path: Path = CONTEXT_FILE) -> dict[str, Any]:
    """The published JSON-LD context (the value of its "@context")."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}, line {exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("@context"), dict):
        raise ValueError(f'{path}: expected an object with an "@context" object')
    return doc["@context"]


def _canonical_json(value: Any, in_list: bool = False) -> Any:
    """Sort every JSON-LD set (arrays are unordered unless they are an @list) so output is stable."""
    if isinstance(value, dict):
        return {k: _canonical_json(v, in_list=(k == "@list")) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_canonical_json(v) for v in value]
        if in_list:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld_document(graph: Graph, context: dict[str, Any]) -> dict[str, Any]:
    """The compacted document with its nodes canonical and sorted (by id, then by their JSON).

    Holds one copy of the graph's JSON at a time: rdflib's text is dropped once parsed, each node is
    replaced by its canonical form in place, and a node's whole JSON is made as a sort key only when
    another node has the same id (rdflib writes one node per subject, so almost never).
    """
    from rdflib.plugins.serializers.jsonld import from_rdf

    # What graph.serialize(format="json-ld", context=context) builds before turning it into text (its
    # use_native_types argument arrives there as a one-element tuple, so: as it does), without the text.
    doc = from_rdf(graph, context, None, (False,), False, auto_compact=False)
    if isinstance(doc, dict) and "@graph" not in doc and "@context" in doc:
        # a single node is compacted to the top level; keep one shape for every file
        ctx = doc.pop("@context")
        doc = {"@context": ctx, "@graph": [doc]}
    if isinstance(doc, list):
        doc = {"@context": context, "@graph": doc}
    nodes = doc.get("@graph", [])
    for i, n in enumerate(nodes):
        nodes[i] = _canonical_json(n)
    nodes.sort(key=lambda n: str(n.get("id", n.get("@id", ""))))
    start = 0
    while start < len(nodes):  # runs of the same id: ordered by their JSON, as a (id, JSON) key would
        key = str(nodes[start].get("id", nodes[start].get("@id", "")))
        end = start + 1
        while end < len(nodes) and str(nodes[end].get("id", nodes[end].get("@id", ""))) == key:
            end += 1
        if end - start > 1:
            nodes[start:end] = sorted(nodes[start:end], key=lambda n: json.dumps(n, sort_keys=True, ensure_ascii=False))
        start = end
    doc["@graph"] = nodes
    doc["@context"] = context
    return doc


def _dump_jsonld(doc: dict[str, Any], out) -> None:
    """Write `doc` to the text stream `out` piece by piece (json.dump: the same bytes as json.dumps)."""
    json.dump(doc, out, indent=1, ensure_ascii=False, sort_keys=True)
    out.write("\n")


def to_jsonld(graph: Graph, context: dict[str, Any]) -> str:
    """The graph compacted with `context` (embedded, so the file parses offline), deterministically."""
    import io

    buf = io.StringIO()
    _dump_jsonld(_jsonld_document(graph, context), buf)
    return buf.getvalue()


# Written as JSON true/false and JSON integers (no @type in their terms): plain-JSON code reads them as such,
# and JSON-LD reads them back as the same xsd:boolean and xsd:integer literals.
_NATIVE = (XSD.boolean, XSD.integer)


def full_context(ontology: Graph, curated: dict[str, Any] | None = None) -> dict[str, Any]:
    """The curated context completed with a term for every property of our ontology.

    publish/context.jsonld holds what a person chose: prefixes, `@vocab`, the `id`/`type` aliases, keys
    for external terms (label, altLabel, lat, long, sameAs …) and renamed keys (participants). Every other
    lvp: property gets a term named by its local name, typed from the ontology: `@type: @id` for object
    properties, a language map for rdf:langString ranges, `@type: xsd:…` for a fixed XSD range (not
    xsd:string, which would not match plain strings, nor xsd:boolean and xsd:integer, written as JSON values),
    and every lvp: class a term of its own. So the context follows the ontology of each release without hand
    edits, and curated entries always win. The curated context has no @vocab and is @protected: a key that is
    not a term (a misspelt one) is dropped by JSON-LD processors instead of becoming a new property, and an
    embedded context cannot redefine a term.
    """
    ctx = dict(curated if curated is not None else load_context())
    taken = {d["@id"] for d in ctx.values() if isinstance(d, dict) and "@id" in d}
    lvp, xsd = str(LVP), str(XSD)
    props = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property):
        props |= {p for p in ontology.subjects(RDF.type, kind) if isinstance(p, URIRef) and str(p).startswith(lvp)}
    for p in sorted(props):
        local = str(p)[len(lvp) :]
        curie = "lvp:" + local
        if curie in taken or local in ctx or not local.replace("_", "").isalnum():
            continue
        term: dict[str, Any] = {"@id": curie}
        if (p, RDF.type, OWL.ObjectProperty) in ontology:
            term["@type"] = "@id"
        else:
            ranges = set(ontology.objects(p, RDFS.range))
            rng = next(iter(ranges)) if len(ranges) == 1 else None
            if rng == RDF.langString:
                term["@container"] = "@language"
            elif rng is not None and str(rng).startswith(xsd) and rng not in (XSD.string, *_NATIVE):
                term["@type"] = "xsd:" + str(rng)[len(xsd) :]
        ctx[local] = term
    # A key for every class of ours, so that "type" values are short ("Signing") without @vocab.
    for c in sorted(c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(lvp)):
        local = str(c)[len(lvp) :]
        if local not in ctx and local.replace("_", "").isalnum():
            ctx[local] = "lvp:" + local
    return ctx


def context_document(ontology: Graph) -> str:
    """The complete context as a JSON-LD document (what dist/context.jsonld holds)."""
    return json.dumps({"@context": full_context(ontology)}, indent=2, ensure_ascii=False) + "\n"


def write_jsonld(source: Path, out_dir: Path, context: dict[str, Any], name: str | None = None) -> Path:
    """JSON-LD of a Turtle file, compacted with `context` (see full_context).

    Node by node from the file's triples streamed (`_write_jsonld_streamed`), without an rdflib graph, when
    each subject's triples come together and there are no blank nodes or RDF lists (the dump: one block per
    subject); else (the ontology: OWL restrictions, lists) from the whole graph. The same bytes either way.
    """
    target = out_dir / (name or f"{DUMP_STEM}.jsonld")
    if not _write_jsonld_streamed(source, target, context):
        doc = _jsonld_document(load.parse_file(Path(source)), context)
        with open(target, "w", encoding="utf-8") as out:  # streamed: no whole-file string beside the document
            _dump_jsonld(doc, out)
    return target


class _OneSubject:
    """The triples of one subject, as much of an rdflib Graph as rdflib's JSON-LD converter asks of it for a
    node without blank nodes or lists (predicate_objects, value, subjects)."""

    def __init__(self, subject, pairs: list):
        self.subject, self.pairs = subject, pairs

    def predicate_objects(self, subject=None):
        return iter(self.pairs) if subject == self.subject else iter(())

    def value(self, subject=None, predicate=None, *args, **kwargs):
        if subject == self.subject:
            for p, o in self.pairs:
                if p == predicate:
                    return o
        return None

    def subjects(self, predicate=None, obj=None):
        return iter(())


def _write_jsonld_streamed(source: Path, target: Path, context: dict[str, Any]) -> bool:
    """The JSON-LD document of `_jsonld_document`, to the byte, made one subject at a time; False (nothing
    written) when the file's triples do not allow it (a blank node, an RDF list, a subject's triples apart).
    See StreamedJsonld."""
    with StreamedJsonld(target, context) as streamed:
        for t in load.stream_triples(Path(source)):
            if not streamed.add(t):
                return False
        return streamed.finish()


def _indented_canonical_json(node: dict[str, Any]) -> str:
    """"  " + json.dumps(_canonical_json(node), indent=1, ensure_ascii=False, sort_keys=True) with every line
    indented by two more spaces (a node of the dump's "@graph"), the same text made without json's encoder.

    Why: with an indent, json.dumps takes its pure-Python encoder, a generator per level; this writes a
    node's few levels directly, each string by json's own C function. A value of a type JSON-LD nodes do not
    hold here (not str, bool, int, float, None, dict with str keys, list or tuple) gives the node to
    json.dumps as before. The 100x release's streamed pass with its JSON-LD dump (bench_view.py): 4.36 ->
    3.71 s of CPU, the same bytes (session 25)."""
    try:
        return "  " + _canonical_json_text(node, "\n  ")
    except _NotPlain:
        text = json.dumps(_canonical_json(node), indent=1, ensure_ascii=False, sort_keys=True)
        return "  " + text.replace("\n", "\n  ")


class _NotPlain(Exception):
    """A value _canonical_json_text leaves to json.dumps."""


_json_string = json.encoder.encode_basestring  # ensure_ascii=False: json.dumps' own (C) function


def _canonical_json_text(value: Any, newline: str, in_list: bool = False) -> str:
    """The text json.dumps(_canonical_json(value, in_list), indent=1, ensure_ascii=False, sort_keys=True)
    gives, with `newline` (a line break and the indent of value's level, "\n" plus spaces) before each line
    but the first. Sets (arrays not under "@list") are sorted by their items' compact JSON, as
    _canonical_json sorts them; a float, NaN or an infinity is written as json writes it."""
    if isinstance(value, str):
        return _json_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    inner = newline + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(k, str) for k in value):
            raise _NotPlain
        parts = [_json_string(k) + ": " + _canonical_json_text(v, inner, k == "@list") for k, v in sorted(value.items())]
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if in_list:
            texts = [_canonical_json_text(v, inner) for v in value]
        else:  # sorted by each item's compact JSON (a string's is its JSON string, as json.dumps gives it)
            keyed = [(_json_string(v) if isinstance(v, str) else _compact_json(v), v) for v in value]
            keyed.sort(key=_first)
            texts = [_canonical_json_text(v, inner) for _key, v in keyed]
        return "[" + inner + ("," + inner).join(texts) + newline + "]"
    raise _NotPlain


class _NodeMaker:
    """rdflib's Converter.process_subject for one IRI subject whose objects are IRIs and literals, as the
    streamed JSON-LD dump gives it (no blank node, no rdf:first, no rdf:nil: StreamedJsonld.add), with what
    each (predicate, kind of object) needs worked out once instead of for every triple.

    For such a node rdflib's add_to_node looks the predicate's term up in the context (for a literal with its
    datatype and language, for an IRI as @id, @vocab or neither), from the term decides the key and how the
    object becomes a value, then adds the value under the key. The first two depend only on the predicate,
    the kind of object, its datatype and its language: _plan finds them once (with rdflib's own find_term,
    to_symbol and terms), and node() does per triple what add_to_node then does: type_coerce, str(),
    to_symbol or the raw value, and the same adding (a second value makes a list, a language map adds to
    its language). Where add_to_node would take a way not written here (a term with a language for an IRI,
    an @list container, ...), the whole node is left to rdflib's process_subject. tests/publish compares
    both on every kind of value the context allows. The 100x dump's StreamedJsonld.add and finish: 1.30 s of
    CPU with process_subject, 0.74 s with node(), the same bytes (bench_jl.py, session 25)."""

    _COERCE, _STR, _SYMBOL, _RAW, _LANG_MAP = range(5)

    def __init__(self, converter) -> None:
        from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES

        self._converter = converter
        ctx = self._ctx = converter.context
        self._id_key, self._type_key = ctx.id_key, ctx.type_key  # properties, looked up on every access
        self._lang_key, self._value_key = ctx.lang_key, ctx.value_key
        self._plain_types = PLAIN_LITERAL_TYPES
        self._plans: dict = {}
        self._rdf_type = RDF.type

    def node(self, subject, pairs: list) -> dict[str, Any]:
        """process_subject(_OneSubject(subject, pairs), subject, {}), the same dict."""
        ctx, plans = self._ctx, self._plans
        node_id = ctx.shrink_iri(subject)
        made: dict[str, Any] = {self._id_key: node_id}
        for p, o in pairs:
            literal = type(o) is Literal
            key = (p, o.datatype, o.language) if literal else (p, None)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = self._plan(p, o, literal)
            if plan is False:  # a way of add_to_node's not written here
                return self._converter.process_subject(_OneSubject(subject, pairs), subject, {})
            p_key, how, arg, use_set = plan
            if how == self._LANG_MAP:
                value = made.setdefault(p_key, {})
                values = value.get(arg)
                text = str(o)
                if values or use_set:
                    if not isinstance(values, list):
                        value[arg] = values = [values]
                    values.append(text)
                else:
                    value[arg] = text
                continue
            if how == self._COERCE:
                value = self._converter.type_coerce(o, arg)
                if value is None:
                    value = self._raw(o, literal)
            elif how == self._STR:
                value = str(o)
            elif how == self._SYMBOL:
                value = ctx.to_symbol(o)
                if value is None:
                    value = self._raw(o, literal)
            else:
                value = self._raw(o, literal)
            present = made.get(p_key)
            if present:
                if not isinstance(present, list):
                    present = [present]
                present.append(value)
            elif use_set:
                present = [value]
            else:
                present = value
            made[p_key] = present
        return made

    def _raw(self, o, literal: bool) -> Any:
        """to_raw_value for an IRI or a literal that is no list (so to_collection is None)."""
        ctx = self._ctx
        if not literal:
            if isinstance(o, URIRef):
                return {self._id_key: ctx.shrink_iri(o)}
            return self._converter.to_raw_value(_OneSubject(None, []), None, o, {})
        native = self._converter.use_native_types and o.datatype in self._plain_types
        v = o.toPython() if native else str(o)
        if o.datatype:
            if native and ctx.active:
                return v
            return {self._type_key: ctx.to_symbol(o.datatype), self._value_key: v}
        if o.language and o.language != ctx.language:
            return {self._lang_key: o.language, self._value_key: v}
        if not ctx.active or ctx.language and not o.language:
            return {self._value_key: v}
        return v

    def _plan(self, p, o, literal: bool):
        """(key, how, its argument, whether a first value is a list) for predicate p and objects like o, as
        add_to_node decides them; False where add_to_node would go a way not written here."""
        from rdflib.plugins.serializers.jsonld import LANG, LIST, SET
        from rdflib.plugins.shared.jsonld.context import UNDEF
        from rdflib.plugins.shared.jsonld.keys import ID, VOCAB

        ctx = self._ctx
        if not literal and not isinstance(o, URIRef):
            return False
        if literal:
            datatype = str(o.datatype) if o.datatype else None
            language = o.language
            term = ctx.find_term(str(p), datatype, language=language)
        else:
            for coercion in (ID, VOCAB, UNDEF):
                term = ctx.find_term(str(p), coercion, None)
                if term:
                    break
        use_set = not ctx.active
        if not term:
            p_key = ctx.to_symbol(p)
            key_term = ctx.terms.get(p_key)
            if key_term and (key_term.type or key_term.container):
                p_key = p
            how = self._RAW
            if p == self._rdf_type and not self._converter.use_rdf_type:
                if not literal:
                    how = self._SYMBOL
                p_key = ctx.type_key
            return (p_key, how, None, use_set)
        p_key = term.name
        how, arg = self._RAW, None
        if term.type:
            how, arg = self._COERCE, term.type
        elif term.language:
            if not literal:
                return False  # o.language of an IRI: rdflib would fail
            if o.language == term.language:
                how = self._STR
        elif ctx.language and term.language is None:
            if not literal:
                return False
            if o.language is None:
                how = self._STR
        if LIST in term.container:
            return False
        if LANG in term.container and literal and language:
            return (p_key, self._LANG_MAP, language, SET in term.container)
        if LANG in term.container and not literal:
            return False  # `language` unset in add_to_node for an IRI: rdflib would fail
        if SET in term.container:
            use_set = True
        return (p_key, how, arg, use_set)


def _compact_json(value: Any) -> str:
    """The key _canonical_json sorts a set's item by: its canonical form as compact JSON."""
    return json.dumps(_canonical_json(value), sort_keys=True, ensure_ascii=False)


def _first(pair: tuple) -> Any:
    return pair[0]


class StreamedJsonld:
    """The JSON-LD document of `_jsonld_document` for triples given one at a time (add), written by finish().

    rdflib's converter makes each IRI subject's node from that subject's triples alone (it looks further
    only for blank nodes and lists), so each node is converted, made canonical and written as text to a
    temporary file as its subject's triples end; the nodes are then copied in the order of their ids. Only
    one subject's triples and an index (id, offset, length) are held: the JSON-LD dump is the largest
    format, and the whole graph (about 1.4 kB a triple) need not be kept for it (docs/publishing.md).
    Triples are given to it (rather than read by it) so that the release makes the JSON-LD in the same pass
    over the dump's triples as its statistics (dump_view.read): the dump parsed into rdflib terms once, not
    twice. add() is False, and finish() writes nothing, when the triples do not allow it (a blank node, an
    RDF list, a subject's triples apart): then the caller makes it from the whole graph (write_jsonld).
    """

    def __init__(self, target: Path, context: dict[str, Any]) -> None:
        import tempfile

        from rdflib.plugins.serializers.jsonld import Converter
        from rdflib.plugins.shared.jsonld.context import Context

        self.target, self.context = Path(target), context
        # As from_rdf(graph, context, None, (False,), False) makes it (see _jsonld_document).
        self._converter = Converter(Context(context, base=None), (False,), False)
        self._node_maker = _NodeMaker(self._converter)
        self._index: list[tuple[str, int, int]] = []
        self._nodes = tempfile.TemporaryFile(dir=self.target.parent)
        self._done: set = set()
        self._subject, self._pairs = None, []
        self.ok = True
        self._first, self._nil = RDF.first, RDF.nil  # namespace attributes: computed on each access

    def add(self, triple) -> bool:
        """Take one triple (s, p, o) of rdflib terms; False from the first one that rules the stream out.

        `p == RDF.first`, `o == RDF.nil` and `s != subject` are rdflib's __eq__, a Python call for each
        triple: asked here as that __eq__ answers them (equal: the same type and the same text), and a subject
        is first compared by identity (the dump's terms are made once each, load.stream_triples)."""
        if not self.ok:
            return False
        s, p, o = triple
        if (isinstance(s, BNode) or isinstance(o, BNode) or (type(p) is URIRef and str.__eq__(p, self._first))
                or (type(o) is URIRef and str.__eq__(o, self._nil))):
            return self._give_up()
        if s is not self._subject and s != self._subject:
            if self._subject is not None:
                self._flush()
                self._done.add(self._subject)
            if s in self._done:
                return self._give_up()  # the triples give a subject's triples in more than one place
            self._subject, self._pairs = s, []
        self._pairs.append((p, o))
        return True

    def _give_up(self) -> bool:
        self.ok = False
        self.close()
        return False

    def _flush(self) -> None:
        subject = self._subject
        node = self._node_maker.node(subject, self._pairs)
        data = _indented_canonical_json(node).encode("utf-8")
        self._index.append((str(node.get("id", node.get("@id", ""))), self._nodes.tell(), len(data)))
        self._nodes.write(data)

    def finish(self) -> bool:
        """Write the target from the nodes, in the order of their ids; False (nothing written) if ruled out."""
        if not self.ok:
            return False
        if self._subject is not None:
            self._flush()
        self._done = set()
        index, nodes_file = self._index, self._nodes
        index.sort()
        head = json.dumps({"@context": self.context}, indent=1, ensure_ascii=False, sort_keys=True)
        with open(self.target, "w", encoding="utf-8") as out:
            out.write(head[: -len("\n}")] + ',\n "@graph": [')
            for i, (_key, offset, length) in enumerate(index):
                nodes_file.seek(offset)
                out.write(("\n" if i == 0 else ",\n") + nodes_file.read(length).decode("utf-8"))
            out.write("\n ]\n}\n" if index else "]\n}\n")
        self.close()
        return True

    def close(self) -> None:
        """Let go of the temporary file and the index (also when the document is not written)."""
        self._nodes.close()
        self._index, self._done, self._pairs = [], set(), []

    def __enter__(self) -> "StreamedJsonld":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_context(ontology: Graph, out_dir: Path) -> Path:
    """The complete context as its own file, for web developers to reference (published at CONTEXT_URL)."""
    target = out_dir / "context.jsonld"
    target.write_text(context_document(ontology), encoding="utf-8")
    return target
