"""The page's measures (inches), type scales and inks; plain numbers, no drawing library."""

from __future__ import annotations

PAGE_W, PAGE_H = 8.27, 11.69  # A4 portrait, inches
PNG_DPI = 150
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 0.55, 0.5, 0.45
SIDE_W = 1.9  # the column right of the map: legend, QR code and its URL
GUTTER = 0.2
TICK_ROOM = 0.24  # below the map: its degree labels
MAP_W = PAGE_W - 2 * MARGIN_X - SIDE_W - GUTTER
QR_SIZE = 1.4
QR_GAP, LEGEND_GAP = 0.15, 0.05  # above the QR code; between legend rows
MIN_MAP_H = 3.0  # below this the map is too small to read: smaller type first
MAX_MAP_H = 5.4
LEADING = 1.28
SCALES = (1.0, 0.92, 0.84, 0.76)
COL_LABEL, COL_CITE = 1.65, 0.95  # the key facts' label and source columns

FILL_ALPHA = 0.45  # the parks the handout is about
OTHER_ALPHA = 0.18  # neighbouring parks, shown for context
PAD_FRACTION = 0.12  # room around the mapped area, each side
MIN_SPAN_DEG = 2.5  # a map of points alone spans at least this much
