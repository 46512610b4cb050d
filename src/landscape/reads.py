"""Which catalog tables a cached figure reads, declared on the figure, and which parts of a
visitor's filter narrow each table: what a figure's cache key is made of (ui/cache.py).

A figure is declared once, where it is defined: `@reads("parks", "sources")`. Its key is then
the keys of exactly those tables of the catalogs it gets, so a figure of the parks is not
computed again when only the wildlife filter changes, and one of the records is. A generic
wrapper that calls a builder it is given (a table as Arrow, a chart's spec) is declared
`@reads_of_builder`: it reads what its builder reads. A figure without a declaration is
refused (`UndeclaredFigure`), so a new one cannot be cached under a key that misses a table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from landscape.catalog import Catalog

F = TypeVar("F", bound=Callable[..., Any])
ATTRIBUTE = "__reads__"
BUILDER = "builder"  # the declaration of a wrapper: it reads what its builder reads
# Every table of a catalog (its directory is part of every key anyway).
TABLES = tuple(f.name for f in dataclasses.fields(Catalog) if f.name != "data_dir")
NO_PARK = "\x00no park"  # a park filter that keeps nothing (an empty one keeps everything)

# The parts of a visitor's filter that narrow each table (filters.by_projects and
# wildlife.figures.apply); a table not named here is the same in every view of one viewer.
# "parks" is the wildlife's parks: the chosen projects' parks folded into the park filter.
NARROWED_BY: dict[str, tuple[str, ...]] = {
    "projects": ("projects",),
    "parks": ("projects",),
    "events": ("projects",),
    "places": ("projects",),
    "observations": ("parks", "datasets", "species", "dates"),
    "deployments": ("parks", "datasets", "dates"),
    "waypoints": ("parks", "datasets", "dates"),
    "patrols": ("parks", "datasets", "dates"),
}


class FigureKeyError(TypeError):
    """An argument that cannot be part of a figure's cache key."""


class UndeclaredFigure(FigureKeyError):
    """A figure that does not say which tables it reads."""


def reads(*tables: str) -> Callable[[F], F]:
    """Declare the catalog tables a figure reads (of every catalog it is given)."""
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ValueError(f"not tables of a catalog: {unknown}; the tables are {TABLES}")

    def declare(fn: F) -> F:
        setattr(fn, ATTRIBUTE, tuple(sorted(set(tables))))
        return fn

    return declare


def reads_of_builder(fn: F) -> F:
    """Declare a wrapper that reads what the builder among its arguments reads."""
    setattr(fn, ATTRIBUTE, BUILDER)
    return fn


def _function(fn: Callable[..., Any]) -> bool:
    kinds = types.FunctionType | types.BuiltinFunctionType | types.MethodType
    return isinstance(fn, kinds)


def declared(fn: Callable[..., Any], args: Sequence[Any]) -> tuple[str, ...]:
    """The tables `fn(*args)` reads, as `fn` (or, for a wrapper, its builder) declares them."""
    tables = getattr(fn, ATTRIBUTE, None)
    if tables == BUILDER:
        builders = [a for a in args if _function(a)]
        if not builders:
            raise UndeclaredFigure(f"{fn.__qualname__} reads its builder's tables: pass one")
        return tuple(sorted({t for b in builders for t in declared(b, ())}))
    if tables is None:
        name = getattr(fn, "__qualname__", repr(fn))
        raise UndeclaredFigure(
            f"{name} does not declare the tables it reads: decorate it with "
            '@reads("table", ...) from landscape.reads (or @reads() if it reads none)'
        )
    return tuple(tables)


@dataclasses.dataclass(frozen=True)
class Filter:
    """A visitor's filter in canonical form: lists sorted, as their order means nothing."""

    projects: tuple[str, ...] = ()
    species: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    parks: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()


def canonical(projects: Sequence[str], wild: Any | None) -> Filter:
    """The filter of `projects` and a wildlife filter (None: none), its lists sorted."""
    if wild is None:
        return Filter(projects=tuple(sorted(set(projects))))
    return Filter(
        projects=tuple(sorted(set(projects))),
        species=tuple(sorted(set(wild.species))),
        start=wild.start,
        end=wild.end,
        parks=tuple(sorted(set(wild.parks))),
        datasets=tuple(sorted(set(wild.datasets))),
    )


def wildlife_parks(f: Filter, listed: Sequence[str]) -> tuple[str, ...]:
    """The parks whose wildlife the filter keeps, `listed` being its projects' parks.

    A project keeps the wildlife inside its parks (filters.by_projects) just as a park filter
    naming those parks does (figures.apply): neither keeps what lies outside every park. So
    the two fold into one set of parks, and two filters that keep the same wildlife share it
    (the transboundary project and a park filter, say). () keeps everything, outside too.
    """
    if not f.projects:
        return f.parks
    kept = tuple(sorted(p for p in listed if not f.parks or p in f.parks))
    return kept or (NO_PARK,)


def parts(f: Filter, listed: Sequence[str]) -> dict[str, object]:
    """Each part of the filter that may narrow a table (NARROWED_BY), by name."""
    return {
        "projects": f.projects,
        "parks": wildlife_parks(f, listed),
        "datasets": f.datasets,
        "species": f.species,
        "dates": (f.start, f.end),
    }
