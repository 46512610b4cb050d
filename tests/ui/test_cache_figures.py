"""`ui.cache.figure`'s keys are mechanical: a function by its name, an argument by its
canonical text, and what cannot be named or written out whole is refused (issue 20). The
tables a figure reads are tests/test_reads.py's."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from landscape.reads import reads, reads_of_builder
from landscape.ui import cache


@reads()
def _double(x: int) -> int:
    return 2 * x


@reads()
def _triple(x: int) -> int:
    return 3 * x


class Scaler:
    def __init__(self, factor: int) -> None:
        self.factor = factor

    def __repr__(self) -> str:
        return f"Scaler({self.factor})"

    @reads()
    def scale(self, x: int) -> int:
        return self.factor * x


@reads_of_builder
def _apply(build, x: int) -> int:
    return build(x)


def test_a_module_level_function_is_keyed_by_its_name_not_its_address():
    assert cache.param_key(_double) == "tests.ui.test_cache_figures._double"
    assert cache.param_key(len) == "builtins.len"


@pytest.mark.parametrize(
    "bad",
    [reads()(lambda x: x), functools.partial(_double, 2)],
    ids=["lambda", "partial"],
)
def test_a_function_without_a_stable_name_is_refused(bad):
    with pytest.raises(cache.FigureKeyError):
        cache.figure(_apply, bad, 1)


def test_a_local_function_is_refused_as_argument_and_as_the_figure():
    @reads()
    def local(x: int) -> int:
        return x

    with pytest.raises(cache.FigureKeyError, match="module-level"):
        cache.param_key(local)
    with pytest.raises(cache.FigureKeyError, match="module-level"):
        cache.figure(local, 1)


@pytest.mark.parametrize(
    "table",
    [pd.DataFrame({"a": range(1000)}), pd.Series(range(1000)), np.arange(1000)],
    ids=["DataFrame", "Series", "ndarray"],
)
def test_tables_and_arrays_are_refused(table):
    # their text is cut short: two different tables of 1,000 rows print the same ends
    with pytest.raises(cache.FigureKeyError, match="cannot key a figure"):
        cache.figure(len, table)


def test_sets_are_keyed_in_order_so_equal_sets_share_a_key():
    assert cache.param_key({"b", "a", "c"}) == cache.param_key(frozenset(["c", "a", "b"]))
    assert cache.param_key(frozenset(["b", "a"])) == "['a', 'b']"


def test_two_functions_with_the_same_arguments_get_their_own_results():
    assert cache.figure(_apply, _double, 5) == 10
    assert cache.figure(_apply, _triple, 5) == 15
    assert cache.figure(_apply, _double, 5) == 10


def test_the_same_method_of_two_objects_gets_two_keys():
    two, three = Scaler(2), Scaler(3)
    assert cache.param_key(two.scale) != cache.param_key(three.scale)
    assert cache.figure(_apply, two.scale, 4) == 8
    assert cache.figure(_apply, three.scale, 4) == 12


def test_a_key_chosen_by_hand_is_no_longer_taken():
    # the old form figure(key, fn, *args): the key now comes from the declared tables
    with pytest.raises(cache.FigureKeyError):
        cache.figure("view-keys-test", _double, 5)
