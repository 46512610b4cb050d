"""Ranger safety: no public output carries a patrol position finer than the patrol grid
(0.1°), a time finer than the day, or a patrol, leg or waypoint id (issue 17, section 3).

Every public output is tried: the shown catalog, the records download, the map in each
display mode with patrol coverage on, the panels' tables, `summary --public`, the exported
HTML and the handouts. The staff view keeps the precise data, which shows that the checks
can fail.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from landscape import handout
from landscape.catalog import Catalog, load_catalog
from landscape.i18n import translator
from landscape.paths import BUNDLED_DATA
from landscape.ui.wildlife import records_csv
from landscape.wildlife import privacy
from landscape.wildlife.store import FOLDER
from tests.patrol_leaks import (
    DATASET,
    LEGS,
    PATROLS,
    STATION,
    add_export,
    is_cell_centre,
    leaks,
)
from tests.test_cli import run
from tests.ui.test_page import _app, _map_args

MODES = ("grid", "heatmap", "clusters")


def _without_samples(data: Path) -> Path:
    for folder in (data / FOLDER).glob("synthetic-*"):
        shutil.rmtree(folder)
    return data


@pytest.fixture(scope="module")
def dirs(tmp_path_factory) -> tuple[Path, Path]:
    """The bundled data with the leak-test export and without any synthetic sample, and the
    same data without the export (nothing there may hold the export's digits)."""
    root = tmp_path_factory.mktemp("patrol-privacy")
    plain = _without_samples(Path(shutil.copytree(BUNDLED_DATA, root / "plain")))
    patrolled = Path(shutil.copytree(plain, root / "geodata"))
    return add_export(patrolled, root), plain


@pytest.fixture(scope="module")
def cat(dirs) -> Catalog:
    return load_catalog(dirs[0])


def _frames_text(view: Catalog) -> str:
    frames = (view.observations, view.deployments, view.waypoints, view.patrols)
    return "\n".join(frame.to_csv(index=False) for frame in frames)


def _csv(view: Catalog) -> pd.DataFrame:
    t = translator(view.ui, "en")
    return pd.read_csv(io.BytesIO(records_csv(view, t)), comment="#")


def test_the_export_is_imported_and_its_digits_are_nowhere_else(cat: Catalog, dirs):
    assert set(cat.patrols["patrol"]) == set(PATROLS)
    assert len(cat.waypoints) == 5 and (cat.observations["dataset"] == DATASET).sum() == 4
    assert not leaks(_frames_text(privacy.public_view(load_catalog(dirs[1]))))


def test_the_staff_view_keeps_what_the_public_view_must_not_show(cat: Catalog):
    """The checks below can fail: the precise data is there for staff."""
    staff = privacy.staff_view(cat)
    assert len(leaks(_frames_text(staff))) >= 20
    assert leaks(records_csv(staff, translator(cat.ui, "en")))


def test_the_public_catalog_has_patrol_positions_only_on_the_patrol_grid(cat: Catalog):
    public = privacy.public_view(cat)
    assert not leaks(_frames_text(public)), leaks(_frames_text(public))
    rows = public.observations[public.observations["dataset"] == DATASET]
    assert len(rows) == 4
    for lat, lon in zip(rows["lat"], rows["lon"], strict=True):
        assert is_cell_centre(lat) and is_cell_centre(lon), (lat, lon)
    assert set(rows["generalised"]) == {privacy.PATROL_NOTE}
    assert all(is_cell_centre(v) for v in [*public.waypoints["lat"], *public.waypoints["lon"]])
    for frame, column in ((rows, "time"), (public.waypoints, "time")):
        assert (frame[column] == frame[column].dt.floor("D")).all(), "days only"
    assert public.waypoints[["leg", "waypoint"]].isna().all().all()
    assert public.patrols["station"].isna().all()
    assert not {*PATROLS} & {*public.patrols["patrol"], *public.waypoints["patrol"]}


def test_the_records_download_has_patrol_records_on_the_grid_and_no_patrol_id(cat: Catalog):
    public = privacy.public_view(cat)
    raw = records_csv(public, translator(cat.ui, "en"))
    assert not leaks(raw), leaks(raw)
    table = _csv(public)
    rows = table[table["dataset"] == DATASET]
    assert len(rows) == 4
    assert all(is_cell_centre(v) for v in [*rows["lat"], *rows["lon"]])
    assert not rows["record_id"].str.contains("/").any()
    assert set(rows["time"]) == {"2022-06-19", "2022-07-02"}


def test_the_patrol_grid_holds_for_the_bundled_samples_too(catalog: Catalog):
    """Thousands of synthetic patrol records: none finer than 0.1°, no patrol id."""
    public = privacy.public_view(catalog)
    smart = set(catalog.datasets.loc[catalog.datasets["kind"] == "smart", "id"])
    table = _csv(public)
    rows = table[table["dataset"].isin(smart)]
    assert len(rows) > 100
    bad = [
        (a, b)
        for a, b in zip(rows["lat"], rows["lon"], strict=True)
        if not (is_cell_centre(a) and is_cell_centre(b))
    ]
    assert not bad, bad[:5]
    ids = set(catalog.patrols["patrol"])
    text = _frames_text(public) + table.to_csv()
    assert not [p for p in ids if p in text]


def _page(monkeypatch, data: Path, mode: str) -> list[str]:
    """What the public page sends for a link: the map's arguments, every table and text."""
    at = _app(monkeypatch, data, patrols="1", show=mode)
    args = _map_args(at)
    assert "Patrol coverage" in args["feature_group"] or data.name == "plain"
    sent = [json.dumps(args)]
    sent += [d.value.to_csv() for d in at.dataframe] + [t.value.to_csv() for t in at.table]
    return sent + [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_the_page_without_the_export_holds_none_of_its_digits(monkeypatch, dirs):
    assert not [leaks(p) for p in _page(monkeypatch, dirs[1], "clusters") if leaks(p)]


@pytest.mark.parametrize("mode", MODES)
def test_the_public_page_sends_no_patrol_position_or_id(monkeypatch, dirs, mode):
    sent = _page(monkeypatch, dirs[0], mode)
    for payload in sent:
        assert not leaks(payload), leaks(payload)
    captions = " ".join(sent).replace("\\", "")
    assert "Records made on ranger patrols (4)" in captions, "the page says what was done"


def test_summary_public_holds_no_patrol_position_or_id(dirs):
    done = run("summary", "--json", "--public", "--data", str(dirs[0]))
    assert done.returncode == 0, done.stderr
    assert not leaks(done.stdout), leaks(done.stdout)
    doc = json.loads(done.stdout)
    assert doc["patrols"]["by_source"][DATASET]["patrols"] == 2
    staff = run("summary", "--json", "--data", str(dirs[0]))
    assert json.loads(staff.stdout)["patrols"]["patrols"] == 2


def test_the_exported_html_holds_no_patrol_position_or_id(dirs, tmp_path: Path):
    for data, name in ((dirs[1], "plain.html"), (dirs[0], "map.html")):
        done = run("export", "html", str(tmp_path / name), "--data", str(data))
        assert done.returncode == 0, done.stderr
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "Patrol coverage" in html, "the coverage layer is in the file"
    assert not leaks((tmp_path / "plain.html").read_text(encoding="utf-8")), "the baseline"
    assert not leaks(html), leaks(html)


def test_handouts_hold_no_patrol_position_or_id(cat: Catalog):
    t = translator(cat.ui, "en")
    for kind, ids in (("park", cat.parks["id"]), ("project", cat.projects["id"])):
        for item in ids:
            sheet = handout.content(cat, kind, item, "en", t)  # type: ignore[arg-type]
            assert not leaks(repr(sheet)), (kind, item)
    assert not [name for name in (*PATROLS, *LEGS, STATION) if name in repr(cat.ui)]
