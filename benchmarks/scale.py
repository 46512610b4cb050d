"""Scale: the dashboard with a synthetic Camtrap DP package of N observations.

    python benchmarks/scale.py N WORK_DIR      (prints one JSON object)

Run by run.py in a process of its own per N, so that its peak memory is the dashboard's at
that size and nothing else's. Steps: write the package (scale_data.py) into WORK_DIR; copy the
bundled data directory; import the package with `landscape import camtrap-dp` in a child
process (time and peak memory); then the dashboard on that data through AppTest: the first
run (cold: the catalog loads), filter changes new and again, the map's bytes, and this
process's peak memory.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import scale_data
import server_side
from serve import peak_rss_mb

from landscape.paths import BUNDLED_DATA


def measure(n: int, work: Path, rounds: int = 2) -> dict[str, float]:
    package, data = work / f"package-{n}", work / f"data-{n}"
    shutil.rmtree(package, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    scale_data.write_package(package, n)
    shutil.copytree(BUNDLED_DATA, data)
    command = ["landscape", "import", "camtrap-dp", str(package), "--data", str(data)]
    command[0] = str(Path(sys.executable).with_name("landscape"))
    start = time.perf_counter()
    subprocess.run([*command, "--id", "benchmark"], check=True, capture_output=True)
    import_s = time.perf_counter() - start
    import_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    shutil.rmtree(package)
    reruns = server_side.dashboard_reruns(data, rounds)
    result = {
        "observations": n,
        "import_s": import_s,
        "import_peak_mb": import_mb,
        "first_run_s": reruns.first_s,
        "rerun_new_s": server_side.median(reruns.new_s),
        "rerun_again_s": server_side.median(reruns.again_s),
        "map_bytes_default": reruns.default_bytes,
        "map_bytes_filtered": reruns.filtered_bytes,
        "peak_mb": peak_rss_mb(os.getpid()),
    }
    shutil.rmtree(data)
    return result


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), Path(sys.argv[2]))))
