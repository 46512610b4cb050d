"""`landscape fetch gbif`: the command, its output and its options (the work is in
importers/gbif/)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from landscape.cli_common import (
    EXIT_ERRORS,
    EXIT_OK,
    _data,
    _print_warnings,
    _unwritable,
    _usage,
)

if TYPE_CHECKING:
    from landscape.importers.gbif import Done


def cmd_fetch_gbif(args: argparse.Namespace) -> int:
    """`landscape fetch gbif`: GBIF records of the landscape (importers/gbif/)."""
    from landscape.importers import gbif  # pygbif loads in seconds: only for this command

    directory = _data(args)
    this_year = dt.date.today().year
    if args.since is not None and not gbif.EARLIEST_YEAR <= args.since <= this_year:
        return _usage(
            f"--since {args.since}: expected a year from {gbif.EARLIEST_YEAR} to {this_year}"
        )
    names = list(dict.fromkeys(n.strip() for n in args.species or [] if n.strip()))
    names = names or gbif.default_species(directory)
    if not names:
        return _usage("no species to fetch: species.toml lists none; pass --species NAME")
    failed = "the data directory is unchanged"
    progress = None
    try:
        gbif.check_id(args.id)
        query = gbif.Query(tuple(names), gbif.area(directory, args.area), args.since, this_year)
        if args.dry_run:
            counts = gbif.count(query)
            return _print_gbif_count(counts)
        progress = gbif.Progress(sys.stderr)
        result = gbif.run(directory, query, args.id, progress)
    except gbif.GbifError as exc:
        if progress is not None:
            progress.interrupt()
        print(f"GBIF: error: {exc}; {failed}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        return _unwritable(directory, exc)
    _print_gbif_done(result, query.area.label, gbif.DATASETS_FILE)
    return EXIT_OK


def _print_gbif_done(result: Done, label: str, datasets_file: str) -> None:
    """What `landscape fetch gbif` stored, what it left out and how to cite it."""
    done, kept = result.done, result.kept
    _print_warnings(done.warnings)
    left = [
        f"{kept.refused:,} under a licence not accepted ("
        + ", ".join(f"{name} {n:,}" for name, n in kept.licences.most_common())
        + ")"
        if kept.refused
        else "",
        f"{kept.outside:,} {label.replace('inside', 'outside', 1)}" if kept.outside else "",
        f"{result.unreadable:,} unreadable" if result.unreadable else "",
        f"{result.fetched.repeated:,} returned twice (kept once)"
        if result.fetched.repeated
        else "",
    ]
    left_out = "; ".join(x for x in left if x) or "none"
    if done.same_input:
        before = "the same records as the last fetch: replaced, nothing duplicated"
    elif done.replaced is not None:
        before = f"replaced the previous fetch ({done.replaced:,} records)"
    else:
        before = "new dataset"
    print(
        f"{done.folder}: {done.records:,} GBIF records, {done.individuals:,} individuals, from "
        f"{len(result.sources):,} datasets; {result.generalised:,} already generalised by GBIF "
        f"or their publisher (kept at that precision); left out: {left_out}; {before}"
    )
    print(
        f"{done.folder}: cite it with the citation in dataset.toml (GBIF.org and each source "
        f"dataset); {datasets_file} lists the datasets for a GBIF derived-dataset DOI"
    )


def _print_gbif_count(counts: Sequence[Any]) -> int:
    """What a dry run found: GBIF's count per species, and per licence."""
    total = sum(c.records for c in counts)
    each = ", ".join(f"{c.species} {c.records:,}" for c in counts)
    licences: dict[str, int] = {}
    for c in counts:
        for name, n in c.licences.items():
            licences[name] = licences.get(name, 0) + n
    shown = ", ".join(f"{k} {v:,}" for k, v in sorted(licences.items(), key=lambda i: -i[1]))
    print(f"GBIF holds {total:,} records for this query ({each})")
    if shown:
        print(f"by licence: {shown}")
    print(
        "a fetch keeps those inside the exact area and under CC0, CC BY or CC BY-NC; "
        "nothing was fetched or written (--dry-run)"
    )
    return EXIT_OK


def _fetch_parser(sub: Any, data_help: str) -> None:
    """`landscape fetch gbif ...`."""
    fetch = sub.add_parser("fetch", help="fetch public records from an online source")
    sources = fetch.add_subparsers(dest="source", required=True)
    gbif = sources.add_parser(
        "gbif",
        help="occurrence records of the landscape from GBIF (needs the internet)",
        description="Fetch GBIF occurrence records inside the parks (or the landscape) and "
        "store them as one Darwin Core dataset; a second fetch replaces the first.",
    )
    gbif.add_argument(
        "--species",
        nargs="+",
        action="extend",
        metavar="NAME",
        help='scientific names, e.g. "Panthera uncia" (default: every species in species.toml)',
    )
    gbif.add_argument(
        "--area",
        choices=("parks", "landscape"),
        default="parks",
        help="inside the parks' outlines (default) or the landscape's box",
    )
    gbif.add_argument("--since", type=int, metavar="YEAR", help="only records from YEAR on")
    gbif.add_argument(
        "--id", default="gbif", help="dataset id (default: gbif); the same id replaces"
    )
    gbif.add_argument(
        "--dry-run", action="store_true", help="say how many records would come; write nothing"
    )
    gbif.add_argument("--data", help=data_help)
    gbif.set_defaults(run=cmd_fetch_gbif)
