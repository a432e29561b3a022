"""What the map and the timeline take from the graph: on a small fixture (exact marks) and on the real data
(counts computed here with SPARQL, independently of the site's code)."""

from __future__ import annotations

from pactkg.common import paths
from pactkg.common.namespaces import LVD, LVP
from pactkg.site import fmt
from pactkg.site.mapview import inset_markers, lines, markers
from pactkg.site.model import GraphView
from pactkg.site.timeline import timeline_items

from site_support import FIXTURES, case_graph

PREFIXES = """
PREFIX lvp: <https://w3id.org/lv-pact-1939/ontology#>
PREFIX lvd: <https://w3id.org/lv-pact-1939/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

LOCATED_PLACES = PREFIXES + """
SELECT DISTINCT ?place WHERE {
  ?place a/rdfs:subClassOf* lvp:Place ; lvp:geometry ?g .
  ?g wgs:lat ?lat ; wgs:long ?long .
  FILTER(STRSTARTS(STR(?place), STR(lvd:)))
}"""

TIMELINE_EVENTS = PREFIXES + """
SELECT DISTINCT ?e WHERE {
  ?e a/rdfs:subClassOf* lvp:Event .
  FILTER(STRSTARTS(STR(?e), STR(lvd:)))
  {
    { ?e lvp:date ?d }
    UNION { ?e lvp:hasClaim ?c . ?c lvp:claimedProperty lvp:date }
    UNION { ?c2 lvp:claimAbout ?e ; lvp:claimedProperty lvp:date }
    UNION { ?e lvp:notBefore ?nb }
    UNION {
      ?e lvp:startDate ?sd
      FILTER NOT EXISTS { ?e a/rdfs:subClassOf* ?garrison . VALUES ?garrison { lvp:Stationing lvp:BaseUse }
                          FILTER(DATATYPE(?sd) = xsd:gYear) }
    }
  }
}"""


def mini():
    return GraphView(case_graph(FIXTURES / "map-mini.ttl"))


def test_markers_on_the_fixture():
    view = mini()
    ms = {m.slug: m for m in markers(view)}
    assert sorted(ms) == ["kuldiga", "liepaja", "pitrags", "ventspils", "zilupe"]
    # motorised infantry folds to infantry; aviation comes from the airfield inside Liepāja
    assert ms["liepaja"].branches == [LVP.branchInfantry, LVP.branchAviation]
    assert ms["liepaja"].members == [LVD["liepaja-airfield"]]
    assert set(ms["liepaja"].facts) == {LVD["stationing-liepaja"], LVD["base-use-liepaja-airfield"]}
    assert ms["zilupe"].station and ms["zilupe"].branches == []
    assert not ms["kuldiga"].station and ms["kuldiga"].branches == []
    assert ms["ventspils"].branches == [LVP.branchArtillery]


def test_lines_on_the_fixture():
    view = mini()
    got = {l.node: l for l in lines(view)}
    assert got[LVD["kuldiga-meridian"]].kind == "meridian"
    assert got[LVD["kuldiga-meridian"]].lon == 21.97376
    seg = got[LVD["coast-between-ventspils-and-pitrags"]]
    assert seg.kind == "segment" and set(seg.ends) == {LVD["ventspils"], LVD["pitrags"]}
    assert got[LVD["venta-line"]].kind == "none"


def test_lines_from_line_geometries():
    """A place with a course is drawn along it; a line along features that all have one follows them; a line
    along a feature without one, and a coast without ends, are not drawn; a coast between two located places
    is a segment, marked as the exception of the provision that names it so."""
    view = GraphView(case_graph(FIXTURES / "map-lines.ttl"))
    got = {l.node: l for l in lines(view)}
    river = got[LVD["venta-river"]]
    assert river.kind == "course" and len(river.paths) == 1 and len(river.paths[0]) == 7
    assert river.paths[0][0] == (22.5052, 55.7824)  # (lon, lat): WKT is longitude first
    along = got[LVD["venta-line"]]
    assert along.kind == "along" and along.along == [LVD["venta-river"]] and along.paths == river.paths
    assert got[LVD["line-b"]].kind == "none"  # Lake B has no course
    assert got[LVD["irbe-strait-coast"]].kind == "none"
    coast = got[LVD["coast-x"]]
    assert coast.kind == "segment" and set(coast.ends) == {LVD["mouth-x"], LVD["cape-x"]}
    assert coast.exception_to == [LVD["provision-x"]]
    assert got[LVD["venta-river"]].exception_to == []


def map_pages_of_lines_fixture() -> dict[str, str]:
    """The map page of the map-lines fixture, in English and Latvian."""
    from pactkg.site.build import default_outline
    from pactkg.site.mapview import map_page
    from pactkg.site.markup import language

    view = GraphView(case_graph(FIXTURES / "map-lines.ttl"))
    pages = {}
    for lang in ("en", "lv"):
        with language(lang):
            pages[lang] = map_page(view, default_outline())
    return pages


def test_map_page_draws_courses_and_says_what_it_leaves_out():
    import re

    pages = map_pages_of_lines_fixture()
    main = pages["en"].split('<svg id="map"', 1)[1].split("</svg>", 1)[0]
    river = re.search(r'<a class="line course" href="id/venta-river.html"[^>]*>.*?<path d="([^"]+)"', main)
    along = re.search(r'<a class="line along" href="id/venta-line.html"[^>]*>.*?<path d="([^"]+)"', main)
    assert river and along
    # the whole river (7 points); the Latvian line only through the river's points inside Latvia's outline:
    # not the first three (Lithuania), nor the mouth (just beyond the generalised coast)
    assert river.group(1).count(" L") == 6
    assert along.group(1).count(" L") == 2
    legend = pages["en"].split('<section class="legend"', 1)[1].split("</section>", 1)[0]
    assert '<a href="id/venta-river.html">' in legend and '<a href="id/venta-line.html">' in legend
    assert re.search(r'data-kind="not-drawn" data-line="irbe-strait-coast">.*?id/irbe-strait-coast.html.*?not drawn', legend)
    assert "id/line-b.html" not in legend  # a line that cannot be drawn is no coast left out
    table = pages["en"].split('<section class="lines"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"Venta \(river\).*?drawn along its course as mapped today.*?Natural Earth rivers", table)
    assert re.search(r"Venta line.*?drawn along the course of.*?venta-river", table)
    assert re.search(r"Irbe Strait coast.*?not drawn: no source we found says where this coast begins and ends", table)
    lv_table = pages["lv"].split('<section class="lines"', 1)[1].split("</section>", 1)[0]
    assert "attēlota pa tās tecējumu" in lv_table and "nav attēlots: neviens atrastais avots" in lv_table
    credit = pages["en"].split('<p class="credit">', 1)[1].split("</p>", 1)[0]
    assert "Rivers as they run today" in credit and 'href="id/source-ne.html"' in credit  # the course's source
    unlocated = pages["en"].split('<section class="unlocated"', 1)[1]
    assert "irbe-strait-coast" not in unlocated.split("</section>", 1)[0]


def test_map_page_draws_an_exception_coast_in_its_own_style_and_says_its_end_is_open():
    """A coast that a provision names as its exception (the Irbe Strait coast) is drawn along the outline in
    its own style, has its own legend entry linked to its page, and the lines table says how it is drawn,
    from what, and that its western end is open; in both languages."""
    import re

    pages = map_pages_of_lines_fixture()
    main = pages["en"].split('<svg id="map"', 1)[1].split("</svg>", 1)[0]
    coast = re.search(r'<a class="line segment exception" href="id/coast-x.html"[^>]*>.*?<path d="([^"]+)"', main)
    assert coast and coast.group(1).count(" L") > 3, "along the outline, not one chord"
    legend = pages["en"].split('<section class="legend"', 1)[1].split("</section>", 1)[0]
    entry = re.search(r'<li data-kind="exception" data-line="coast-x">(.*?)</li>', legend)
    assert entry and 'class="exception-sw"' in entry.group(1) and '<a href="id/coast-x.html">' in entry.group(1)
    assert "western end is not fixed by the sources" in entry.group(1)
    assert 'data-kind="segment"' not in legend  # the only segment is the exception: no plain "line" entry
    table = pages["en"].split('<section class="lines"', 1)[1].split("</section>", 1)[0]
    row = re.search(r'<tr id="line-coast-x">(.*?)</tr>', table)
    assert row, table
    # west to east (the mouth is west of the cape), the water it lies on, and the open end
    assert re.search(r"drawn along Latvia&#x27;s coast from <a href=\"id/mouth-x.html\">Mouth X</a> to "
                     r"<a href=\"id/cape-x.html\">Cape X</a>, the two places that the sources consulted put on "
                     r"<a href=\"id/strait-x.html\">Strait X</a>\. The sources fix no western end", row.group(1))
    lv_table = pages["lv"].split('<section class="lines"', 1)[1].split("</section>", 1)[0]
    lv_row = re.search(r'<tr id="line-coast-x">(.*?)</tr>', lv_table)
    assert lv_row and "attēlots gar Latvijas krastu" in lv_row.group(1) and "rietumu galu avoti nenosaka" in lv_row.group(1)
    assert "Ieteka X</a> – <a" in lv_row.group(1)
    lv_legend = pages["lv"].split('<section class="legend"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'data-kind="exception" data-line="coast-x">.*?izņēmums; tā rietumu galu avoti nenosaka', lv_legend)


def test_a_coast_along_the_outline_stops_at_its_ends():
    """The coast is drawn from the point of the outline nearest to one end to the point nearest to the other,
    not from the nearest corners: on the generalised outline the corner nearest to the Irbe's mouth lies about
    3 km east of it, and the coast would stop short of the place that bounds it (or, elsewhere, run past it)."""
    from pactkg.site.build import default_outline
    from pactkg.site.mapview import Projection, along_outline, read_outline

    rings, _ = read_outline(default_outline())
    proj = Projection([x for r in rings for x, _ in r], [y for r in rings for _, y in r])
    mouth, cape = (57.644722, 22.145833), (57.758944, 22.604750)
    path = along_outline(rings, [mouth, cape], proj)
    assert path and len(path) > 3
    for (x, y), (lat, lon) in ((path[0], mouth), (path[-1], cape)):
        ex, ey = proj(lat, lon)
        assert abs(x - ex) < 1.5 and abs(y - ey) < 1.5, ((x, y), (ex, ey))  # both ends lie within 0.3 km of it
    west, east = proj(*mouth)[0], proj(*cape)[0]
    assert all(west - 0.01 <= x <= east + 0.01 for x, _ in path), "drawn beyond an end"
    assert along_outline(rings, [cape, mouth], proj) == list(reversed(path))


def test_the_outline_credit_is_in_the_page_language():
    from pactkg.site.mapview import outline_source
    from pactkg.site.markup import language

    note = "Natural Earth (public domain), via the Who's On First gazetteer record 85633279"
    with language("lv"):
        lv = outline_source(note)
        other = outline_source("Some other source")
    with language("en"):
        en = outline_source(note)
    assert lv == "Natural Earth (publiskais īpašums), ar Who&#x27;s On First gazetiera ieraksta 85633279 starpniecību."
    assert en == "Natural Earth (public domain), via the Who&#x27;s On First gazetteer record 85633279."
    assert other == '<span lang="en">Some other source</span>'  # shown as written, marked as English


def test_inset_holds_the_garrisons():
    view = mini()
    ins = {m.slug for m in inset_markers(markers(view))}
    # the box around Liepāja and Ventspils (the two garrisons): not Zilupe, not Pitrags, not Kuldīga (east of it)
    assert ins == {"liepaja", "ventspils"}


def test_timeline_on_the_fixture():
    view = mini()
    items = timeline_items(view)
    # the garrison and the base use are dated only to the year: they are on the map, not the timeline
    assert [view.entities[i.node].slug for i in items] == ["entry"]


def test_real_map_has_one_marker_per_located_place(real_graph):
    want = {str(r.place) for r in real_graph.query(LOCATED_PLACES)}
    got = {str(m.place) for m in markers(GraphView(real_graph))}
    assert want, "no located place in the data"
    assert got == want


def test_real_timeline_events_and_order(real_graph):
    want = {str(r.e) for r in real_graph.query(TIMELINE_EVENTS)}
    items = timeline_items(GraphView(real_graph))
    assert {str(i.node) for i in items} == want
    keys = [i.key for i in items]
    assert keys == sorted(keys)
    for i in items:
        d = real_graph.value(i.node, LVP.date)
        if d is not None:
            assert i.key == fmt.sort_key(d)


def test_map_draws_neighbours_a_scale_and_the_coast_along_the_outline(real_graph, tmp_path):
    import re

    import pytest

    from pactkg.site.build import default_outline
    from pactkg.site.mapview import MapError, map_page
    from pactkg.site.markup import language
    from pactkg.site.neighbours import WORLD_ATLAS

    world = paths.ROOT / "node_modules" / WORLD_ATLAS
    view = GraphView(real_graph)
    with language("en"):
        html = map_page(view, default_outline(), world)
    main = html.split('<svg id="map"', 1)[1].split("</svg>", 1)[0]
    neighbours = re.search(r'<path class="neighbour" d="([^"]+)"', main)
    assert neighbours and neighbours.group(1).count("M") >= 3  # Estonia, Lithuania, Russia, Belarus …
    assert re.search(r'class="scale-label">\d+\u00a0km<', main)
    coast = re.search(r'<a class="line segment" href="id/coast-between-ventspils-and-pitrags.html"[^>]*>.*?<path d="([^"]+)"', main)
    assert coast and coast.group(1).count(" L") > 5, "the coast is drawn along the outline, not as one chord"
    # the Venta from its Natural Earth course, the Venta line along it, each a link; the Irbe coast named
    assert re.search(r'<a class="line course" href="id/venta-river.html"[^>]*>.*?<path d="M[^"]+ L', main)
    assert re.search(r'<a class="line along" href="id/venta-line.html"[^>]*>.*?<path d="M[^"]+ L', main)
    legend = html.split('<section class="legend"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'<li data-kind="exception" data-line="irbe-strait-coast">.*?id/irbe-strait-coast.html', legend)
    # the Irbe Strait coast from the Irbe's mouth to Cape Kolka, along the outline, in its own style
    irbe = re.search(r'<a class="line segment exception" href="id/irbe-strait-coast.html"[^>]*>.*?<path d="([^"]+)"', main)
    assert irbe and irbe.group(1).count(" L") > 5
    table = html.split('<section class="lines"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'<tr id="line-irbe-strait-coast">.*?id/irbe-river-mouth.html.*?id/cape-kolka.html.*?'
                     r"The sources fix no western end", table)
    with pytest.raises(MapError, match="world-atlas"):
        map_page(view, default_outline(), tmp_path / "missing.json")


def test_the_pages_of_drawn_lines_link_to_their_row_on_the_map(site):
    """"Show on the map" on the page of every line the map draws (their pages have no point to show), to the
    line's row in the map's table of lines; not on the page of a line it leaves out."""
    for lang in ("en", "lv"):
        map_html = (site / lang / "map.html").read_text(encoding="utf-8")
        for slug in ("venta-river", "venta-line", "kuldiga-meridian", "coast-between-ventspils-and-pitrags",
                     "irbe-strait-coast"):
            page = (site / lang / "id" / f"{slug}.html").read_text(encoding="utf-8")
            assert f'href="../map.html#line-{slug}"' in page, (lang, slug)
            assert f'<tr id="line-{slug}">' in map_html
        # a line the map leaves out (the Pededze–Aiviekste–Lubāns line: its features have no course) has none
        left_out = (site / lang / "id" / "pededze-aiviekste-lubans-line.html").read_text(encoding="utf-8")
        assert "map.html#line-" not in left_out and '<tr id="line-pededze-aiviekste-lubans-line">' in map_html
