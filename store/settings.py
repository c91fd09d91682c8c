"""The process settings of shopagent, read by the store and the agent alike.

One pydantic-settings object from three sources, first wins: `SHOPAGENT_*` environment
variables, a `.env` file in the working directory, and `shopagent.toml` (named by
SHOPAGENT_CONFIG, else found in the working directory, else in the user's config directory).
The file holds the model endpoints (`default = "NAME"` and `[models.NAME]` tables); the agent
validates those tables, so the store never needs to know what a model is. A broken file
leaves the store working: its problem is kept in `file.problem` and reported where the
endpoints are read.
"""

from __future__ import annotations

import difflib
import os
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from platformdirs import user_config_path, user_data_path
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

CONFIG_FILE = "shopagent.toml"
ENV_FILE = ".env"


class ConfigError(ValueError):
    """A configuration problem, with a message that says how to fix it."""

    @property
    def message(self) -> str:
        """The message for people."""
        return str(self)


def explain(exc: ValidationError, where: str, fields: list[str]) -> ConfigError:
    """A ConfigError naming each invalid field of `where`, with the closest allowed name."""
    problems = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(error["loc"][-1]), fields, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"unknown field {loc!r}{hint}; allowed: {', '.join(fields)}")
        else:
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{loc}: {message}")
    return ConfigError(f"{where}: " + "; ".join(problems) + ".")


def config_path() -> Path | None:
    """The configuration file in use: SHOPAGENT_CONFIG, ./shopagent.toml, or the user's one.

    Raises:
        ConfigError: when SHOPAGENT_CONFIG names a file that does not exist.
    """
    named = os.environ.get("SHOPAGENT_CONFIG")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError(
                f"SHOPAGENT_CONFIG names {path}, which is not a file. Create it (see "
                "shopagent.example.toml) or unset SHOPAGENT_CONFIG."
            )
        return path
    for path in (Path.cwd() / CONFIG_FILE, user_config_path("shopagent") / CONFIG_FILE):
        if path.is_file():
            return path
    return None


class _FileContent(BaseModel):
    """What shopagent.toml may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default: str | None = None
    """The endpoint used when none is named (SHOPAGENT_MODEL wins over it)."""

    models: dict[str, Any] = Field(default_factory=dict)
    """The `[models.NAME]` tables, as written (the agent validates them)."""


class ConfigFile(_FileContent):
    """What shopagent.toml says, or what is wrong with it."""

    path: Path | None = None
    """The file read; None when there is none."""

    problem: str | None = None
    """Why the file could not be read, said so that people can fix it."""

    def checked(self) -> ConfigFile:
        """This file, if it could be read.

        Raises:
            ConfigError: saying what is wrong with the file.
        """
        if self.problem:
            raise ConfigError(self.problem)
        return self


class _ConfigFileSource(PydanticBaseSettingsSource):
    """Settings source: shopagent.toml, as the one field `file`."""

    def __call__(self) -> dict[str, Any]:
        try:
            path = config_path()
        except ConfigError as exc:
            return {"file": ConfigFile(problem=exc.message)}
        if path is None:
            return {}
        return {"file": _read_config_file(self.settings_cls, path)}

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        """Unused: `__call__` reads the whole file at once."""
        return None, field_name, False


def _read_config_file(settings_cls: type[BaseSettings], path: Path) -> ConfigFile:
    try:
        tables = TomlConfigSettingsSource(settings_cls, toml_file=path).toml_data
    except UnicodeDecodeError as exc:
        problem = f"{path} is not UTF-8 text (byte {exc.start} cannot be read). Save it as UTF-8."
        return ConfigFile(path=path, problem=problem)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        problem = (
            f"{path} is not valid TOML: {exc}. Fix that line (text values need quotes, e.g. "
            'model = "my-model").'
        )
        return ConfigFile(path=path, problem=problem)
    except OSError as exc:
        return ConfigFile(path=path, problem=f"Cannot read {path}: {exc.strerror}.")
    try:
        content = _FileContent.model_validate(tables)
    except ValidationError as exc:
        problem = explain(exc, str(path), list(_FileContent.model_fields)).message
        return ConfigFile(path=path, problem=problem)
    return ConfigFile(path=path, **content.model_dump())


class Settings(BaseSettings):
    """Everything a shopagent process is configured with (per-run choices are not here)."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPAGENT_", env_file=ENV_FILE, extra="ignore", frozen=True
    )

    home: Path = Field(default_factory=lambda: user_data_path("shopagent", appauthor=False))
    """Per-user data directory: the SQLite file, rendered images, secrets."""

    database_url: str | None = None
    """SQLAlchemy URL of the store; default is a SQLite file in `home`."""

    secret_key: SecretStr | None = None
    """Key that signs payment confirmations; default is a random key kept in
    `<home>/secret.key`."""

    model: str | None = None
    """Endpoint to use when none is named; else shopagent.toml's `default`, else offline."""

    max_steps: int = 8
    """Model calls allowed in one turn before the assistant wraps up."""

    history_token_budget: int = 6000
    """Rough token budget for the conversation sent to the model (system prompt excluded)."""

    mcp_tokens: dict[str, str] = Field(default_factory=dict)
    """Bearer tokens of `shopagent mcp --transport http`, each to a customer handle (JSON:
    `{"TOKEN": "alice"}`); none: the demo tokens `demo-<handle>`."""

    now: datetime | None = None
    """The shop's clock for promotions (e.g. SHOPAGENT_NOW=2027-02-01T12:00:00+08:00), so demos
    and tests can step into and out of a campaign window; default: the real time."""

    file: ConfigFile = Field(default_factory=ConfigFile)
    """shopagent.toml: the model endpoints and the default one."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then the environment, then `.env`, then shopagent.toml."""
        return init_settings, env_settings, dotenv_settings, _ConfigFileSource(settings_cls)

    def resolved_database_url(self) -> str:
        """The database URL to use, defaulting to `<home>/shop.db`."""
        if self.database_url:
            return self.database_url
        self.home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.home / 'shop.db'}"

    def shop_time(self) -> datetime:
        """Now, as the shop's promotions see it: `now` if set (naive means UTC), else the clock."""
        if self.now is None:
            return datetime.now(UTC)
        return self.now if self.now.tzinfo else self.now.replace(tzinfo=UTC)

    def variable(self, name: str | None) -> str | None:
        """Environment variable `name` (an API key, say), else its line in `.env`; None if unset.

        Endpoint tables name their own variables, so these are not fields of their own.
        """
        if not name:
            return None
        return os.environ.get(name) or self._dotenv.get(name) or None

    @cached_property
    def _dotenv(self) -> dict[str, str]:
        path = Path(ENV_FILE)
        values = dotenv_values(path) if path.is_file() else {}
        return {key: value for key, value in values.items() if value is not None}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once (after `reset_settings`, read again)."""
    return Settings()


def reset_settings() -> None:
    """Forget the settings read so far: the next `get_settings()` reads them again."""
    get_settings.cache_clear()
