"""How the map shows wildlife, declared once: the display modes, the grid's colour measures
and their defaults.

The link (`viewstate`), the map (`mapview.wildlife`) and the sidebar (`ui.wildlife_filters`)
read these names, so a mode added here is one the link keeps and the sidebar offers; the map
draws it in `mapview.wildlife.detections_group`, and its label is `wildlife.mode_<mode>` in
the UI catalogs (a measure's, `wildlife.by_<measure>`). `tests/test_display.py` checks all four.
"""

from __future__ import annotations

from dataclasses import dataclass

GRID = "grid"  # square cells, the one mode coloured by a measure
MODES = (GRID, "heatmap", "clusters")
MEASURES = ("records", "rate")  # records, or records per 100 camera-days
DEFAULT_MODE = GRID
DEFAULT_MEASURE = "records"


@dataclass(frozen=True)
class Display:
    """How the map shows wildlife; `Display()` is the default display."""

    mode: str = DEFAULT_MODE
    measure: str = DEFAULT_MEASURE
    patrols: bool = False  # patrol coverage on the map
