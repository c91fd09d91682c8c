"""Finding 14: the test suite cannot call a live API; `shopagent ui` serves this machine only."""

from __future__ import annotations

import os
import socket
import urllib.request
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveNetworkCall
from tests.ui.browser import cli_command, running_app


def test_keys_and_model_choices_from_the_environment_are_cleared() -> None:
    assert not [name for name in os.environ if name.endswith("_API_KEY")]
    assert "SHOPAGENT_MODEL" not in os.environ and "SHOPAGENT_CONFIG" not in os.environ


def test_the_default_model_is_the_offline_demo() -> None:
    from agent import OFFLINE, resolve_endpoint

    assert resolve_endpoint().name == OFFLINE


def test_a_request_to_a_live_endpoint_fails_the_test() -> None:
    with pytest.raises(LiveNetworkCall, match="never to a live endpoint"):
        httpx.get("http://93.184.215.14/v1/models", timeout=2)
    with pytest.raises(LiveNetworkCall):
        socket.create_connection(("8.8.8.8", 443), timeout=2)


def test_loopback_stays_reachable() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp) listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_ui_listens_on_loopback_by_default(tmp_path: Path) -> None:
    with running_app(tmp_path / "home", tmp_path / "ui.log", command=cli_command) as url:
        port = int(url.rsplit(":", 1)[1])
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.read() == b"ok"
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else
