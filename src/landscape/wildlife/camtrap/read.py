"""`read_camtrap_dp`: a package folder read, checked and normalised to `Parsed`."""

from __future__ import annotations

from pathlib import Path

from landscape.problems import Problem, RowProblems, errors
from landscape.region import Region
from landscape.wildlife.camtrap.check import check_order, check_reference, check_region
from landscape.wildlife.camtrap.descriptor import (
    check_profile,
    dataset_meta,
    legacy_problems,
    read_descriptor,
    table_resources,
)
from landscape.wildlife.camtrap.findings import Table
from landscape.wildlife.camtrap.frames import deployments_frame, observations_frame
from landscape.wildlife.camtrap.package import package_folder
from landscape.wildlife.camtrap.schema import DESCRIPTOR, ORDERS, REFERENCES, TABLES
from landscape.wildlife.camtrap.tables import read_table
from landscape.wildlife.model import (
    DatasetMeta,
    Parsed,
    empty_deployments,
    empty_observations,
)

# --- the entry point -------------------------------------------------------------------------


def read_camtrap_dp(
    package_dir: Path, shown: str | None = None, region: Region | None = None
) -> Parsed:
    """The Camtrap DP package at `package_dir`, checked and normalised.

    `package_dir` is the package's folder, the path of its datapackage.json or its zip (see
    `package_folder`). `shown` prefixes the paths in problems (default: the path as given). The
    result holds what could be read even when there are errors; any error means the package is
    rejected. With a `region`, a deployment outside it is an error (see landscape.region).
    """
    package_dir = Path(package_dir)
    shown = str(package_dir) if shown is None else shown
    with package_folder(package_dir, shown) as (folder, at, problems):
        if folder is None:
            return _parsed(DatasetMeta(kind="camtrap-dp", title=""), problems)
        parsed = _read_folder(folder, at, region)
    parsed.problems[:0] = problems
    return parsed


def _read_folder(package_dir: Path, shown: str, region: Region | None) -> Parsed:
    """The package in the folder `package_dir` (see read_camtrap_dp)."""
    where = f"{shown}/{DESCRIPTOR}"
    descriptor, problems = read_descriptor(package_dir / DESCRIPTOR, where)
    if descriptor is None:
        return _parsed(DatasetMeta(kind="camtrap-dp", title=""), problems)
    meta, found = dataset_meta(descriptor, where)
    era, version, checked = check_profile(descriptor, where)
    problems += found + checked
    resources, found = table_resources(descriptor, package_dir, shown, where)
    problems += found
    tables: dict[str, Table] = {}
    findings: dict[str, RowProblems] = {}
    for name, resource in resources.items():
        findings[name] = RowProblems(resource.shown)
        table = read_table(resource, findings[name], era)
        if table is not None:
            tables[name] = table
    if era == "legacy":
        said = legacy_problems(version, tables, where)
        problems += said
        if errors(said):  # not the layout converted: its field-by-field faults say nothing
            return _parsed(meta, problems)
    for table, earlier, later in ORDERS:
        if table in tables:
            check_order(tables[table], earlier, later, findings[table])
    for table, name, target, target_field in REFERENCES:
        if table in tables and target in tables:
            check_reference(tables[table], name, tables[target], target_field, findings[table])
    if region is not None and "deployments" in tables:
        check_region(tables["deployments"], region, findings["deployments"])
    for name in TABLES:
        if name in findings:
            problems += findings[name].finish()
    deployments = deployments_frame(tables.get("deployments"))
    observations = observations_frame(
        tables.get("observations"), deployments, meta.coordinate_precision
    )
    return Parsed(meta=meta, observations=observations, deployments=deployments, problems=problems)


def _parsed(meta: DatasetMeta, problems: list[Problem]) -> Parsed:
    return Parsed(meta, empty_observations(), empty_deployments(), problems)
