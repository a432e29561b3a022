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
.PHONY: all venv test-venv system-deps test clean

# Everything, in one staging folder swapped into dist/ once: the validated dump and its summary, the release
# files (N-Triples, JSON-LD, ontology docs, mappings, description, checksums) and the site. Its rule is at the
# end of this file: dist/ is rebuilt only when an input changed (a second `make` does nothing; `make -B` forces).
# A dump that loses entities against the one in dist/ is refused: `make ALLOW_SHRINK=1` when that is meant.
all: $(DIST)/SHA256SUMS

# Made or checked only when VENV/.installed is older than what mk/venv.sh reads (or is missing), or when
# PYTHON=… is given; mk/venv.sh compares the interpreter and a hash of the pins, and prints progress.
venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt pyproject.toml mk/venv.sh mk/find-python.sh $(if $(PYTHON),FORCE)
	@bash mk/venv.sh $(VENV)
	@touch $@
# `make test` also installs the pins only the tests need (requirements-test.txt: pytest, Playwright, the HTML
# validator, the OWL reasoner, the citation checkers); `make` does not.
test-venv: $(VENV)/.installed-test
$(VENV)/.installed-test: requirements.txt requirements-test.txt pyproject.toml mk/venv.sh mk/find-python.sh $(if $(PYTHON),FORCE)
	@bash mk/venv.sh $(VENV) --test
	@touch $@
.PHONY: FORCE
FORCE:

# The Debian packages the tests need (browser, Java): installed as CI installs them, or a message and a stop.
system-deps:
	@bash mk/system-deps.sh

# Every test of every area. The browser tests are never skipped: a missing browser is a failure.
test: test-venv system-deps
	$(PY) -m pytest tests

clean:
	rm -rf $(DIST) $(DEV) $(VENV)

include $(sort $(wildcard mk/*.mk))

# dist/ is up to date when its SHA256SUMS (written last) is newer than every input of `pactkg dist` (the
# ontology, shapes, data, queries, mappings, context, baseline releases, changelog, reference/, the package's
# code, the article and the reference files) and the settings it was built with (kept in $(DEV)/.dist-settings, rewritten
# only when they change) are the same.
DIST_INPUTS := $(shell find ontology data queries mappings publish releases reference scripts/pactkg -name __pycache__ -prune \
	-o -type f -print 2>/dev/null) CHANGELOG.md CITATION.cff $(wildcard $(SOURCE)) $(shell find $(SHARED)/reference -type f 2>/dev/null)
DIST_SETTINGS := $(DEV)/.dist-settings
DIST_SETTINGS_NOW := $(PYTHON)|$(DEPLOY_BASE)|$(abspath $(SOURCE))|$(abspath $(SHARED))
$(shell mkdir -p $(DEV) && { [ "$$(cat $(DIST_SETTINGS) 2>/dev/null)" = '$(DIST_SETTINGS_NOW)' ] || \
	printf '%s\n' '$(DIST_SETTINGS_NOW)' > $(DIST_SETTINGS); })

$(DIST)/SHA256SUMS: $(DIST_INPUTS) $(DIST_SETTINGS) $(VENV)/.installed
	@$(PACTKG) dist --dist $(DIST) --deploy-base '$(DEPLOY_BASE)'$(if $(ALLOW_SHRINK), --allow-shrink)
