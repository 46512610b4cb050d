"""Darwin Core reader and writer: the real GBIF file, and fixtures built here with exact bytes."""

from __future__ import annotations

import io
import math
import tarfile
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landscape.problems import Problem, errors, warnings
from landscape.region import Region
from landscape.wildlife import dwc
from landscape.wildlife.dwc import COUNTING, read_dwc, write_occurrences
from landscape.wildlife.model import OBSERVATION_COLUMNS, Parsed, empty_observations
from tests.realdata import realdata

BASE = ("occurrenceID", "scientificName", "decimalLatitude", "decimalLongitude", "eventDate")
LION = "Panthera leo (Linnaeus, 1758)"

# The columns of a GBIF "simple CSV" download, in GBIF's order.
SIMPLE_CSV = [
    "gbifID",
    "datasetKey",
    "occurrenceID",
    "kingdom",
    "phylum",
    "class",
    "order",
    "family",
    "genus",
    "species",
    "infraspecificEpithet",
    "taxonRank",
    "scientificName",
    "verbatimScientificName",
    "verbatimScientificNameAuthorship",
    "countryCode",
    "locality",
    "stateProvince",
    "occurrenceStatus",
    "individualCount",
    "publishingOrgKey",
    "decimalLatitude",
    "decimalLongitude",
    "coordinateUncertaintyInMeters",
    "coordinatePrecision",
    "elevation",
    "elevationAccuracy",
    "depth",
    "depthAccuracy",
    "eventDate",
    "day",
    "month",
    "year",
    "taxonKey",
    "speciesKey",
    "basisOfRecord",
    "institutionCode",
    "collectionCode",
    "catalogNumber",
    "recordNumber",
    "identifiedBy",
    "dateIdentified",
    "license",
    "rightsHolder",
    "recordedBy",
    "typeStatus",
    "establishmentMeans",
    "lastInterpreted",
    "mediaType",
    "issue",
]


def tsv(*rows: Sequence[str], eol: str = "\n") -> bytes:
    """Tab-separated UTF-8 bytes, one line per row."""
    return "".join("\t".join(row) + eol for row in rows).encode("utf-8")


def read(tmp_path: Path, data: bytes, name: str = "occurrence.txt") -> Parsed:
    path = tmp_path / name
    path.write_bytes(data)
    return read_dwc(path, name)


def only_errors(parsed: Parsed) -> list[Problem]:
    return errors(parsed.problems)


def at(parsed: Parsed, locator: str) -> list[Problem]:
    return [p for p in parsed.problems if p.locator == locator]


def files_below(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


# -- the real GBIF download ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[Path, Parsed]:
    path = realdata("gbif-dwc/occurrence.txt")
    return path, read_dwc(path, "gbif-dwc/occurrence.txt")


@pytest.fixture(scope="module")
def real_rows(real: tuple[Path, Parsed]) -> tuple[list[str], list[list[str]]]:
    """The real file split by hand on LF and tabs, independently of the reader."""
    lines = real[0].read_bytes().decode("utf-8").split("\n")
    header = lines[0].split("\t")
    return header, [line.split("\t") for line in lines[1:] if line]


def test_real_file_reads_without_errors(real: tuple[Path, Parsed]) -> None:
    parsed = real[1]
    assert only_errors(parsed) == []
    assert len(parsed.observations) == 2000
    assert list(parsed.observations.columns) == list(OBSERVATION_COLUMNS)
    assert str(parsed.observations["time"].dtype) == "datetime64[ns, UTC]"
    assert parsed.observations["time"].notna().all()
    assert (parsed.observations["count"] == 1).all()  # individualCount is blank throughout
    assert parsed.observations["record_id"].is_unique


def test_real_file_six_records_without_coordinates(
    real: tuple[Path, Parsed], real_rows: tuple[list[str], list[list[str]]]
) -> None:
    obs = real[1].observations
    assert int(obs["lat"].isna().sum()) == 6
    assert (obs["lat"].isna() == obs["lon"].isna()).all()
    header, rows = real_rows
    lat = header.index("decimalLatitude")
    ids = header.index("gbifID")  # the record id: unique in every GBIF download
    hidden = {row[ids] for row in rows if row[lat] == ""}
    assert set(obs.loc[obs["lat"].isna(), "record_id"]) == hidden
    assert any("6 of 2000 records have no coordinates" in p.message for p in real[1].problems)


def test_real_file_keeps_namibia(
    real: tuple[Path, Parsed], real_rows: tuple[list[str], list[list[str]]]
) -> None:
    header, rows = real_rows
    column = header.index("countryCode")
    expected = sum(1 for row in rows if row[column] == "NA")
    assert expected > 0
    assert int((real[1].observations["country"] == "NA").sum()) == expected
    blank = sum(1 for row in rows if row[column] == "")
    assert int(real[1].observations["country"].isna().sum()) == blank


def test_real_file_quote_at_start_of_remarks_swallows_nothing(
    real: tuple[Path, Parsed], real_rows: tuple[list[str], list[list[str]]]
) -> None:
    header, rows = real_rows
    remarks, ids = header.index("occurrenceRemarks"), header.index("gbifID")
    quoted = [i for i, row in enumerate(rows) if row[remarks].startswith('"')]
    assert len(quoted) == 1
    i = quoted[0]
    assert 0 < i < len(rows) - 1
    got = real[1].observations["record_id"]
    assert [got[i - 1], got[i], got[i + 1]] == [rows[j][ids] for j in (i - 1, i, i + 1)]


def test_real_file_names_licences_and_withheld(
    real: tuple[Path, Parsed], real_rows: tuple[list[str], list[list[str]]]
) -> None:
    parsed = real[1]
    obs = parsed.observations
    assert (obs["species"] == "Panthera leo").all()
    assert "Panthera leo melanochaita (C.E.H.Smith, 1858)" in set(obs["scientific_name"])
    header, rows = real_rows
    by_frequency = [v for v, _ in Counter(r[header.index("license")] for r in rows).most_common()]
    assert sorted(by_frequency) == ["CC0_1_0", "CC_BY_4_0", "CC_BY_NC_4_0"]
    assert parsed.meta.licence == "per record: " + ", ".join(by_frequency)
    assert set(obs["licence"]) == set(by_frequency)
    withheld = obs["withheld"].dropna()
    assert len(withheld) > len(obs) / 2
    assert withheld.str.contains("Coordinate uncertainty increased").mean() > 0.5
    assert parsed.meta.kind == "dwc"
    assert parsed.meta.title == "iNaturalist research-grade observations"
    assert parsed.meta.name == rows[0][header.index("datasetKey")]
    assert parsed.meta.citation == (
        "iNaturalist research-grade observations (iNaturalist), occurrence file occurrence.txt"
    )
    assert parsed.meta.counting == COUNTING
    assert set(obs["basis"]) == {"HUMAN_OBSERVATION"}


def test_real_file_round_trips_through_the_writer(
    real: tuple[Path, Parsed], tmp_path: Path
) -> None:
    out = tmp_path / "occurrence.txt"
    write_occurrences(real[1].observations, out)
    again = read_dwc(out)
    assert only_errors(again) == []
    pd.testing.assert_frame_equal(again.observations, real[1].observations)


# -- text layouts ----------------------------------------------------------------------------


def test_bom_and_crlf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + tsv(
        (*BASE, "license"),
        ("a1", LION, "-1.5", "35.25", "2020-05-03", "CC0_1_0"),
        ("a2", LION, "-2.5", "36.25", "2020-05-04", "CC_BY_4_0"),
        eol="\r\n",
    )
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    obs = parsed.observations
    assert list(obs["record_id"]) == ["a1", "a2"]  # the BOM is not part of "occurrenceID"
    assert list(obs["licence"]) == ["CC0_1_0", "CC_BY_4_0"]  # no "\r" left on the last field
    assert list(obs["lat"]) == [-1.5, -2.5]


def test_a_field_starting_with_a_quote_in_a_tab_file(tmp_path: Path) -> None:
    data = tsv(
        (*BASE, "informationWithheld"),
        ("a1", LION, "1", "2", "2020", '"Seen from the road, 3 animals'),
        ("a2", LION, "1", "2", "2020", "plain"),
        ("a3", LION, "1", "2", "2020", 'ends with a quote"'),
    )
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    assert list(parsed.observations["record_id"]) == ["a1", "a2", "a3"]
    assert list(parsed.observations["withheld"]) == [
        '"Seen from the road, 3 animals',
        "plain",
        'ends with a quote"',
    ]


def test_na_is_namibia_and_only_the_empty_string_is_missing(tmp_path: Path) -> None:
    data = tsv(
        (*BASE, "countryCode", "basisOfRecord", "license"),
        ("a1", LION, "-22.5", "17.1", "2020", "NA", "NA", "NA"),
        ("a2", LION, "-22.5", "17.1", "2020", "", "", ""),
        ("a3", "NA", "-22.5", "17.1", "2020", "ZA", "HUMAN_OBSERVATION", "CC0_1_0"),
    )
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    obs = parsed.observations
    assert list(obs["country"]) == ["NA", None, "ZA"]
    assert list(obs["basis"]) == ["NA", None, "HUMAN_OBSERVATION"]
    assert list(obs["licence"]) == ["NA", None, "CC0_1_0"]
    assert obs["scientific_name"][2] == "NA"


def test_na_in_number_and_date_columns_is_missing(tmp_path: Path) -> None:
    """R's write.csv writes a missing value as NA: in numbers and dates it is missing (before,
    each was "not a number" and the file was refused); in countryCode it stays Namibia."""
    data = tsv(
        ("gbifID", *BASE, "individualCount", "year", "month", "day", "countryCode"),
        ("NA", "a1", LION, "NA", "NA", "NA", "NA", "2020", "NA", "NA", "NA"),
        ("7", "a2", LION, "-22.5", "17.1", "NA", "3", "NA", "NA", "NA", ""),
    )
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    obs = parsed.observations
    assert list(obs["record_id"]) == ["a1", "7"]  # a gbifID of NA is none: occurrenceID
    assert obs["lat"].isna().tolist() == [True, False]
    assert list(obs["count"]) == [1, 3]
    assert obs["time"][0] == pd.Timestamp("2020-01-01", tz="UTC")  # from year, month NA
    assert pd.isna(obs["time"][1])
    assert list(obs["country"]) == ["NA", None]


def test_gbif_simple_csv(tmp_path: Path) -> None:
    def row(**values: str) -> list[str]:
        return [values.get(column, "") for column in SIMPLE_CSV]

    common = {
        "datasetKey": "50c9509d-22c7-4a22-a47d-8c48425ef4a7",
        "species": "Panthera leo",
        "scientificName": "Panthera leo melanochaita (C.E.H.Smith, 1858)",
        "institutionCode": "iNaturalist",
        "occurrenceStatus": "PRESENT",
        "basisOfRecord": "HUMAN_OBSERVATION",
        "eventDate": "2021-07-09T08:15",
    }
    data = tsv(
        SIMPLE_CSV,
        row(gbifID="101", occurrenceID="urn:1", countryCode="NA", license="CC_BY_4_0",
            decimalLatitude="-19.2", decimalLongitude="16.1", individualCount="2", **common),
        row(gbifID="102", countryCode="KE", license="CC_BY_NC_4_0",
            decimalLatitude="-1.3", decimalLongitude="35.3", **common),
        row(gbifID="103", countryCode="KE", license="CC_BY_NC_4_0", **common),
    )  # fmt: skip
    parsed = read(tmp_path, data, "simple.csv")
    assert only_errors(parsed) == []
    obs = parsed.observations
    assert list(obs["record_id"]) == ["101", "102", "103"]  # gbifID, else occurrenceID
    assert list(obs["species"]) == ["Panthera leo"] * 3
    assert list(obs["count"]) == [2, 1, 1]
    assert list(obs["country"]) == ["NA", "KE", "KE"]
    assert obs["lat"].isna().tolist() == [False, False, True]
    assert obs["time"][0] == pd.Timestamp("2021-07-09T08:15", tz="UTC")
    assert parsed.meta.licence == "per record: CC_BY_NC_4_0, CC_BY_4_0"
    assert parsed.meta.name == "50c9509d-22c7-4a22-a47d-8c48425ef4a7"
    assert parsed.meta.title == "simple.csv"
    assert parsed.meta.citation == "iNaturalist, occurrence file simple.csv"


def test_comma_csv_with_quoting(tmp_path: Path) -> None:
    data = (
        b"occurrenceID,scientificName,decimalLatitude,decimalLongitude,eventDate,"
        b"informationWithheld\r\n"
        b'c1,"Panthera leo (Linnaeus, 1758)",-1.5,35.25,2020-05-03,"said ""hidden"""\r\n'
        b'c2,Panthera pardus,-1.5,35.25,2020-05-03,"two\nlines"\r\n'
        b"c3,Panthera pardus,,,2020-05-03,\r\n"
    )
    parsed = read(tmp_path, data, "plain.csv")
    assert only_errors(parsed) == []
    obs = parsed.observations
    assert list(obs["record_id"]) == ["c1", "c2", "c3"]
    assert obs["scientific_name"][0] == LION
    assert list(obs["species"]) == ["Panthera leo", "Panthera pardus", "Panthera pardus"]
    assert list(obs["withheld"]) == ['said "hidden"', "two\nlines", None]


def test_comma_csv_with_an_unquoted_comma_is_an_error(tmp_path: Path) -> None:
    data = b"occurrenceID,scientificName\nc1,Panthera leo (Linnaeus, 1758)\nc2,Panthera pardus\n"
    parsed = read(tmp_path, data, "plain.csv")
    [problem] = only_errors(parsed)
    assert problem.locator == "row 2"
    assert "3 fields; expected 2 fields like the header (broken quotes?)" in problem.message
    assert list(parsed.observations["record_id"]) == ["c2"]


def test_comma_csv_with_an_unterminated_quote_is_an_error(tmp_path: Path) -> None:
    data = b'occurrenceID,scientificName\nc1,"Panthera leo\nc2,Panthera pardus\n'
    parsed = read(tmp_path, data, "plain.csv")
    assert len(only_errors(parsed)) == 1
    assert "cannot be split into fields" in only_errors(parsed)[0].message


def test_a_text_file_starting_with_pk_is_not_a_zip(tmp_path: Path) -> None:
    parsed = read(tmp_path, tsv(("PKey", "scientificName"), ("1", LION)))
    assert only_errors(parsed) == []
    assert len(parsed.observations) == 1


def test_header_names_are_matched_without_case_or_uri(tmp_path: Path) -> None:
    data = tsv(
        ("http://rs.tdwg.org/dwc/terms/occurrenceID", "dwc:scientificName", "DECIMALLATITUDE",
         "decimalLongitude"),
        ("x1", LION, "1", "2"),
    )  # fmt: skip
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    assert parsed.observations["record_id"][0] == "x1"
    assert parsed.observations["lat"][0] == 1.0


def test_a_row_with_the_wrong_number_of_fields(tmp_path: Path) -> None:
    data = tsv(BASE, ("a1", LION, "1", "2", "2020"), ("a2", LION, "1", "2", "2020", "extra"))
    parsed = read(tmp_path, data)
    [problem] = only_errors(parsed)
    assert problem.locator == "row 3"
    assert "6 fields; expected 5 fields" in problem.message


def test_blank_lines_are_skipped_but_counted_as_rows(tmp_path: Path) -> None:
    data = tsv(BASE, ("a1", LION, "1", "2", "2020")) + b"\n" + tsv(("a2", LION, "1", "x", "2020"))
    parsed = read(tmp_path, data)
    [problem] = only_errors(parsed)
    assert problem.locator == "row 4"  # header 1, a1 2, blank 3, a2 4
    assert list(parsed.observations["record_id"]) == ["a1"]  # the valid rest is returned


# -- columns, ids, names ---------------------------------------------------------------------


def test_missing_name_column_is_an_error(tmp_path: Path) -> None:
    parsed = read(tmp_path, tsv(("occurrenceID", "decimalLatitude", "decimalLongitude"),
                                ("a1", "1", "2")))  # fmt: skip
    [problem] = only_errors(parsed)
    assert problem.locator == "scientificName"
    assert problem.path == "occurrence.txt"
    assert parsed.observations.empty


def test_species_column_alone_is_enough(tmp_path: Path) -> None:
    parsed = read(tmp_path, tsv(("occurrenceID", "species"), ("a1", "Panthera leo")))
    assert only_errors(parsed) == []
    assert parsed.observations["species"][0] == "Panthera leo"
    assert parsed.observations["scientific_name"][0] == "Panthera leo"


def test_species_falls_back_to_the_binomial(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "species"),
        ("a1", "Panthera leo melanochaita (C.E.H.Smith, 1858)", ""),
        ("a2", "Ardea sp.", ""),
        ("a3", "Panthera leo leo", "Panthera leo"),
        ("a4", "", ""),
    )
    parsed = read(tmp_path, data)
    assert list(parsed.observations["species"]) == ["Panthera leo", "Ardea", "Panthera leo"]
    assert parsed.observations["scientific_name"][1] == "Ardea sp."
    assert only_errors(parsed) == []  # a4 names no taxon: dropped and counted


def test_no_coordinate_columns_is_a_warning(tmp_path: Path) -> None:
    parsed = read(tmp_path, tsv(("occurrenceID", "scientificName"), ("a1", LION), ("a2", LION)))
    assert only_errors(parsed) == []
    assert [p.locator for p in warnings(parsed.problems)] == ["decimalLatitude"]
    assert parsed.observations["lat"].isna().all()
    assert parsed.observations["lon"].isna().all()


def test_one_coordinate_column_is_an_error(tmp_path: Path) -> None:
    parsed = read(tmp_path, tsv(("occurrenceID", "scientificName", "decimalLatitude"),
                                ("a1", LION, "1")))  # fmt: skip
    [problem] = only_errors(parsed)
    assert problem.locator == "decimalLongitude"
    assert "expected both decimalLatitude and decimalLongitude" in problem.message


def test_row_numbers_become_ids_when_there_is_no_id(tmp_path: Path) -> None:
    parsed = read(tmp_path, tsv(("scientificName", "countryCode"), (LION, "KG"), (LION, "KZ")))
    assert only_errors(parsed) == []
    assert list(parsed.observations["record_id"]) == ["row 2", "row 3"]


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    data = tsv(
        BASE,
        ("a1", LION, "1", "2", "2020"),
        ("a2", LION, "1", "2", "2020"),
        ("a1", LION, "1", "2", "2020"),
    )
    parsed = read(tmp_path, data)
    [problem] = only_errors(parsed)
    assert problem.locator == "row 4"
    assert "'a1'" in problem.message and "row 2" in problem.message


# -- coordinates -----------------------------------------------------------------------------


def test_one_sided_coordinates_are_an_error(tmp_path: Path) -> None:
    data = tsv(BASE, ("a1", LION, "12.5", "", "2020"), ("a2", LION, "", "", "2020"))
    parsed = read(tmp_path, data)
    [problem] = only_errors(parsed)
    assert problem.locator == "row 2"
    assert "'decimalLongitude' is empty while decimalLatitude is '12.5'" in problem.message
    assert list(parsed.observations["record_id"]) == ["a2"]


def test_out_of_range_and_non_numeric_coordinates(tmp_path: Path) -> None:
    data = tsv(
        BASE,
        ("a1", LION, "90", "-180", "2020"),
        ("a2", LION, "10", "20", "2020"),
        ("a3", LION, "123.4", "20", "2020"),
        ("a4", LION, "10", "180.5", "2020"),
        ("a5", LION, "12,5", "20", "2020"),
        ("a6", LION, "1_0", "20", "2020"),
        ("a7", LION, "nan", "inf", "2020"),
    )
    parsed = read(tmp_path, data)
    found = {(p.locator, p.message) for p in only_errors(parsed)}
    out_of_range = "is out of range; expected a number from"
    assert (
        "row 4",
        "field 'decimalLatitude': value '123.4' is out of range; expected a number from -90 to 90",
    ) in found
    assert (
        "row 5",
        "field 'decimalLongitude': value '180.5' " + out_of_range + " -180 to 180",
    ) in found
    not_numbers = {loc for loc, message in found if "is not a number" in message}
    assert not_numbers == {"row 6", "row 7", "row 8"}
    assert list(parsed.observations["record_id"]) == ["a1", "a2"]
    assert list(parsed.observations["lon"]) == [-180.0, 20.0]


# -- time ------------------------------------------------------------------------------------


def test_event_dates_partial_intervals_offsets_and_parts(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "eventDate", "year", "month", "day"),
        ("t1", LION, "2020", "", "", ""),
        ("t2", LION, "2020-05", "", "", ""),
        ("t3", LION, "2020-05-03", "", "", ""),
        ("t4", LION, "2020-05-03T10:00:00", "", "", ""),
        ("t5", LION, "2020-05-03T10:00:00+02:00", "", "", ""),
        ("t6", LION, "2020-05-03T10:00Z", "", "", ""),
        ("t7", LION, "2020-05-01/2020-05-31", "", "", ""),
        ("t8", LION, "2020-05/2020-06", "", "", ""),
        ("t9", LION, "2020-05-03T23:30:00-05:00/2020-05-04", "", "", ""),
        ("t10", LION, "", "2019", "7", ""),
        ("t11", LION, "", "2018", "", ""),
        ("t12", LION, "", "", "", ""),
        ("t13", LION, "2017-01-02", "1999", "9", "9"),  # eventDate wins
    )
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    times = parsed.observations.set_index("record_id")["time"]
    assert str(times.dtype) == "datetime64[ns, UTC]"
    expected = {
        "t1": "2020-01-01",
        "t2": "2020-05-01",
        "t3": "2020-05-03",
        "t4": "2020-05-03T10:00",
        "t5": "2020-05-03T08:00",
        "t6": "2020-05-03T10:00",
        "t7": "2020-05-01",
        "t8": "2020-05-01",
        "t9": "2020-05-04T04:30",
        "t10": "2019-07-01",
        "t11": "2018-01-01",
        "t13": "2017-01-02",
    }
    for record, when in expected.items():
        assert times[record] == pd.Timestamp(when, tz="UTC"), record
    assert pd.isna(times["t12"])


def test_unparseable_dates_are_errors(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "eventDate", "year", "month", "day"),
        ("t1", LION, "03/05/2020", "", "", ""),
        ("t2", LION, "yesterday", "", "", ""),
        ("t3", LION, "2020-13-01", "", "", ""),
        ("t4", LION, "1500-01-01", "", "", ""),
        ("t5", LION, "", "2019", "13", ""),
        ("t6", LION, "", "2019", "2", "30"),
        ("t7", LION, "2020-02-29", "", "", ""),
    )
    parsed = read(tmp_path, data)
    problems = {p.locator: p.message for p in only_errors(parsed)}
    assert set(problems) == {"row 2", "row 3", "row 4", "row 5", "row 6", "row 7"}
    assert problems["row 2"].startswith("field 'eventDate': value '03/05/2020' is not a date")
    assert "expected an ISO 8601 date such as 2020-05-03" in problems["row 2"]
    assert "'yesterday'" in problems["row 3"]
    assert "outside the years" in problems["row 5"]
    assert problems["row 6"].startswith("field 'month': value '13'")
    assert "do not form a date" in problems["row 7"]
    assert list(parsed.observations["record_id"]) == ["t7"]


# -- counts and absences ---------------------------------------------------------------------


def test_counts_absences_and_bad_counts(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "individualCount", "occurrenceStatus"),
        ("c1", LION, "", "PRESENT"),
        ("c2", LION, "3", "present"),
        ("c3", LION, "", "ABSENT"),
        ("c4", LION, "2", " absent "),
        ("c5", LION, "0", "PRESENT"),
        ("c6", LION, "12", ""),
    )
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    obs = parsed.observations
    assert list(obs["record_id"]) == ["c1", "c2", "c6"]
    assert list(obs["count"]) == [1, 3, 12]
    assert str(obs["count"].dtype) == "int64"
    dropped = [p for p in warnings(parsed.problems) if "dropped" in p.message]
    assert len(dropped) == 1
    assert dropped[0].message.startswith("3 records dropped")


def test_negative_and_fractional_counts_are_errors(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "individualCount"),
        ("c1", LION, "-2"),
        ("c2", LION, "2.5"),
        ("c3", LION, "two"),
        ("c4", LION, "4"),
    )
    parsed = read(tmp_path, data)
    problems = {p.locator: p.message for p in only_errors(parsed)}
    assert set(problems) == {"row 2", "row 3", "row 4"}
    assert "is negative" in problems["row 2"]
    assert "'2.5' is not a whole number" in problems["row 3"]
    assert list(parsed.observations["count"]) == [4]


def test_row_messages_are_capped_per_field(tmp_path: Path) -> None:
    rows = [(f"a{i}", LION, "100", "20", "2020") for i in range(50)]
    parsed = read(tmp_path, tsv(BASE, *rows))
    problems = only_errors(parsed)
    per_row = [p for p in problems if p.locator.startswith("row ")]
    assert len(per_row) == dwc.MAX_MESSAGES_PER_FIELD == 20
    assert [p.locator for p in per_row] == [f"row {n}" for n in range(2, 22)]
    [more] = [p for p in problems if p.locator == "decimalLatitude"]
    assert "... and 30 more rows" in more.message
    assert len(problems) == 21


def test_withheld_and_generalisations_are_joined(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "informationWithheld", "dataGeneralizations"),
        ("w1", LION, "location hidden", "rounded to 0.1 degree"),
        ("w2", LION, "", "rounded to 0.1 degree"),
        ("w3", LION, "location hidden", ""),
        ("w4", LION, "", ""),
    )
    parsed = read(tmp_path, data)
    assert list(parsed.observations["withheld"]) == [
        "location hidden; rounded to 0.1 degree",
        "rounded to 0.1 degree",
        "location hidden",
        None,
    ]


def test_metadata_from_the_columns(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "datasetName", "datasetID", "institutionCode",
         "license"),
        ("m1", LION, "A", "ds-1", "I1", "CC0_1_0"),
        ("m2", LION, "B", "ds-1", "I2", "CC_BY_4_0"),
        ("m3", LION, "C", "ds-1", "I1", "CC_BY_4_0"),
        ("m4", LION, "D", "ds-1", "I1", ""),
        ("m5", LION, "A", "ds-1", "I1", "CC_BY_4_0"),
    )  # fmt: skip
    meta = read(tmp_path, data).meta
    assert meta.title == "A; B; C and 1 more"
    assert meta.citation == "A; B; C and 1 more (I1; I2), occurrence file occurrence.txt"
    assert meta.licence == "per record: CC_BY_4_0, CC0_1_0"
    assert meta.name == "ds-1"
    assert meta.url == ""
    assert meta.coordinate_precision is None


def test_bibliographic_citation_is_used_when_given(tmp_path: Path) -> None:
    data = tsv(
        ("occurrenceID", "scientificName", "bibliographicCitation"),
        ("b1", LION, "Smith J (2020) Lions."),
        ("b2", LION, "Smith J (2020) Lions."),
    )
    assert read(tmp_path, data).meta.citation == "Smith J (2020) Lions."


# -- encodings -------------------------------------------------------------------------------


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    head = tsv(BASE, ("a1", LION, "1", "2", "2020"))
    data = head + b"a2\tPanthera p\xe9rdus\t1\t2\t2020\n"  # Latin-1 "é"
    offset = len(head) + len(b"a2\tPanthera p")
    parsed = read(tmp_path, data)
    [problem] = only_errors(parsed)
    assert f"byte {offset} " in problem.message
    assert "line 3" in problem.message
    assert "save the file as UTF-8" in problem.message
    assert parsed.observations.empty


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    head = b"\xef\xbb\xbfscientificName\n"  # 3 + 14 + 1 bytes
    parsed = read(tmp_path, head + b"\xff\n")
    [problem] = only_errors(parsed)
    assert "byte 18 " in problem.message


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    assert "file is empty" in only_errors(read(tmp_path, b""))[0].message
    missing = read_dwc(tmp_path / "nowhere.txt")
    [problem] = only_errors(missing)
    assert problem.path == str(tmp_path / "nowhere.txt")
    assert "cannot be read" in problem.message


# -- archives --------------------------------------------------------------------------------

META_XML = r"""<?xml version="1.0" encoding="UTF-8"?>
<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="eml.xml">
  <core encoding="UTF-8" fieldsTerminatedBy="\t" linesTerminatedBy="\n" fieldsEnclosedBy=""
        ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">
    <files><location>occurrence.txt</location></files>
    <id index="0"/>
    <field index="1" term="http://rs.tdwg.org/dwc/terms/scientificName"/>
    <field index="2" term="http://rs.tdwg.org/dwc/terms/decimalLatitude"/>
    <field index="3" term="http://rs.tdwg.org/dwc/terms/decimalLongitude"/>
    <field index="4" term="http://rs.tdwg.org/dwc/terms/eventDate"/>
    <field index="5" term="http://rs.tdwg.org/dwc/terms/countryCode" default="KG"/>
    <field index="6" term="http://purl.org/dc/terms/license"/>
    <field term="http://rs.tdwg.org/dwc/terms/basisOfRecord" default="MACHINE_OBSERVATION"/>
  </core>
  <extension encoding="UTF-8" fieldsTerminatedBy="\t" linesTerminatedBy="\n"
             ignoreHeaderLines="1" rowType="http://rs.gbif.org/terms/1.0/Multimedia">
    <files><location>multimedia.txt</location></files>
    <coreid index="0"/>
    <field index="1" term="http://purl.org/dc/terms/identifier"/>
  </extension>
</archive>
"""

EML_XML = """<?xml version="1.0" encoding="UTF-8"?>
<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1" packageId="x" system="http://gbif.org">
  <dataset>
    <title xml:lang="en">Snow leopards of Ile-Alatau</title>
    <intellectualRights>
      <para>This work is licensed under a <ulink url="http://creativecommons.org/licenses/by/4.0/legalcode"><citetitle>Creative Commons Attribution (CC-BY 4.0) License</citetitle></ulink>.</para>
    </intellectualRights>
  </dataset>
  <additionalMetadata><metadata><gbif>
    <bibliography><citation>McCarthy T (2016) Snow leopards. Academic Press.</citation></bibliography>
    <citation>Park Rangers (2024). Snow leopards of Ile-Alatau. Occurrence dataset.</citation>
  </gbif></metadata></additionalMetadata>
</eml:eml>
"""  # noqa: E501 - an eml.xml line as GBIF writes it

CORE = tsv(
    ("id", "name", "lat", "lon", "date", "cc", "lic"),  # names differ from the terms on purpose
    ("k1", "Panthera uncia (Schreber, 1775)", "43.1", "77.2", "2024-02-01T06:30:00Z", "KZ", "CC0"),
    ("k2", "Panthera uncia", "42.9", "76.1", "2024-02-02", "", "CC0"),
    ("k3", "Ursus arctos", "", "", "2024-03", "KZ", "CC0"),
)


def archive_members(**changes: bytes) -> dict[str, bytes]:
    members = {
        "meta.xml": META_XML.encode("utf-8"),
        "eml.xml": EML_XML.encode("utf-8"),
        "occurrence.txt": CORE,
        "multimedia.txt": tsv(("coreid", "identifier"), ("k1", "http://img/1.jpg")),
    }
    members.update(changes)
    return members


def test_darwin_core_archive(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "dwca.zip", archive_members())
    before = files_below(tmp_path)
    parsed = read_dwc(path, "dwca.zip")
    assert files_below(tmp_path) == before  # read in memory, nothing extracted
    assert only_errors(parsed) == []
    obs = parsed.observations
    assert list(obs["record_id"]) == ["k1", "k2", "k3"]  # the core's <id> column
    assert list(obs["species"]) == ["Panthera uncia", "Panthera uncia", "Ursus arctos"]
    assert list(obs["country"]) == ["KZ", "KG", "KZ"]  # the default fills the empty field
    assert list(obs["basis"]) == ["MACHINE_OBSERVATION"] * 3  # a constant from meta.xml
    assert obs["time"][0] == pd.Timestamp("2024-02-01T06:30:00Z")
    assert math.isnan(obs["lat"][2])
    meta = parsed.meta
    assert meta.title == "Snow leopards of Ile-Alatau"
    assert meta.citation == "Park Rangers (2024). Snow leopards of Ile-Alatau. Occurrence dataset."
    assert meta.licence == (
        "This work is licensed under a Creative Commons Attribution (CC-BY 4.0) License."
    )


def test_archive_problems_name_the_member(tmp_path: Path) -> None:
    core = CORE + tsv(("k4", "Panthera uncia", "95", "76.1", "2024-02-02", "", "CC0"))
    path = make_zip(tmp_path / "dwca.zip", archive_members(**{"occurrence.txt": core}))
    [problem] = only_errors(read_dwc(path, "dwca.zip"))
    assert (problem.path, problem.locator) == ("dwca.zip/occurrence.txt", "row 5")


def test_archive_in_a_folder_with_comma_quoting_and_no_header(tmp_path: Path) -> None:
    meta = META_XML.replace(
        r'fieldsTerminatedBy="\t" linesTerminatedBy="\n" fieldsEnclosedBy=""',
        r'fieldsTerminatedBy="," linesTerminatedBy="\r\n" fieldsEnclosedBy="&quot;"',
    ).replace('ignoreHeaderLines="1" rowType', 'ignoreHeaderLines="0" rowType', 1)
    assert 'ignoreHeaderLines="0"' in meta
    core = b'q1,"Panthera uncia (Schreber, 1775)",43.1,77.2,2024-02-01,KZ,CC0\r\n'
    members = {f"export/{k}": v for k, v in archive_members(**{"occurrence.txt": core}).items()}
    members["export/meta.xml"] = meta.encode("utf-8")
    parsed = read_dwc(make_zip(tmp_path / "dwca.zip", members), "dwca.zip")
    assert only_errors(parsed) == []
    assert list(parsed.observations["record_id"]) == ["q1"]
    assert parsed.observations["scientific_name"][0] == "Panthera uncia (Schreber, 1775)"


def test_archive_with_an_event_core_is_refused(tmp_path: Path) -> None:
    meta = META_XML.replace("dwc/terms/Occurrence", "dwc/terms/Event")
    path = make_zip(tmp_path / "dwca.zip", archive_members(**{"meta.xml": meta.encode()}))
    parsed = read_dwc(path, "dwca.zip")
    [problem] = only_errors(parsed)
    assert "only occurrence-core archives are supported" in problem.message
    assert parsed.observations.empty


def test_zip_of_one_text_file(tmp_path: Path) -> None:
    data = tsv(BASE, ("z1", LION, "1", "2", "2020"))
    parsed = read_dwc(make_zip(tmp_path / "one.zip", {"lions/occurrence.txt": data}), "one.zip")
    assert only_errors(parsed) == []
    assert list(parsed.observations["record_id"]) == ["z1"]
    two = make_zip(tmp_path / "two.zip", {"a.txt": data, "b.csv": data})
    [problem] = only_errors(read_dwc(two, "two.zip"))
    assert "no meta.xml and 2 .txt/.csv files" in problem.message


@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil-absolute.txt", "a/../../evil.txt"])
def test_zip_slip_is_refused_and_nothing_is_written(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    path = make_zip(work / "dwca.zip", archive_members(**{name: b"pwned"}))
    before = files_below(tmp_path)
    parsed = read_dwc(path, "dwca.zip")
    assert files_below(tmp_path) == before
    assert not Path("/tmp/evil-absolute.txt").exists()
    problems = only_errors(parsed)
    assert len(problems) == 1
    assert problems[0].locator == name
    assert "zip slip" in problems[0].message
    assert parsed.observations.empty


def test_zip_bomb_is_refused_without_decompressing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.zip"
    block = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("occurrence.txt", "w", force_zip64=True) as member,
    ):
        member.write(b"scientificName\n")
        for _ in range(200):  # 200 MB of zeros, streamed: never held in memory
            member.write(block)
    info = zipfile.ZipFile(path).getinfo("occurrence.txt")
    assert info.file_size > 200 * 1024 * 1024
    assert info.file_size / info.compress_size > dwc.BOMB_RATIO
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    parsed = read_dwc(path, "bomb.zip")
    [problem] = only_errors(parsed)
    assert "zip bomb" in problem.message
    assert opened == []


def test_total_declared_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_zip(tmp_path / "dwca.zip", archive_members())
    total = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(dwc.archive, "MAX_ARCHIVE_BYTES", total - 1)
    [problem] = only_errors(read_dwc(path, "dwca.zip"))
    assert f"declare {total} bytes" in problem.message
    monkeypatch.setattr(dwc.archive, "MAX_ARCHIVE_BYTES", total)
    assert only_errors(read_dwc(path, "dwca.zip")) == []


def test_member_read_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_zip(tmp_path / "dwca.zip", archive_members())
    monkeypatch.setattr(dwc.archive, "MAX_MEMBER_BYTES", 100)
    problems = only_errors(read_dwc(path, "dwca.zip"))
    assert problems and all("the limit of 100" in p.message for p in problems)


def test_damaged_zip_is_an_error(tmp_path: Path) -> None:
    data = io.BytesIO()
    make_zip(tmp_path / "good.zip", archive_members())
    data.write((tmp_path / "good.zip").read_bytes()[:200])
    parsed = read(tmp_path, data.getvalue(), "broken.zip")
    [problem] = only_errors(parsed)
    assert "cannot be read as a zip" in problem.message


def test_meta_xml_with_entities_is_refused(tmp_path: Path) -> None:
    meta = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><archive>&x;</archive>'
    path = make_zip(tmp_path / "dwca.zip", archive_members(**{"meta.xml": meta.encode()}))
    [problem] = only_errors(read_dwc(path, "dwca.zip"))
    assert problem.path == "dwca.zip/meta.xml"
    assert "entities" in problem.message


# -- writing ---------------------------------------------------------------------------------


def handmade() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "dataset": ["", ""],
            "record_id": ["r1", "r2"],
            "species": ["Panthera uncia", None],
            "scientific_name": ["Panthera uncia (Schreber, 1775)", "Felidae"],
            "time": pd.to_datetime(["2023-04-19T12:04:00.123456789Z", None], utc=True),
            "lat": [43.12345678901234, np.nan],
            "lon": [-0.1, np.nan],
            "count": [3, 1],
            "deployment": [None, None],
            "basis": ["HUMAN_OBSERVATION", None],
            "country": ["NA", None],
            "licence": ["CC0_1_0", None],
            "withheld": ["tab\there\nnewline\r\nend", None],
        }
    )
    return pd.concat([empty_observations(), frame], ignore_index=True)[list(OBSERVATION_COLUMNS)]


def test_write_occurrences_bytes(tmp_path: Path) -> None:
    path = tmp_path / "occurrence.txt"
    write_occurrences(handmade(), path)
    lines = path.read_bytes().split(b"\n")
    assert lines[0] == (
        b"occurrenceID\tbasisOfRecord\tscientificName\tspecies\teventDate\tdecimalLatitude\t"
        b"decimalLongitude\tindividualCount\tcountryCode\tlicense\tinformationWithheld"
    )
    assert lines[1] == (
        b"r1\tHUMAN_OBSERVATION\tPanthera uncia (Schreber, 1775)\tPanthera uncia\t"
        b"2023-04-19T12:04:00.123456789Z\t43.12345678901234\t-0.1\t3\tNA\tCC0_1_0\t"
        b"tab here newline  end"
    )
    assert lines[2] == b"r2\t\tFelidae\t\t\t\t\t1\t\t\t"
    assert lines[3:] == [b""]  # LF after the last record, nothing else
    assert b"\r" not in path.read_bytes()


def test_write_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    source = tsv(
        (*BASE, "individualCount", "countryCode", "license", "basisOfRecord"),
        ("a1", LION, "-22.5", "17.125", "2020-05-03T10:00:00+02:00", "", "NA", "CC0_1_0", "X"),
        ("a2", "Ardea sp.", "", "", "", "4", "", "", ""),
        ("", "Panthera leo leo", "1e-5", "-0.0", "2020", "7", "KE", "CC_BY_4_0", ""),
    )
    parsed = read(tmp_path, source)
    assert only_errors(parsed) == []
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    write_occurrences(parsed.observations, first)
    write_occurrences(parsed.observations.copy(), second)
    assert first.read_bytes() == second.read_bytes()
    again = read_dwc(first)
    assert only_errors(again) == []
    pd.testing.assert_frame_equal(again.observations, parsed.observations)
    assert again.observations["record_id"][2] == "row 4"


def test_written_control_characters_become_spaces_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "occurrence.txt"
    write_occurrences(handmade(), path)
    parsed = read_dwc(path)
    assert only_errors(parsed) == []
    assert parsed.observations["withheld"][0] == "tab here newline  end"
    assert parsed.observations["time"][0] == pd.Timestamp("2023-04-19T12:04:00.123456789Z")
    assert parsed.observations["lat"][0] == 43.12345678901234
    assert parsed.observations["species"][1] == "Felidae"  # binomial of the name


def test_write_an_empty_frame(tmp_path: Path) -> None:
    path = tmp_path / "occurrence.txt"
    write_occurrences(empty_observations(), path)
    assert path.read_bytes().count(b"\n") == 1
    parsed = read_dwc(path)
    assert only_errors(parsed) == []
    assert parsed.observations.empty


@pytest.mark.parametrize(
    ("event_date", "refused"),
    [
        ("2023-06-30/2023-06-01", True),
        ("2023-06/2023-05", True),
        ("2023-06-01/2023-06-30", False),
        ("2023-06-01T18:00/2023-06-01T06:00", False),  # one day: times are not compared
        ("2023-06-20/15", False),  # an end written short is not read
    ],
)
def test_an_event_date_interval_that_ends_before_it_starts_is_an_error(
    tmp_path: Path, event_date: str, refused: bool
) -> None:
    path = tmp_path / "occurrence.txt"
    path.write_text(
        "occurrenceID\tscientificName\tdecimalLatitude\tdecimalLongitude\teventDate\n"
        f"a1\tPanthera uncia\t42.8\t76.5\t{event_date}\n",
        encoding="utf-8",
    )
    lines = [p.line() for p in errors(read_dwc(path, "occ.txt").problems)]
    if refused:
        assert lines == [
            f"occ.txt:row 2: error: field 'eventDate': value '{event_date}' is an interval "
            "that ends before it starts; expected start/end with the end at or after the "
            "start, like 2023-06-01/2023-06-30"
        ]
    else:
        assert lines == []


def test_positions_outside_a_region_are_errors_only_when_one_is_given(tmp_path: Path) -> None:
    path = tmp_path / "occurrence.txt"
    path.write_text(
        "occurrenceID\tscientificName\tdecimalLatitude\tdecimalLongitude\teventDate\n"
        "a1\tPanthera uncia\t42.8\t76.5\t2023-06-01\n"
        "a2\tPanthera uncia\t76.5\t42.8\t2023-06-01\n"
        "a3\tPanthera uncia\t\t\t2023-06-01\n",
        encoding="utf-8",
    )
    assert errors(read_dwc(path, "occ.txt").problems) == []
    box = Region(74.0, 41.0, 80.0, 45.0, "the box", "import with --allow-outside")
    (line,) = [p.line() for p in errors(read_dwc(path, "occ.txt", region=box).problems)]
    assert line.startswith(
        "occ.txt:row 3: error: fields 'decimalLongitude', 'decimalLatitude': values '42.8', "
        "'76.5' lie outside the box"
    )
    assert "look swapped" in line and line.endswith("import with --allow-outside")


# -- the files partners really send -------------------------------------------------------------


def test_records_are_keyed_on_gbif_id_before_occurrence_id(tmp_path: Path) -> None:
    """occurrenceID is unique only within one publisher's dataset: a real GBIF download repeats
    'present'. gbifID is unique in every GBIF download (before, the download was refused)."""
    data = tsv(
        ("gbifID", *BASE),
        ("4506557620", "present", LION, "-1.3", "35.3", "2023-11-26"),
        ("4506553015", "present", LION, "-3.4", "35.5", "2023-11-19"),
        ("", "urn:x", LION, "-3.4", "35.5", "2023-11-19"),
    )
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    assert list(parsed.observations["record_id"]) == ["4506557620", "4506553015", "urn:x"]


def test_a_repeated_gbif_id_names_the_field(tmp_path: Path) -> None:
    data = tsv(
        ("gbifID", *BASE),
        ("11", "a", LION, "1", "2", "2020"),
        ("11", "b", LION, "1", "2", "2020"),
    )
    [problem] = only_errors(read(tmp_path, data))
    assert (problem.locator, problem.message) == (
        "row 3",
        "field 'gbifID': value '11' was already used in row 2; expected a unique record id per "
        "record (gbifID, else occurrenceID)",
    )


def test_records_gbif_could_not_name_are_dropped_and_counted(tmp_path: Path) -> None:
    """Five rows of a real download had an empty scientificName (GBIF could not match the
    name); before, they refused the whole download."""
    named = [(f"{i}", f"o{i}", LION, "-1.3", "35.3", "2023-11-26") for i in range(1, 4)]
    unnamed = [(f"{i}", f"o{i}", "", "-1.3", "35.3", "2023-11-26") for i in range(4, 11)]
    data = tsv(("gbifID", *BASE), *named[:2], *unnamed, named[2])
    parsed = read(tmp_path, data)
    assert only_errors(parsed) == []
    assert list(parsed.observations["record_id"]) == ["1", "2", "3"]
    [problem] = [p for p in warnings(parsed.problems) if p.locator == "scientificName"]
    assert problem.message == (
        "7 records dropped: no taxon is named (scientificName empty; GBIF leaves them so when "
        "it cannot match the name), in rows 4, 5, 6, 7, 8 and 2 more; name the taxon to keep them"
    )


def test_a_row_wider_than_the_header_of_an_archive_is_flagged(tmp_path: Path) -> None:
    """meta.xml names columns by position: a tab inside a value shifts every later value. The
    row is refused by its number, not by the value that landed in the wrong column."""
    wide = tsv(("k4", "Panthera uncia", "43.1\tnote", "77.2", "2024-02-02", "", "CC0"))
    path = make_zip(tmp_path / "dwca.zip", archive_members(**{"occurrence.txt": CORE + wide}))
    problems = only_errors(read_dwc(path, "dwca.zip"))
    assert [(p.path, p.locator, p.message) for p in problems] == [
        (
            "dwca.zip/occurrence.txt",
            "row 5",
            "the record has 8 fields; expected 7 fields like the header (a tab or line break "
            "inside a value?)",
        )
    ]


def test_a_tab_separated_file_with_quoted_names_is_read_with_quotes(tmp_path: Path) -> None:
    """R's write.table(sep="\\t") and spreadsheets' tab-delimited text quote the header: before,
    no column was recognised ("scientificName column is missing")."""
    data = (
        b'"gbifID"\t"scientificName"\t"decimalLatitude"\t"decimalLongitude"\t"eventDate"\n'
        b'"1"\t"Panthera leo"\t-1.3\t35.3\t"2023-11-26"\n'
        b'"2"\t"Panthera leo"\tNA\tNA\t"2023-11-27"\n'
    )
    parsed = read(tmp_path, data, "lions.tsv")
    assert parsed.problems == [
        Problem(
            "lions.tsv",
            "decimalLatitude",
            "warning",
            "1 of 2 records have no coordinates (decimalLatitude and decimalLongitude empty); "
            "they are kept but cannot be placed on the map",
        )
    ]
    assert list(parsed.observations["species"]) == ["Panthera leo", "Panthera leo"]
    assert list(parsed.observations["record_id"]) == ["1", "2"]


def test_a_tgz_says_what_it_is_and_what_to_pass(tmp_path: Path) -> None:
    inner = tmp_path / "occurrence.txt"
    inner.write_bytes(tsv(BASE, ("a1", LION, "1", "2", "2020")))
    packed = tmp_path / "download.tgz"
    with tarfile.open(packed, "w:gz") as archive:
        archive.add(inner, "occurrence.txt")
    [problem] = read_dwc(packed, "download.tgz").problems
    assert problem.line() == (
        "download.tgz: error: is a gzip-compressed file (.gz, .tgz or .tar.gz), not a text "
        "file or zip; unpack it and pass the occurrence.txt inside, the folder it was unpacked "
        "into, or the download as a zip"
    )


def test_an_unzipped_download_folder_reads_like_its_zip(tmp_path: Path) -> None:
    members = archive_members()
    folder = tmp_path / "0012345-240101"
    for name, data in members.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    from_folder = read_dwc(folder, "0012345-240101")
    from_zip = read_dwc(make_zip(tmp_path / "d.zip", members), "0012345-240101")
    assert only_errors(from_folder) == []
    pd.testing.assert_frame_equal(from_folder.observations, from_zip.observations)
    assert from_folder.meta == from_zip.meta
    (folder / "meta.xml").unlink()
    [problem] = only_errors(read_dwc(folder, "0012345-240101"))
    assert problem.message.startswith("the folder has no meta.xml and 2 .txt/.csv files")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue Apr 01 00:00:00 CET 1930", "1930-04-01T00:00:00Z"),  # midnight: the date
        ("Sat Jun 14 00:00:00 CEST 1980", "1980-06-14T00:00:00Z"),
        ("Tue Apr 01 14:30:00 CEST 1930", "1930-04-01T12:30:00Z"),  # a time: in its zone
        ("Wed Jan 05 09:00:00 UTC 2011", "2011-01-05T09:00:00Z"),
    ],
)
def test_gbifs_old_event_date_form_is_read(tmp_path: Path, text: str, expected: str) -> None:
    parsed = read(tmp_path, tsv(BASE, ("a1", LION, "1", "2", text)))
    assert only_errors(parsed) == []
    assert parsed.observations["time"][0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "text", ["Tue Apr 01 14:30:00 CST 1930", "Tue Feb 30 00:00:00 CET 1930", "Apr 01 1930"]
)
def test_an_old_form_that_names_no_one_time_is_an_error(tmp_path: Path, text: str) -> None:
    [problem] = only_errors(read(tmp_path, tsv(BASE, ("a1", LION, "1", "2", text))))
    assert problem.message.startswith(f"field 'eventDate': value {text!r} is not a date")
    assert "GBIF's old form Tue Apr 01 00:00:00 CET 1930" in problem.message
