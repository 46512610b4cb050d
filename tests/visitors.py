"""The protocol benchmark's visitors (benchmarks/protocol.py) for tests: Streamlit's own
websocket protocol, no browser. Their asyncio loop runs in a thread of its own, because the
browser tests' Playwright keeps an event loop running in the main thread for the session."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from landscape.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))  # a folder of scripts, not a package
import protocol
from load import plan

T = TypeVar("T")
Visit = protocol.Visit


def in_thread(make: Callable[[], Awaitable[T]]) -> T:
    """Run the coroutine `make()` to its end on a fresh event loop in another thread."""

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


def visitors(count: int) -> list[protocol.Visit]:
    """`count` visitors, each with its own filter link and the figure it must show."""
    return [protocol.Visit(**dataclasses.asdict(s)) for s in plan(count)]


async def visit_all(url: str, visits: list[protocol.Visit], rounds: int, think: float) -> None:
    """Every visitor at once: load its link, then change the project filter `rounds` times."""
    await asyncio.gather(*(protocol.visit(url, v, rounds, think, 120.0) for v in visits))


def run_visits(url: str, visits: list[protocol.Visit], rounds: int, think: float) -> None:
    in_thread(lambda: visit_all(url, visits, rounds, think))
