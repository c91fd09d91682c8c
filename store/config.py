"""Process settings for the store: where the data lives."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class StoreSettings(BaseSettings):
    """Store settings, read from `SHOPAGENT_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="SHOPAGENT_", extra="ignore")

    home: Path = Field(
        default_factory=lambda: user_data_path("shopagent", appauthor=False),
        description="Per-user data directory: the SQLite file, rendered images, secrets.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; default is a SQLite file in `home`.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs payment confirmations; default is a random key kept in "
        "`<home>/secret.key`.",
    )

    def resolved_database_url(self) -> str:
        """The database URL to use, defaulting to `<home>/shop.db`."""
        if self.database_url:
            return self.database_url
        self.home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.home / 'shop.db'}"


@lru_cache(maxsize=1)
def store_settings() -> StoreSettings:
    """The process-wide store settings (read once)."""
    return StoreSettings()
