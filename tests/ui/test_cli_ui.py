"""`shopagent ui` serves the app on the port it is given."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from tests.ui.browser import cli_command, running_app


def test_shopagent_ui_serves_the_app_on_the_given_port(tmp_path: Path) -> None:
    log = tmp_path / "ui.log"
    with running_app(tmp_path / "home", log, command=cli_command) as url:
        port = url.rsplit(":", 1)[1]
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.read() == b"ok"
    assert f"shopagent is at http://localhost:{port}" in log.read_text()
