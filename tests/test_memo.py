"""Figures kept per table object (landscape.memo): computed once per table, never confused
with another table, and never shared in a way a caller could change."""

from __future__ import annotations

import gc

import pandas as pd

from landscape.memo import per_table


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
