"""Synthetic Camtrap DP packages of any size for the scale benchmark (never committed).

The stations, deployments and descriptor are the project's own synthetic generator's
(src/landscape/wildlife/synthetic.py, scale 0: no detections), so the package is shaped like
the bundled sample. The observations are drawn here, vectorised, so that a million rows take
seconds: exactly `n` observations spread over deployments and species in proportion to the
generator's rates, each with one media file, at a uniform moment of its deployment.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.paths import BUNDLED_DATA
from landscape.wildlife import synthetic

SEED = 7


def _deployment_frame(folder: Path) -> pd.DataFrame:
    frame = pd.read_csv(folder / "deployments.csv", dtype=str, keep_default_na=False)
    frame["start"] = pd.to_datetime(frame["deploymentStart"], format="ISO8601", utc=True)
    frame["end"] = pd.to_datetime(frame["deploymentEnd"], format="ISO8601", utc=True)
    frame["offset"] = frame["deploymentStart"].str[-6:]
    return frame


def write_package(out_dir: Path, n: int, seed: int = SEED) -> int:
    """A Camtrap DP package with `n` synthetic observations in `out_dir`; returns n."""
    synthetic.generate(out_dir, synthetic.parks_from(BUNDLED_DATA), scale=0.0)
    deployments = _deployment_frame(out_dir)
    rng = np.random.default_rng(seed)
    species = list(synthetic.DETECTIONS_PER_100_CAMERA_DAYS)
    rates = np.array([r for r, _ in synthetic.DETECTIONS_PER_100_CAMERA_DAYS.values()])
    groups = np.array([g for _, g in synthetic.DETECTIONS_PER_100_CAMERA_DAYS.values()])
    days = ((deployments["end"] - deployments["start"]).dt.total_seconds() / 86400).to_numpy()
    weights = np.outer(days, rates).ravel()
    cell = rng.choice(weights.size, size=n, p=weights / weights.sum())
    dep, sp = np.divmod(cell, len(species))
    order = np.lexsort((rng.random(n), dep))
    dep, sp = dep[order], sp[order]
    start = deployments["start"].dt.tz_convert(None).to_numpy()[dep]  # UTC
    offset = (rng.random(n) * days[dep] * 86400).astype("int64").astype("timedelta64[s]")
    tz = deployments["offset"].to_numpy()[dep]  # the deployment's own UTC offset
    hours = np.where(tz == "+05:00", 5, 6).astype("timedelta64[h]")
    local = pd.DatetimeIndex(start + offset + hours)
    stamp = local.strftime("%Y-%m-%dT%H:%M:%S") + tz
    later = local + pd.to_timedelta(rng.integers(5, 180, n), unit="s")
    end = later.strftime("%Y-%m-%dT%H:%M:%S") + tz
    ids = pd.Series(np.arange(1, n + 1)).map("{:08d}".format)
    dep_ids = deployments["deploymentID"].to_numpy()[dep]
    count = np.minimum(groups[sp], rng.geometric(0.55, n))
    observations = pd.DataFrame(
        {
            "observationID": "o" + ids,
            "deploymentID": dep_ids,
            "eventID": "e" + ids,
            "eventStart": stamp,
            "eventEnd": end,
            "observationLevel": "event",
            "observationType": "animal",
            "scientificName": np.array(species)[sp],
            "count": count,
            "classificationMethod": "human",
            "observationTags": "synthetic",
        },
        columns=synthetic.OBSERVATION_FIELDS,
    )
    media = pd.DataFrame(
        {
            "mediaID": "m" + ids,
            "deploymentID": dep_ids,
            "captureMethod": "activityDetection",
            "timestamp": stamp,
            "filePath": "media/m" + ids + ".jpg",
            "filePublic": "false",
            "fileName": "m" + ids + ".jpg",
            "fileMediatype": "image/jpeg",
        },
        columns=synthetic.MEDIA_FIELDS,
    )
    observations.to_csv(out_dir / "observations.csv", index=False, lineterminator="\n")
    media.to_csv(out_dir / "media.csv", index=False, lineterminator="\n")
    descriptor = out_dir / "datapackage.json"
    doc = json.loads(descriptor.read_text(encoding="utf-8"))
    doc["title"] = f"Synthetic benchmark package, not field data: {n:,} observations"
    descriptor.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return n
