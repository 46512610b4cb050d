"""Map colours and line sizes, read from the data directory's styles.toml.

Every colour the map, the export and the handout draw lives in geodata/styles.toml, not in
code. A data directory whose styles.toml lacks a key (or holds something that is not a plain
CSS colour) gets the bundled file's value, so an older styles.toml keeps working.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from typing import Any

from landscape.paths import BUNDLED_DATA

_COLOR = re.compile(r"^#[0-9A-Fa-f]{3,8}$|^[a-z]{3,20}$")


@lru_cache(maxsize=1)
def bundled() -> dict[str, Any]:
    """The bundled styles.toml: the fallback of every key."""
    with (BUNDLED_DATA / "styles.toml").open("rb") as handle:
        return tomllib.load(handle)


def _find(styles: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = styles
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def is_color(value: Any) -> bool:
    return isinstance(value, str) and bool(_COLOR.match(value))


def paint(styles: dict[str, Any], *path: str) -> str:
    """The colour at `path` (e.g. "ridge", "color"), from `styles` or else the bundled file."""
    for source in (styles, bundled()):
        value = _find(source, path)
        if is_color(value):
            return str(value)
    raise KeyError(f"styles.toml has no colour {'.'.join(path)}")


def paints(styles: dict[str, Any], *path: str) -> tuple[str, ...]:
    """A list of colours (a ramp) at `path`; the bundled one unless every entry is a colour."""
    for source in (styles, bundled()):
        value = _find(source, path)
        if isinstance(value, list) and value and all(is_color(v) for v in value):
            return tuple(str(v) for v in value)
    raise KeyError(f"styles.toml has no colour list {'.'.join(path)}")


def size(styles: dict[str, Any], *path: str) -> float:
    """A positive number below 100 (a weight, a radius, an opacity) at `path`."""
    for source in (styles, bundled()):
        value = _find(source, path)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 100:
            return float(value)
    raise KeyError(f"styles.toml has no number {'.'.join(path)}")


def park_colors(styles: dict[str, Any], country: str) -> tuple[str, str]:
    """(edge, fill) of a park of `country` (ISO alpha-3): its own entry, else the default."""
    own = _find(styles, ("park", "country", country))
    if isinstance(own, dict) and is_color(own.get("color")) and is_color(own.get("fill")):
        return str(own["color"]), str(own["fill"])
    return paint(styles, "park", "default", "color"), paint(styles, "park", "default", "fill")
