"""The view state and its URL (contract in DESIGN.md): every choice a visitor makes, parsed
from query parameters and written back, so that any view can be shared as a link.

Parameters: project (repeatable), lang, lang2 (second caption language), mode=present,
step, basemap, species (repeatable), from, to (YYYY-MM-DD), park (repeatable), source
(repeatable), show (a display mode: grid|heatmap|clusters), colour (a measure of the grid:
records|rate; both declared in `landscape.display`), patrols (1: patrol coverage on the map).
Unknown or bad values fall back to the default, never to an error page; defaults are left
out of the URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from landscape import display
from landscape.catalog import Catalog
from landscape.filters import split_known
from landscape.i18n import pick_lang
from landscape.text import DEFAULT_LANG, LANGS
from landscape.wildlife.figures import OUTSIDE, WildlifeFilter

MODES = ("", "present")
SHOW = display.MODES  # the old names of the display modes and measures
COLOUR = display.MEASURES
# Every query parameter the dashboard reads (README, "Presenting, languages and sharing").
URL_PARAMS = (
    "project",
    "lang",
    "lang2",
    "mode",
    "step",
    "basemap",
    "species",
    "from",
    "to",
    "park",
    "source",
    "show",
    "colour",
    "patrols",
)
MAX_VALUES = 50  # repeated parameters kept: more is never a real choice
MAX_LENGTH = 200  # characters of one value kept: ids are short


@dataclass(frozen=True)
class ViewState:
    """What the visitor sees; every field has a default that the URL may leave out."""

    projects: tuple[str, ...] = ()
    lang: str = DEFAULT_LANG
    lang2: str = ""
    mode: str = ""
    step: int = 1
    basemap: str = ""
    wildlife: WildlifeFilter = field(default_factory=WildlifeFilter)
    show: str = display.DEFAULT_MODE
    colour: str = display.DEFAULT_MEASURE
    patrols: bool = False  # patrol coverage on the map
    unknown_projects: tuple[str, ...] = ()  # reported to the visitor, never written back

    @property
    def presenting(self) -> bool:
        return self.mode == "present"


Params = Mapping[str, Sequence[str]]


def _all(params: Params, key: str) -> list[str]:
    values = params.get(key) or []
    return [str(v)[:MAX_LENGTH] for v in list(values)[:MAX_VALUES]]


def _one(params: Params, key: str) -> str:
    values = _all(params, key)
    return values[-1].strip() if values else ""


def _known(values: list[str], allowed: set[str]) -> tuple[str, ...]:
    """The allowed values, each once, in the order given."""
    return tuple(v for v in dict.fromkeys(values) if v in allowed)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _number(text: str) -> int:
    # ASCII only: "²" and other Unicode digits pass isdigit() but int() refuses them
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else 1


def default_basemap(cat: Catalog) -> str:
    """The first basemap of basemaps.toml, or the offline one when there is none."""
    return str(cat.basemaps["id"].iloc[0]) if not cat.basemaps.empty else "offline"


def parse(params: Params, cat: Catalog) -> ViewState:
    """The state a link asks for; anything unknown or malformed gives the default."""
    known, unknown = split_known(cat, _all(params, "project"))
    lang = pick_lang(_one(params, "lang"))
    lang2 = _one(params, "lang2").lower()
    basemap = _one(params, "basemap")
    parks = {*cat.parks["id"], OUTSIDE}
    start, end = _day(_one(params, "from")), _day(_one(params, "to"))
    if start and end and start > end:
        start, end = end, start
    wildlife = WildlifeFilter(
        species=_known(_all(params, "species"), set(cat.observations["species"].dropna().unique())),
        start=start,
        end=end,
        parks=_known(_all(params, "park"), parks),
        datasets=_known(_all(params, "source"), set(cat.datasets["id"])),
    )
    show, colour = _one(params, "show"), _one(params, "colour")
    return ViewState(
        projects=tuple(known),
        lang=lang,
        lang2=lang2 if lang2 in LANGS and lang2 != lang else "",
        mode=_one(params, "mode") if _one(params, "mode") in MODES else "",
        step=_number(_one(params, "step")),
        basemap=basemap if basemap in set(cat.basemaps["id"]) else default_basemap(cat),
        wildlife=wildlife,
        show=show if show in display.MODES else display.DEFAULT_MODE,
        colour=colour if colour in display.MEASURES else display.DEFAULT_MEASURE,
        patrols=_one(params, "patrols") == "1" and not cat.patrols.empty,
        unknown_projects=tuple(unknown),
    )


def to_params(state: ViewState, cat: Catalog) -> list[tuple[str, str]]:
    """The query parameters of a state, in a stable order, defaults left out."""
    out = [("project", p) for p in state.projects]
    if state.lang != DEFAULT_LANG:
        out.append(("lang", state.lang))
    if state.lang2:
        out.append(("lang2", state.lang2))
    if state.mode:
        out += [("mode", state.mode), ("step", str(state.step))]
    if state.basemap and state.basemap != default_basemap(cat):
        out.append(("basemap", state.basemap))
    w = state.wildlife
    out += [("species", s) for s in w.species]
    if w.start:
        out.append(("from", w.start.isoformat()))
    if w.end:
        out.append(("to", w.end.isoformat()))
    out += [("park", p) for p in w.parks]
    out += [("source", s) for s in w.datasets]
    if state.show != display.DEFAULT_MODE:
        out.append(("show", state.show))
    if state.colour != display.DEFAULT_MEASURE and state.show == display.GRID:
        out.append(("colour", state.colour))
    if state.patrols:
        out.append(("patrols", "1"))
    return out


def as_dict(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Pairs grouped by key, the shape st.query_params.from_dict takes for repeated keys."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def public_base(configured: str | None) -> str | None:
    """The configured public address of the dashboard if it is a plain http(s) URL."""
    text = (configured or "").strip()
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c in text for c in "<>\"' ")
    ):
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"


def item_view(kind: str, item_id: str, lang: str) -> ViewState:
    """The live view of one project (its filter) or one park (its wildlife), for handouts."""
    if kind == "project":
        return ViewState(projects=(item_id,), lang=lang)
    return ViewState(lang=lang, wildlife=WildlifeFilter(parks=(item_id,)))


def share_url(base: str, state: ViewState, cat: Catalog) -> str:
    """The link that opens this exact view."""
    query = urlencode(to_params(state, cat))
    return f"{base}?{query}" if query else base
