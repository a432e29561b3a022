# Publishing: the release files, their changelog, and the baseline kept for the next one. `make` puts them in
# dist/ with everything else; these targets are for development and write into $(DEV)/release/:
#   make release                 dump as Turtle, N-Triples and JSON-LD, context, ontology (+HTML docs), shapes,
#                                mappings, CHANGES.md, void.ttl (VoID + DCAT), citation/, quality report,
#                                per-entity documents, RDF 1.2 edition, type maps and rules, SHA256SUMS
#   make DEPLOY_BASE=https://…/  (any target that builds) release for a host that serves dist/ at that URL;
#                                default: publish/deployment.toml's base (empty there: a build for local use)
#   make release-freeze          build everything into dist/ and keep dist/lv-pact-1939.nt as
#                                releases/<version>.nt.gz (the next release's baseline)
#   make deploy-local            serve dist/ as a host would: Apache httpd with the rules on 127.0.0.1:8080, the
#                                SPARQL endpoint proxied at /sparql, w3id.org's rules on :8081; Ctrl-C stops it
#   make citation                write .zenodo.json from CITATION.cff (commit it with CITATION.cff)
#   make diff OLD=a.ttl NEW=b.nt triples added and removed between any two dumps, grouped by entity
#   make test-release            the release tests only
# See docs/publishing.md and docs/deployment.md.

DEPLOY_BASE ?=
DEPLOY_PORT ?= 8080
W3ID_PORT   ?= 8081

.PHONY: release release-freeze deploy-local citation diff test-release

release: venv
	$(PACTKG) release --dist $(DEV)/release --deploy-base '$(DEPLOY_BASE)'

# Builds everything (from this commit), then keeps dist/'s N-Triples (dist/ is not built a second time, so the
# site stays in it); commit releases/<version>.nt.gz with it.
release-freeze: all
	$(PY) -c 'import sys; from pactkg.publish import release; print("Kept", release.freeze(sys.argv[1]))' '$(DIST)'

# What a host runs, on this machine (needs Debian's apache2). dist/ is first brought up to date for the local
# base on DEPLOY_PORT (a second make, so that the base is one of dist/'s recorded settings).
deploy-local: venv
	@$(MAKE) --no-print-directory all DEPLOY_BASE=http://127.0.0.1:$(DEPLOY_PORT)/
	$(PACTKG) deploy-local --dist $(DIST) --port $(DEPLOY_PORT) --w3id-port $(W3ID_PORT)

citation: venv
	$(PY) -c 'from pactkg.publish import citation; print(citation.write_zenodo())'

diff: venv
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=old.ttl NEW=new.ttl (Turtle, N-Triples or JSON-LD, .gz too)" >&2; exit 2; }
	$(PACTKG) diff '$(OLD)' '$(NEW)'

test-release: test-venv
	$(PY) -m pytest tests/publish
