"""`shopagent --help`: every command with its whole summary, printed by Typer alone."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from ui.cli import app

# Run as the console script runs: `main()` in a fresh process, then what it had loaded.
HELP_IN_A_FRESH_PROCESS = """
import json, sys
from ui.cli import main
sys.argv = ["shopagent", *sys.argv[1:]]
try:
    main()
finally:
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _groups(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _groups(sub, (*path, name))


@pytest.mark.parametrize("path", [path for path, _ in _groups(get_command(app))])
def test_help_lists_each_command_and_option_in_full(path):
    command = get_command(app)
    for name in path:
        command = command.commands[name]
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for name, sub in getattr(command, "commands", {}).items():
        summary = " ".join((sub.help or "").split("\n\n")[0].split())
        assert f"{name} {summary}" in text  # never cut to one line with "..."
    for param in command.params:
        for option in param.opts if param.param_type_name == "option" else ():
            assert option in text
        if param.help:
            assert " ".join(param.help.split()) in text


@pytest.mark.parametrize("args", [["--help"], ["search", "--help"], ["scenario", "run", "--help"]])
def test_help_loads_neither_rich_nor_the_store_nor_the_agent(args):
    done = subprocess.run(
        [sys.executable, "-c", HELP_IN_A_FRESH_PROCESS, *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: shopagent" in done.stdout
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    # Not pydantic itself: Typer loads it to read a command's parameters.
    heavy = ("rich", "sqlalchemy", "sqlmodel", "pydantic_settings", "langgraph", "openai")
    assert not [name for name in loaded if name.split(".")[0] in heavy or name == "store.db"]
    assert not [name for name in loaded if name.startswith("agent")]
