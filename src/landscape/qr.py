"""QR codes of live-view links: inline SVG for the dashboard, a module matrix for handouts.

Only http:// and https:// addresses are encoded: a QR code is followed without a second look,
so a javascript: or data: payload from a tampered link must never reach one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import segno

ERROR_LEVEL = "m"  # about 15 % of the symbol may be damaged: a creased printout still scans
QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks


def check_url(url: str) -> str:
    """The URL unchanged if it is an absolute http(s) address, else ValueError."""
    if not isinstance(url, str) or any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise ValueError(f"not a URL that may be encoded: {url!r}")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"only http:// or https:// addresses may be encoded, not {url!r}")
    return url


def _code(url: str) -> segno.QRCode:
    return segno.make_qr(check_url(url), error=ERROR_LEVEL, boost_error=False)


def svg(url: str, scale: int = 4, dark: str = "#000") -> str:
    """An inline <svg> element (no XML declaration) of the URL's QR code, quiet zone included."""
    return _code(url).svg_inline(scale=scale, dark=dark, border=QUIET_ZONE)


def matrix(url: str) -> list[list[bool]]:
    """The QR code's modules, True for dark, rows top to bottom, quiet zone included."""
    rows = _code(url).matrix_iter(scale=1, border=QUIET_ZONE)
    return [[bool(module) for module in row] for row in rows]
