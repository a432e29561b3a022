# Querying: the competency questions, the query runner's local server, and their benchmark.
#   make queries            print every competency question with its answer table
#   make queries-expected   regenerate queries/expected/ from the current data (run deliberately; read the diff)
#   make queries-check      compare every answer with queries/expected/
#   make serve [PORT=7878]  the site, the release files and the SPARQL endpoint (/sparql, /query) on 127.0.0.1
#   make bench-queries      median latency per question, embedded store and server

PORT ?= 7878
SERVE_DUMP ?= $(DIST)/lv-pact-1939.ttl
SERVE_STORE ?= $(DEV)/oxigraph-store

.PHONY: queries queries-expected queries-check serve bench-queries

queries: venv
	$(PACTKG) questions

queries-expected: venv
	$(PACTKG) questions --write-expected

queries-check: venv
	$(PACTKG) questions --check

# The dump comes from `make`; build everything first when it is missing. The site and the release files
# are served with the endpoint (pactkg site-serve): the query page asks /sparql.
serve: venv
	@test -f $(SERVE_DUMP) -a -f $(DIST)/site/index.html || $(MAKE) --no-print-directory all
	$(PACTKG) site-serve --site $(DIST)/site --release $(DIST) --dump $(SERVE_DUMP) --location $(SERVE_STORE) --port $(PORT)

bench-queries: venv
	$(PY) bench/queries_bench.py
