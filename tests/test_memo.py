"""Results kept (landscape.memo). Figures kept per table object: computed once per table,
never confused with another table, and never shared in a way a caller could change. The LRU:
bounded by entries and by weight, each key computed by one thread at a time."""

from __future__ import annotations

import gc
import threading
import time

import pandas as pd
import pytest

from landscape.memo import LRU, per_table


def _counting():
    calls: list[int] = []

    @per_table
    def total(frame: pd.DataFrame, factor: int) -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"total": [int(frame["n"].sum()) * factor]})

    return total, calls


def test_the_same_table_is_computed_once_per_other_argument():
    total, calls = _counting()
    frame = pd.DataFrame({"n": [1, 2, 3]})
    assert total(frame, 1)["total"].tolist() == [6]
    assert total(frame, 1)["total"].tolist() == [6]
    assert len(calls) == 1
    assert total(frame, 2)["total"].tolist() == [12]
    assert len(calls) == 2


def test_an_equal_but_different_table_is_computed_again():
    total, calls = _counting()
    total(pd.DataFrame({"n": [1]}), 1)
    other = pd.DataFrame({"n": [5]})
    assert total(other, 1)["total"].tolist() == [5]
    assert len(calls) == 2


def test_a_dead_tables_id_taken_by_a_new_table_is_not_mistaken_for_it():
    total, calls = _counting()
    for n in range(50):  # ids of freed frames are reused quickly; each must be recomputed
        frame = pd.DataFrame({"n": [n]})
        assert total(frame, 1)["total"].tolist() == [n]
        del frame
        gc.collect()
    assert len(calls) == 50
    assert len(total.memo) <= 256


def test_a_caller_changing_its_result_changes_nobody_elses():
    total, _ = _counting()
    frame = pd.DataFrame({"n": [1, 2]})
    first = total(frame, 1)
    first.loc[0, "total"] = -1
    assert total(frame, 1)["total"].tolist() == [3]


def test_lru_keeps_the_most_recently_used_entries():
    kept = LRU(entries=2)
    assert kept.get("a", lambda: 1) == 1
    assert kept.get("b", lambda: 2) == 2
    assert kept.get("a", lambda: -1) == 1, "a is kept, and now the most recent"
    assert kept.get("c", lambda: 3) == 3
    assert list(kept.items) == ["a", "c"], "b, the least recently used, went first"
    assert kept.get("b", lambda: 22) == 22, "b is made again"


def test_lru_weight_budget_drops_the_oldest_but_keeps_the_newest_however_heavy():
    kept = LRU(entries=10, weigh=len, budget=5)
    kept.get("x", lambda: "ab")
    kept.get("y", lambda: "cd")
    assert kept.weight == 4 and len(kept) == 2
    kept.get("z", lambda: "efg")  # 7 > 5: x goes, y and z weigh 5
    assert list(kept.items) == ["y", "z"] and kept.weight == 5
    kept.get("big", lambda: "0123456789")
    assert list(kept.items) == ["big"] and kept.weight == 10


def test_lru_two_threads_asking_for_one_key_make_it_once():
    kept, calls = LRU(entries=4), []
    started = threading.Event()

    def make() -> str:
        calls.append(1)
        started.set()
        time.sleep(0.2)  # the second thread asks while this one is still making
        return "value"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(kept.get("k", make)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: results.append(kept.get("k", make)))
    second.start()
    first.join(5)
    second.join(5)
    assert results == ["value", "value"] and len(calls) == 1


def test_lru_a_failure_keeps_nothing_and_the_next_call_makes_it_again():
    kept = LRU(entries=4)

    def broken() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError):
        kept.get("k", broken)
    assert len(kept) == 0 and not kept._flights
    assert kept.get("k", lambda: 5) == 5


def test_per_table_copies_lists_and_computes_afresh_with_an_unhashable_argument():
    calls: list[int] = []

    @per_table
    def names(frame: pd.DataFrame, extra: object) -> list[str]:
        calls.append(1)
        return list(frame["name"])

    frame = pd.DataFrame({"name": ["a", "b"]})
    first = names(frame, "x")
    first.append("changed by a caller")
    assert names(frame, "x") == ["a", "b"] and len(calls) == 1
    assert names(frame, ["unhashable"]) == ["a", "b"] and len(calls) == 2
    assert names(frame, ["unhashable"]) == ["a", "b"] and len(calls) == 3, "never kept"
