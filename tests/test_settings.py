"""The settings files, styles.toml and dataset.toml, checked against their declaration in
schema.py: a bad value is named with its file, key, value and fix, on a real copy of geodata/
with one file edited, and the rest of the dashboard keeps working."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from landscape.catalog import load_catalog
from landscape.cli import main
from landscape.mapview.palette import bundled, paint, size
from landscape.paths import REPO
from landscape.schema import DATASET, STYLES
from landscape.settings import check_styles
from landscape.ui import theme
from landscape.wildlife.store import Record

THEN = "the bundled styles.toml's value is used until it is corrected"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _validate(data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["validate", "--data", str(data)])
    return status, capsys.readouterr().out.splitlines()


def test_a_bad_colour_is_named_with_the_fix_and_the_bundled_one_is_drawn(data_copy, capsys):
    _edit(data_copy / "styles.toml", 'focus = "#174ea6"', 'focus = "174ea6"')
    status, lines = _validate(data_copy, capsys)
    assert status == 1
    assert (
        "styles.toml:control.focus: error: field 'control.focus': value '174ea6' is not usable; "
        'expected a colour ("#" and 3, 4, 6 or 8 hexadecimal digits, or a CSS name such as '
        f'teal), like [control] focus = "#174ea6"; {THEN}'
    ) in lines
    cat = load_catalog(data_copy)
    assert "focus" not in cat.styles["control"], "the bad value is left out"
    assert cat.styles["control"]["muted"] == bundled()["control"]["muted"], "the rest is used"
    assert theme.ring(cat.styles) == "3px solid #174ea6"
    assert len(cat.parks) == 2 and len(cat.observations) > 0


def test_a_number_written_as_text_is_named_with_its_type(data_copy, capsys):
    _edit(data_copy / "styles.toml", "weight = 6\n", 'weight = "6"\n')
    status, lines = _validate(data_copy, capsys)
    assert status == 1
    assert (
        "styles.toml:ridge.weight: error: field 'ridge.weight': value '6' is a text; expected a "
        f"number without quotes, like [ridge] weight = 6; {THEN}"
    ) in lines
    assert size(load_catalog(data_copy).styles, "ridge", "weight") == 6


def test_a_colour_list_a_table_and_a_typo(data_copy, capsys):
    styles = data_copy / "styles.toml"
    _edit(styles, "[label]\n", "[labels]\n")  # a typo: [labels] for [label]
    styles.write_text('label = "#222222"\n' + styles.read_text(encoding="utf-8"), encoding="utf-8")
    _edit(styles, 'ramp = ["#fff3b0",', 'ramp = ["yellow!",')
    status, lines = _validate(data_copy, capsys)
    assert status == 1
    assert (
        "styles.toml:label: error: field 'label': value '#222222' is a text; expected a table "
        f"[label] of town, country, lake, halo, park; {THEN}"
    ) in lines
    assert any(
        line.startswith("styles.toml:wildlife.ramp: error: field 'wildlife.ramp': value ")
        and "is not usable; expected a list of colours" in line
        and 'like [wildlife] ramp = ["#fff3b0", "#fdc56a"' in line
        for line in lines
    ), lines
    assert any(
        line.startswith("styles.toml:labels: warning: unknown table or key; it is ignored")
        and "label, page, park" in line
        for line in lines
    ), lines
    cat = load_catalog(data_copy)
    assert paint(cat.styles, "label", "town") == bundled()["label"]["town"]
    assert len(cat.parks) == 2


def test_a_dataset_toml_value_of_the_wrong_type_leaves_that_dataset_out(data_copy, capsys):
    _edit(
        data_copy / "observations/synthetic-sample/dataset.toml",
        'licence = "CC0-1.0"',
        "licence = 0",
    )
    status, lines = _validate(data_copy, capsys)
    assert status == 1
    assert (
        "observations/synthetic-sample/dataset.toml:licence: error: field 'licence': value 0 is "
        'a number; expected text in double quotes, like licence = "..."; the dataset is left '
        "out until it is corrected"
    ) in lines
    cat = load_catalog(data_copy)
    assert "synthetic-sample" not in set(cat.datasets["id"])
    assert len(cat.patrols) > 0, "the other datasets load as usual"


def test_the_bundled_styles_are_declared_and_clean():
    assert check_styles(bundled()) == (bundled(), [])


def test_every_colour_and_size_the_code_asks_for_is_declared():
    """Each paint/paints/size path written in src/ names a declared key of STYLES."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))
    asked = re.findall(
        r"""(?:paints?|size)\(\s*[\w.]+(?: or \{\})?,\s*((?:['"]\w+['"],\s*)*['"]\w+['"])\)""", code
    )
    assert len(asked) > 30
    declared = {
        (*t.name.split("."), f.name) for t in STYLES.tables for f in t.fields if "*" not in t.name
    }
    for path in asked:
        keys = tuple(re.findall(r"""['"](\w+)['"]""", path))
        assert keys in declared, f"styles.toml's {'.'.join(keys)} is read but not declared"


def test_the_dataset_declaration_is_the_records():
    assert [f.name for f in DATASET.table("").fields] == [f.name for f in fields(Record)]
