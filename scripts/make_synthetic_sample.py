"""Regenerate the bundled synthetic camera-trap sample: geodata/observations/synthetic-sample/.

    python scripts/make_synthetic_sample.py [--data DIR] [--seed N] [--scale X] [--out DIR]

It is SYNTHETIC, not field data (see src/landscape/wildlife/synthetic.py for the rules). The
same seed and park outlines give byte-identical files; tests/test_synthetic.py checks that the
committed sample matches. To remove the sample from a data directory, delete that folder.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from landscape.paths import data_dir
from landscape.wildlife.store import FOLDER
from landscape.wildlife.synthetic import SAMPLE_ID, SEED, write_sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data directory holding parks (default: geodata/)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies detection rates")
    parser.add_argument("--out", help="output folder (default: DATA/observations/synthetic-sample)")
    args = parser.parse_args()
    directory = data_dir(args.data)
    out = Path(args.out) if args.out else directory / FOLDER / SAMPLE_ID
    if out.exists():
        shutil.rmtree(out)
    count = write_sample(directory, out, args.seed, args.scale)
    print(f"{out}: {count} synthetic observations written")


if __name__ == "__main__":
    main()
