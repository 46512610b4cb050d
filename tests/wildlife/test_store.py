"""Wildlife data in the catalog: the bundled synthetic sample, generalisation, figures, grid."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from landscape.catalog import Catalog, load_catalog
from landscape.importers.wildlife import import_wildlife
from landscape.paths import BUNDLED_DATA
from landscape.wildlife import figures, grid, privacy
from landscape.wildlife.model import binomial, empty_patrols, empty_waypoints
from landscape.wildlife.store import FOLDER, empty_datasets
from landscape.wildlife.synthetic import SAMPLE_ID, write_sample
from tests.conftest import snapshot
from tests.packages import (
    SECRET_FORMS,
    SECRET_LAT,
    SECRET_LON,
    write_package,
)

SAMPLE = BUNDLED_DATA / FOLDER / SAMPLE_ID


def test_regenerating_the_sample_gives_identical_files(tmp_path: Path):
    out = tmp_path / SAMPLE_ID
    write_sample(BUNDLED_DATA, out)
    assert snapshot(out) == snapshot(SAMPLE)


def test_sample_is_synthetic_inside_the_parks_and_large(catalog: Catalog):
    row = catalog.datasets.set_index("id").loc[SAMPLE_ID]
    assert row["synthetic"] is True or row["synthetic"] == True  # noqa: E712
    assert "not field data" in row["title"].lower()
    sample = catalog.observations[catalog.observations["dataset"] == SAMPLE_ID]
    assert 3000 <= len(sample) <= 10000, "several thousand observations"
    assert sample["park"].notna().all(), "every camera stands inside a park outline"
    deployments = catalog.deployments
    assert set(deployments["park"]) == {"chon-kemin", "ile-alatau"}
    years = set(sample["time"].dt.year)
    assert years == set(range(2019, 2025))
    assert set(sample["species"]) <= {binomial(s) for s in catalog.species["scientific_name"]}
    # ibex commonest, Pallas's cat rarest: plausible relative frequencies
    counts = sample["species"].value_counts()
    assert counts.index[0] == "Capra sibirica" and counts.index[-1] == "Otocolobus manul"


def test_sample_offsets_are_mixed_and_converted_to_utc():
    text = (SAMPLE / "observations.csv").read_text(encoding="utf-8")
    assert "+06:00" in text and "+05:00" in text, "Kazakhstan moved to +05:00 in March 2024"


def test_removing_the_sample_folders_removes_their_data(data_copy: Path):
    samples = sorted((data_copy / FOLDER).glob("synthetic-*"))
    assert [p.name for p in samples] == [
        "synthetic-patrols-chon-kemin",
        "synthetic-patrols-ile-alatau",
        SAMPLE_ID,
    ]
    shutil.rmtree(data_copy / FOLDER / SAMPLE_ID)
    cat = load_catalog(data_copy)
    assert cat.deployments.empty and set(cat.datasets["kind"]) == {"smart"}
    for folder in samples[:2]:
        shutil.rmtree(folder)
    cat = load_catalog(data_copy)
    assert cat.observations.empty and cat.datasets.empty and cat.patrols.empty
    assert not [p for p in cat.problems if p.severity == "error"]


def test_snap_uses_the_fixed_grid_centre_never_a_random_offset():
    values = pd.Series([42.87654, 42.80001, 42.89999, -0.05])
    assert list(privacy.snap(values, 0.1)) == [42.85, 42.85, 42.85, -0.05]
    assert list(privacy.snap(values, 0.01)) == [42.875, 42.805, 42.895, -0.045]


def test_public_view_generalises_sensitive_species_and_their_cameras(catalog: Catalog):
    public = privacy.public_view(catalog)
    obs = public.observations
    leopards = obs[obs["species"] == "Panthera uncia"]
    assert not leopards.empty
    # every high-sensitivity position is a 0.1° cell centre: x.x5
    for value in pd.concat([leopards["lat"], leopards["lon"]]):
        assert abs(value * 10 - round(value * 10 - 0.5) - 0.5) < 1e-6, value
    assert leopards["generalised"].str.contains("0.1° grid cell").all()
    precise = catalog.deployments.set_index("deployment")
    for dep in public.deployments.to_dict("records"):
        if dep["generalised"]:
            assert (dep["lat"], dep["lon"]) != tuple(precise.loc[dep["deployment"], ["lat", "lon"]])
    assert public.deployments["generalised"].astype(bool).all(), "every camera saw a leopard"
    assert (obs["time"] == obs["time"].dt.floor("D")).all(), "dates only"


def test_category_1_positions_are_withheld_and_unknown_species_get_the_default():
    table = pd.DataFrame({"scientific_name": ["Panthera uncia"], "sensitivity": [1]})
    obs = pd.DataFrame(
        {
            "species": ["Panthera uncia", "Vulpes vulpes"],
            "lat": [42.87654, 42.87654],
            "lon": [76.54321, 76.54321],
            "time": pd.to_datetime(["2023-06-10T03:14:15Z"] * 2, utc=True),
        }
    )
    out = privacy.generalise(obs, privacy.category_of(obs["species"], table))
    assert out["lat"].isna().iloc[0] and "withheld" in out["generalised"].iloc[0]
    assert out["sensitivity"].iloc[1] == privacy.DEFAULT_SENSITIVITY
    assert (out["lat"].iloc[1], out["lon"].iloc[1]) == (42.85, 76.55)


def test_records_of_a_leopard_camera_are_generalised_like_the_leopard(catalog: Catalog):
    public = privacy.public_view(catalog).observations
    ibex = public[(public["species"] == "Capra sibirica") & public["deployment"].notna()]
    assert (ibex["sensitivity"] == 2).all(), "every synthetic station also saw a leopard"
    assert ibex["lat"].round(2).eq(ibex["lat"]).all()


def test_a_wolf_elsewhere_keeps_its_position_and_a_station_is_one_place():
    species = pd.DataFrame(
        {"scientific_name": ["Panthera uncia", "Canis lupus"], "sensitivity": [2, 0]}
    )
    obs = pd.DataFrame(
        {
            "dataset": ["d"] * 3,
            "deployment": ["st1-2019", "st1-2020", "st2-2020"],
            "species": ["Panthera uncia", "Canis lupus", "Canis lupus"],
            "lat": [42.87654, 42.87654, 42.91111],
            "lon": [76.54321, 76.54321, 76.61111],
            "time": pd.to_datetime(["2019-06-01T00:00:00Z"] * 3, utc=True),
        }
    )
    dep = pd.DataFrame(
        {
            "dataset": ["d"] * 3,
            "deployment": list(obs["deployment"]),
            "lat": obs["lat"],
            "lon": obs["lon"],
        }
    )

    class Mini:
        observations, deployments = obs, dep
        waypoints, patrols, datasets = empty_waypoints(), empty_patrols(), empty_datasets()

        def __init__(self) -> None:
            self.species = species

        def replace(self, **changes):
            return changes

    out = privacy.public_view(Mini())  # type: ignore[arg-type]
    public_obs, public_dep = out["observations"], out["deployments"]
    assert list(public_obs["lat"]) == [42.85, 42.85, 42.91111]
    assert list(public_dep["lat"]) == [42.85, 42.85, 42.91111], "the 2020 deployment too"


def _with_leopard(data_copy: Path, tmp_path: Path) -> Catalog:
    write_package(tmp_path / "pkg")
    import_wildlife(data_copy, tmp_path / "pkg", "camtrap-dp")
    return load_catalog(data_copy)


def test_imported_precise_leopard_never_appears_in_the_public_view(data_copy, tmp_path):
    cat = _with_leopard(data_copy, tmp_path)
    precise = cat.observations[cat.observations["dataset"] == "test-leopards"]
    assert (precise["lat"].iloc[0], precise["lon"].iloc[0]) == (SECRET_LAT, SECRET_LON)
    public = privacy.public_view(cat)
    # the imported dataset's rows only: a synthetic ibex elsewhere may share the digits
    own = public.observations[public.observations["dataset"] == "test-leopards"]
    text = own.to_csv() + public.deployments.to_csv()
    assert not [f for f in SECRET_FORMS if f in text]
    staff = privacy.staff_view(cat)
    assert SECRET_LAT in set(staff.observations["lat"])


def test_filters_narrow_records_and_effort(catalog: Catalog):
    f = figures.WildlifeFilter(
        species=("Panthera uncia",),
        start=dt.date(2021, 1, 1),
        end=dt.date(2021, 12, 31),
        parks=("ile-alatau",),
    )
    view = figures.apply(catalog, f)
    obs = view.observations
    assert not obs.empty
    assert set(obs["species"]) == {"Panthera uncia"}
    assert set(obs["park"]) == {"ile-alatau"} and set(obs["time"].dt.year) == {2021}
    assert set(view.deployments["park"]) == {"ile-alatau"}
    days = figures.camera_days(view.deployments, f)
    assert (days > 0).all() and (days <= 366).all()
    assert list(view.deployments["camera_days"]) == list(days), "apply clips the effort once"


def test_camera_days_are_clipped_to_the_chosen_dates():
    dep = pd.DataFrame(
        {
            "start": pd.to_datetime(["2023-06-01T00:00:00Z"], utc=True),
            "end": pd.to_datetime(["2023-07-01T00:00:00Z"], utc=True),
        }
    )
    assert figures.camera_days(dep, figures.WildlifeFilter()).iloc[0] == 30.0
    clipped = figures.WildlifeFilter(start=dt.date(2023, 6, 21))
    assert figures.camera_days(dep, clipped).iloc[0] == 10.0


def test_rai_is_records_per_100_camera_days(catalog: Catalog):
    table = figures.rai(catalog, "en", "outside")
    row = table[(table["species"] == "Snow leopard") & (table["park"].str.startswith("Chon"))]
    obs = catalog.observations
    camera = obs["deployment"].notna()  # patrol records have no camera effort
    records = (camera & (obs["species"] == "Panthera uncia") & (obs["park"] == "chon-kemin")).sum()
    dep = catalog.deployments[catalog.deployments["park"] == "chon-kemin"]
    days = ((dep["end"] - dep["start"]).dt.total_seconds() / 86400).sum()
    assert row["detections"].iloc[0] == records
    assert row["rai"].iloc[0] == pytest.approx(records / days * 100, abs=0.01)
    wide = figures.comparison(table, ["Chon Kemin State Natural Park"], "RAI")
    assert wide.set_index("species").loc["Snow leopard", "Chon Kemin State Natural Park"] == records


def test_species_table_counts_records_individuals_and_parks(catalog: Catalog):
    table = figures.species_table(catalog, catalog, "en", "outside").set_index("species")
    obs = catalog.observations
    ibex = obs[obs["species"] == "Capra sibirica"]
    assert table.loc["Capra sibirica", "records"] == len(ibex)
    assert table.loc["Capra sibirica", "individuals"] == ibex["count"].sum()
    assert table.loc["Panthera uncia", "iucn"] == "VU (since 2017)"
    assert "Chon Kemin" in table.loc["Panthera uncia", "parks"]
    assert "Ile-Alatau" in table.loc["Panthera uncia", "parks"]


def test_grid_cells_sum_to_the_records_and_the_camera_days(catalog: Catalog):
    public = privacy.public_view(catalog)
    days = figures.camera_days(public.deployments, figures.WildlifeFilter())
    cells = grid.cells(public.observations, public.deployments, grid.PUBLIC_STEP)
    assert cells["records"].sum() == len(public.observations.dropna(subset=["lat"]))
    assert cells["camera_days"].sum() == pytest.approx(days.sum(), rel=1e-3)
    assert len(cells) < 200, "aggregated: far fewer cells than records"
    assert ((cells["east"] - cells["west"]).round(6) == 0.1).all()
    with_effort = cells[cells["camera_days"] > 0]
    first = with_effort.iloc[0]
    assert first["rate"] == pytest.approx(first["records"] / first["camera_days"] * 100, abs=0.01)


@pytest.mark.parametrize("lang", ["en", "ru", "ky", "kk"])
def test_park_names_are_what_tr_gives_with_english_fallback(lang):
    from landscape.text import tr

    cat = load_catalog(BUNDLED_DATA)
    blank = cat.parks.copy()
    blank.loc[blank.index[0], f"name_{lang}"] = "  "  # a blank name falls back to English
    for parks in (cat.parks, blank):
        view = cat.replace(parks=parks)
        want = {p["id"]: tr(p, "name", lang) for p in parks.to_dict("records")}
        assert figures.park_names(view, lang, "Outside") == {**want, "outside": "Outside"}
    if lang != "en":
        english = figures.park_names(cat.replace(parks=blank), lang, "x")[blank["id"].iloc[0]]
        assert english == blank["name_en"].iloc[0]
