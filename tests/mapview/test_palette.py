"""The map's colours: all in styles.toml, and apart from each other for every viewer.

Colours are compared in CIELAB (ΔE 1976) as seen with normal vision and with simulated
protanopia, deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, severity 1,
applied in linear sRGB). A ΔE of about 2 is barely noticeable; the floors below ask for
clearly different colours where they meet on the map: park edges and the shared ridge drawn
over the wildlife grid, park fills under it, patrol cells over the parks.
"""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pytest

from landscape.catalog import Catalog
from landscape.mapview import palette
from landscape.paths import REPO

VISION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(colour: str) -> np.ndarray:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    rgb = np.array([int(value[i : i + 2], 16) for i in (0, 2, 4)]) / 255
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = _XYZ @ np.clip(linear, 0, 1) / _WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta(a: str, b: str, vision: str) -> float:
    m = VISION[vision]
    return float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b))))


def _closest(group_a: list[str], group_b: list[str]) -> tuple[float, str, str, str]:
    return min((delta(a, b, v), a, b, v) for a in group_a for b in group_b for v in VISION)


@pytest.fixture(scope="module")
def colours(catalog: Catalog) -> dict[str, list[str]]:
    styles = catalog.styles
    countries = sorted(styles["park"]["country"])
    return {
        "edges": [palette.park_colors(styles, c)[0] for c in countries],
        "fills": [palette.park_colors(styles, c)[1] for c in countries],
        "ramp": list(palette.paints(styles, "wildlife", "ramp")),
        "ridge": [palette.paint(styles, "ridge", "color")],
        "patrol": [palette.paint(styles, "wildlife", "patrol")],
    }


def test_park_edges_and_the_ridge_stand_apart_from_the_grid_for_every_viewer(colours):
    """Edges and the ridge are drawn above the grid cells: no viewer may see them merge."""
    for name in ("edges", "ridge"):
        worst = _closest(colours[name], colours["ramp"])
        assert worst[0] >= 25, f"{name} too close to the grid's ramp: {worst}"


def test_park_fills_never_share_the_grids_hues(colours):
    """Chon Kemin's fill was orange, the grid yellow→red: under the cells they merged."""
    worst = _closest(colours["fills"], colours["ramp"])
    assert worst[0] >= 25, f"a park fill too close to the grid's ramp: {worst}"


def test_the_two_parks_and_patrol_cells_are_told_apart_for_every_viewer(colours):
    for pair in combinations(colours["edges"], 2):
        worst = _closest([pair[0]], [pair[1]])
        assert worst[0] >= 25, f"the parks' edges too close: {worst}"
    worst = _closest(colours["patrol"], colours["edges"] + colours["fills"])
    assert worst[0] >= 15, f"patrol cells too close to a park's colour: {worst}"


# The code that draws with styles.toml's colours: the map, its export, the handout, the charts.
_COLOURED_CODE = [
    *(REPO / "src/landscape/mapview").glob("*.py"),
    REPO / "src/landscape/export.py",
    *(REPO / "src/landscape/handout").glob("*.py"),
    REPO / "src/landscape/wildlife/figures.py",
]


def test_bundled_styles_hold_every_colour_the_map_asks_for(catalog: Catalog):
    code = "\n".join(p.read_text(encoding="utf-8") for p in _COLOURED_CODE)
    asked = set(re.findall(r'paints?\(\s*[\w.]+,\s*((?:"\w+",\s*)*"\w+")\)', code))
    assert asked, "the map reads its colours through palette.paint"
    for path in asked:
        keys = re.findall(r'"(\w+)"', path)
        value = palette._find(palette.bundled(), tuple(keys))
        assert value is not None, f"styles.toml lacks {'.'.join(keys)}"


def test_no_colour_literal_in_the_map_code():
    """Colours are data (geodata/styles.toml): none is written into the map's Python."""
    literal = re.compile(r"""["'][^"'\n]*#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b""")
    found = []
    for path in _COLOURED_CODE:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if literal.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []


def test_a_styles_file_without_a_key_falls_back_to_the_bundled_one():
    assert palette.paint({}, "ridge", "color") == palette.bundled()["ridge"]["color"]
    assert palette.paint({"ridge": {"color": "url(x)"}}, "ridge", "color").startswith("#")
    assert palette.park_colors({}, "XXX") == (
        palette.bundled()["park"]["default"]["color"],
        palette.bundled()["park"]["default"]["fill"],
    )
    with pytest.raises(KeyError):
        palette.paint({}, "nothing", "here")
