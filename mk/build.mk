# Building and checking the graph. `make` (the Makefile's `all`) runs all of it as part of everything; these
# targets run one step each, for development:
#   make build        validate, QC, evidence; the dump and summary into $(DEV)/dump/ (dist/ is not touched)
#   make validate | qc | check-evidence | check-quoted-words | summary | coverage     one check or report
#   make bench        benchmarks (prints figures; not a test)
.PHONY: build validate qc check-evidence check-quoted-words summary coverage bench

build: venv
	$(PACTKG) build --dist $(DEV)/dump

validate: venv
	$(PACTKG) validate

qc: venv
	$(PACTKG) qc

check-evidence: venv
	$(PACTKG) check-evidence

check-quoted-words: venv
	$(PACTKG) check-quoted-words

summary: venv
	$(PACTKG) summary

# Prints every sentence with the facts citing it; `make coverage COVERAGE_FLAGS=--strict` fails on gaps.
coverage: venv
	$(PACTKG) coverage $(COVERAGE_FLAGS)

# Benchmarks, not tests (docs/benchmarks.md): the commands as whole processes at 1x, 10x, 100x beside a naive rdflib
# pipeline (BENCH_FLAGS='--scales 1,10 --runs 5' …), then the SPARQL layer and the site.
bench: venv
	$(PY) bench/run.py $(BENCH_FLAGS)
	$(PY) bench/queries_bench.py
	$(PY) bench/site_bench.py

