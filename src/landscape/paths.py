"""Where things are: the data directory (contract in DESIGN.md) and the repository."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED_DATA = REPO / "geodata"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The --data option, else $LANDSCAPE_DATA, else the bundled geodata/."""
    chosen = explicit or os.environ.get("LANDSCAPE_DATA") or BUNDLED_DATA
    return Path(chosen).expanduser().resolve()


def signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of every file below `directory`: a cache key that sees edits."""
    if not directory.is_dir():
        return ()
    out = []
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            stat = path.stat()
            out.append((path.relative_to(directory).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(out)
