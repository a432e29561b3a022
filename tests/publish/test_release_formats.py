"""The release's RDF files: each parses with two independent parsers, and the three dumps hold the same graph."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from pactkg.publish import dump_formats
from pactkg.common.namespaces import LVP

from .support import DUMP, oxi_triples, rdflib_graph

RDF_FILES = [f"{DUMP}.ttl", f"{DUMP}.nt", f"{DUMP}.jsonld", "ontology.ttl", "ontology.jsonld", "void.ttl"]


@pytest.mark.parametrize("name", RDF_FILES + ["shapes.ttl"])
def test_every_rdf_file_parses_with_both_parsers(released, name):
    path = released / name
    if name == "shapes.ttl" and not path.exists():
        pytest.skip("ontology/shapes.ttl does not exist yet")
    with_oxigraph = oxi_triples(path)
    with_rdflib = rdflib_graph(path)
    assert len(with_oxigraph) > 0
    assert len(with_oxigraph) == len(with_rdflib), f"{name}: pyoxigraph and rdflib disagree on the number of triples"


def test_turtle_ntriples_and_jsonld_are_the_same_graph(released):
    ttl, nt, jl = (released / f"{DUMP}.{ext}" for ext in ("ttl", "nt", "jsonld"))
    # pyoxigraph: the dump has no blank nodes, so equal sets of N-Triples lines mean equal graphs
    assert oxi_triples(ttl) == oxi_triples(nt) == oxi_triples(jl)
    # rdflib: isomorphism (would also hold with blank nodes)
    g_ttl = rdflib_graph(ttl)
    assert isomorphic(g_ttl, rdflib_graph(nt))
    assert isomorphic(g_ttl, rdflib_graph(jl))


def test_ontology_jsonld_is_the_ontology(released):
    assert oxi_triples(released / "ontology.ttl") == oxi_triples(released / "ontology.jsonld")


def test_ntriples_are_sorted_one_triple_per_line(released):
    raw = (released / f"{DUMP}.nt").read_bytes()
    assert raw.endswith(b"\n") and b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines == sorted(lines), "N-Triples lines are not in code point order"
    assert len(lines) == len(set(lines)), "duplicate lines"
    assert all(line.endswith(" .") and not line.startswith("_:") for line in lines)
    assert len(lines) == len(oxi_triples(released / f"{DUMP}.nt"))


def test_ntriples_writer_sorts_and_rejects_blank_nodes(tmp_path):
    src = tmp_path / "in.ttl"
    src.write_text(
        '@prefix ex: <http://example.org/> .\nex:b ex:p "ž" .\nex:a ex:p ex:c , "z" .\n', encoding="utf-8"
    )
    out = dump_formats.write_ntriples(src, tmp_path)
    assert out.read_text(encoding="utf-8").splitlines() == [
        '<http://example.org/a> <http://example.org/p> "z" .',
        "<http://example.org/a> <http://example.org/p> <http://example.org/c> .",
        '<http://example.org/b> <http://example.org/p> "ž" .',
    ]
    src.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p [ ex:q 1 ] .\n", encoding="utf-8")
    with pytest.raises(ValueError, match="blank nodes"):
        dump_formats.write_ntriples(src, tmp_path)


def test_jsonld_uses_the_published_context(released):
    doc = json.loads((released / f"{DUMP}.jsonld").read_text(encoding="utf-8"))
    published = json.loads((released / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert doc["@context"] == published == dump_formats.full_context(rdflib_graph(released / "ontology.ttl"))
    curated = dump_formats.load_context()
    assert {k: published[k] for k in curated} == curated, "a curated term was overridden"
    nodes = doc["@graph"]
    assert nodes == sorted(nodes, key=lambda n: n["id"]), "nodes are not sorted by id"
    assert any(isinstance(n.get("label"), dict) and "lv" in n["label"] for n in nodes), "labels are not a language map"
    keys = {k for n in nodes for k in n}
    assert {"id", "type", "label"} <= keys
    # no property of our ontology falls back to a full IRI or a prefixed key
    assert not [k for k in keys if k.startswith((str(LVP), "lvp:"))], "a property of the ontology has no plain key"


def test_curated_context_terms_match_the_ontology():
    """Each lvp: term chosen by hand in publish/context.jsonld exists, with @type @id exactly for object properties."""
    ctx = dump_formats.load_context()
    ont = Graph().parse(dump_formats.paths.ONTOLOGY_FILE)
    problems = []
    for term, definition in ctx.items():
        if not isinstance(definition, dict) or not str(definition.get("@id", "")).startswith("lvp:"):
            continue
        iri = URIRef(str(LVP) + definition["@id"][4:])
        if (iri, RDF.type, None) not in ont:
            problems.append(f"{term}: {definition['@id']} is not in the ontology")
            continue
        is_object = (iri, RDF.type, OWL.ObjectProperty) in ont
        if is_object != (definition.get("@type") == "@id"):
            problems.append(f"{term}: @type @id must be used exactly for object properties")
    assert not problems, "publish/context.jsonld: " + "; ".join(problems)


def test_full_context_types_terms_from_the_ontology():
    ont = Graph().parse(
        data="""@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
lvp:place a owl:ObjectProperty . lvp:newLink a owl:ObjectProperty . lvp:quote a owl:DatatypeProperty ; rdfs:range rdf:langString .
lvp:count a owl:DatatypeProperty ; rdfs:range xsd:positiveInteger . lvp:name a owl:DatatypeProperty ; rdfs:range xsd:string .
""",
        format="turtle",
    )
    ctx = dump_formats.full_context(ont, curated={"place": {"@id": "lvp:place", "@type": "@id"}, "x": "lvp:x"})
    assert ctx["newLink"] == {"@id": "lvp:newLink", "@type": "@id"}
    assert ctx["quote"] == {"@id": "lvp:quote", "@container": "@language"}
    assert ctx["count"] == {"@id": "lvp:count", "@type": "xsd:positiveInteger"}
    assert ctx["name"] == {"@id": "lvp:name"}
    assert list(ctx)[:2] == ["place", "x"], "curated terms come first and are kept"


def test_participants_key(tmp_path):
    """The pleasant keys the context promises: participants (a list of ids), place, date with its datatype."""
    src = tmp_path / "event.ttl"
    src.write_text(
        """@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
lvd:e a lvp:Signing ; rdfs:label "E"@en , "Ē"@lv ; lvp:participant lvd:a , lvd:b ; lvp:place lvd:moscow ;
    lvp:date "1939-10-05"^^xsd:date ; lvp:dateInferred false ; lvp:listPosition "3"^^xsd:positiveInteger .
""",
        encoding="utf-8",
    )
    ctx = dump_formats.full_context(Graph().parse(dump_formats.paths.ONTOLOGY_FILE))
    out = dump_formats.write_jsonld(src, tmp_path, ctx, name="event.jsonld")
    node = json.loads(out.read_text(encoding="utf-8"))["@graph"][0]
    assert node["id"] == "lvd:e" and node["type"] == "Signing"
    assert node["participants"] == ["lvd:a", "lvd:b"]
    assert node["place"] == "lvd:moscow"
    assert node["label"] == {"en": "E", "lv": "Ē"}
    assert node["date"] == {"@value": "1939-10-05", "type": "xsd:date"}
    assert node["listPosition"] == "3"
    assert oxi_triples(src) == oxi_triples(out)


def test_plain_json_gets_booleans_and_integers_and_a_protected_context(tmp_path):
    """`if (node.dateInferred)` must be false when it is false; a misspelt key is no new property."""
    src = tmp_path / "quantity.ttl"
    src.write_text(
        """@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .
@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
lvd:e a lvp:Demand ; lvp:dateInferred false ; lvp:disputed true .
lvd:q a lvp:Quantity ; lvp:numericValue 50000 .
""",
        encoding="utf-8",
    )
    ctx = dump_formats.full_context(Graph().parse(dump_formats.paths.ONTOLOGY_FILE))
    assert "@vocab" not in ctx and ctx["@protected"] is True
    out = dump_formats.write_jsonld(src, tmp_path, ctx, name="quantity.jsonld")
    nodes = {n["id"]: n for n in json.loads(out.read_text(encoding="utf-8"))["@graph"]}
    assert nodes["lvd:e"]["dateInferred"] is False and nodes["lvd:e"]["disputed"] is True
    assert nodes["lvd:e"]["type"] == "Demand"
    assert nodes["lvd:q"]["numericValue"] == 50000
    assert oxi_triples(src) == oxi_triples(out)
    misspelt = tmp_path / "misspelt.jsonld"
    misspelt.write_text(json.dumps({"@context": ctx, "id": "lvd:e", "dateInfered": True}), encoding="utf-8")
    assert oxi_triples(misspelt) == set()


def _whole_graph_jsonld(src, ctx) -> bytes:
    """What write_jsonld wrote before it streamed: rdflib's converter on the whole graph."""
    import io

    buf = io.StringIO()
    dump_formats._dump_jsonld(dump_formats._jsonld_document(Graph().parse(src, format="turtle"), ctx), buf)
    return buf.getvalue().encode("utf-8")


def test_jsonld_made_node_by_node_is_the_whole_graphs_to_the_byte(released, tmp_path):
    """The dump's JSON-LD is made one subject at a time from the streamed triples; the bytes are those of
    rdflib's converter run on the whole graph."""
    ctx = dump_formats.full_context(Graph().parse(released / "ontology.ttl"))
    assert dump_formats._write_jsonld_streamed(released / f"{DUMP}.ttl", tmp_path / "d.jsonld", ctx)
    assert (tmp_path / "d.jsonld").read_bytes() == _whole_graph_jsonld(released / f"{DUMP}.ttl", ctx)
    assert (released / f"{DUMP}.jsonld").read_bytes() == (tmp_path / "d.jsonld").read_bytes()


@pytest.mark.parametrize("body", [
    "lvd:a rdfs:label \"A\"@en .\nlvd:b rdfs:label \"B\"@en .\nlvd:a lvp:date \"1939\"^^xsd:gYear .\n",  # a apart
    "lvd:a lvp:participant [ rdfs:label \"x\" ] .\n",  # a blank node
    "lvd:a lvp:participant ( lvd:b lvd:c ) .\n",  # a list
    "",  # nothing
    "lvd:b rdfs:label \"B\"@en ; lvp:date \"1939\"^^xsd:gYear .\nlvd:a lvp:participant lvd:b , lvd:c .\n",
])
def test_jsonld_is_the_same_whichever_way_it_is_made(tmp_path, body):
    """A file that cannot be made node by node (a subject's triples apart, blank nodes, lists) is made from
    the whole graph; either way the bytes are rdflib's on the whole graph."""
    src = tmp_path / "in.ttl"
    src.write_text("@prefix lvp: <https://w3id.org/lv-pact-1939/ontology#> .\n"
                   "@prefix lvd: <https://w3id.org/lv-pact-1939/id/> .\n"
                   "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                   "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + body, encoding="utf-8")
    ctx = dump_formats.full_context(Graph().parse(dump_formats.paths.ONTOLOGY_FILE))
    out = dump_formats.write_jsonld(src, tmp_path, ctx, name="out.jsonld")
    if "[" not in body and "(" not in body:  # a blank node's label differs from parse to parse (and the dump has none)
        assert out.read_bytes() == _whole_graph_jsonld(src, ctx)
    streamed = dump_formats._write_jsonld_streamed(src, tmp_path / "s.jsonld", ctx)
    assert streamed == (body == "" or body.startswith("lvd:b"))


def test_the_build_copy_writes_the_ntriples_ahead(tmp_path, monkeypatch):
    """On a large dump the build's QC copy writes the N-Triples (pipeline.build's `ahead`): the same bytes as
    write_ntriples, ready when the build returns; no partial file is left."""
    from pactkg.build import pipeline

    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0)
    out = tmp_path / "stage"
    out.mkdir()
    written = dump_formats.write_turtle(out, log=lambda *_: None)
    assert out / f"{DUMP}.nt" in written
    again = dump_formats.write_ntriples(out / f"{DUMP}.ttl", tmp_path)
    assert (out / f"{DUMP}.nt").read_bytes() == again.read_bytes()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_ntriples_ahead_that_fails_leaves_nothing(tmp_path, monkeypatch):
    """A failure in the copy is let go: no N-Triples file, no partial file; the release writes them itself."""
    from pactkg.build import pipeline

    def blank_nodes(turtle, out_dir, name=None):
        (out_dir / name).write_text("half a file")
        raise ValueError("the dump has blank nodes")

    monkeypatch.setattr(pipeline, "QC_ASIDE_FROM_BYTES", 0)
    monkeypatch.setattr(dump_formats, "write_ntriples", blank_nodes)
    out = tmp_path / "stage"
    out.mkdir()
    written = dump_formats.write_turtle(out, log=lambda *_: None)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written) == [f"{DUMP}.ttl", "summary.txt"]


def test_ntriples_lines_are_each_triples_text_from_turtle_and_jsonld(tmp_path, released):
    """ntriples_lines takes a quad's own text when the syntax has no named graphs (Turtle, N-Triples): the same
    lines as its three terms' text; from JSON-LD, whose quads may name a graph, the terms' text (graph left out)."""
    ttl = released / f"{DUMP}.ttl"
    terms = sorted({f"{q.subject} {q.predicate} {q.object} ." for q in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)})
    assert dump_formats.ntriples_lines(ttl) == terms
    named = tmp_path / "named.jsonld"
    named.write_text('{"@id": "http://e/g", "@graph": [{"@id": "http://e/s", "http://e/p": "o"}]}', encoding="utf-8")
    assert dump_formats.ntriples_lines(named) == ['<http://e/s> <http://e/p> "o" .']


@pytest.mark.parametrize("value", [
    {"id": "lvd:a", "type": ["Signing", "Event"], "label": {"lv": ["b", "a\"\\\n", "ā"], "en": "x"}},
    {"z": [{"id": "lvd:b"}, {"id": "lvd:a", "n": [2, 1]}, "s", 3, 2.5, True, None, False], "a": {}, "b": []},
    {"@list": [3, 1, 2], "x": {"@list": ["b", "a"], "y": ("b", "a")}, "nan": float("nan"), "inf": -float("inf")},
    {"text": URIRef("https://example.org/é"), "n": 10**30, "f": [1e-7, 0.1, -0.0], "nested": [[["b"], "a"], ["c"]]},
    {1: "a non-string key"}, {"x": [object()]},
])
def test_a_node_is_written_as_json_would_write_it(value):
    """The dump's nodes are written by _indented_canonical_json: the text of json.dumps of the canonical node
    (indent 1, sorted keys and sets, not ASCII-escaped), each line two spaces further in; values it does not
    write itself go to json.dumps, which also raises what it raised."""
    def expected(v):
        text = json.dumps(dump_formats._canonical_json(v), indent=1, ensure_ascii=False, sort_keys=True)
        return "  " + text.replace("\n", "\n  ")

    try:
        want = expected(value)
    except TypeError:
        with pytest.raises(TypeError):
            dump_formats._indented_canonical_json(value)
        return
    assert dump_formats._indented_canonical_json(value) == want


@pytest.mark.parametrize("triples, streamed", [
    ([("a", RDF.first, URIRef("https://example.org/b"))], False),  # an RDF list's rdf:first, though no blank node
    ([("a", URIRef("https://example.org/p"), RDF.nil)], False),  # a list's end
    ([("a", URIRef("https://example.org/p"), "nil as text")], True),  # a literal with rdf:nil's text is no list
    ([("a", URIRef("https://example.org/p"), "x"), ("a", URIRef("https://example.org/q"), "y")], True),
    ([("a", URIRef("https://example.org/p"), "x"), ("b", URIRef("https://example.org/p"), "y"),
      ("a", URIRef("https://example.org/q"), "z")], False),  # a's triples apart
])
def test_the_streamed_jsonld_takes_what_rdflibs_equality_allows(tmp_path, triples, streamed):
    """StreamedJsonld.add asks rdflib's questions (p == rdf:first, o == rdf:nil, a new subject?) without its
    __eq__: the same answers. Each subject is a new term object (equal text, not the same object)."""
    from rdflib import Literal

    def term(x):
        return URIRef(f"https://example.org/{x}") if len(x) == 1 else x

    with dump_formats.StreamedJsonld(tmp_path / "s.jsonld", {"p": "https://example.org/p"}) as s:
        taken = [s.add((term(a), p, Literal(o) if isinstance(o, str) and not isinstance(o, URIRef) else o))
                 for a, p, o in triples]
        assert all(taken) == streamed and s.finish() == streamed
    if streamed:
        doc = json.loads((tmp_path / "s.jsonld").read_text(encoding="utf-8"))
        assert len(doc["@graph"]) == len({a for a, _p, _o in triples})


def _node_cases():
    """Subjects with objects of every kind the dump can give: IRIs and literals of each datatype and language,
    under every term of a context and under no term, each alone, twice, and beside a falsy value."""
    from rdflib import Literal
    from rdflib.namespace import RDFS, SKOS, XSD

    ex = "https://example.org/"
    objects = [
        URIRef(LVP + "Signing"), URIRef("https://w3id.org/lv-pact-1939/id/b"), URIRef(ex + "c"), URIRef(XSD.date),
        Literal("x"), Literal(""), Literal("a", lang="en"), Literal("b", lang="lv"), Literal("c", lang="en"),
        Literal("0", datatype=XSD.integer), Literal("7", datatype=XSD.integer), Literal("false", datatype=XSD.boolean),
        Literal("true", datatype=XSD.boolean), Literal("1.5", datatype=XSD.double), Literal("s", datatype=XSD.string),
        Literal("1939-10-05", datatype=XSD.date), Literal("1939", datatype=XSD.gYear),
        Literal("12", datatype=XSD.positiveInteger), Literal("q", datatype=URIRef(ex + "dt")),
    ]
    return objects, [RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs, URIRef(ex + "unknown"), URIRef(ex + "dated")]


@pytest.mark.parametrize("which", ["full", "crafted"])
def test_the_node_maker_makes_rdflibs_nodes(which):
    """dump_formats._NodeMaker.node gives the dict rdflib's Converter.process_subject gives, for every
    predicate of the context (and some of none) with every kind of object, one, two or three at a time."""
    import itertools

    from rdflib.plugins.serializers.jsonld import Converter
    from rdflib.plugins.shared.jsonld.context import Context

    if which == "full":
        ctx = dump_formats.full_context(Graph().parse(dump_formats.paths.ONTOLOGY_FILE))
    else:  # containers, a default language and terms with a language, which the published context does not use
        ctx = {"@language": "lv", "xsd": "http://www.w3.org/2001/XMLSchema#",
               "tags": {"@id": "https://example.org/tags", "@container": "@set"},
               "names": {"@id": "https://example.org/names", "@container": "@language"},
               "namesSet": {"@id": "https://example.org/namesSet", "@container": ["@language", "@set"]},
               "en": {"@id": "https://example.org/en", "@language": "en"},
               "plain": {"@id": "https://example.org/plain", "@language": None},
               "kind": {"@id": "https://example.org/kind", "@type": "@vocab"},
               "seq": {"@id": "https://example.org/seq", "@container": "@list"},
               "dated": {"@id": "https://example.org/dated", "@type": "xsd:date"},
               "unknown": {"@id": "https://example.org/other", "@type": "@id"}}
    objects, predicates = _node_cases()
    predicates = predicates + [URIRef(t["@id"] if isinstance(t, dict) else t).replace("lvp:", str(LVP))
                               for t in ctx.values() if isinstance(t, (dict, str)) and not str(t).startswith("@")]
    predicates = [URIRef(str(p).replace("lvp:", str(LVP)).replace("skos:", "http://www.w3.org/2004/02/skos/core#"))
                  for p in predicates if isinstance(p, str) and ":" in p]
    converter = Converter(Context(ctx, base=None), (False,), False)
    maker = dump_formats._NodeMaker(Converter(Context(ctx, base=None), (False,), False))
    subject = URIRef("https://w3id.org/lv-pact-1939/id/a")
    checked = 0
    for p in dict.fromkeys(predicates):
        for n in (1, 2, 3):
            for combo in itertools.islice(itertools.combinations(objects, n), 0, None, 7 if n == 3 else 1):
                pairs = [(p, o) for o in combo] + ([(RDF.type, objects[0])] if n == 2 else [])
                try:
                    want = converter.process_subject(dump_formats._OneSubject(subject, pairs), subject, {})
                except Exception as exc:  # noqa: BLE001 - rdflib's own failure must be the maker's too
                    with pytest.raises(type(exc)):
                        maker.node(subject, pairs)
                    continue
                got = maker.node(subject, pairs)
                assert got == want, (p, combo)
                assert dump_formats._indented_canonical_json(got) == dump_formats._indented_canonical_json(want)
                checked += 1
    assert checked > 1000
