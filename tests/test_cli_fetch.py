"""cli_fetch: what `landscape fetch gbif --dry-run` tells the data manager before a fetch."""

from __future__ import annotations

from landscape import cli_fetch
from landscape.cli_common import EXIT_OK
from landscape.importers.gbif.client import Count


def test_a_dry_run_counts_per_species_and_licence_and_writes_nothing(capsys):
    counts = [
        Count("Panthera uncia", 1234, {"CC_BY_4_0": 1000, "CC_BY_NC_4_0": 234}),
        Count("Otocolobus manul", 5, {"CC0_1_0": 5}),
    ]
    assert cli_fetch._print_gbif_count(counts) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "GBIF holds 1,239 records for this query (Panthera uncia 1,234, Otocolobus manul 5)"
    )
    assert lines[1] == "by licence: CC_BY_4_0 1,000, CC_BY_NC_4_0 234, CC0_1_0 5"
    assert "nothing was fetched or written (--dry-run)" in lines[2]
