"""The wildlife formats registry (issue 20): one record per format, read by the store, the
importer and the command line alike."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from landscape.catalog import Catalog
from landscape.cli import parser
from landscape.paths import BUNDLED_DATA
from landscape.problems import errors
from landscape.wildlife import model, normalised
from landscape.wildlife.formats import BY_KIND, FORMATS, PATROL_KINDS, Format, Names
from landscape.wildlife.smart import MAPPING_FILE, Mapping, read_mapping

FIXTURES = Path(__file__).parents[1] / "fixtures"
OCCURRENCES = (
    "gbifID\tscientificName\tdecimalLatitude\tdecimalLongitude\teventDate\tindividualCount\n"
    "1\tPanthera uncia\t42.81\t76.55\t2023-04-19T12:04:00Z\t2\n"
    "2\tCapra sibirica\t42.9\t76.6\t2023-05-01\t\n"
)


def _input(fmt: Format, tmp_path: Path) -> Path:
    """A real input of each format: the bundled package, an export, an occurrence file."""
    if fmt.package:
        return BUNDLED_DATA / "observations" / "synthetic-sample"
    if fmt.takes_mapping:
        return FIXTURES / "smart" / "patrols-en.csv"
    path = tmp_path / "occurrence.txt"
    path.write_text(OCCURRENCES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def names(catalog: Catalog) -> Names:
    found, problems = read_mapping(BUNDLED_DATA / MAPPING_FILE, MAPPING_FILE)
    assert isinstance(found, Mapping), problems
    return Names(catalog.species, found)


def _import_commands() -> dict[str, argparse.ArgumentParser]:
    """`landscape import KIND` as the command line builds it, by KIND."""
    top = parser()
    for action in top._subparsers._group_actions:  # type: ignore[union-attr]
        imp = action.choices["import"]
        for sub in imp._subparsers._group_actions:  # type: ignore[union-attr]
            return dict(sub.choices)
    raise AssertionError("no import command")


def test_the_registry_names_the_kinds_datasets_declare() -> None:
    assert [f.kind for f in FORMATS] == list(model.KINDS)
    assert set(BY_KIND) == set(model.KINDS)
    assert {"smart"} == PATROL_KINDS
    assert set(normalised.KINDS) == {f.kind for f in FORMATS if f.normalised}


def test_the_command_line_accepts_exactly_the_registered_formats() -> None:
    commands = _import_commands()
    assert set(commands) - {"boundary"} == set(BY_KIND)
    for fmt in FORMATS:
        flags = {s for a in commands[fmt.kind]._actions for s in a.option_strings}
        declared = {o.flag for o in fmt.options}
        assert declared <= flags, fmt.kind
        assert {"--id", "--data", "--allow-outside"} <= flags
        assert ("--mapping" in flags) == fmt.takes_mapping, fmt.kind


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.kind)
def test_each_reader_reads_a_real_input_and_reads_back_what_its_writer_stores(
    fmt: Format, names: Names, tmp_path: Path
) -> None:
    source = _input(fmt, tmp_path)
    parsed = fmt.read(source, str(source), names, "Asia/Bishkek", None)
    assert errors(parsed.problems) == []
    assert len(parsed.observations) > 0
    assert (len(parsed.patrols) > 0) == fmt.patrols
    folder = tmp_path / "stored"
    folder.mkdir()
    fmt.write(parsed, fmt.inputs(source), folder, "Asia/Bishkek")
    assert (folder / fmt.stored).is_file()
    path, shown = fmt.stored_at(folder, "stored")
    back = fmt.read(path, shown, names, "Asia/Bishkek", None)
    assert errors(back.problems) == []
    assert len(back.observations) == len(parsed.observations)
    assert int(back.observations["count"].sum()) == int(parsed.observations["count"].sum())


def test_a_stored_dataset_is_read_where_its_record_says() -> None:
    folder = Path("observations/x")
    assert BY_KIND["camtrap-dp"].stored_at(folder, "x") == (folder, "x")
    assert BY_KIND["dwc"].stored_at(folder, "x") == (folder / "occurrence.txt", "x/occurrence.txt")
    assert BY_KIND["smart"].stored_at(folder, "x") == (folder / "patrols.csv", "x/patrols.csv")
