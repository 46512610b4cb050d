"""A SMART export whose positions, times and ids must never reach a public viewer, for the
patrol leak tests (tests/suites/test_patrol_privacy.py, tests/browser/test_patrol_privacy.py).

Its waypoints lie in the two parks at positions chosen so that no other content of the
bundled data (outlines, basemap, cameras) holds their digits at 3 decimals; each test checks
that, on the same data without this export, before it checks the public outputs.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

from landscape.importers.wildlife import import_wildlife
from landscape.wildlife.store import FOLDER

DATASET = "patrol-leak-test"
PATROLS = ("PRIV-TEST-0427", "PRIV-TEST-0519")
LEGS = ("PRIV-TEST-0427-LEG-A", "PRIV-TEST-0519-LEG-A", "PRIV-TEST-0519-LEG-B")
STATION = "Hidden Outpost Station"
# (patrol, leg, waypoint id, local date, local time, lat, lon, species, count)
WAYPOINTS = (
    (0, 0, "7301", "2022-06-19", "07:41:29", 42.81377, 76.61293, "Canis lupus", "3"),
    (0, 0, "7302", "2022-06-19", "09:13:47", 42.83617, 76.47329, "Capra sibirica", "11"),
    (0, 0, "7303", "2022-06-19", "11:26:53", 42.84719, 76.53917, "", ""),
    (1, 1, "7401", "2022-07-02", "06:52:31", 43.10273, 77.06681, "Lynx lynx", "1"),
    (1, 2, "7402", "2022-07-02", "13:37:19", 43.07283, 77.19643, "Panthera uncia", "1"),
)
PUBLIC_STEP = 0.1


def positions() -> list[tuple[float, float]]:
    return [(w[5], w[6]) for w in WAYPOINTS]


def _forms(value: float) -> list[str]:
    """A coordinate as it could be written at 3 decimals or finer: rounded and cut."""
    cut = math.trunc(value * 1000) / 1000
    return [f"{value:.5f}", f"{value:.4f}", f"{value:.3f}", f"{cut:.3f}"]


def leak_texts() -> list[str]:
    """Every text that would give a waypoint away: positions at 3 decimals or finer, times of
    day (local and UTC), and the patrol, leg and station names."""
    out = [form for lat, lon in positions() for form in (*_forms(lat), *_forms(lon))]
    for w in WAYPOINTS:
        hours, minutes, seconds = (int(x) for x in w[4].split(":"))
        out += [w[4], f"{(hours - 6) % 24:02d}:{minutes:02d}:{seconds:02d}"]
    return [*dict.fromkeys(out), *PATROLS, *LEGS, STATION]


def leak_bytes() -> list[bytes]:
    """The raw bytes of each coordinate as a float64 (both orders) and a float32."""
    return [
        struct.pack(fmt, v)
        for lat, lon in positions()
        for v in (lat, lon)
        for fmt in ("<d", ">d", "<f")
    ]


def leaks(payload: str | bytes) -> list[str]:
    """What of the export `payload` holds (empty: nothing)."""
    raw = payload.encode("utf-8") if isinstance(payload, str) else payload
    text = raw.decode("latin-1")
    found = [t for t in leak_texts() if t.encode("utf-8").decode("latin-1") in text]
    return found + [repr(b) for b in leak_bytes() if b in raw]


def write_export(path: Path) -> Path:
    """The SMART observation-query export, in the columns the bundled samples use."""
    header = (
        "Patrol ID,Type,Patrol Start Date,Patrol End Date,Station,Patrol Leg ID,"
        "Patrol Transport Type,Waypoint ID,Waypoint Date,Waypoint Time,X,Y,Species,Count"
    )
    days = {0: ("2022-06-19", "2022-06-19"), 1: ("2022-07-02", "2022-07-02")}
    rows = [header]
    for patrol, leg, wid, day, time, lat, lon, species, count in WAYPOINTS:
        start, end = days[patrol]
        rows.append(
            f"{PATROLS[patrol]},Ground,{start},{end},{STATION},{LEGS[leg]},Foot,{wid},"
            f"{day},{time},{lon:.5f},{lat:.5f},{species},{count}"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def add_export(data: Path, work: Path) -> Path:
    """Import the export into the data directory `data` (its own dataset)."""
    import_wildlife(data, write_export(work / f"{DATASET}.csv"), "smart", DATASET)
    assert (data / FOLDER / DATASET).is_dir()
    return data


def is_cell_centre(value: float, step: float = PUBLIC_STEP) -> bool:
    """Whether `value` is the centre of a cell of the `step`° grid (x.x5 for 0.1°)."""
    return abs((value / step) % 1 - 0.5) < 1e-6
