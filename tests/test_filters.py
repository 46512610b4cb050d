from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from landscape import filters, geometry


def test_geodesic_area_matches_an_equal_area_projection():
    square = shapely.box(76.0, 42.5, 77.0, 43.0)
    laea = gpd.GeoSeries([square], crs="EPSG:4326").to_crs(
        "+proj=laea +lat_0=42.75 +lon_0=76.5 +datum=WGS84"
    )
    assert geometry.area_km2(square) == pytest.approx(laea.area.iloc[0] / 1e6, rel=1e-4)


def test_shared_ridge_runs_along_the_border_where_the_parks_meet(catalog):
    ridge = geometry.shared_ridge(catalog.border, catalog.parks)
    metres = gpd.GeoSeries([ridge], crs="EPSG:4326").to_crs("EPSG:32643").length.iloc[0]
    assert 60_000 < metres < 130_000
    border = shapely.union_all(catalog.border.geometry.values)
    assert ridge.difference(border.buffer(1e-6)).length == pytest.approx(0, abs=1e-9)


def test_no_ridge_when_parks_do_not_meet(catalog):
    far = catalog.parks.copy()
    far["geometry"] = [far.geometry.iloc[0], shapely.affinity.translate(far.geometry.iloc[1], 0, 1)]
    assert geometry.shared_ridge(catalog.border, far).is_empty


def test_display_geometry_is_simplified_and_rounded(catalog):
    geom = catalog.parks.geometry.iloc[0]
    shown = geometry.for_display(geom)
    assert shapely.get_num_coordinates(shown) <= shapely.get_num_coordinates(geom)
    xs = shapely.get_coordinates(shown)[:, 0]
    assert all(abs(x * 1e5 - round(x * 1e5)) < 1e-6 for x in xs)
    assert geometry.area_km2(shown) == pytest.approx(geometry.area_km2(geom), rel=0.01)


def test_filter_keeps_type_and_shows_only_what_belongs(catalog):
    view = filters.by_projects(catalog, ["camca"])
    assert type(view) is type(catalog) and isinstance(view.parks, gpd.GeoDataFrame)
    assert list(view.projects["id"]) == ["camca"]
    assert view.parks.empty  # CAMCA's mapped area is not documented
    assert set(view.events["id"]) == {"cop14", "side-event-unep-cms"}
    assert list(view.places["id"]) == ["samarkand"]


def test_filter_transboundary_and_chaining(catalog):
    view = filters.by_projects(catalog, ["transboundary"])
    assert set(view.parks["id"]) == {"chon-kemin", "ile-alatau"}
    assert set(view.events["id"]) == {"cop14", "side-event-giz", "poster-giz-booth"}
    again = filters.by_projects(view, ["transboundary"])
    assert list(again.events["id"]) == list(view.events["id"])


def test_no_choice_means_everything(catalog):
    assert filters.by_projects(catalog, []) is catalog


def test_unknown_ids_are_split_off(catalog):
    known, unknown = filters.split_known(catalog, ["nope", "camca", "nope"])
    assert known == ["camca"] and unknown == ["nope"]
