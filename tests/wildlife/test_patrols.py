"""SMART patrol data end to end: `landscape import smart` into a data directory, the figures
(effort, patrol-days per month, observations per 100 patrol-days, coverage) computed by hand
from the fixtures, the public view, the summary and the dashboard."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pytest

from landscape.catalog import Catalog, load_catalog
from landscape.wildlife import figures, patrols, privacy
from landscape.wildlife.store import FOLDER, SMART_FILE
from tests.conftest import snapshot
from tests.test_cli import run
from tests.ui.test_page import _app, _map_args

FIXTURES = Path(__file__).parents[1] / "fixtures" / "smart"
EN = FIXTURES / "patrols-en.csv"
RU = FIXTURES / "patrols-ru.csv"
# Values of the personal and free-text columns of the fixtures: never stored, never shown.
PERSONAL = (
    "Azamat Test-Leader",
    "Bolot Test-Ranger",
    "Dana Test-Leader",
    "Team Ulan Test",
    "Test Editor",
    "Test Herder-Name",
    "Herder Test-Informant",
    "Асан Тестов-Лидер",
    "Группа Тест Бакыт",
    "Тест Наблюдателев",
)
CK, IA = "Chon Kemin State Natural Park", "Ile-Alatau National Park"


def _without_samples(data_copy: Path) -> Path:
    """The bundled data without its synthetic samples, so only the fixture's patrols count."""
    for folder in (data_copy / FOLDER).glob("synthetic-*"):
        shutil.rmtree(folder)
    return data_copy


@pytest.fixture
def english(data_copy: Path) -> Catalog:
    data = _without_samples(data_copy)
    done = run("import", "smart", str(EN), "--data", str(data))
    assert done.returncode == 0, done.stderr
    return load_catalog(data)


def test_import_reports_patrols_and_drops_personal_columns(data_copy: Path):
    data = _without_samples(data_copy)
    done = run("import", "smart", str(EN), "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert "observations/patrols-en: 3 patrols, 13 waypoints" in done.stdout
    assert "10 records, 36 individuals" in done.stdout
    assert "personal columns dropped" in done.stdout
    assert "Long-tailed Marmot" in done.stderr, "unknown species are warned about"
    stored = "\n".join(p.read_text(encoding="utf-8") for p in (data / FOLDER).rglob("*.*"))
    assert not [name for name in PERSONAL if name in stored]
    header = (data / FOLDER / "patrols-en" / SMART_FILE).read_text().splitlines()[0]
    assert not {"Leader", "Team", "Last Modified By", "Comment"} & set(header.split(","))


def test_reimport_replaces_and_a_rejected_export_changes_nothing(data_copy: Path, tmp_path):
    data = _without_samples(data_copy)
    assert run("import", "smart", str(EN), "--data", str(data)).returncode == 0
    again = run("import", "smart", str(EN), "--data", str(data))
    assert again.returncode == 0 and "nothing duplicated" in again.stdout
    assert len(load_catalog(data).patrols) == 3
    before = snapshot(data)
    broken = tmp_path / "patrols-en.csv"
    text = EN.read_text(encoding="utf-8")
    broken.write_text(text.replace("11:05:10 AM,76.48", "11:05:10 AM,760.48"), encoding="utf-8")
    done = run("import", "smart", str(broken), "--data", str(data))
    assert done.returncode == 1
    assert "row 4" in done.stderr and "760.48" in done.stderr
    assert snapshot(data) == before


def test_missing_mapping_is_named_with_its_fix(data_copy: Path):
    data = _without_samples(data_copy)
    (data / "smart-mapping.toml").unlink()
    before = snapshot(data)
    done = run("import", "smart", str(EN), "--data", str(data))
    assert done.returncode == 1
    assert "smart-mapping.toml" in done.stderr and "--mapping" in done.stderr
    assert snapshot(data) == before


def test_russian_export_with_a_custom_mapping_and_zone(data_copy: Path):
    data = _without_samples(data_copy)
    mapping = FIXTURES / "mapping-ru-custom.toml"
    done = run("import", "smart", str(RU), "--mapping", str(mapping), "--data", str(data))
    assert done.returncode == 0, done.stderr
    meta = (data / FOLDER / "patrols-ru" / "dataset.toml").read_text(encoding="utf-8")
    assert 'timezone = "Asia/Almaty"' in meta
    cat = load_catalog(data)
    assert set(cat.patrols["patrol"]) == {"CK-2023-003", "CK-2023-011"} or len(cat.patrols) == 2
    obs = cat.observations
    assert "Panthera uncia" in set(obs["species"]), "'Ирбис' matched through the alias"
    assert "Capra sibirica" in set(obs["species"]), "Russian name and binomial both match"
    stored = (data / FOLDER / "patrols-ru" / SMART_FILE).read_text(encoding="utf-8")
    assert not [name for name in PERSONAL if name in stored]


def test_effort_per_park_by_hand(english: Catalog):
    table = patrols.effort(english, "en", "Outside").set_index("park")
    # CK-2022-014 (19-20 Jun) and CK-2022-015 (21 Jun); IA-2022-007 (30 Jun - 2 Jul)
    assert table.loc[CK, "patrols"] == 2 and table.loc[CK, "patrol_days"] == 3
    assert table.loc[IA, "patrols"] == 1 and table.loc[IA, "patrol_days"] == 3
    # observations naming a species: 7 in Chon Kemin, 3 in Ile-Alatau
    assert table.loc[CK, "observations"] == 7 and table.loc[IA, "observations"] == 3
    assert table.loc[CK, "per_100"] == pytest.approx(233.3)
    assert table.loc[IA, "per_100"] == pytest.approx(100.0)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_distance_is_straight_lines_within_each_leg(english: Catalog):
    row = english.patrols.set_index("patrol").loc["IA-2022-007"]
    # leg 1: waypoints 1 -> 2; leg 2: 3 -> 4; never 2 -> 3 across legs
    expected = _km((43.05, 77.0), (43.07, 77.05)) + _km((43.08, 77.06), (43.06, 77.1))
    assert row["distance_km"] == pytest.approx(expected, abs=0.01)
    assert row["park"] == "ile-alatau"


def test_patrol_days_fall_in_their_own_month(english: Catalog):
    months = patrols.by_month(english, "en", "Outside")
    ia = months[months["park"] == IA].set_index("month")
    june, july = ia.loc["2022-06-01"], ia.loc["2022-07-01"]
    assert (june["patrols"], june["patrol_days"], june["observations"]) == (1, 1, 1)
    assert (july["patrols"], july["patrol_days"], july["observations"]) == (0, 2, 2)


def test_date_filter_clips_patrol_days(english: Catalog):
    f = figures.WildlifeFilter(start=dt.date(2022, 7, 1), end=dt.date(2022, 7, 31))
    view = figures.apply(english, f)
    assert list(view.patrols["patrol"]) == ["IA-2022-007"]
    assert view.patrols["days"].iloc[0] == 2
    table = patrols.effort(view, "en", "Outside").set_index("park")
    assert table.loc[IA, "observations"] == 2 and table.loc[IA, "per_100"] == 100.0


def test_park_filter_keeps_that_parks_patrols_and_waypoints(english: Catalog):
    view = figures.apply(english, figures.WildlifeFilter(parks=("ile-alatau",)))
    assert set(view.patrols["patrol"]) == {"IA-2022-007"}
    assert set(view.waypoints["patrol"]) == {"IA-2022-007"}


def test_per_species_rate(english: Catalog):
    table = patrols.per_species(english, "en", "Outside")
    leopard = table[(table["species"] == "Snow leopard") & (table["park"] == CK)].iloc[0]
    assert leopard["observations"] == 3 and leopard["per_100"] == 100.0


def test_public_view_keeps_only_coverage_cells_never_a_waypoint(english: Catalog):
    precise = set(zip(english.waypoints["lat"], english.waypoints["lon"], strict=True))
    public = privacy.public_view(english)
    shown = set(zip(public.waypoints["lat"], public.waypoints["lon"], strict=True))
    assert not precise & shown
    assert all(round(v * 20) % 2 == 1 for v in public.waypoints["lat"]), "0.1° cell centres"
    cells = patrols.coverage(public.waypoints, 0.1)
    assert cells.equals(patrols.coverage(english.waypoints, 0.1)), "same cells either way"
    assert int(cells["waypoints"].sum()) == 13


def test_coverage_layer_is_off_until_asked_for(monkeypatch, english: Catalog):
    at = _app(monkeypatch, english.data_dir)
    assert "Patrol coverage" not in _map_args(at)["feature_group"]
    at.toggle(key="wl_patrols").set_value(True).run()
    assert "Patrol coverage" in _map_args(at)["feature_group"]
    assert at.query_params["patrols"] == ["1"] or at.query_params["patrols"] == "1"


def test_public_map_payload_has_coverage_cells_and_no_waypoint(monkeypatch, english: Catalog):
    at = _app(monkeypatch, english.data_dir, patrols="1")
    groups = _map_args(at)["feature_group"]
    assert "Patrol coverage" in groups
    for lat, lon in zip(english.waypoints["lat"], english.waypoints["lon"], strict=True):
        assert f"[{lon}, {lat}]" not in groups and f"[{lat}, {lon}]" not in groups
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Ranger patrols (SMART)" in text and "Patrol effort per park" in text
    effort = next(t.value for t in at.table if "Per 100 patrol-days" in t.value.columns)
    assert list(effort["Patrol-days"]) == ["3", "3"]
    assert list(effort["Per 100 patrol-days"]) == ["233.3", "100.0"]
    assert not [name for name in PERSONAL if name in str(at)]


def test_summary_counts_patrols_but_holds_no_position(english: Catalog):
    done = run("summary", "--json", "--public", "--data", str(english.data_dir))
    doc = json.loads(done.stdout)
    assert doc["patrols"]["patrols"] == 3
    own = doc["patrols"]["by_source"]["patrols-en"]
    assert own["patrol_days"] == 6 and own["waypoints"] == 13
    assert own["first_day"] == "2022-06-19" and own["last_day"] == "2022-07-02"
    assert "76.45" not in json.dumps(doc["patrols"])


def test_bundled_patrol_samples_are_labelled_synthetic(catalog: Catalog):
    kinds = catalog.datasets.set_index("id")
    for park in ("chon-kemin", "ile-alatau"):
        row = kinds.loc[f"synthetic-patrols-{park}"]
        assert row["kind"] == "smart" and row["synthetic"]
        assert row["title"].startswith("Synthetic sample, not field data")
    assert set(catalog.patrols["park"]) == {"chon-kemin", "ile-alatau"}
    assert len(catalog.patrols) > 100


def test_regenerating_the_patrol_samples_gives_identical_files(data_copy: Path):
    from landscape.wildlife.synthetic_patrols import write_datasets

    before = snapshot(data_copy / FOLDER)
    write_datasets(data_copy)
    assert snapshot(data_copy / FOLDER) == before


METT_FIXTURES = Path(__file__).parents[1] / "fixtures" / "mett"


def test_validate_names_a_bad_mett_file_and_a_bad_mapping(data_copy: Path):
    (data_copy / "mett").mkdir()
    (data_copy / "mett" / "chon-kemin-2023.toml").write_text(
        'park = "chon-kemin"\nyear = 2023\nmethod = "METT-3"\norganisation = "Park staff"\n'
        'source = "A"\ntotal = 90\n'
        '[[question]]\nnumber = "1"\ntheme = "context"\ntopic = "Legal status"\nscore = 2\n'
        '[[question]]\nnumber = "2"\ntheme = "planning"\ntopic = "Regulations"\nscore = 4\n',
        encoding="utf-8",
    )
    text = (data_copy / "smart-mapping.toml").read_text(encoding="utf-8")
    (data_copy / "smart-mapping.toml").write_text(
        text.replace('timezone = "Asia/Bishkek"', 'timezone = "Asia/Nowhere"'), encoding="utf-8"
    )
    done = run("validate", "--data", str(data_copy))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(
        line.startswith("mett/chon-kemin-2023.toml:question 2: error:") and "4" in line
        for line in lines
    ), lines
    assert any(line.startswith("smart-mapping.toml") and "Asia/Nowhere" in line for line in lines)
    assert len(load_catalog(data_copy).patrols) > 0, "the stored samples still load"
