"""Presentation mode, languages and the view state in the URL, through Streamlit's AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from landscape.catalog import Catalog
from landscape.tour import steps
from tests.ui.test_page import _app, _map_args


def _bar(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_present_mode_shows_the_tour_bar_and_no_dashboard_chrome(monkeypatch, catalog: Catalog):
    at = _app(monkeypatch, mode="present")
    first = steps(catalog, "en")[0]
    assert first.title in _bar(at) and f"1 / {len(catalog.tour)}" in _bar(at)
    assert not at.title, "no page title while presenting"
    assert not at.tabs and not at.sidebar.multiselect, "no panels, no sidebar filters"
    args = _map_args(at)
    # the step's frame travels with its layers and is fitted to the screen in the browser
    assert args["center"] is None and args["zoom"] is None
    assert f'"key": "step:1:{first.id}"' in args["feature_group"]
    assert "place-samarkand" in args["feature_group"]
    assert at.button(key="tour_previous").disabled


def test_next_and_back_move_the_map_and_the_url(monkeypatch, catalog: Catalog):
    at = _app(monkeypatch, mode="present")
    tour = steps(catalog, "en")
    key = _map_args(at)["key"]
    at.button(key="tour_next").click().run()
    args = _map_args(at)
    assert at.query_params["step"] == "2" and tour[1].title in _bar(at)
    assert f'"key": "step:2:{tour[1].id}"' in args["feature_group"]
    assert args["key"] == key, "the map is moved, not rebuilt"
    at.button(key="tour_previous").click().run()
    assert at.query_params["step"] == "1"


def test_a_step_sets_the_project_filter_and_its_layers(monkeypatch, catalog: Catalog):
    numbers = {s.id: s.number for s in steps(catalog, "en")}
    camca = _map_args(_app(monkeypatch, mode="present", step=numbers["camca"]))
    assert "chon-kemin" not in camca["feature_group"], "CAMCA maps no park"
    assert "place-samarkand" in camca["feature_group"]
    park = _map_args(_app(monkeypatch, mode="present", step=numbers["chon-kemin"]))
    assert '"id": "chon-kemin"' in park["feature_group"]
    assert "place-samarkand" not in park["feature_group"], "the park step shows parks only"
    wildlife = _app(monkeypatch, mode="present", step=numbers["wildlife"])
    assert "landscape-camera" in _map_args(wildlife)["feature_group"]
    assert "synthetic sample, not field data" in _bar(wildlife)


def test_a_step_beyond_the_tour_shows_the_last_one(monkeypatch, catalog: Catalog):
    at = _app(monkeypatch, mode="present", step="99")
    last = steps(catalog, "en")[-1]
    assert last.title in _bar(at) and at.button(key="tour_next").disabled
    assert at.query_params["step"] == str(last.number)


def test_second_caption_language_shows_both(monkeypatch, catalog: Catalog):
    at = _app(monkeypatch, mode="present", lang="ru", lang2="en")
    russian, english = steps(catalog, "ru")[0], steps(catalog, "en")[0]
    text = _bar(at)
    assert russian.title in text and 'class="tour-second"' in text
    assert english.title in text.split('class="tour-second"')[1]


def test_hostile_step_text_is_escaped(monkeypatch, data_copy):
    path = data_copy / "tour.toml"
    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title_en = "CMS COP14, Samarkand"', f'title_en = "{hostile}"'))
    bar = _bar(_app(monkeypatch, data_copy, mode="present"))
    assert "<img" not in bar and "<script" not in bar and "&lt;img src=x" in bar


def test_language_switch_changes_strings_and_url(monkeypatch):
    at = _app(monkeypatch)
    assert at.title[0].value.startswith("Chon Kemin")
    at.segmented_control(key="lang").set_value("kk").run()
    assert at.query_params["lang"] == "kk"
    assert "Іле" in at.title[0].value
    assert at.tabs[0].label != "Projects"


def test_wildlife_filters_and_display_live_in_the_url(monkeypatch):
    at = _app(
        monkeypatch,
        species="Panthera uncia",
        show="heatmap",
        park="chon-kemin",
        **{"from": "2021-01-01"},
    )
    assert at.sidebar.multiselect(key="wl_species").value == ["Panthera uncia"]
    assert at.sidebar.multiselect(key="wl_parks").value == ["chon-kemin"]
    assert at.sidebar.radio(key="wl_mode").value == "heatmap"
    assert str(at.sidebar.slider(key="wl_dates").value[0]) == "2021-01-01"
    at.sidebar.radio(key="wl_mode").set_value("grid").run()
    at.multiselect(key="project_filter").set_value(["camca"]).run()
    params = at.query_params
    assert params["species"] == "Panthera uncia" and params["project"] == "camca"
    assert "show" not in params, "the default display is left out of the link"


def test_share_link_names_the_whole_view(monkeypatch):
    monkeypatch.setenv("LANDSCAPE_PUBLIC_URL", "https://maps.example.org/landscape/")
    at = _app(monkeypatch, project="transboundary", lang="ru", species="Panthera uncia")
    links = [c.value for c in at.sidebar.code]
    assert links == [
        "https://maps.example.org/landscape/?project=transboundary&lang=ru&species=Panthera+uncia"
    ]


def test_basemap_choice_lives_in_the_url(monkeypatch):
    at = _app(monkeypatch, basemap="topo")
    assert at.sidebar.selectbox(key="basemap").value == "topo"
    topo = _map_args(at)["script"]
    at.sidebar.selectbox(key="basemap").set_value("offline").run()
    assert at.query_params["basemap"] == "offline"
    assert _map_args(at)["script"] != topo, "the map is drawn on the chosen basemap"


def _step_page() -> None:
    import streamlit as st

    from landscape.ui import present
    from landscape.viewstate import ViewState

    st.markdown(f"first: {present.current_step(9, ViewState(step=42))}")
    st.markdown(f"again: {present.current_step(9, ViewState(step=3))}")


def test_the_step_from_a_link_is_kept_in_range_and_then_kept_by_the_session():
    at = AppTest.from_function(_step_page)
    at.run()
    assert not at.exception, at.exception
    # a link to step 42 of 9 shows the last; the session keeps its step over a new seed
    assert [m.value for m in at.markdown] == ["first: 9", "again: 9"]
