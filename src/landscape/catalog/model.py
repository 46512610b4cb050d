"""The Catalog: every layer of a data directory, validated, in EPSG:4326, with its problems."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from landscape.mett import Mett, empty_mett
from landscape.problems import Problem
from landscape.wildlife.model import (
    empty_deployments,
    empty_observations,
    empty_patrols,
    empty_waypoints,
)
from landscape.wildlife.store import empty_datasets


@dataclass(frozen=True)
class Catalog:
    """All content of one data directory. Filters return a new Catalog of the same shape."""

    data_dir: Path
    sources: pd.DataFrame
    parks: gpd.GeoDataFrame
    border: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    projects: pd.DataFrame
    events: pd.DataFrame
    species: pd.DataFrame
    figures: pd.DataFrame
    statements: pd.DataFrame
    basemaps: pd.DataFrame
    countries: gpd.GeoDataFrame
    lakes: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    towns: gpd.GeoDataFrame
    tour: pd.DataFrame = field(default_factory=pd.DataFrame)
    datasets: pd.DataFrame = field(default_factory=empty_datasets)
    observations: pd.DataFrame = field(default_factory=empty_observations)
    deployments: pd.DataFrame = field(default_factory=empty_deployments)
    waypoints: pd.DataFrame = field(default_factory=empty_waypoints)
    patrols: pd.DataFrame = field(default_factory=empty_patrols)
    mett: Mett = field(default_factory=empty_mett)
    styles: dict[str, Any] = field(default_factory=dict)
    ui: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def layer(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def replace(self, **changes: Any) -> Catalog:
        return dataclasses.replace(self, **changes)

    def rows(self) -> int:
        """Rows of its wildlife tables, the ones that grow: a measure of its memory."""
        frames = (self.observations, self.deployments, self.waypoints, self.patrols)
        return sum(len(frame) for frame in frames)
