"""The `landscape` command (contract in DESIGN.md): validate, summary, import, fetch, export,
handout, basemap, preflight."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from landscape.catalog import load_catalog
from landscape.cli_common import (
    EXIT_ERRORS,
    EXIT_OK,
    _data,
    _missing,
    _print_warnings,
    _rejected,
    _unwritable,
)
from landscape.cli_fetch import _fetch_parser
from landscape.cli_output import _output_parsers, _tool_parsers
from landscape.importers import Rejected
from landscape.importers.boundary import import_boundary
from landscape.importers.wildlife import import_wildlife
from landscape.problems import errors, warnings
from landscape.region import LANDSCAPE_MARGIN_DEG
from landscape.schema import LAYERS
from landscape.summary import summarize
from landscape.wildlife.formats import BY_KIND, FORMATS


def cmd_validate(args: argparse.Namespace) -> int:
    cat = load_catalog(_data(args))
    problems = list(cat.problems)
    counts = ", ".join(f"{len(cat.layer(layer.name))} {layer.name}" for layer in LAYERS)
    print(f"{cat.data_dir}: {counts}")
    print(f"{len(errors(problems))} error(s), {len(warnings(problems))} warning(s)")
    for problem in sorted(problems, key=lambda p: (p.severity != "error", p.path, p.locator)):
        print(problem.line())
    return EXIT_ERRORS if errors(problems) else EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    summary = summarize(load_catalog(_data(args)), public=args.public)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for key, value in summary["counts"].items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_import_boundary(args: argparse.Namespace) -> int:
    directory = _data(args)
    source = Path(args.file)
    if not source.exists():
        return _missing(source)
    try:
        done = import_boundary(
            directory, source, args.park, args.source, allow_outside=args.allow_outside
        )
    except Rejected as rejected:
        return _rejected(rejected)
    except OSError as exc:
        return _unwritable(directory, exc)
    _print_warnings(done.warnings)
    print(
        f"{done.file}:{done.park}: outline replaced ({done.vertices} vertices, "
        f"{done.area_km2:,.2f} km² on the ellipsoid, accuracy official, source {args.source})"
    )
    return EXIT_OK


def cmd_import_wildlife(args: argparse.Namespace) -> int:
    directory = _data(args)
    source = Path(args.source)
    if not source.exists():
        return _missing(source)
    try:
        mapping = Path(args.mapping) if getattr(args, "mapping", None) else None
        zone = getattr(args, "timezone", None)
        done = import_wildlife(
            directory,
            source,
            args.kind,
            args.id,
            mapping=mapping,
            timezone=zone,
            allow_outside=args.allow_outside,
        )
    except Rejected as rejected:
        return _rejected(rejected)
    except OSError as exc:
        return _unwritable(directory, exc)
    _print_warnings(done.warnings)
    if done.same_input:
        before = "the same input was imported before: replaced, nothing duplicated"
    elif done.replaced is not None:
        before = f"replaced the previous version ({done.replaced:,} records)"
    else:
        before = "new dataset"
    patrols = (
        f"{done.patrols:,} patrols, {done.waypoints:,} waypoints (personal columns dropped); "
        if BY_KIND[args.kind].patrols
        else ""
    )
    print(
        f"{done.folder}: {patrols}{done.records:,} records, {done.individuals:,} individuals, "
        f"{done.without_coordinates:,} without coordinates (kept, not mapped); {before}"
    )
    return EXIT_OK


def _allow_outside(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--allow-outside",
        action="store_true",
        help=f"accept {what} outside the landscape (the parks' extent and "
        f"{LANDSCAPE_MARGIN_DEG:g} degrees around it); refused by default",
    )


def _import_parsers(kinds: Any, data_help: str) -> None:
    """`landscape import KIND` for every wildlife format, as its record declares it."""
    id_help = "dataset id (default: from the source's own name); the same id replaces"
    for fmt in FORMATS:
        command = kinds.add_parser(fmt.kind, help=fmt.help)
        command.add_argument("source", metavar=fmt.metavar, help=fmt.source_help)
        for option in fmt.options:
            command.add_argument(option.flag, help=option.help)
        command.add_argument("--id", help=id_help)
        command.add_argument("--data", help=data_help)
        _allow_outside(command, fmt.placed)
        command.set_defaults(run=cmd_import_wildlife)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="landscape", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    data_help = "data directory (default: $LANDSCAPE_DATA or the bundled geodata/)"

    validate = sub.add_parser("validate", help="check every data file")
    validate.add_argument("--data", help=data_help)
    validate.set_defaults(run=cmd_validate)

    summary = sub.add_parser("summary", help="summarise the data directory")
    summary.add_argument("--data", help=data_help)
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.add_argument("--public", action="store_true", help="as a public viewer sees it")
    summary.set_defaults(run=cmd_summary)

    imp = sub.add_parser("import", help="import outside data")
    kinds = imp.add_subparsers(dest="kind", required=True)
    boundary = kinds.add_parser("boundary", help="replace a park outline with an official one")
    boundary.add_argument("file", help="any vector file GDAL reads, in any CRS")
    boundary.add_argument("--park", required=True, help="park id in parks.geojson")
    boundary.add_argument(
        "--source", default="WDPA", help="source id from sources.toml (default: WDPA)"
    )
    boundary.add_argument("--data", help=data_help)
    _allow_outside(boundary, "the outline")
    boundary.set_defaults(run=cmd_import_boundary)

    _import_parsers(kinds, data_help)

    _fetch_parser(sub, data_help)

    _output_parsers(sub, data_help)
    _tool_parsers(sub, data_help)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `landscape validate | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
