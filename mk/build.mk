# Build pipeline (issue 2): `make` validates, runs the QC and evidence checks, writes dist/ and prints the
# summary, all in one process (one parse). The other targets run one step each.
.PHONY: build validate qc check-evidence summary coverage bench

all: build

build: $(STAMP)
	$(PACTKG) build --dist $(DIST)

validate: $(STAMP)
	$(PACTKG) validate

qc: $(STAMP)
	$(PACTKG) qc

check-evidence: $(STAMP)
	$(PACTKG) check-evidence

summary: $(STAMP)
	$(PACTKG) summary

# Prints every sentence with the facts citing it; `make coverage COVERAGE_FLAGS=--strict` fails on gaps.
coverage: $(STAMP)
	$(PACTKG) coverage $(COVERAGE_FLAGS)

# A benchmark, not a test: time and peak memory per step, real graph and 10x / 100x synthetic graphs.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_FLAGS)
	$(PY) bench/queries_bench.py
	$(PY) bench/site_bench.py

# Every test of every area.
test: $(STAMP)
	$(PY) -m pytest tests
