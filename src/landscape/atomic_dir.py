"""Atomic replacement of a whole folder: a reader sees the old folder or the new one, never a mix.

The new folder is built beside the target under a dot-name (which loaders skip). It then takes
the target's place in one step: a plain rename when the target does not exist yet, and the
Linux `renameat2(RENAME_EXCHANGE)` call when it does, which swaps the two names atomically. On
other systems the fallback is two renames, with a window in which the target is absent.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# A work folder of `staging` untouched for this long is left over from a killed import: the
# next import beside it removes it. An import takes minutes; nothing in it is ever read.
STALE_AFTER_S = 3600.0
_WORK_SUFFIXES = (".partial", ".partial.old")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (38, 22, 95):  # ENOSYS, EINVAL, EOPNOTSUPP: not supported here
            return False
        raise OSError(errno, os.strerror(errno), str(a))
    return True


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def _newest_mtime(folder: Path) -> float:
    """The latest modification time of the folder and everything in it (0 if unreadable)."""
    try:
        times = [folder.stat().st_mtime]
        times += [p.lstat().st_mtime for p in folder.rglob("*")]
    except OSError:
        return 0.0
    return max(times)


def is_stale_work(path: Path, now: float, older_than: float = STALE_AFTER_S) -> bool:
    """A work folder of `staging` (a dot-name ending in .partial or .partial.old) that nothing
    has changed for `older_than` seconds."""
    return (
        path.name.startswith(".")
        and path.name.endswith(_WORK_SUFFIXES)
        and path.is_dir()
        and not path.is_symlink()
        and now - _newest_mtime(path) > older_than
    )


def sweep_stale(parent: Path, now: float, older_than: float = STALE_AFTER_S) -> list[Path]:
    """Remove the stale work folders in `parent` (left by a killed import); the removed ones.
    Only dot-named folders ending in .partial or .partial.old are touched: loaders never
    read them, so no dataset is lost."""
    if not parent.is_dir():
        return []
    removed = [p for p in parent.iterdir() if is_stale_work(p, now, older_than)]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


@contextlib.contextmanager
def staging(parent: Path, name: str) -> Iterator[Path]:
    """A fresh dot-folder inside `parent` to build into; removed on exit whatever happens,
    together with `parent` itself if this call created it and it is left empty."""
    created = not parent.exists()
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if created:
            with contextlib.suppress(OSError):
                parent.rmdir()  # only succeeds when nothing was put in place


def replace_dir(target: Path, build: Callable[[Path], None]) -> None:
    """Call build(tmp) to fill a new folder, then put it in place of `target` atomically.

    Any exception raised by `build` leaves `target` exactly as it was. Work folders that a
    killed import left beside `target` more than STALE_AFTER_S ago are removed first.
    """
    sweep_stale(target.parent, time.time())
    with staging(target.parent, target.name) as tmp:
        build(tmp)
        _fsync_tree(tmp)
        if not target.exists():
            os.rename(tmp, target)
            tmp.mkdir()  # so that the cleanup has something to remove
            return
        if not _exchange(tmp, target):
            old = tmp.with_name(tmp.name + ".old")
            os.rename(target, old)
            os.rename(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        # after the exchange `tmp` holds the old folder; `staging` removes it
