# Browsable site (issue 6): entity pages, index with search, timeline and map, from the graph.
#   make site               write dist/site/ (swapped in whole; nothing else in dist/ is touched)
#   make site-screenshots   screenshots of the index, an entity page, the timeline and the map in dist/screenshots/
#   make site-test          the site's tests (headless Chromium; run .ci/install-browser.sh once first)
#   make site-bench         time `pactkg site` on the whole graph (prints the figures)

.PHONY: site site-screenshots site-test site-bench

site: $(STAMP)
	$(PACTKG) site --out $(DIST)/site

site-screenshots: site
	$(PY) -m pactkg.site.screenshots --site $(DIST)/site --out $(DIST)/screenshots

site-test: $(STAMP)
	$(PY) -m pytest tests/site

site-bench: $(STAMP)
	$(PY) bench/site_bench.py
