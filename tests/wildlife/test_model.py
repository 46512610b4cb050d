"""Records held as categories (model.CATEGORICAL_OBSERVATIONS) give exactly the figures that
plain text gives: the same tables, grid cells and filters, for every species and park."""

from __future__ import annotations

import pandas as pd
import pytest

from landscape.catalog import load_catalog
from landscape.paths import BUNDLED_DATA
from landscape.wildlife import figures, grid, patrols
from landscape.wildlife.model import CATEGORICAL_OBSERVATIONS
from landscape.wildlife.privacy import public_view


@pytest.fixture(scope="module")
def both():
    cat = public_view(load_catalog(BUNDLED_DATA))
    obs = cat.observations
    plain = obs.astype({c: "object" for c in CATEGORICAL_OBSERVATIONS if c in obs})
    plain = plain.where(plain.notna(), None)
    return cat, cat.replace(observations=plain)


def test_the_catalog_holds_the_repeated_text_of_records_as_categories(both):
    cat, _ = both
    for column in ("species", "dataset", "deployment", "park"):
        assert isinstance(cat.observations[column].dtype, pd.CategoricalDtype), column
    assert len(cat.observations) > 1000


def _figures(view, whole):
    return {
        "species_table": figures.species_table(view, whole, "en", "Outside"),
        "over_time": figures.over_time(view, "en")[0],
        "rai": figures.rai(view, "en", "Outside"),
        "cells": grid.cells(view.observations, view.deployments, grid.PUBLIC_STEP),
        "fine_cells": grid.cells(view.observations, view.deployments, grid.STAFF_STEP),
        "patrol_effort": patrols.effort(view, "en", "Outside"),
        "patrol_months": patrols.by_month(view, "en", "Outside"),
        "patrol_species": patrols.per_species(view, "en", "Outside"),
    }


def _filters(cat):
    species = sorted(map(str, cat.observations["species"].dropna().unique()))
    out = [figures.WildlifeFilter()]
    out += [figures.WildlifeFilter(species=(s,)) for s in species]
    out += [figures.WildlifeFilter(parks=(p,)) for p in [*cat.parks["id"], figures.OUTSIDE]]
    return out


def test_every_figure_is_the_same_as_with_plain_text(both):
    cat, plain = both
    for f in _filters(cat):
        ours, theirs = figures.apply(cat, f), figures.apply(plain, f)
        assert len(ours.observations) == len(theirs.observations), f
        got, want = _figures(ours, cat), _figures(theirs, plain)
        for name in want:
            pd.testing.assert_frame_equal(
                got[name].reset_index(drop=True),
                want[name].reset_index(drop=True),
                check_dtype=False,
                check_categorical=False,
                obj=f"{name} for {f}",
            )
