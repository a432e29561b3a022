"""The map's lines along a feature cut to Latvia's side (mapview.runs_inside): each point is tested against
the outline once per map, however many lines follow the same course."""

from __future__ import annotations

from pactkg.site import mapview

SQUARE = [[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]]
PATH = [(-1.0, 5.0), (1.0, 5.0), (2.0, 5.0), (11.0, 5.0), (3.0, 5.0), (4.0, 5.0), (5.0, 5.0)]


def test_the_stretches_inside_the_outline():
    assert mapview.runs_inside(PATH, SQUARE) == [[(1.0, 5.0), (2.0, 5.0)], [(3.0, 5.0), (4.0, 5.0), (5.0, 5.0)]]


def test_points_shared_by_paths_are_tested_once(monkeypatch):
    calls = []
    real = mapview.inside
    monkeypatch.setattr(mapview, "inside", lambda ring, lon, lat: calls.append((lon, lat)) or real(ring, lon, lat))
    known: dict = {}
    first = mapview.runs_inside(PATH, SQUARE, known)
    second = mapview.runs_inside(PATH, SQUARE, known)
    assert first == second == mapview.runs_inside(PATH, SQUARE)
    assert sorted(calls[:len(PATH)]) == sorted(PATH) and len(calls) == 2 * len(PATH)  # the third call: no memo
