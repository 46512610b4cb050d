"""`make run`: the dashboard's server, with its code and data loaded before the first visitor.

`streamlit run app.py` imports the dashboard's code and loads the data directory only when
the first visitor's script runs, so the first visitor after a start waits for both (seconds
on a small laptop). This launcher does that work first, in the same process, and then hands
over to Streamlit's own command line with the arguments it was given:

    python -m landscape.ui.serve [streamlit run options, e.g. --server.port 8501]

The caches stay keyed by the data files (ui/cache.py), so an edit of geodata/ after the start
is picked up as before. LANDSCAPE_WARM=0 starts Streamlit at once, without loading first.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence

from landscape.paths import REPO, data_dir

APP = REPO / "app.py"
# What Streamlit logs because of the early load, and is not true of it: a cached call outside a
# script run (on purpose here), and its config read again with the command line's options
# (which do apply: the server has not started yet).
UNTRUE = (
    ("streamlit.runtime.scriptrunner_utils.script_run_context", "missing ScriptRunContext"),
    ("streamlit.config", "An update to the [server] config option section"),
)


class _Drop(logging.Filter):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        return self.text not in record.getMessage()


def quiet() -> None:
    """Drop the two messages of UNTRUE (a filter outlives Streamlit's resetting of levels)."""
    for name, text in UNTRUE:
        logging.getLogger(name).addFilter(_Drop(text))


def warm() -> str:
    """Import the page's code and load the data directory's public catalog and default view,
    as the first visitor's run would; returns what was done, for the log."""
    start = time.perf_counter()
    from landscape.ui import cache, page  # noqa: F401  (the import is the point)

    imported = time.perf_counter()
    cache.begin_run()
    directory = data_dir()
    cache.catalog(directory)
    cache.shown_catalog(directory, False)
    cache.view(directory, False)
    cache.static_assets()
    done = time.perf_counter()
    return (
        f"Landscape: code loaded in {imported - start:.1f} s and {directory} in "
        f"{done - imported:.1f} s, before the first visitor"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("LANDSCAPE_WARM", "1") != "0":
        quiet()
        try:
            print(warm(), file=sys.stderr, flush=True)
        except Exception as exc:  # the page shows data problems itself; never block the start
            print(f"Landscape: not loaded before the start ({exc!r})", file=sys.stderr)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *args]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
