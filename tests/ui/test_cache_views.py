"""Names of views (landscape.ui.cache): each table of a view has a key (`cache.name_of`,
`landscape.reads.NARROWED_BY`), from which a figure's key is made. Two filters whose wildlife
is equal share the keys of their wildlife tables, and two filters that share a table's key
always have equal tables, on the bundled data, for every combination of projects and park
filter (with and without a species filter), dates and sources."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

from landscape.paths import BUNDLED_DATA
from landscape.reads import NARROWED_BY
from landscape.ui import cache
from landscape.wildlife.figures import OUTSIDE, WildlifeFilter

TABLES = ("observations", "deployments", "waypoints", "patrols")


def _filters() -> list[tuple[tuple[str, ...], WildlifeFilter]]:
    cat = cache.shown_catalog(BUNDLED_DATA, False)
    projects = list(cat.projects["id"])
    parks = [*cat.parks["id"], OUTSIDE]
    choices = [()] + [tuple(c) for n in (1, 2) for c in itertools.combinations(projects, n)]
    park_filters = [()] + [tuple(c) for n in (1, 2) for c in itertools.combinations(parks, n)]
    species = ((), ("Panthera uncia",))
    return [
        (chosen, WildlifeFilter(species=s, parks=p))
        for chosen in choices
        for p in park_filters
        for s in species
    ]


def _equal(a, b) -> bool:
    for name in TABLES:
        left, right = getattr(a, name), getattr(b, name)
        if len(left) != len(right):
            return False
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))
    return list(a.parks["id"]) == list(b.parks["id"])


def _wildlife_keys(staff: bool, chosen: tuple[str, ...], wild: WildlifeFilter) -> tuple[str, ...]:
    """The keys of a view's wildlife tables: what its wildlife figures are keyed by."""
    name = cache.name_of(cache.view(BUNDLED_DATA, staff, chosen, wild)[1])
    assert name is not None
    return tuple(name.key(table) for table in TABLES)


def test_the_transboundary_project_with_a_park_filter_computes_no_wildlife_figure_again():
    wild = WildlifeFilter(species=("Panthera uncia",), parks=("chon-kemin",))
    alone = _wildlife_keys(False, (), wild)
    assert _wildlife_keys(False, ("transboundary",), wild) == alone
    # a project without parks keeps no wildlife at all, whatever the park filter says
    assert _wildlife_keys(False, ("camca",), wild) != alone
    _, view = cache.view(BUNDLED_DATA, False, ("camca",), wild)
    assert all(getattr(view, name).empty for name in TABLES)


@pytest.mark.parametrize("staff", [False, True])
def test_the_viewer_and_every_filter_field_are_part_of_the_records_key(staff: bool):
    base = WildlifeFilter(species=("Panthera uncia",))
    key = _wildlife_keys(staff, (), base)[0]
    assert key != _wildlife_keys(not staff, (), base)[0]
    for other in (
        WildlifeFilter(),
        WildlifeFilter(species=("Panthera uncia",), parks=("chon-kemin",)),
        WildlifeFilter(species=("Panthera uncia",), datasets=("synthetic-sample",)),
        WildlifeFilter(species=("Panthera uncia",), start=dt.date(2021, 6, 1)),
    ):
        assert _wildlife_keys(staff, (), other)[0] != key


def _dated() -> list[tuple[tuple[str, ...], WildlifeFilter]]:
    """Filters with dates and sources too: they narrow the cameras and patrols as well."""
    cat = cache.shown_catalog(BUNDLED_DATA, False)
    days = (None, dt.date(2021, 6, 1))
    sources = ((), (cat.datasets["id"].iloc[0],))
    return [
        (chosen, WildlifeFilter(start=start, end=end, datasets=d, parks=p))
        for chosen in ((), ("transboundary",))
        for start, end in itertools.product(days, days)
        for d in sources
        for p in ((), ("chon-kemin",))
    ]


def test_equal_table_keys_always_mean_equal_tables():
    groups: dict[tuple[str, str], list] = {}
    for chosen, wild in _filters() + _dated():
        _, view = cache.view(BUNDLED_DATA, False, chosen, wild)
        name = cache.name_of(view)
        assert name is not None
        for table in NARROWED_BY:
            member = ((chosen, wild), getattr(view, table))
            groups.setdefault((table, name.key(table)), []).append(member)
    for table in NARROWED_BY:
        shared = [m for (t, _), m in groups.items() if t == table and len(m) > 1]
        assert shared, f"no two filters share their {table}"
        for (first, frame), *rest in shared:
            for other, other_frame in rest:
                left, right = frame.reset_index(drop=True), other_frame.reset_index(drop=True)
                pd.testing.assert_frame_equal(left, right, obj=f"{table} of {first}, {other}")


def test_a_table_no_filter_narrows_has_one_key_per_viewer():
    keys = {
        cache.name_of(cache.view(BUNDLED_DATA, False, chosen, wild)[1]).key("species")
        for chosen, wild in _filters()[:20]
    }
    assert keys == {cache.name_of(cache.shown_catalog(BUNDLED_DATA, False)).key("species")}
    staff = cache.name_of(cache.shown_catalog(BUNDLED_DATA, True)).key("species")
    assert staff not in keys
