# Browsable site: entity pages, index with search, timeline and map, from the graph. `make` puts it in
# dist/site/ with everything else; these targets are for development:
#   make site               write $(DEV)/site/ only (dist/ is not touched)
#   make site-screenshots   screenshots of the index, an entity page, the timeline and the map in $(DEV)/screenshots/
#   make site-test          the site's tests (headless Chromium; mk/system-deps.sh installs it)
#   make site-bench         time `pactkg site` on the whole graph (prints the figures)
#   make node-deps          `npm ci`: the front-end files the site bundles (package.json, package-lock.json)

.PHONY: site site-screenshots site-test site-bench node-deps

# The npm packages (YASGUI's editor, world-atlas, axe-core), installed from the lockfile when it changes.
NODE_STAMP := node_modules/.installed
NPM ?= npm

node-deps: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v $(NPM) >/dev/null 2>&1 || { echo "make needs npm (Node.js 18 or newer) to bundle the site's front-end packages from package-lock.json; on Debian/Ubuntu: sudo apt-get install nodejs npm" >&2; exit 1; }
	$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# `make` (dist/) and the tests build the site, which bundles those files; a new lockfile rebuilds dist/.
$(DIST)/SHA256SUMS test: $(NODE_STAMP)

site: venv $(NODE_STAMP)
	$(PACTKG) site --out $(DEV)/site

site-screenshots: site test-venv
	$(PY) -m pactkg.site.screenshots --site $(DEV)/site --out $(DEV)/screenshots

site-test: test-venv system-deps $(NODE_STAMP)
	$(PY) -m pytest tests/site

site-bench: venv
	$(PY) bench/site_bench.py
