"""QR codes of live-view links: inline SVG for the dashboard, a module matrix for handouts.

Only http:// and https:// addresses are encoded: a QR code is followed without a second look,
so a javascript: or data: payload from a tampered link must never reach one.
"""

from __future__ import annotations

import ipaddress
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


def svg_data_uri(url: str, scale: int = 10) -> str:
    """The URL's QR code as a data: URI of a standalone SVG, for an <img>."""
    return _code(url).svg_data_uri(scale=scale, border=QUIET_ZONE)


def matrix(url: str) -> list[list[bool]]:
    """The QR code's modules, True for dark, rows top to bottom, quiet zone included."""
    rows = _code(url).matrix_iter(scale=1, border=QUIET_ZONE)
    return [[bool(module) for module in row] for row in rows]


def unreachable_from_phones(url: str) -> bool:
    """True when the address names this machine itself (localhost, 127.x, ::1, 0.0.0.0): a
    phone that scans it opens itself, not the dashboard."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
