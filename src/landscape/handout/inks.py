"""The page's inks, from styles.toml's [handout] (the bundled file's where a key is missing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from landscape.mapview.palette import paint


@dataclass(frozen=True)
class Inks:
    """Text, secondary text (labels, notes, the map's frame) and thin rules."""

    ink: str
    grey: str
    light: str


def inks_of(styles: dict[str, Any]) -> Inks:
    """The inks of a data directory's styles."""
    return Inks(
        paint(styles, "handout", "ink"),
        paint(styles, "handout", "muted"),
        paint(styles, "handout", "rule"),
    )
