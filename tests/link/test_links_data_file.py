"""data/wikidata-links.ttl is generated from the curated SSSOM file; it must never drift from it."""

from pactkg.link import mappings
from pactkg.common import paths


def test_links_data_file_is_current():
    current = (paths.DATA_DIR / mappings.LINKS_TTL_NAME).read_text(encoding="utf-8")
    expected = mappings.links_ttl_text(mappings.load_curated())
    assert current == expected, (
        "data/wikidata-links.ttl differs from mappings/wikidata.sssom.tsv: run `make mappings-ttl` and commit it"
    )


def test_links_data_file_holds_every_curated_link():
    from rdflib import Graph

    g = Graph().parse(paths.DATA_DIR / mappings.LINKS_TTL_NAME)
    assert len(g) == len(mappings.mapping_triples()) > 0
    assert set(g) == set(mappings.mapping_triples())
