# lv-pact-1939 knowledge graph. `make` builds dist/; `make test` runs every test.
# Feature targets live in mk/*.mk (one file per area); this file holds the shared variables.

PYTHON_BOOT ?= python3.11
VENV        ?= .venv
PY          := $(VENV)/bin/python
PACTKG      := $(VENV)/bin/pactkg
STAMP       := $(VENV)/.installed
DIST        ?= dist
# The primary source's full text (the Latvian Wikipedia article). Checks that need it skip, saying so, when absent.
SOURCE      ?= ../shared/source/lvwiki-savstarpejas-palidzibas-pakts.txt
SHARED      ?= ../shared
export PACTKG_SOURCE := $(abspath $(SOURCE))
export PACTKG_SHARED := $(abspath $(SHARED))

.DEFAULT_GOAL := all
.PHONY: all venv test clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

clean:
	rm -rf $(DIST) $(VENV)

include $(sort $(wildcard mk/*.mk))
