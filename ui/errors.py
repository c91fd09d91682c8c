"""What the command line says when input or configuration is wrong: one line, then exit 1.

Expected failures (a bad option, a broken `shopagent.toml`, an unusable database URL) are
explained where they happen when they can be; `explain` is the boundary for the rest, so no
input ever ends in a traceback. Anything it does not know is a bug, and still raises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError
    from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

SETTINGS_PREFIX = "SHOPAGENT_"


def explain(exc: BaseException) -> str | None:
    """One line saying what is wrong and what to do, or None for an unexpected error (a bug)."""
    # Imported here: a command that succeeds (`shopagent --help`) never pays for them.
    from pydantic import ValidationError
    from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

    from store import StoreError
    from store.settings import ConfigError

    if isinstance(exc, ConfigError | StoreError):
        return exc.message
    if isinstance(exc, ValidationError) and exc.title.endswith("Settings"):
        return _bad_setting(exc)
    if isinstance(exc, ArgumentError | OperationalError | InterfaceError):
        return _bad_database(exc)
    if isinstance(exc, RecursionError):
        return "The input is nested too deeply to read; flatten it and try again."
    return None


def _bad_setting(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False):
        name = SETTINGS_PREFIX + "_".join(str(part) for part in error["loc"]).upper()
        problems.append(f"{name} is {error['input']!r}: {error['msg']}")
    return "; ".join(problems) + ". Set a valid value (environment or .env) or unset it."


def _bad_database(exc: ArgumentError | OperationalError | InterfaceError) -> str:
    from pydantic import ValidationError
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from store.settings import get_settings

    try:
        url = get_settings().database_url or "the default SQLite file"
    except ValidationError:
        url = "the configured URL"
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        shown = repr(url)
    cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = cause[0] if cause else type(exc).__name__
    return (
        f"The store's database {shown} cannot be used ({reason}). Check SHOPAGENT_DATABASE_URL "
        "(e.g. postgresql+psycopg://user@host:5432/shop, or unset it for the built-in SQLite "
        "file) and that the server is running."
    )
