"""ui.share.base_url: the address a QR code and a copied link carry."""

from __future__ import annotations

import pytest

from landscape.ui import share


def test_the_configured_public_address_wins(monkeypatch):
    monkeypatch.setenv(share.ENV, "http://192.168.1.20:8501")
    assert share.base_url() == "http://192.168.1.20:8501/"


@pytest.mark.parametrize(
    "configured", ["", "javascript:alert(1)", "http://", "http://a b/", 'http://x/"><img>']
)
def test_an_unusable_address_falls_back_to_localhost_outside_a_browser(monkeypatch, configured):
    monkeypatch.setenv(share.ENV, configured)
    assert share.base_url() == share.LOCAL
