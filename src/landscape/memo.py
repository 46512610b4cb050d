"""Results kept: of pure functions of catalog tables while those very tables live (`per_table`),
and by key in a bounded, thread-safe cache (`LRU`).

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
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")
MAX_ENTRIES = 256  # per function; the oldest go first


def per_table(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn(*args)` remembered per identity of its DataFrame arguments and value of the others
    (computed afresh when one of those is not hashable). DataFrames, lists and dicts it
    returns are copied, as caches elsewhere do."""
    memo: dict[tuple[Hashable, ...], tuple[list[weakref.ref[pd.DataFrame]], Any]] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        frames = [a for a in args if isinstance(a, pd.DataFrame)]
        key = tuple(("table", id(a)) if isinstance(a, pd.DataFrame) else a for a in args)
        key += tuple(sorted(kwargs.items()))
        try:
            hash(key)
        except TypeError:
            return fn(*args, **kwargs)
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
        return result.copy() if isinstance(result, pd.DataFrame | list | dict) else result

    wrapper.memo = memo  # type: ignore[attr-defined]  # for tests
    return wrapper


V = TypeVar("V")


class LRU:
    """Values by key, the least recently used first out, each computed by one thread at a time.

    At most `entries` values, and, with `weigh`, at most `budget` of their total weight (the
    newest value always stays, however heavy). Two threads asking for a missing key do not
    both compute it: the second waits for the first and takes its value (a catalog of a
    million records costs seconds and a gigabyte to load). Keys must name their values
    completely; values are shared and must never be changed in place.
    """

    def __init__(
        self, entries: int, weigh: Callable[[Any], int] | None = None, budget: int = 0
    ) -> None:
        self.entries = entries
        self.weigh = weigh
        self.budget = budget
        self.items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.weight = 0
        self._lock = threading.Lock()
        self._flights: dict[Hashable, threading.RLock] = {}

    def __len__(self) -> int:
        return len(self.items)

    def _hit(self, key: Hashable) -> tuple[bool, Any]:
        found = self.items.get(key)
        if found is None:
            return False, None
        self.items.move_to_end(key)
        return True, found[0]

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value of `key`, made by `make()` when it is not kept."""
        with self._lock:
            hit, value = self._hit(key)
            if hit:
                return value
            flight = self._flights.setdefault(key, threading.RLock())
        with flight:  # a thread already making this key finishes first
            with self._lock:
                hit, value = self._hit(key)
            if hit:
                return value
            try:
                value = make()
                self._keep(key, value)
            finally:
                with self._lock:
                    if self._flights.get(key) is flight:  # not a later thread's, after a failure
                        del self._flights[key]
            return value

    def _keep(self, key: Hashable, value: Any) -> None:
        weight = self.weigh(value) if self.weigh else 0
        with self._lock:
            old = self.items.pop(key, None)
            self.weight -= old[1] if old else 0
            self.items[key] = (value, weight)
            self.weight += weight
            while len(self.items) > 1 and (
                len(self.items) > self.entries or (self.weigh and self.weight > self.budget)
            ):
                _, (_, gone) = self.items.popitem(last=False)
                self.weight -= gone

    def clear(self) -> None:
        with self._lock:
            self.items.clear()
            self.weight = 0
