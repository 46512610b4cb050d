"""Synthetic data says so wherever it can travel alone (issue 17, section 4): the records
download (a column, a first comment line and the file name), `summary --json` (by species
and for patrols), the detection cells' tooltips, the headline figures, each chart's own title,
and every file of the bundled camera-trap sample, media.csv included; in all four languages."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from landscape.catalog import Catalog, load_catalog
from landscape.i18n import translator
from landscape.importers.wildlife import import_wildlife
from landscape.paths import BUNDLED_DATA
from landscape.text import LANGS
from landscape.ui.wildlife import CSV_NAME, SYNTHETIC_CSV_NAME, csv_name, records_csv
from landscape.wildlife import privacy
from landscape.wildlife.store import FOLDER
from landscape.wildlife.synthetic import SAMPLE_ID
from tests.packages import write_package
from tests.test_cli import run
from tests.ui.test_page import _app, _map_args

MARK = "synthetic sample, not field data"
NEW_KEYS = (
    "wildlife.metric_synthetic_all",
    "wildlife.metric_synthetic_some",
    "wildlife.chart_synthetic_all",
    "wildlife.chart_synthetic_some",
    "wildlife.csv_synthetic",
)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """The bundled data (synthetic samples) with a field-data package beside it."""
    root = tmp_path_factory.mktemp("mixed")
    data = Path(shutil.copytree(BUNDLED_DATA, root / "geodata"))
    import_wildlife(data, write_package(root / "pkg"), "camtrap-dp")
    return data


@pytest.fixture(scope="module")
def field_only(tmp_path_factory) -> Path:
    """The bundled data without its synthetic samples, with the field-data package."""
    root = tmp_path_factory.mktemp("field")
    data = Path(shutil.copytree(BUNDLED_DATA, root / "geodata"))
    for folder in (data / FOLDER).glob("synthetic-*"):
        shutil.rmtree(folder)
    import_wildlife(data, write_package(root / "pkg"), "camtrap-dp")
    return data


# --- the records download ------------------------------------------------------------------


def _download(cat: Catalog, lang: str = "en") -> tuple[str, pd.DataFrame]:
    text = records_csv(privacy.public_view(cat), translator(cat.ui, lang)).decode("utf-8")
    return text, pd.read_csv(io.StringIO(text), comment="#")


@pytest.mark.parametrize("lang", LANGS)
def test_the_download_of_synthetic_records_says_so_first_and_on_every_row(catalog, lang):
    text, table = _download(catalog, lang)
    first = text.splitlines()[0]
    assert first.startswith("# "), "a first comment line"
    mark = translator(catalog.ui, lang)("wildlife.csv_synthetic", n="X", total="Y")
    assert first[2:].startswith(mark.split(":")[0]), first
    assert list(table["synthetic"]) == [True] * len(table)
    assert csv_name(privacy.public_view(catalog)) == SYNTHETIC_CSV_NAME
    assert "SYNTHETIC" in SYNTHETIC_CSV_NAME


def test_a_mixed_download_marks_exactly_the_synthetic_rows(mixed):
    cat = load_catalog(mixed)
    text, table = _download(cat)
    synthetic = set(cat.datasets.loc[cat.datasets["synthetic"], "id"])
    assert (table["synthetic"] == table["dataset"].isin(synthetic)).all()
    assert not table.loc[table["dataset"] == "test-leopards", "synthetic"].any()
    n, total = int(table["synthetic"].sum()), len(table)
    assert f"{n:,} of {total:,} records" in text.splitlines()[0]


def test_a_download_of_field_data_has_no_mark_but_the_column(field_only):
    cat = load_catalog(field_only)
    text, table = _download(cat)
    assert not text.startswith("#")
    assert list(table["synthetic"]) == [False] * len(table)
    assert csv_name(privacy.public_view(cat)) == CSV_NAME
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-1] == "synthetic"


# --- summary --json ------------------------------------------------------------------------


def test_summary_flags_synthetic_species_and_patrols(mixed):
    doc = json.loads(run("summary", "--json", "--public", "--data", str(mixed)).stdout)
    species = doc["observations"]["by_species"]
    wolf, leopard = species["Canis lupus"], species["Panthera uncia"]
    assert wolf["synthetic"] is True and wolf["synthetic_records"] == wolf["records"]
    assert leopard["synthetic"] is True  # the sample's and the package's leopards
    assert leopard["synthetic_records"] == leopard["records"] - 1
    patrols = doc["patrols"]
    assert patrols["synthetic"] is True
    assert all(entry["synthetic"] for entry in patrols["by_source"].values())


def test_summary_of_field_data_is_not_flagged(field_only):
    doc = json.loads(run("summary", "--json", "--data", str(field_only)).stdout)
    assert doc["observations"]["by_species"]["Panthera uncia"]["synthetic"] is False
    assert doc["patrols"]["synthetic"] is False


# --- the page: cell tooltips, headline figures, charts ------------------------------------


def _cell_tips(at) -> list[str]:
    script = _map_args(at)["feature_group"]
    found = re.findall(r'"layer": "detections", "tip": "((?:[^"\\]|\\.)*)"', script)
    return [json.loads(f'"{tip}"') for tip in found]


def _chart_titles(at) -> list[dict]:
    return [json.loads(c.proto.spec)["title"] for c in at.get("vega_lite_chart")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_marks_cells_figures_and_charts_in_each_language(monkeypatch, catalog, lang):
    t = translator(catalog.ui, lang)
    at = _app(monkeypatch, lang=lang)
    tips = _cell_tips(at)
    assert tips and all(tip.endswith(f"<b>{t('wildlife.chart_synthetic_all')}</b>") for tip in tips)
    assert [m.delta for m in at.metric] == [t("wildlife.metric_synthetic_all")] * 4
    titles = _chart_titles(at)
    assert len(titles) == 2, "records over time, patrol-days per month"
    assert {title["text"] for title in titles} == {
        t("wildlife.time_title_year"),
        t("patrols.month_title"),
    }
    assert all(title["subtitle"] == t("wildlife.chart_synthetic_all") for title in titles)


def test_mixed_cells_say_they_include_a_sample_and_field_cells_say_nothing(monkeypatch, mixed):
    tips = _cell_tips(_app(monkeypatch, mixed))
    some = [
        tip for tip in tips if tip.endswith("<b>includes a synthetic sample, not field data</b>")
    ]
    assert len(some) == 1, "the leopard's cell holds the sample's records and the package's"
    at = _app(monkeypatch, mixed)
    assert [m.delta for m in at.metric] == ["partly synthetic"] * 4


def test_field_data_carries_no_synthetic_mark(monkeypatch, field_only):
    at = _app(monkeypatch, field_only)
    assert _cell_tips(at) and not [tip for tip in _cell_tips(at) if "synthetic" in tip]
    assert [m.delta for m in at.metric] == [""] * 4
    assert all("subtitle" not in title for title in _chart_titles(at))


# --- the bundled sample's files, and the catalogs -----------------------------------------


def test_every_row_of_every_table_of_the_sample_says_it_is_synthetic():
    folder = BUNDLED_DATA / FOLDER / SAMPLE_ID
    marks = {
        "deployments.csv": ("deploymentTags", "synthetic"),
        "media.csv": ("mediaComments", MARK),
        "observations.csv": ("observationTags", "synthetic"),
    }
    for name, (column, mark) in marks.items():
        table = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        assert (table[column] == mark).all(), f"{name}: {column}"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert "says so in every file it writes" in descriptor["description"]


def test_the_new_marks_are_in_all_four_languages(catalog):
    for key in NEW_KEYS:
        english = catalog.ui["en"][key]
        for lang in LANGS:
            assert catalog.ui[lang].get(key), (lang, key)
            if lang != "en":
                assert catalog.ui[lang][key] != english, (lang, key)
