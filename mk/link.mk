# Linking to Wikidata. See docs/linking.md.
#   make mappings-export     write $(DEV)/mappings/wikidata.sssom.tsv and unmapped.tsv (`make` puts them in dist/mappings/)
#   make mappings-check      the curated set is valid and every subject exists in data/
#   make mappings-unmapped   regenerate mappings/unmapped.tsv (commit it with the data or mapping change)
#   make link                ONLINE: propose items for unlinked entities -> $(DEV)/link/wikidata-candidates.sssom.tsv
#   make link-check          ONLINE: re-read every linked item, report drift -> $(DEV)/link/link-check.tsv
#   make quickstatements     ONLINE: statements Wikidata lacks -> $(DEV)/quickstatements/wikidata.qs
#   make federated [FEDERATED_QUERY=queries/federated/x.rq]   ONLINE: run the federated queries
#   make test-linking        the linking tests (offline: a local oxigraph server stands in for Wikidata)
# Online targets talk to $(WDQS_ENDPOINT) with a User-Agent naming $(WDQS_CONTACT): set your email or URL,
# e.g. `make link WDQS_CONTACT=mailto:you@example.org`. LINK_FLAGS passes more options (--pause, --batch-size …).
# The environment settings the commands document (PACTKG_WDQS_ENDPOINT, PACTKG_CONTACT) are the defaults here
# too, so that `PACTKG_CONTACT=… make link` and `pactkg link` reach the same endpoint with the same contact.

WDQS_ENDPOINT ?= $(or $(PACTKG_WDQS_ENDPOINT),https://query.wikidata.org/sparql)
WDQS_CONTACT ?= $(or $(PACTKG_CONTACT),https://w3id.org/lv-pact-1939/)
LINK_FLAGS ?=
FEDERATED_QUERY ?= $(sort $(wildcard queries/federated/*.rq))
WDQS_ARGS = --endpoint '$(WDQS_ENDPOINT)' --contact '$(WDQS_CONTACT)' $(LINK_FLAGS)

.PHONY: mappings-ttl mappings-export mappings-check mappings-unmapped link link-check quickstatements federated test-linking

mappings-export: venv
	$(PACTKG) mappings export --out $(DEV)/mappings

mappings-check: venv
	$(PACTKG) mappings check

mappings-unmapped: venv
	$(PACTKG) mappings unmapped

# Regenerate data/wikidata-links.ttl (the curated rows as triples, so that the dump, the queries and the
# site all see the links); a test fails when it is out of date.
mappings-ttl: venv
	$(PACTKG) mappings ttl

link: venv
	$(PACTKG) link $(WDQS_ARGS) --out $(DEV)/link/wikidata-candidates.sssom.tsv

link-check: venv
	$(PACTKG) link-check $(WDQS_ARGS) --out $(DEV)/link/link-check.tsv

quickstatements: venv
	$(PACTKG) quickstatements $(WDQS_ARGS) --out $(DEV)/quickstatements/wikidata.qs

federated: venv
	@for q in $(FEDERATED_QUERY); do echo "== $$q"; $(PACTKG) federated $$q $(WDQS_ARGS) || exit $$?; done

test-linking: test-venv
	$(PY) -m pytest tests/link

# ONLINE: fetch the article's current text from the wiki, report every evidence string it no longer contains,
# and record the revision checked in $(DEV)/source-check.tsv. SOURCE_CHECK_FLAGS passes --api, --title, --contact.
SOURCE_CHECK_FLAGS ?=
.PHONY: source-check
source-check: venv
	$(PACTKG) source-check --out $(DEV)/source-check.tsv $(SOURCE_CHECK_FLAGS)
