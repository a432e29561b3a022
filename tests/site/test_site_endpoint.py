"""The query page asks the endpoint the deployment setting names (publish/deployment.toml, the one void.ttl
names too); a local build asks the one `make serve` answers beside the site; a broken setting is one message."""

from __future__ import annotations

import re

import pytest

from pactkg.publish import deployment
from pactkg.site.build import DEFAULT_ENDPOINT, SiteError, build_site, endpoint_for

from site_support import CASES, case_graph


def _setting(tmp_path, text: str):
    f = tmp_path / "deployment.toml"
    f.write_text(text, encoding="utf-8")
    return deployment.load(f)


def test_a_published_site_asks_the_published_endpoint(tmp_path):
    dep = _setting(tmp_path, 'base = "https://data.example.net/lv-pact-1939/"\nsparql_path = "query/sparql"\n')
    assert endpoint_for(dep) == "https://data.example.net/lv-pact-1939/query/sparql"


@pytest.mark.parametrize("base", ["", "http://127.0.0.1:8080/"])
def test_a_local_build_asks_the_endpoint_beside_the_site(tmp_path, base):
    assert endpoint_for(_setting(tmp_path, f'base = "{base}"\n')) == DEFAULT_ENDPOINT


def test_a_broken_setting_is_one_message(tmp_path, monkeypatch):
    bad = tmp_path / "deployment.toml"
    bad.write_text('base = "ftp://example.net/"\n', encoding="utf-8")
    monkeypatch.setattr(deployment, "CONFIG_FILE", bad)
    monkeypatch.setattr(deployment.load, "__defaults__", (bad, None))
    with pytest.raises(SiteError, match="not an http"):
        endpoint_for()


def test_the_query_page_carries_the_setting(tmp_path, monkeypatch):
    good = tmp_path / "deployment.toml"
    good.write_text('base = "https://data.example.net/kg/"\n', encoding="utf-8")
    monkeypatch.setattr(deployment.load, "__defaults__", (good, None))
    build_site(case_graph(CASES / "incoming.ttl"), tmp_path / "site")
    for lang in ("en", "lv"):
        html = (tmp_path / "site" / lang / "query.html").read_text(encoding="utf-8")
        assert re.search(r'data-endpoint="https://data.example.net/kg/sparql"', html), lang
