"""cli_output: the checks `export`, `handout` and `preflight` make before they write."""

from __future__ import annotations

import pytest

from landscape import cli_output, preflight
from landscape.catalog import Catalog


def test_unknown_project_ids_are_named_with_the_known_ones(catalog: Catalog):
    assert cli_output._known_projects(catalog, ["camca"]) is None
    message = cli_output._known_projects(catalog, ["camca", "snow-leopards", "x"])
    assert message is not None
    assert message.startswith("unknown project id(s) snow-leopards, x; known: ")
    assert all(p in message for p in catalog.projects["id"])


def test_a_given_url_is_taken_as_the_handouts_address(monkeypatch):
    monkeypatch.delenv(preflight.ENV, raising=False)
    assert cli_output._handout_base("https://ilbirs.example/") == ("https://ilbirs.example/", "")


@pytest.mark.parametrize(
    ("configured", "said"),
    [
        (None, "is not set"),
        ("http://localhost:8501/", "only this computer can open"),
        ("ftp://example.org/", "not an http(s) address"),
    ],
)
def test_an_address_a_phone_cannot_open_is_refused_with_the_fix(monkeypatch, configured, said):
    if configured is None:
        monkeypatch.delenv(preflight.ENV, raising=False)
    else:
        monkeypatch.setenv(preflight.ENV, configured)
    base, why = cli_output._handout_base(None)
    assert base is None
    assert said in why and f"{preflight.ENV}=https://" in why and "--url URL" in why


def test_a_local_network_address_is_used_with_a_warning(monkeypatch, capsys):
    monkeypatch.setenv(preflight.ENV, "http://192.168.1.20:8501")
    assert cli_output._handout_base(None) == ("http://192.168.1.20:8501/", "")
    assert "only phones on that network" in capsys.readouterr().err
