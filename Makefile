# lv-pact-1939 knowledge graph. `make` builds every output into dist/ at once; `make test` runs every test.
# Each area's targets live in mk/<area>.mk (build, query, link, publish, site); this file holds what they share.
# Map of the code and the data flow: docs/architecture.md.

# The interpreter: PYTHON=… if given, else python3 if it is 3.11–3.13, else the newest 3.11–3.13 found
# (mk/find-python.sh). The virtual environment follows it: a different Python remakes VENV.
PYTHON      ?=
export PYTHON
VENV        ?= .venv
PY          := $(VENV)/bin/python
PACTKG      := $(VENV)/bin/pactkg
DIST        ?= dist
# Development targets that build one part (make release, make site …) write here, never into dist/.
DEV         ?= build
# The primary source's full text (the Latvian Wikipedia article). Checks that need it skip, saying so, when absent.
SOURCE      ?= ../shared/source/lvwiki-savstarpejas-palidzibas-pakts.txt
SHARED      ?= ../shared
export PACTKG_SOURCE := $(abspath $(SOURCE))
export PACTKG_SHARED := $(abspath $(SHARED))

.DEFAULT_GOAL := all
.PHONY: all venv system-deps test clean

# Everything, in one staging folder swapped into dist/ once: the validated dump and its summary, the release
# files (N-Triples, JSON-LD, ontology docs, mappings, description, checksums) and the site.
# A dump that loses entities against the one in dist/ is refused: `make ALLOW_SHRINK=1` when that is meant.
all: venv
	@$(PACTKG) dist --dist $(DIST) --sparql-endpoint '$(SPARQL_ENDPOINT)'$(if $(ALLOW_SHRINK), --allow-shrink)

# Cheap when up to date (compares the interpreter and a hash of the pins); prints progress on first run.
venv:
	@bash mk/venv.sh $(VENV)

# The Debian packages the tests need (browser, Java): installed as CI installs them, or a message and a stop.
system-deps:
	@bash mk/system-deps.sh

# Every test of every area. The browser tests are never skipped: a missing browser is a failure.
test: venv system-deps
	$(PY) -m pytest tests

clean:
	rm -rf $(DIST) $(DEV) $(VENV)

include $(sort $(wildcard mk/*.mk))
