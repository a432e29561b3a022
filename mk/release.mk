# Publishing (issue 5): the release in dist/, its changelog, and the baseline kept for the next one.
#   make release                 write dist/ (built beside it and swapped in): dump as Turtle, N-Triples and
#                                JSON-LD, context, ontology (+HTML docs), shapes, mappings, CHANGES.md,
#                                void.ttl (VoID + DCAT), SHA256SUMS
#   make release SPARQL_ENDPOINT=https://…/sparql   name another endpoint in void.ttl (empty: none)
#   make release-freeze          keep dist/lv-pact-1939.nt as releases/<version>.nt.gz (the next baseline)
#   make diff OLD=a.ttl NEW=b.nt triples added and removed between any two dumps, grouped by entity
#   make test-release            the release tests only
# See docs/publishing.md.

# The endpoint `make serve` starts (issue 3's PORT, 7878 by default).
SPARQL_ENDPOINT ?= http://127.0.0.1:$(or $(PORT),7878)/query

.PHONY: release release-freeze diff test-release

release: $(STAMP)
	$(PACTKG) release --dist $(DIST) --sparql-endpoint '$(SPARQL_ENDPOINT)'

# Releases (from this commit), then keeps its N-Triples; commit releases/<version>.nt.gz with the release.
release-freeze: $(STAMP)
	$(PACTKG) release --dist $(DIST) --sparql-endpoint '$(SPARQL_ENDPOINT)' --freeze

diff: $(STAMP)
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=old.ttl NEW=new.ttl (Turtle, N-Triples or JSON-LD, .gz too)" >&2; exit 2; }
	$(PACTKG) diff '$(OLD)' '$(NEW)'

test-release: $(STAMP)
	$(PY) -m pytest tests/release
