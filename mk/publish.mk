# Publishing: the release files, their changelog, and the baseline kept for the next one. `make` puts them in
# dist/ with everything else; these targets are for development and write into $(DEV)/release/:
#   make release                 dump as Turtle, N-Triples and JSON-LD, context, ontology (+HTML docs), shapes,
#                                mappings, CHANGES.md, void.ttl (VoID + DCAT), SHA256SUMS
#   make release SPARQL_ENDPOINT=https://…/sparql   name another endpoint in void.ttl (empty: none)
#   make release-freeze          build everything into dist/ and keep dist/lv-pact-1939.nt as
#                                releases/<version>.nt.gz (the next release's baseline)
#   make diff OLD=a.ttl NEW=b.nt triples added and removed between any two dumps, grouped by entity
#   make test-release            the release tests only
# See docs/publishing.md.

# The endpoint `make serve` starts (issue 3's PORT, 7878 by default).
SPARQL_ENDPOINT ?= http://127.0.0.1:$(or $(PORT),7878)/query

.PHONY: release release-freeze diff test-release

release: venv
	$(PACTKG) release --dist $(DEV)/release --sparql-endpoint '$(SPARQL_ENDPOINT)'

# Builds everything (from this commit), then keeps its N-Triples; commit releases/<version>.nt.gz with it.
release-freeze: all
	$(PACTKG) release --dist $(DIST) --sparql-endpoint '$(SPARQL_ENDPOINT)' --freeze

diff: venv
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=old.ttl NEW=new.ttl (Turtle, N-Triples or JSON-LD, .gz too)" >&2; exit 2; }
	$(PACTKG) diff '$(OLD)' '$(NEW)'

test-release: venv
	$(PY) -m pytest tests/publish
