"""The synthetic SMART patrol export: deterministic, inside the parks, in SMART's layout."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from landscape.paths import BUNDLED_DATA
from landscape.wildlife import synthetic_patrols as sp
from landscape.wildlife.synthetic import parks_from

HEADER = (
    "Patrol ID,Type,Patrol Start Date,Patrol End Date,Station,Team,Objective,Mandate,Armed,"
    "Patrol Leg ID,Leader,Patrol Transport Type,Waypoint ID,Waypoint Date,Waypoint Time,X,Y,"
    "Comment,Observation Category 0,Observation Category 1,Species,Number"
)
DATE = re.compile(r"^\d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2}$")
TIME = re.compile(r"^(1[0-2]|[1-9]):[0-5]\d:[0-5]\d (AM|PM)$")


@pytest.fixture(scope="module")
def parks():
    return parks_from(BUNDLED_DATA)


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    doc = tomllib.loads((BUNDLED_DATA / "species.toml").read_text(encoding="utf-8"))
    return {s["scientific_name"]: s["name_en"] for s in doc["species"]}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("smart") / "patrols.csv"
    return out, sp.write_sample(BUNDLED_DATA, out)


@pytest.fixture(scope="module")
def frame(sample) -> pd.DataFrame:
    data = pd.read_csv(sample[0], dtype=str, keep_default_na=False, encoding="utf-8")
    when = pd.to_datetime(
        data["Waypoint Date"] + " " + data["Waypoint Time"], format="%d-%b-%y %I:%M:%S %p"
    )
    return data.assign(when=when)


def test_same_seed_same_bytes_and_other_seed_other_bytes(sample, parks, names, tmp_path):
    again = tmp_path / "again.csv"
    other = tmp_path / "other.csv"
    assert sp.generate(again, parks, names) == sample[1]
    assert again.read_bytes() == sample[0].read_bytes()
    sp.generate(other, parks, names, seed=sp.SEED + 1)
    assert other.read_bytes() != sample[0].read_bytes()


def test_header_size_and_row_count(sample, frame):
    raw = sample[0].read_bytes()
    assert raw.decode("utf-8").split("\n", 1)[0] == HEADER
    assert b"\r" not in raw
    assert sample[1] == len(frame)
    assert 5000 <= len(frame) <= 12000
    assert len(raw) < 1_500_000


def test_says_synthetic_and_names_nobody(frame):
    assert (frame["Team"] == "").all()
    assert (frame["Leader"] == "").all()
    assert (frame["Comment"] == "").all()
    assert (frame["Objective"] == "Synthetic sample, not field data").all()
    assert frame["Station"].str.fullmatch(r"Synthetic station (CK|IA)-[12]").all()
    assert frame["Patrol ID"].str.fullmatch(r"SYN-(CK|IA)-202[1-4]-\d{3}").all()
    assert (frame["Patrol Leg ID"].str.rsplit("-L", n=1).str[0] == frame["Patrol ID"]).all()
    assert (frame["Type"] == "Ground").all()
    assert (frame["Armed"] == "No").all()
    assert set(frame["Mandate"]) == {"Law enforcement", "Monitoring"}
    assert set(frame["Patrol Transport Type"]) == {"Foot", "Horse"}
    assert frame.groupby("Patrol ID")["Station"].nunique().max() == 1


def test_every_waypoint_inside_its_park(frame, parks):
    by_code = {p.code.upper(): p.geometry for p in parks}
    code = frame["Patrol ID"].str.split("-").str[1]
    assert set(code) == set(by_code)
    assert frame["X"].str.fullmatch(r"\d+\.\d{5}").all()
    assert frame["Y"].str.fullmatch(r"\d+\.\d{5}").all()
    for name, geometry in by_code.items():
        part = frame[code == name]
        x, y = part["X"].astype(float).to_numpy(), part["Y"].astype(float).to_numpy()
        assert shapely.contains_xy(geometry, x, y).all(), name


def test_dates_and_times_in_smart_format_and_monotonic(frame):
    for column in ("Patrol Start Date", "Patrol End Date", "Waypoint Date"):
        assert frame[column].str.match(DATE).all(), column
    assert frame["Waypoint Time"].str.match(TIME).all()
    start = pd.to_datetime(frame["Patrol Start Date"], format="%d-%b-%y")
    end = pd.to_datetime(frame["Patrol End Date"], format="%d-%b-%y")
    day = frame["when"].dt.normalize()
    assert ((start <= day) & (day <= end)).all()
    assert ((end - start).dt.days <= 3).all()
    assert frame["when"].dt.month.between(5, 10).all()
    assert set(frame["when"].dt.year) == {2021, 2022, 2023, 2024}
    points = frame.drop_duplicates(["Patrol ID", "Waypoint ID"])
    for leg, times in points.groupby("Patrol Leg ID")["when"]:
        steps = times.diff().dropna()
        assert (steps >= pd.Timedelta(minutes=20)).all(), leg
        assert (steps <= pd.Timedelta(minutes=60)).all(), leg
        assert times.dt.date.nunique() == 1, leg


def test_local_clock_time_in_kazakhstan_before_and_after_the_2024_shift(frame):
    # The file holds local clock times: legs start about 8 AM both under +06:00 and, from
    # 1 March 2024, under +05:00. A generator writing one fixed offset would be off by an hour.
    first = frame.groupby("Patrol Leg ID")["when"].min()
    ia = first[first.index.str.startswith("SYN-IA-")]
    before, after = ia[ia < "2024-03-01"], ia[ia >= "2024-03-01"]
    assert len(before) and len(after)
    for times in (before, after, first):
        minutes = times.dt.hour * 60 + times.dt.minute
        assert minutes.between(7 * 60 + 30, 8 * 60 + 30).all()


def test_waypoints_numbered_per_patrol_each_with_a_row(frame):
    for patrol, ids in frame.groupby("Patrol ID")["Waypoint ID"]:
        numbers = sorted(set(ids.astype(int)))
        assert numbers == list(range(1, len(numbers) + 1)), patrol
    per_leg = frame.drop_duplicates(["Patrol ID", "Waypoint ID"]).groupby("Patrol Leg ID").size()
    assert per_leg.between(8, 15).all()
    position = frame["Observation Category 0"] == "Patrol position"
    # a position row only where the waypoint has nothing else
    alone = frame.groupby(["Patrol ID", "Waypoint ID"])["Observation Category 0"].transform("size")
    assert (alone[position] == 1).all()


def test_steps_are_short(frame):
    points = frame.drop_duplicates(["Patrol ID", "Waypoint ID"])
    lon, lat = np.radians(points["X"].astype(float)), np.radians(points["Y"].astype(float))
    same = points["Patrol ID"].eq(points["Patrol ID"].shift()).to_numpy()[1:]
    dx = np.diff(lon) * np.cos(lat[1:].to_numpy())
    km = 6371.0 * np.hypot(dx, np.diff(lat))
    assert km[same].max() < 1.6


def test_observations_and_species_names(frame, names):
    category = frame["Observation Category 0"]
    assert set(category) == {"Patrol position", "Wildlife", "Human activity"}
    wildlife = frame[category == "Wildlife"]
    assert (wildlife["Observation Category 1"] == "Mammals").all()
    assert set(wildlife["Species"]) <= set(names.values())
    assert {"Snow leopard", "Siberian ibex"} <= set(wildlife["Species"])
    counts = wildlife["Species"].value_counts()
    assert counts.index[0] == "Siberian ibex"
    assert counts["Snow leopard"] < counts["Siberian ibex"] / 5
    assert wildlife["Number"].astype(int).ge(1).all()
    other = frame[category != "Wildlife"]
    assert (other["Species"] == "").all()
    assert (other["Number"] == "").all()
    human = frame[category == "Human activity"]
    assert set(human["Observation Category 1"]) == {"Livestock grazing", "Campfire"}
    assert (frame.loc[category == "Patrol position", "Observation Category 1"] == "").all()


def test_species_missing_from_the_names_are_never_sighted(parks, tmp_path):
    out = tmp_path / "few.csv"
    sp.generate(out, parks, {"Capra sibirica": "Siberian ibex"}, scale=0.2)
    data = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert set(data.loc[data["Species"] != "", "Species"]) == {"Siberian ibex"}


def test_scale_changes_the_number_of_patrols(sample, frame, parks, names, tmp_path):
    out = tmp_path / "small.csv"
    rows = sp.generate(out, parks, names, scale=0.2)
    small = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert 0 < rows < sample[1] / 2
    assert small["Patrol ID"].nunique() < frame["Patrol ID"].nunique() / 2


def test_smart_date_and_time_helpers():
    assert sp.smart_date(dt.date(2022, 6, 19)) == "19-Jun-22"
    assert sp.smart_date(dt.date(2024, 5, 3)) == "03-May-24"
    assert sp.smart_time(dt.datetime(2022, 6, 19, 8, 49, 33)) == "8:49:33 AM"
    assert sp.smart_time(dt.datetime(2022, 6, 19, 0, 5, 0)) == "12:05:00 AM"
    assert sp.smart_time(dt.datetime(2022, 6, 19, 12, 0, 1)) == "12:00:01 PM"
    assert sp.smart_time(dt.datetime(2022, 6, 19, 15, 4, 9)) == "3:04:09 PM"
