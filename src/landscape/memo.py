"""Results of pure functions of catalog tables, kept while those very tables live.

A view shares the tables a filter does not narrow with the view it came from: a species filter
narrows the records, never the cameras or the patrols (`figures.apply`). Figures of those
tables alone (camera effort, patrol-days) are kept per table object, so a species filter does
not compute them again. Catalog tables are never changed in place (every filter makes new
ones), which is what makes a table's identity a sound key; each entry is checked against a
weak reference, so a new table that happens to get a dead one's id is never mistaken for it.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")
MAX_ENTRIES = 256  # per function; the oldest go first


def per_table(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn(*args)` remembered per identity of its DataFrame arguments and value of the others
    (which must be hashable). DataFrames it returns are copied, as caches elsewhere do."""
    memo: dict[tuple[Hashable, ...], tuple[list[weakref.ref[pd.DataFrame]], Any]] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        frames = [a for a in args if isinstance(a, pd.DataFrame)]
        key = tuple(("table", id(a)) if isinstance(a, pd.DataFrame) else a for a in args)
        key += tuple(sorted(kwargs.items()))
        with lock:
            hit = memo.get(key)
        if hit is not None and all(ref() is f for ref, f in zip(hit[0], frames, strict=True)):
            result = hit[1]
        else:
            result = fn(*args, **kwargs)
            refs = [weakref.ref(f) for f in frames]
            with lock:
                memo[key] = (refs, result)
                while len(memo) > MAX_ENTRIES:
                    del memo[next(iter(memo))]
        return result.copy() if isinstance(result, pd.DataFrame) else result

    wrapper.memo = memo  # type: ignore[attr-defined]  # for tests
    return wrapper
