"""Where a QR code points: a phone that scans a loopback address opens itself."""

from __future__ import annotations

import base64
from urllib.parse import unquote

import pytest

from landscape import qr


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8501/",
        "http://LOCALHOST/",
        "http://app.localhost:8501/",
        "http://127.0.0.1:8501/?lang=ru",
        "http://127.8.9.10/",
        "http://[::1]:8501/",
        "http://0.0.0.0:8501/",
    ],
)
def test_loopback_addresses_are_unreachable_from_phones(url):
    assert qr.unreachable_from_phones(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://192.168.1.20:8501/",
        "https://maps.example.org/landscape/",
        "http://10.0.0.5/",
        "http://localhost.example.org/",
    ],
)
def test_addresses_a_phone_can_reach_are_not_flagged(url):
    assert not qr.unreachable_from_phones(url)


def test_the_data_uri_is_a_standalone_svg_an_img_can_draw():
    uri = qr.svg_data_uri("https://maps.example.org/?lang=ru")
    assert uri.startswith("data:image/svg+xml")
    body = uri.split(",", 1)[1]
    text = base64.b64decode(body).decode() if ";base64" in uri else body
    assert "xmlns='http://www.w3.org/2000/svg'" in unquote(text).replace('"', "'")
