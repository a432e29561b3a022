#!/usr/bin/env bash
# Compares the data files of two builds (e.g. made with two Pythons): they must be byte-identical.
# The HTML of the ontology documentation (pyLODE) and the site are generated documents, compared too;
# a difference there is reported as such. Usage: mk/compare-releases.sh DIST_A DIST_B
set -euo pipefail
a="$1"; b="$2"
data=(lv-pact-1939.ttl lv-pact-1939.nt lv-pact-1939.jsonld context.jsonld ontology.ttl ontology.jsonld shapes.ttl
      summary.txt mappings/wikidata.sssom.tsv mappings/unmapped.tsv CHANGES.md void.ttl SHA256SUMS)
bad=0
for d in "$a" "$b"; do
    [ -f "$d/lv-pact-1939.ttl" ] || { echo "compare-releases: $d holds no build (no lv-pact-1939.ttl)" >&2; exit 1; }
done
for f in "${data[@]}"; do
    if ! cmp -s "$a/$f" "$b/$f"; then echo "differs: $f ($a vs $b)" >&2; bad=1; fi
done
if ! cmp -s "$a/ontology.html" "$b/ontology.html"; then echo "differs: ontology.html (generated documentation)" >&2; bad=1; fi
if ! diff -rq "$a/site" "$b/site" >/dev/null; then diff -rq "$a/site" "$b/site" | head -5 >&2; bad=1; fi
if [ "$bad" -ne 0 ]; then echo "the two builds differ (see above)" >&2; exit 1; fi
echo "compare-releases: ${#data[@]} data files, ontology.html and the site are byte-identical"
