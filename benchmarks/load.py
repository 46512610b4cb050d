"""Load: many simultaneous visitors on one server, each with its own filter.

    python benchmarks/load.py [--sessions 20] [--rounds 3] [--json OUT.json]

Starts `streamlit run app.py` on a free loopback port with the bundled data, then opens
`--sessions` browser sessions at once in headless Chromium (Debian's, never a download).
Session i opens the dashboard filtered to one species and one park through the link, and its
"Records" figure must equal what that filter gives on the public catalog, computed here. Then
each session switches the patrol coverage layer on and off `--rounds` times, timing each
rerun until the map shows the change, and reads its figure again: another visitor's filter
must never show up in its view (cross-talk). Reported: load and rerun latency (p50, p95),
errors (page errors, exceptions shown, tracebacks in the server log), cross-talk, and the
server's peak resident memory (VmHWM). Exit 1 when any error or cross-talk was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from playwright.async_api import Page, async_playwright
from serve import CHROMIUM_ARGS, chromium, latencies, peak_rss_mb, report, serve, tracebacks

from landscape.catalog import load_catalog
from landscape.formatting import fmt_int
from landscape.paths import BUNDLED_DATA, REPO
from landscape.wildlife import figures
from landscape.wildlife.privacy import public_view

TIMEOUT_S = 300  # per step; a step that takes longer is an error
MAP_READY = "() => !!(window.map_div && window.map_div._loaded)"
CELLS = (
    "() => { let n = 0; window.map_div.eachLayer(l => { if (l.feature && l.feature.properties"
    " && l.feature.properties.layer === 'patrols') n++; }); return n; }"
)


@dataclass
class Session:
    number: int
    species: str
    park: str
    expected: str
    load_s: float = 0.0
    reruns_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)


def plan(sessions: int) -> list[Session]:
    """Each session's filter and the Records figure it must show (public view, English)."""
    cat = public_view(load_catalog(BUNDLED_DATA))
    species = sorted(cat.observations["species"].dropna().unique())
    parks = sorted(cat.parks["id"])
    out = []
    for i in range(sessions):
        f = figures.WildlifeFilter(species=(species[i % len(species)],), parks=(parks[i % 2],))
        view = figures.apply(cat, f)
        out.append(Session(i, f.species[0], f.parks[0], fmt_int(len(view.observations), "en")))
    return out


async def records_shown(page: Page) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Records").first
    value = metric.locator("[data-testid='stMetricValue']")
    return (await value.inner_text(timeout=TIMEOUT_S * 1000)).strip()


async def visit(browser, base: str, s: Session, rounds: int) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda e: s.errors.append(f"page error: {e}"))
    await context.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(base) else r.abort(),
    )
    try:
        start = time.perf_counter()
        # 20 browsers on a 2-core laptop: the page's load event alone can take over a minute
        url = base + "?" + urlencode({"species": s.species, "park": s.park})
        await page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        frame = await _map(page)
        s.load_s = time.perf_counter() - start
        await _check(page, s, "after loading")
        for _ in range(rounds):
            for on in (True, False):
                start = time.perf_counter()
                switch = page.get_by_text("Patrol coverage on the map", exact=True)
                await switch.click(timeout=TIMEOUT_S * 1000)
                await _wait_cells(page, frame, on)
                s.reruns_s.append(time.perf_counter() - start)
            await _check(page, s, "after the others' reruns")
        if await page.locator("[data-testid='stException']").count():
            s.errors.append("an exception is shown on the page")
    except Exception as exc:  # a session that breaks is an error to report, not a crash
        s.errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])
    finally:
        await context.close()


async def _map(page: Page):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url:
                try:
                    if await frame.evaluate(MAP_READY):
                        return frame
                except Exception:  # the frame may be reloading
                    pass
        await page.wait_for_timeout(100)
    raise TimeoutError("the map never rendered")


async def _wait_cells(page: Page, frame, on: bool) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if ((await frame.evaluate(CELLS)) > 0) == on:
            return
        await page.wait_for_timeout(50)
    raise TimeoutError("the coverage layer did not change")


async def _check(page: Page, s: Session, when: str) -> None:
    shown = await records_shown(page)
    if shown != s.expected:
        s.crosstalk.append(f"{when}: shows {shown} records, its filter gives {s.expected}")
    if s.species.replace(" ", "+") not in page.url:
        s.crosstalk.append(f"{when}: its link lost its species ({page.url})")


async def run(sessions: int, rounds: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="landscape-load-"))
    planned = plan(sessions)
    started = time.perf_counter()
    with serve(REPO / "app.py", work / "server.log") as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            await asyncio.gather(*(visit(browser, server.url, s, rounds) for s in planned))
            await browser.close()
        rss = peak_rss_mb(server.pid)
    found = tracebacks(server.log)
    loads = [s.load_s for s in planned if s.load_s]
    reruns = [r for s in planned for r in s.reruns_s]
    return {
        "sessions": sessions,
        "rounds": rounds,
        "seconds": round(time.perf_counter() - started, 1),
        **latencies(loads, reruns),
        "errors": sum(len(s.errors) for s in planned) + found,
        "server_tracebacks": found,
        "crosstalk": sum(len(s.crosstalk) for s in planned),
        "peak_rss_mb": round(rss, 1),
        "details": [asdict(s) for s in planned if s.errors or s.crosstalk],
        "cpu_count": os.cpu_count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args()
    return report(asyncio.run(run(args.sessions, args.rounds)), args.json)


if __name__ == "__main__":
    sys.exit(main())
