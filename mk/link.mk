# Linking to Wikidata (issue 4). See docs/linking.md.
#   make mappings-export     write $(DIST)/mappings/wikidata.sssom.tsv and unmapped.tsv (part of `make`)
#   make mappings-check      the curated set is valid and every subject exists in data/
#   make mappings-unmapped   regenerate mappings/unmapped.tsv (commit it with the data or mapping change)
#   make link                ONLINE: propose items for unlinked entities -> $(DIST)/link/wikidata-candidates.sssom.tsv
#   make link-check          ONLINE: re-read every linked item, report drift -> $(DIST)/link/link-check.tsv
#   make quickstatements     ONLINE: statements Wikidata lacks -> $(DIST)/quickstatements/wikidata.qs
#   make federated [FEDERATED_QUERY=queries/federated/x.rq]   ONLINE: run the federated queries
#   make test-linking        the linking tests (offline: a local oxigraph server stands in for Wikidata)
# Online targets talk to $(WDQS_ENDPOINT) with a User-Agent naming $(WDQS_CONTACT): set your email or URL,
# e.g. `make link WDQS_CONTACT=mailto:you@example.org`. LINK_FLAGS passes more options (--pause, --batch-size …).

WDQS_ENDPOINT ?= https://query.wikidata.org/sparql
WDQS_CONTACT ?= https://w3id.org/lv-pact-1939/
LINK_FLAGS ?=
FEDERATED_QUERY ?= $(sort $(wildcard queries/federated/*.rq))
WDQS_ARGS = --endpoint $(WDQS_ENDPOINT) --contact $(WDQS_CONTACT) $(LINK_FLAGS)

.PHONY: mappings-ttl mappings-export mappings-check mappings-unmapped link link-check quickstatements federated test-linking

all: mappings-export

# After `build`: the build replaces dist/ as a whole.
mappings-export: build
	$(PACTKG) mappings export --out $(DIST)/mappings

mappings-check: $(STAMP)
	$(PACTKG) mappings check

mappings-unmapped: $(STAMP)
	$(PACTKG) mappings unmapped

# Regenerate data/wikidata-links.ttl (the curated rows as triples, so that the dump, the queries and the
# site all see the links); a test fails when it is out of date.
mappings-ttl: $(STAMP)
	$(PACTKG) mappings ttl

link: $(STAMP)
	$(PACTKG) link $(WDQS_ARGS) --out $(DIST)/link/wikidata-candidates.sssom.tsv

link-check: $(STAMP)
	$(PACTKG) link-check $(WDQS_ARGS) --out $(DIST)/link/link-check.tsv

quickstatements: $(STAMP)
	$(PACTKG) quickstatements $(WDQS_ARGS) --out $(DIST)/quickstatements/wikidata.qs

federated: $(STAMP)
	@for q in $(FEDERATED_QUERY); do echo "== $$q"; $(PACTKG) federated $$q $(WDQS_ARGS) || exit $$?; done

test-linking: $(STAMP)
	$(PY) -m pytest tests/linking
