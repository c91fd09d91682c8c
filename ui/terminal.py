"""The CLI's terminal output, with Rich loaded only when something is printed through it.

`shopagent --help` is printed by Typer alone (plain help, see `HelpGroup`), so a command line
that only asks for help never loads Rich, the store or the agent.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console
    from typer import _click


class LazyConsole:
    """A Rich console made on first call, with the options it was given."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None
        self.piped_width: int | None = None
        """When set: the width of output that goes to a pipe or file instead of a terminal."""

    def __call__(self) -> Console:
        """The console, made now if it was not yet."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        if self.piped_width is not None and not self._console.is_terminal:
            self._console.width = self.piped_width
        return self._console


def escape(text: str) -> str:
    """`rich.markup.escape`: text printed as it is, brackets and all."""
    from rich.markup import escape

    return escape(text)


class HelpGroup(TyperGroup):
    """A command group whose help lists each command's whole summary, wrapped if need be.

    Click would cut a summary to fit one line ("payments are..."); Rich's help, which this
    plain one replaces so that help costs no Rich, wrapped it instead.
    """

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The Commands section: each command's name and whole summary."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=sys.maxsize)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
