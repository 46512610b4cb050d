"""Wildlife on the map: camera positions and detections, always aggregated for display.

Detections are drawn as one of:
- grid: square cells (one GeoJson layer) coloured by records or by records per 100
  camera-days, in classes whose breaks the page shows under the map;
- heatmap: Leaflet.heat, weighted by individuals, from positions summed per place;
- clusters: Leaflet.markercluster (FastMarkerCluster): markers are created in the browser
  from a plain coordinate list and shown as numbered bubbles (one point per record up to
  MAX_CLUSTER_POINTS, then one per place).
No mode sends one DOM marker per record (TECH-NOTES.md). Every frame given here is already the
public (generalised) view unless the staff view is unlocked; this module never generalises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import folium.plugins
import numpy as np
import pandas as pd

from landscape.catalog import Catalog
from landscape.display import MEASURES as COLOUR_BY  # noqa: F401  (old names, declared there)
from landscape.display import MODES as MODES
from landscape.formatting import fmt_int, fmt_number
from landscape.i18n import Translate
from landscape.mapview import assets, panes
from landscape.mapview.palette import paint, paints
from landscape.reads import reads
from landscape.text import esc
from landscape.wildlife import figures, grid, patrols, privacy

MAX_CAMERA_MARKERS = 1000  # above this, camera positions are summed per cell
MAX_CLUSTER_POINTS = 20_000  # above this, clusters get one marker per place

assets.use_local_plugins()


def ramp(styles: dict[str, Any]) -> tuple[str, ...]:
    """The grid's colours from few to many records (styles.toml `[wildlife] ramp`)."""
    return paints(styles, "wildlife", "ramp")


@dataclass(frozen=True)
class Classes:
    """Class breaks of the grid colouring: value v gets ramp[number of breaks < v]; values
    with no number get `no_value`."""

    measure: str
    breaks: tuple[float, ...]
    ramp: tuple[str, ...] = ()
    no_value: str = ""

    def colour(self, value: float | None) -> str:
        if value is None or value != value:
            return self.no_value
        return self.ramp[min(sum(value > b for b in self.breaks), len(self.ramp) - 1)]

    def labels(self, top: float, lang: str = "en") -> list[tuple[str, str]]:
        """(colour, range text) for the legend under the map."""
        edges = [0.0, *self.breaks, top]
        decimals = 0 if self.measure == "records" else 1
        out = []
        for i in range(len(edges) - 1):
            low, high = edges[i], edges[i + 1]
            if high <= low and i:
                continue
            text = f"{fmt_number(low, decimals, lang)}–{fmt_number(high, decimals, lang)}"
            out.append((self.ramp[min(i, len(self.ramp) - 1)], text))
        return out


def classes(values: pd.Series, measure: str, styles: dict[str, Any] | None = None) -> Classes:
    """Up to five classes at the quintiles of the cell values, coloured from `styles`."""
    colours, none = ramp(styles or {}), paint(styles or {}, "wildlife", "no_value")
    clean = pd.to_numeric(values, errors="coerce").dropna()
    if clean.empty:
        return Classes(measure, (), colours, none)
    cuts = np.quantile(clean.to_numpy(dtype="float64"), [0.2, 0.4, 0.6, 0.8])
    cuts = np.ceil(cuts) if measure == "records" else np.round(cuts, 1)
    found = tuple(float(c) for c in np.unique(cuts) if c < clean.max())
    return Classes(measure, found, colours, none)


def _dataset_notes(view: Catalog, ids: list[str], t: Translate) -> str:
    """Escaped titles of the given datasets, each flagged synthetic where it is."""
    rows = view.datasets[view.datasets["id"].isin(ids)]
    notes = []
    for row in rows.to_dict("records"):
        flag = f" — {t('wildlife.synthetic')}" if row["synthetic"] else ""
        notes.append(f"{esc(row['title'])}{esc(flag)}")
    return "<br>".join(notes)


def privacy_note(category: Any, t: Translate) -> str:
    """What the public view did to a position of this sensitivity category, in the language."""
    if pd.isna(category):
        return ""
    if int(category) == privacy.WITHHELD:
        return t("map.withheld_note")
    step = privacy.GRID.get(int(category))
    return t("map.generalised_note", step=fmt_number(step, 3, t.lang).rstrip("0")) if step else ""


# Binds each camera's tooltip: its text is escaped HTML built on the server (see esc).
CAMERA_TOOLTIP = "function (feature, layer) { layer.bindTooltip(feature.properties.tip); }"


def _camera_places(dep: pd.DataFrame) -> pd.DataFrame:
    """Deployments per position (lat, lon): summed per 0.1° cell above MAX_CAMERA_MARKERS."""
    where = dep.assign(lat=dep["lat"].round(5), lon=dep["lon"].round(5))
    if where[["lat", "lon"]].drop_duplicates().shape[0] > MAX_CAMERA_MARKERS:
        step = 0.1
        where = where.assign(
            lat=((where["lat"] // step) + 0.5) * step, lon=((where["lon"] // step) + 0.5) * step
        )
    return where.groupby(["lat", "lon"]).agg(
        deployments=("deployment", "size"),
        days=("camera_days", "sum"),
        sensitivity=("sensitivity", "max"),
        datasets=("dataset", lambda d: sorted(set(d))),
    )


@reads("datasets", "deployments", "styles")
def cameras_group(view: Catalog, t: Translate) -> folium.FeatureGroup:
    """One small circle per camera position: how many deployments, how many camera-days."""
    group = folium.FeatureGroup(name=esc(t("map.cameras")))
    dep = view.deployments.dropna(subset=["lat", "lon"])
    if dep.empty:
        return group
    places = _camera_places(dep)
    notes = {d: _dataset_notes(view, [d], t) for d in sorted(set(dep["dataset"]))}
    features = []
    for (lat, lon), row in places.iterrows():
        sources = "<br>".join(notes[d] for d in row["datasets"] if notes[d])
        said = privacy_note(row["sensitivity"], t)
        note = f"<br><small>{esc(said)}</small>" if said else ""
        days = fmt_number(row["days"], 0, t.lang)
        summary = t("map.camera_tip", n=fmt_int(row["deployments"], t.lang), days=days)
        tip = f"<b>{esc(t('map.cameras'))}</b><br>{esc(summary)}{note}<br><small>{sources}</small>"
        point = [round(float(lon), 5), round(float(lat), 5)]
        features.append(
            {
                "type": "Feature",
                "properties": {"layer": "cameras", "tip": tip},
                "geometry": {"type": "Point", "coordinates": point},
            }
        )
    # one layer for all cameras: a marker each would cost a template render each; drawn in
    # the point pane, above the grid cells, as white dots ringed in black (any cell colour)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        marker=panes.in_pane(
            folium.CircleMarker(
                radius=5,
                color=paint(view.styles, "wildlife", "camera_line"),
                weight=2,
                fill=True,
                fill_color=paint(view.styles, "wildlife", "camera_fill"),
                fill_opacity=1,
                class_name="landscape-camera",
            )
        ),
        pane=panes.POINT,
        on_each_feature=folium.JsCode(CAMERA_TOOLTIP),
    ).add_to(group)
    return group


def grid_layer(
    cells: pd.DataFrame,
    measure: str,
    found: Classes,
    t: Translate,
    line: str,
    synthetic: dict[tuple[int, int], str] | None = None,
) -> folium.GeoJson:
    """The grid cells as one GeoJson layer, outlined in `line`; properties hold only numbers
    and escaped text. A cell in `synthetic` ((col, row) -> "all" or "some") says so in its
    tooltip."""
    marks = {share: esc(t(f"wildlife.chart_synthetic_{share}")) for share in ("all", "some")}
    features = []
    for cell in cells.to_dict("records"):
        value = cell["records"] if measure == "records" else cell["rate"]
        rate = "–" if cell["rate"] is None else fmt_number(cell["rate"], 2, t.lang)
        tip = esc(
            t(
                "map.cell_tip",
                records=fmt_int(cell["records"], t.lang),
                individuals=fmt_int(cell["individuals"], t.lang),
                species=fmt_int(cell["species"], t.lang),
                days=fmt_number(cell["camera_days"], 0, t.lang),
                rate=rate,
            )
        )
        share = (synthetic or {}).get((int(cell["col"]), int(cell["row"])))
        if share:
            tip += f"<br><b>{marks[share]}</b>"
        w, s, e, n = cell["west"], cell["south"], cell["east"], cell["north"]
        features.append(
            {
                "type": "Feature",
                "properties": {"layer": "detections", "fill": found.colour(value), "tip": tip},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
                },
            }
        )
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": line,
            "weight": 0.6,
            "fillOpacity": 0.72,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    )


def _places(obs: pd.DataFrame) -> pd.DataFrame:
    """Located records summed per position: what heatmap and clusters draw."""
    located = obs.dropna(subset=["lat", "lon"])
    return (
        located.assign(lat=located["lat"].round(4), lon=located["lon"].round(4))
        .groupby(["lat", "lon"], as_index=False)
        .agg(records=("record_id", "size"), individuals=("count", "sum"))
    )


def detections_group(
    view: Catalog,
    cells: pd.DataFrame,
    mode: str,
    measure: str,
    found: Classes,
    t: Translate,
) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=esc(t("map.detections")))
    if mode == "heatmap":
        places = _places(view.observations)
        if not places.empty:
            data = places[["lat", "lon", "individuals"]].astype(float).values.tolist()
            folium.plugins.HeatMap(data, radius=18, blur=14, min_opacity=0.35).add_to(group)
    elif mode == "clusters":
        located = view.observations.dropna(subset=["lat", "lon"])
        if len(located) <= MAX_CLUSTER_POINTS:  # one light marker per record; bubbles count
            points = located[["lat", "lon"]].round(4).assign(records=1.0)
        else:  # beyond that, one marker per place, its tooltip giving the count
            points = _places(located)[["lat", "lon", "records"]]
        if not points.empty:
            data = points.astype(float).values.tolist()
            marker = cluster_marker(view.styles)
            folium.plugins.FastMarkerCluster(data, callback=marker).add_to(group)
    elif not cells.empty:
        marked = figures.synthetic_cells(view, cells)
        line = paint(view.styles, "wildlife", "cell_line")
        grid_layer(cells, measure, found, t, line, marked).add_to(group)
    return group


def coverage_group(view: Catalog, step: float, t: Translate, show: bool) -> folium.FeatureGroup:
    """Patrol coverage: the grid cells rangers' waypoints fall in, never a track or a point.
    Cells are outlined, filled more strongly where more patrols passed."""
    group = folium.FeatureGroup(name=esc(t("map.patrols")), show=show)
    cells = patrols.coverage(view.waypoints, step)
    if cells.empty:
        return group
    top = max(int(cells["patrols"].max()), 1)
    sources = _dataset_notes(view, sorted(set(view.waypoints["dataset"])), t)
    colour = paint(view.styles, "wildlife", "patrol")
    features = []
    for cell in cells.to_dict("records"):
        tip = esc(
            t(
                "map.patrol_tip",
                patrols=fmt_int(cell["patrols"], t.lang),
                waypoints=fmt_int(cell["waypoints"], t.lang),
            )
        )
        w, s, e, n = cell["west"], cell["south"], cell["east"], cell["north"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "layer": "patrols",
                    "opacity": round(0.12 + 0.43 * cell["patrols"] / top, 2),
                    "tip": f"{tip}<br><small>{sources}</small>",
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
                },
            }
        )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {
            "fillColor": colour,
            "color": colour,
            "weight": 1.2,
            "fillOpacity": f["properties"]["opacity"],
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(group)
    return group


def cluster_marker(styles: dict[str, Any]) -> str:
    """One circle per place; its tooltip is the record count, a number (no text from data)."""
    line = paint(styles, "wildlife", "cluster_line")
    fill = paint(styles, "wildlife", "cluster_fill")
    return f"""
function (row) {{
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {{radius: 6, color: '{line}', fillColor: '{fill}', fillOpacity: 0.9, weight: 1}});
    marker.bindTooltip(String(Math.round(row[2])));
    return marker;
}}
"""


def legend_rows(cat: Catalog, t: Translate) -> list[str]:
    """Rows for the map legend (constant across filters): cameras, detections, patrols; each
    names what it stands for in `data-legend`, so a view shows only the rows it draws."""
    if cat.datasets.empty:
        return []
    synthetic = bool(cat.datasets["synthetic"].any())
    flag = f"<br><small><b>{esc(t('wildlife.synthetic'))}</b></small>" if synthetic else ""
    styles = cat.styles
    colours = ramp(styles)
    camera_fill = paint(styles, "wildlife", "camera_fill")
    camera_line = paint(styles, "wildlife", "camera_line")
    rows = []
    if not cat.patrols.empty:
        patrol = paint(styles, "wildlife", "patrol")
        rows.append(
            f'<div class="row" data-legend="patrols"><span class="swatch" style="background:'
            f'{patrol}55;border:1.5px solid {patrol}"></span><span>{esc(t("map.patrols"))}'
            f"<br><small>{esc(t('map.patrols_note'))}</small>{flag}</span></div>"
        )
    return [
        f'<div class="row" data-legend="cameras"><span class="swatch" style="border-radius:50%;'
        f"width:10px;height:10px;flex:0 0 10px;background:{camera_fill};"
        f'border:2px solid {camera_line}"></span><span>{esc(t("map.cameras"))}'
        f"{flag}</span></div>",
        f'<div class="row" data-legend="detections"><span class="swatch" style="background:'
        f"linear-gradient(90deg,{colours[0]},{colours[len(colours) // 2]},{colours[-1]})"
        f'"></span><span>{esc(t("map.detections"))}'
        f"<br><small>{esc(t('map.detections_note'))}</small>{flag}</span></div>",
        *rows,
    ]


@dataclass(frozen=True)
class WildlifeLayers:
    """The wildlife map layers of a view and what their legend needs."""

    cells: pd.DataFrame
    found: Classes
    top: float  # the largest cell value shown (0 without cells)
    groups: dict[str, folium.FeatureGroup]


def wildlife_layers(
    view: Catalog,
    step: float,
    mode: str,
    measure: str,
    t: Translate,
    wanted: tuple[str, ...] = ("cameras", "detections"),
    show_patrols: bool = False,
) -> WildlifeLayers:
    """Cameras, detections (grid cells of `step` degrees) and patrol coverage, built only where
    wanted. `show_patrols` False puts patrol coverage in the layer control unticked (a static
    map honours that; the dashboard instead leaves the layer out until the visitor asks)."""
    obs, dep = view.observations, view.deployments
    if "detections" not in wanted:  # no cell counting for a map that will not show them
        obs, dep = obs.iloc[:0], dep.iloc[:0]
    cells = grid.cells(obs, dep, step)
    values = pd.to_numeric(
        cells["records"] if measure == "records" else cells["rate"], errors="coerce"
    )
    found = classes(values, measure, view.styles)
    top = float(values.max()) if values.notna().any() else 0.0
    groups = {}
    if "cameras" in wanted:
        groups["cameras"] = cameras_group(view, t)
    if "detections" in wanted:
        groups["detections"] = detections_group(view, cells, mode, measure, found, t)
    if "patrols" in wanted and not view.patrols.empty:
        groups["patrols"] = coverage_group(view, step, t, show_patrols)
    return WildlifeLayers(cells, found, top, groups)
