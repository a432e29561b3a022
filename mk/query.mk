# Querying: the competency questions, the query runner's local server, and their benchmark.
#   make queries            print every competency question with its answer table
#   make queries-expected   regenerate queries/expected/ from the current data (run deliberately; read the diff)
#   make queries-check      compare every answer with queries/expected/
#   make serve [PORT=7878]  serve the dump read-only on 127.0.0.1 with the oxigraph server (query page at /)
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

# The dump comes from `make`; build everything first when it is missing.
serve: venv
	@test -f $(SERVE_DUMP) || $(MAKE) --no-print-directory all
	$(PACTKG) serve --dump $(SERVE_DUMP) --location $(SERVE_STORE) --port $(PORT)

bench-queries: venv
	$(PY) bench/queries_bench.py
