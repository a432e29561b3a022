"""The browsable static site: entity pages, an index, a timeline and a map, all generated from the graph.

`build.build_site(graph, out_dir)` writes the site; `command` is the CLI layer (`pactkg site`). Everything a
page shows comes from the graph (or, for the map's outline, from the shared Natural Earth file): change
data/, rebuild, and the pages change.
"""
