"""What a handout is: its kinds, formats and the `Handout` record that `content` fills."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["project", "park"]
Format = Literal["pdf", "png"]
KINDS: tuple[str, ...] = ("project", "park")
FORMATS: tuple[str, ...] = ("pdf", "png")

Fact = tuple[str, str, str]  # label, value, citation such as '[WDPA; PD]'
Bounds = tuple[float, float, float, float]  # west, south, east, north in degrees
Measure = Callable[[str], float]  # width in inches of one line of text


@dataclass(frozen=True)
class Handout:
    """The text of one handout and the area its map shows; no layout, no pixels."""

    kind: str
    item_id: str
    title: str
    subtitle: str
    facts: list[Fact]
    sources: list[str]
    notes: list[str]
    bounds: Bounds  # west, south, east, north in degrees
    park_ids: list[str] = field(default_factory=list)
    place_ids: list[str] = field(default_factory=list)
