"""What the release reads from its dump, in one pass over the dump's triples streamed: no graph of them all.

The statistics (dataset_description.compute_stats) see every triple as it passes; the quality report, the
mapping set's check, the list of unmapped entities and the description's sources read a few properties
only (types, labels, the class hierarchy, sources, evidence, claims, links, the cited documents' addresses,
titles and authors): those triples alone are kept, in a small rdflib graph (the build's OneGraph). So the
build's graph of the whole dump (about 1.4 kB a triple: 3.3 GB at 1000x) can be let go as soon as the build
has written the dump (docs/publishing.md). The triples come from pyoxigraph's parser of the file (build.load.stream_triples),
not from an Oxigraph store, which would give "12"^^xsd:positiveInteger back as xsd:integer
(oxigraph/oxigraph#1413).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from pactkg.build import load
from pactkg.build.one_graph_store import OneGraph
from pactkg.common.namespaces import LVP
from pactkg.publish import dataset_description

# Every predicate that quality_report.compute, link.mappings (load_curated, unmapped_tsv, mapping_triples'
# links) and dataset_description.description_source read. A reader that asks for another one gets nothing
# for it: tests/publish/test_dump_view.py compares each reader's output on this graph and on the whole one.
READ = frozenset({
    RDF.type, RDFS.subClassOf, RDFS.label,
    LVP.source, LVP.evidence, LVP.text, LVP.dateInferred,  # facts, their sources and quoted evidence
    LVP.disputed, LVP.hasClaim, LVP.claimedProperty, LVP.claimedValue,  # disputes and claims
    OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,  # links
    DCTERMS.creator, LVP.url, LVP.title, LVP.author,  # the description's sources
})


def read_graph(triples: Iterable[tuple]) -> Graph:
    """The triples with a predicate in READ, as an rdflib graph."""
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in triples if p in READ)
    return g


def read(dump: Path, also: Callable[[tuple], object] | None = None) -> tuple[dataset_description.Stats, Graph]:
    """The dump's statistics and the graph of what the release's readers read, from one streamed pass.

    also: given every triple too, in the file's order (the release makes its JSON-LD dump in the same pass:
    dump_formats.StreamedJsonld.add), so the dump is parsed into rdflib terms once for both.

    The kept graph is a build.one_graph_store.OneGraph (the build's store for one graph), its triples added
    straight into its store: rdflib's Memory keeps named-graph bookkeeping for each triple, and Graph.addN
    checks each term's type. At 100x the pass cost 2.6-3.3 s of CPU with a Memory graph, 1.6-1.8 s so
    (/tmp/s25/rel-work/bench_view.py, session 25)."""
    kept = OneGraph()
    add = kept.store.add

    def passing(triples: Iterable[tuple]) -> Iterator[tuple]:
        for t in triples:
            if t[1] in READ:
                add(t)
            if also is not None:
                also(t)
            yield t

    stats = dataset_description.compute_stats(passing(load.stream_triples(Path(dump))))
    return stats, kept
