"""Atomic file replacement: write beside the target, flush, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_file(
    target: Path,
    write: Callable[[Path], None],
    check: Callable[[Path], None] | None = None,
) -> None:
    """Call write(tmp) on a temporary path in the target's folder, then rename it over target.

    `check(tmp)` may raise to refuse the written file before it replaces anything.

    The temporary name starts with a dot and ends in `.partial`, so no loader mistakes it for
    a layer file. Any exception removes it and leaves the target untouched.
    """
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".partial{target.suffix}", dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.unlink()  # GDAL drivers refuse to overwrite; let `write` create it
        write(tmp)
        if check is not None:
            check(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
