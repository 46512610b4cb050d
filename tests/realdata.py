"""The real third-party files in ../shared/realdata/ (never copied into this repository)."""

from __future__ import annotations

from pathlib import Path

import pytest

from landscape.paths import REPO

REALDATA = REPO.parent / "shared" / "realdata"


def realdata(name: str) -> Path:
    """The path of a real file or folder; the test skips, saying why, when it is absent."""
    path = REALDATA / name
    if not path.exists():
        pytest.skip(
            f"real data {path} is absent: these tests need ../shared/realdata beside the repo"
        )
    return path
