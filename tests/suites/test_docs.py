"""The docs name what the code declares (datasette's docs test, applied to the schema)."""

from __future__ import annotations

import pytest

from landscape.paths import BUNDLED_DATA, REPO
from landscape.schema import DATASET, LAYERS, STYLES

GEODATA_README = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("layer", LAYERS, ids=[layer.name for layer in LAYERS])
def test_every_file_and_field_is_documented(layer):
    assert f"`{layer.file}" in GEODATA_README
    for field in layer.fields:
        assert f"`{field.name}" in GEODATA_README, f"{layer.name}.{field.name} undocumented"


@pytest.mark.parametrize("settings", [STYLES, DATASET], ids=["styles", "dataset"])
def test_every_table_and_key_of_a_settings_file_is_documented(settings):
    assert f"`{settings.file.split('/')[-1]}`" in GEODATA_README
    for table in settings.tables:
        if table.name:
            assert f"`[{table.name}]`" in GEODATA_README, f"[{table.name}] undocumented"
        for field in table.fields:
            assert f"`{field.name}`" in GEODATA_README, f"{table.name}.{field.name} undocumented"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("## For the three")]
    assert "make run" in head and "make test" in head
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
