"""Regenerate the bundled synthetic samples: camera traps (observations/synthetic-sample/)
and ranger patrols (observations/synthetic-patrols-<park>/).

    python scripts/make_synthetic_sample.py [--data DIR] [--seed N] [--scale X] [--out DIR]

It is SYNTHETIC, not field data (see src/landscape/wildlife/synthetic.py for the rules). The
same seed and park outlines give byte-identical files; tests/test_synthetic.py checks that the
committed samples match. To remove a sample from a data directory, delete its folder.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from landscape.paths import data_dir
from landscape.wildlife.store import FOLDER
from landscape.wildlife.synthetic import SAMPLE_ID, SEED, write_sample
from landscape.wildlife.synthetic_patrols import write_datasets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data directory holding parks (default: geodata/)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies detection rates")
    parser.add_argument(
        "--out",
        help="camera-trap output folder only (default: DATA/observations/synthetic-sample, "
        "and the patrol samples beside it)",
    )
    args = parser.parse_args()
    directory = data_dir(args.data)
    out = Path(args.out) if args.out else directory / FOLDER / SAMPLE_ID
    if out.exists():
        shutil.rmtree(out)
    count = write_sample(directory, out, args.seed, args.scale)
    print(f"{out}: {count} synthetic observations written")
    if not args.out:
        for ident, rows in write_datasets(directory, args.seed).items():
            print(f"{directory / FOLDER / ident}: {rows} synthetic patrol export rows written")


if __name__ == "__main__":
    main()
