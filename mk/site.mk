# Browsable site: entity pages, index with search, timeline and map, from the graph. `make` puts it in
# dist/site/ with everything else; these targets are for development:
#   make site               write $(DEV)/site/ only (dist/ is not touched)
#   make site-screenshots   screenshots of the index, an entity page, the timeline and the map in $(DEV)/screenshots/
#   make site-test          the site's tests (headless Chromium; mk/system-deps.sh installs it)
#   make site-bench         time `pactkg site` on the whole graph (prints the figures)

.PHONY: site site-screenshots site-test site-bench

site: venv
	$(PACTKG) site --out $(DEV)/site

site-screenshots: site
	$(PY) -m pactkg.site.screenshots --site $(DEV)/site --out $(DEV)/screenshots

site-test: venv system-deps
	$(PY) -m pytest tests/site

site-bench: venv
	$(PY) bench/site_bench.py
