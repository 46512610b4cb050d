"""The URL view state (parse and write back) and the presentation tour, as pure functions."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from landscape import geometry, tour
from landscape.catalog import Catalog, load_catalog
from landscape.viewstate import ViewState, parse, public_base, share_url, to_params
from landscape.wildlife.figures import OUTSIDE, WildlifeFilter


def _params(**values: object) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [str(v)] for k, v in values.items()}


def test_every_part_of_the_view_round_trips_through_the_url(catalog: Catalog):
    leopard = "Panthera uncia"
    state = ViewState(
        projects=("transboundary",),
        lang="kk",
        lang2="ru",
        mode="present",
        step=3,
        basemap="offline",
        wildlife=WildlifeFilter(
            species=(leopard,),
            start=dt.date(2021, 1, 1),
            end=dt.date(2022, 6, 30),
            parks=("chon-kemin", OUTSIDE),
            datasets=("synthetic-sample",),
        ),
        show="grid",
        colour="rate",
    )
    url = share_url("https://example.org/landscape/", state, catalog)
    query = parse_qs(urlsplit(url).query)
    assert query["lang"] == ["kk"] and query["step"] == ["3"] and query["colour"] == ["rate"]
    assert query["park"] == ["chon-kemin", OUTSIDE] and query["species"] == [leopard]
    assert parse(query, catalog) == state


def test_defaults_are_left_out_of_the_link(catalog: Catalog):
    assert to_params(ViewState(basemap="osm"), catalog) == []
    assert share_url("http://h/", ViewState(basemap="osm"), catalog) == "http://h/"


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        (_params(lang="xx"), "lang", "en"),
        (_params(lang="RU"), "lang", "ru"),
        (_params(lang="ru", lang2="ru"), "lang2", ""),
        (_params(lang2="<script>"), "lang2", ""),
        (_params(mode="admin"), "mode", ""),
        (_params(step="-2"), "step", 1),
        (_params(step="9999999999"), "step", 1),
        (_params(step="2"), "step", 2),
        (_params(basemap="javascript:alert(1)"), "basemap", "osm"),
        (_params(show="everything"), "show", "grid"),
        (_params(colour="red"), "colour", "records"),
        (_params(project=["camca", "nope", "camca"]), "projects", ("camca",)),
        (_params(project=["nope"]), "unknown_projects", ("nope",)),
    ],
)
def test_bad_values_fall_back_to_defaults(catalog: Catalog, params, field, expected):
    assert getattr(parse(params, catalog), field) == expected


def test_bad_wildlife_values_are_dropped_and_reversed_dates_swapped(catalog: Catalog):
    state = parse(
        _params(
            species=["Panthera uncia", "<img src=x>"],
            park=["mars"],
            source=["nope"],
            **{"from": "2023-05-01", "to": "2020-01-31"},
        ),
        catalog,
    )
    w = state.wildlife
    assert w.species == ("Panthera uncia",) and w.parks == () and w.datasets == ()
    assert (w.start, w.end) == (dt.date(2020, 1, 31), dt.date(2023, 5, 1))
    assert parse(_params(**{"from": "31/01/2020"}), catalog).wildlife.start is None


def test_many_or_long_values_are_cut_before_they_cost_anything(catalog: Catalog):
    state = parse({"project": ["camca"] * 10_000, "lang": ["x" * 100_000]}, catalog)
    assert state.projects == ("camca",) and state.lang == "en"


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("https://maps.ilbirs.example/landscape/?x=1#y", "https://maps.ilbirs.example/landscape/"),
        ("http://192.168.1.20:8501/", "http://192.168.1.20:8501/"),
        ("javascript:alert(1)", None),
        ('https://a.example/"><script>', None),
        ("", None),
        (None, None),
    ],
)
def test_public_base_url_accepts_only_plain_http_addresses(configured, expected):
    assert public_base(configured) == expected


def test_tour_runs_in_file_order_with_every_required_stop(catalog: Catalog):
    steps = tour.steps(catalog, "en")
    ids = [s.id for s in steps]
    assert ids[:4] == ["cop14", "landscape", "chon-kemin", "ile-alatau"]
    assert ids[-2:] == ["wildlife", "monitoring"]
    for pid in catalog.projects["id"]:
        assert pid in ids, f"no tour step for project {pid}"
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    for step in steps:
        assert step.title and step.text and step.sources, step.id


def _contains(bounds, lon: float, lat: float) -> bool:
    (south, west), (north, east) = bounds
    tol = 1e-5  # bounds are rounded to 5 decimals
    return south - tol <= lat <= north + tol and west - tol <= lon <= east + tol


def test_each_step_frames_its_focus_as_bounds_fitted_to_the_screen(catalog: Catalog):
    """Steps carry the bounds of their focus (the map fits them to its size), not a zoom
    chosen for one screen; park steps name the park they highlight."""
    by_id = {s.id: s for s in tour.steps(catalog, "en")}
    samarkand = catalog.places.set_index("id").loc["samarkand", "geometry"]
    parks = catalog.parks.set_index("id")
    # "samarkand;landscape" frames both
    cop14 = by_id["cop14"]
    assert _contains(cop14.bounds, samarkand.x, samarkand.y)
    west, south, east, north = catalog.parks.total_bounds
    assert _contains(cop14.bounds, west, south) and _contains(cop14.bounds, east, north)
    # a park step frames its park alone and highlights it
    chon = by_id["chon-kemin"]
    w, s_, e, n = parks.geometry["chon-kemin"].bounds
    assert _contains(chon.bounds, w, s_) and _contains(chon.bounds, e, n)
    assert not _contains(chon.bounds, *parks.geometry["ile-alatau"].centroid.coords[0])
    assert chon.highlight == ("chon-kemin",) and by_id["ile-alatau"].highlight == ("ile-alatau",)
    assert by_id["landscape"].highlight == () and by_id["wildlife"].highlight == ()
    # a project that maps one place is framed on that place with its surroundings
    for pid in ("camca", "vanishing-treasures"):
        step = by_id[pid]
        (south, west), (north, east) = step.bounds
        assert step.zoom is None, "fitted to the screen, not a fixed zoom"
        assert abs((south + north) / 2 - samarkand.y) < 1e-4
        assert abs((west + east) / 2 - samarkand.x) < 1e-4
        assert (north - south, east - west) >= geometry.PLACE_SPAN_DEG
    assert all(s.zoom is None for s in by_id.values()), "no bundled step fixes its zoom"
    assert by_id["camca"].projects == ("camca",) and "cameras" in by_id["wildlife"].layers


def test_a_step_zoom_given_in_the_file_still_wins(data_copy):
    path = data_copy / "tour.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('focus = "chon-kemin"', 'focus = "chon-kemin"\nzoom = 7'))
    step = {s.id: s for s in tour.steps(load_catalog(data_copy), "en")}["chon-kemin"]
    assert step.zoom == 7.0
    (south, west), (north, east) = step.bounds
    assert step.center == (round((south + north) / 2, 5), round((west + east) / 2, 5))


def test_frame_bounds_give_a_lone_place_its_surroundings(catalog: Catalog):
    places = catalog.places
    lone = geometry.frame_bounds([catalog.parks.iloc[:0]], places)
    (south, west), (north, east) = lone
    assert north - south == pytest.approx(geometry.PLACE_SPAN_DEG[0])
    assert east - west == pytest.approx(geometry.PLACE_SPAN_DEG[1])
    both = geometry.frame_bounds([catalog.parks], places)
    assert both == tuple(
        tuple(round(v, 5) for v in c) for c in geometry.bounds_of(catalog.parks, places)
    )
    assert geometry.frame_bounds([catalog.parks.iloc[:0]], places.iloc[:0]) is None


def test_reordering_the_file_reorders_the_tour(data_copy):
    path = data_copy / "tour.toml"
    blocks = path.read_text(encoding="utf-8").split("\n[[step]]\n")
    head, steps = blocks[0], [b.rstrip("\n") + "\n" for b in blocks[1:]]
    path.write_text(head + "".join(f"\n[[step]]\n{b}" for b in reversed(steps)), encoding="utf-8")
    ids = [s.id for s in tour.steps(load_catalog(data_copy), "en")]
    assert ids[:2] == ["monitoring", "wildlife"] and ids[-1] == "cop14"


def test_a_step_with_an_unknown_focus_is_named_and_left_out(data_copy, catalog: Catalog):
    path = data_copy / "tour.toml"
    text = path.read_text(encoding="utf-8").replace('focus = "chon-kemin"', 'focus = "atlantis"')
    path.write_text(text, encoding="utf-8")
    cat = load_catalog(data_copy)
    lines = [p.line() for p in cat.problems if p.severity == "error"]
    assert any(
        line.startswith("tour.toml:chon-kemin: error: field 'focus'") and "'atlantis'" in line
        for line in lines
    ), lines
    assert "chon-kemin" not in [s.id for s in tour.steps(cat, "en")]
    assert len(tour.steps(cat, "en")) == len(tour.steps(catalog, "en")) - 1


def test_step_texts_follow_the_language_with_english_fallback(catalog: Catalog):
    english = tour.steps(catalog, "en")
    russian = tour.steps(catalog, "ru")
    assert [s.id for s in english] == [s.id for s in russian]
    for en, ru in zip(english, russian, strict=True):
        if ru.title != en.title:
            assert any("\u0400" <= ch <= "\u04ff" for ch in ru.title), ru.title
    assert tour.clamp(99, len(english)) == len(english) and tour.clamp(0, 5) == 1


def test_every_url_parameter_the_code_reads_is_listed_once():
    import re

    from landscape.paths import REPO
    from landscape.viewstate import URL_PARAMS

    code = (REPO / "src" / "landscape" / "viewstate.py").read_text(encoding="utf-8")
    read = set(re.findall(r'_(?:one|all)\(params, "(\w+)"\)', code))
    assert read == set(URL_PARAMS) and len(URL_PARAMS) == len(set(URL_PARAMS))
