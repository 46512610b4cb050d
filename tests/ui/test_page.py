"""The page through Streamlit's AppTest: URL parameters, the filter, and broken data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from landscape.paths import REPO
from landscape.ui import map_component, state
from landscape.ui import panels as panel_ui

APP = str(REPO / "app.py")


def _app(
    monkeypatch,
    data: Path | None = None,
    *,
    loaded: bool = True,
    tab: str | None = None,
    **params: object,
) -> AppTest:
    """The page for a link with `params`. `loaded`: as after the browser's map has loaded and
    reported (AppTest runs no component), so the whole page is drawn; else the first run.
    `tab`: the panel tab open (an id of panel_ui.TABS; only the open tab is drawn)."""
    if data is not None:
        monkeypatch.setenv("LANDSCAPE_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if loaded:
        at.session_state[map_component.REPORTED] = True
    if tab is not None:
        at.session_state[panel_ui.OPEN] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def _map_args(at: AppTest) -> dict:
    maps = [c for c in at.get("component_instance")]
    assert len(maps) == 1
    return json.loads(maps[0].proto.json_args)


def test_default_page_shows_map_with_local_assets_and_all_panels(monkeypatch):
    at = _app(monkeypatch)
    args = _map_args(at)
    assert all(link.startswith("../../app/static/") for link in args["js_links"])
    assert all(link.startswith("../../app/static/") for link in args["css_links"])
    assert '"id": "chon-kemin"' in args["feature_group"]
    assert "place-samarkand" in args["feature_group"]
    assert [t.label for t in at.tabs] == ["Projects", "COP14 context", "Parks", "Species", "METT"]
    text = " ".join(m.value for m in at.markdown)
    assert "not yet documented" in text
    at = _app(monkeypatch, tab="cop14")
    assert "Nature Knows No Borders" in " ".join(m.value for m in at.markdown)


def _tab_elements(at: AppTest) -> dict[str, int]:
    return {tab.label: len(list(tab)) - 1 for tab in at.tabs}  # iterating yields the tab too


def test_only_the_open_tab_is_drawn_and_it_survives_a_change_of_language(monkeypatch):
    at = _app(monkeypatch)
    drawn = _tab_elements(at)
    assert drawn["Projects"] > 10, drawn
    assert drawn["COP14 context"] == drawn["Parks"] == drawn["Species"] == drawn["METT"] == 0
    # the visitor opens COP14 (the frontend sends the new label of the tabs' widget)
    at.session_state[panel_ui.tab_key("en")] = "COP14 context"
    at.run()
    drawn = _tab_elements(at)
    assert drawn["Projects"] == 0 and drawn["COP14 context"] > 10, drawn
    assert "Nature Knows No Borders" in " ".join(m.value for m in at.markdown)
    # ... then switches to Russian: the COP14 tab stays open, with its Russian label
    at.session_state[state.LANG] = "ru"
    at.run()
    assert not at.exception, at.exception
    drawn = _tab_elements(at)
    assert [label for label, n in drawn.items() if n] == ["Контекст COP14"], drawn


def test_project_in_url_filters_map_and_panels(monkeypatch):
    at = _app(monkeypatch, project="camca")
    assert at.multiselect(key="project_filter").value == ["camca"]
    fg = _map_args(at)["feature_group"]
    assert "chon-kemin" not in fg and "place-samarkand" in fg
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert any("CAMCA" in h for h in headings)
    assert not any("Vanishing" in h for h in headings)


def test_repeated_project_parameter(monkeypatch):
    at = _app(monkeypatch, project=["camca", "transboundary"])
    assert at.multiselect(key="project_filter").value == ["transboundary", "camca"]


def test_unknown_project_is_ignored_with_a_notice(monkeypatch):
    at = _app(monkeypatch, project=["nope<script>", "transboundary"])
    assert at.multiselect(key="project_filter").value == ["transboundary"]
    notices = [i.value for i in at.info]
    assert len(notices) == 1 and "nope" in notices[0]
    assert "\\<script\\>" in notices[0], "markdown-escaped, so it shows as text"


def test_changing_the_filter_writes_the_url_and_keeps_the_map_key(monkeypatch):
    at = _app(monkeypatch)
    before = at.get("component_instance")[0].proto.id
    at.multiselect(key="project_filter").select("vanishing-treasures").run()
    assert at.query_params["project"] in ("vanishing-treasures", ["vanishing-treasures"])
    after = at.get("component_instance")[0].proto.id
    assert before == after, "same component identity: the browser keeps zoom and centre"
    assert "chon-kemin" not in _map_args(at)["feature_group"]


def test_click_on_a_park_selects_it_in_the_panels(monkeypatch):
    at = _app(monkeypatch)
    # Seed the component's value as the browser would after a click on Chon Kemin.
    # The component's key (st_folium's hash of the map) ends its widget id.
    component_key = at.get("component_instance")[0].proto.id.rsplit("-", 1)[-1]
    at.session_state[component_key] = {"last_object_clicked": {"lat": 42.876, "lng": 76.695}}
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Selected on the map" in " ".join(c.value for c in at.caption)
    assert "#### Chon Kemin State Natural Park" in text


def test_broken_data_file_shows_a_message_and_everything_else(monkeypatch, data_copy):
    (data_copy / "events.toml").write_text("[[event]\nthis is not toml")
    at = _app(monkeypatch, data=data_copy)
    expander = [e for e in at.expander if "Data problems" in e.label]
    assert expander and "events.toml" in at.code[0].value and "not valid TOML" in at.code[0].value
    fg = _map_args(at)["feature_group"]
    assert "chon-kemin" in fg and "ile-alatau" in fg
    assert not re.search(r"Traceback", " ".join(m.value for m in at.markdown))


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Трансграничный ландшафт Чон-Кемин – Иле-Алатау"),
        ("xx", "Chon Kemin – Ile-Alatau transboundary landscape"),
    ],
)
def test_lang_parameter_picks_the_catalog_or_falls_back_to_english(monkeypatch, lang, title):
    at = _app(monkeypatch, lang=lang)
    assert at.title[0].value == title


def test_a_sessions_first_run_draws_the_map_alone_for_the_links_view(monkeypatch):
    """Map first: the filters and panels come in the next run, after the map has loaded;
    the map of that first run is the one the whole page shows for the same link."""
    link = {"species": "Panthera uncia", "project": "transboundary", "lang": "ru"}
    first = _app(monkeypatch, loaded=False, **link)
    assert [t.label for t in first.tabs] == []
    assert not first.multiselect and not first.sidebar.slider
    assert [c.value for c in first.sidebar.caption] == ["Загружаются фильтры и панели…"]
    assert first.title[0].value == "Трансграничный ландшафт Чон-Кемин – Иле-Алатау"
    whole = _app(monkeypatch, **link)
    assert [t.label for t in whole.tabs] != []
    assert _map_args(first) == _map_args(whole)
    assert "Panthera uncia" in whole.multiselect(key="wl_species").value


def test_the_first_run_has_a_way_on_should_the_map_never_report(monkeypatch):
    at = _app(monkeypatch, loaded=False)
    assert not at.tabs
    at.button[0].click().run()
    assert [t.label for t in at.tabs] == ["Projects", "COP14 context", "Parks", "Species", "METT"]
    assert at.multiselect(key="project_filter") is not None


def _problems_page() -> None:
    import os
    from pathlib import Path

    from landscape.catalog import load_catalog
    from landscape.i18n import translator
    from landscape.ui import page

    cat = load_catalog(Path(os.environ["LANDSCAPE_DATA"]))
    page.data_problems(cat, translator(cat.ui, "en"))


def test_data_problems_lists_each_error_by_file_and_feature_or_nothing(monkeypatch, data_copy):
    monkeypatch.setenv("LANDSCAPE_DATA", str(REPO / "geodata"))
    at = AppTest.from_function(_problems_page, default_timeout=60)
    at.run()
    assert not at.exception and not at.expander, "clean data: no box at all"
    places = json.loads((data_copy / "places.geojson").read_text(encoding="utf-8"))
    places["features"][0]["geometry"] = None
    (data_copy / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    monkeypatch.setenv("LANDSCAPE_DATA", str(data_copy))
    at = AppTest.from_function(_problems_page, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert len(at.expander) == 1
    listed = at.expander[0].code[0].value
    assert listed.startswith("places.geojson:") and ": error: " in listed
