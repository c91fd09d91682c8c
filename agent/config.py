"""The model endpoints the agent can call, and their clients.

Endpoints come from the shipped presets (`agent/presets.toml`) and the `[models.NAME]` tables of
the user's `shopagent.toml` (read by `store.settings`), which override or add to the presets.
Keys come only from the environment or a `.env` file in the working directory. The default
endpoint is the offline demo unless one is chosen: `--model`, SHOPAGENT_MODEL, or
`default = "NAME"` in shopagent.toml; a key lying in the environment never makes us call a paid
API on its own.
"""

from __future__ import annotations

import difflib
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.model import ModelClient, ModelEndpoint, ProbeResult, probe
from agent.providers import GENERIC, PROFILES
from store.settings import CONFIG_FILE, Settings, explain
from store.settings import ConfigError as ConfigError  # re-exported by the agent package
from store.settings import config_path as config_path

OFFLINE = "offline"
PRESETS = Path(__file__).with_name("presets.toml")


# --- the configuration file ---------------------------------------------------------------------


class Prices(BaseModel):
    """Prices per million tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0)
    output: float = Field(ge=0)
    currency: str = "USD"


class EndpointConfig(BaseModel):
    """One `[models.NAME]` table, merged over the preset of the same name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: str = "generic"
    base_url: str | None = None
    base_url_env: str | None = None
    model: str | None = None
    model_env: str | None = None
    api_key_env: str | None = None
    prices: Prices | None = None
    extra_body: dict[str, Any] = Field(default_factory=dict)
    thinking: bool | None = None
    temperature: float | None = None
    timeout: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    max_output_tokens: int | None = Field(default=1024, gt=0)

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        if value not in PROFILES:
            raise ValueError(
                f"unknown profile {value!r}; use one of {', '.join(sorted(PROFILES))} "
                "(generic fits most OpenAI-compatible servers)"
            )
        return value


@dataclass(frozen=True)
class Configuration:
    """The endpoints we know, where they came from, and the chosen default."""

    path: Path | None
    default: str | None
    endpoints: dict[str, EndpointConfig]
    settings: Settings
    """The settings read with the file: SHOPAGENT_MODEL, and the variables holding keys."""
    in_file: frozenset[str] = frozenset()


@cache
def _presets() -> dict[str, dict[str, Any]]:
    with PRESETS.open("rb") as handle:
        return dict(tomllib.load(handle)["models"])


def load_configuration() -> Configuration:
    """The presets merged with the user's configuration file (read on every call: cheap).

    Raises:
        ConfigError: for a missing SHOPAGENT_CONFIG file, a TOML syntax error (with its line),
            an unknown field, a bad profile name or value, or an unknown `default`.
    """
    current = Settings()  # not the cached one: an edited file counts without a restart
    file = current.file.checked()
    path, default, in_file = file.path, file.default, frozenset(file.models)
    if OFFLINE in in_file:
        raise ConfigError(f"{path}: [models.{OFFLINE}] is the built-in demo: rename yours.")
    tables = _presets()
    for name, table in file.models.items():
        if not isinstance(table, dict):
            raise ConfigError(
                f"{path}: models.{name} must be a table: write [models.{name}] followed by "
                'lines like base_url = "...", model = "...".'
            )
        tables = {**tables, name: {**tables.get(name, {}), **table}}
    endpoints: dict[str, EndpointConfig] = {}
    for name, table in tables.items():
        try:
            endpoints[name] = EndpointConfig.model_validate(table)
        except ValidationError as exc:
            where = f"{path}: [models.{name}]" if path else f"preset {name}"
            raise explain(exc, where, list(EndpointConfig.model_fields)) from None
    if default is not None and default != OFFLINE and default not in endpoints:
        raise ConfigError(
            f"{path}: default = {default!r} names no endpoint. " + _known_names(default, endpoints)
        )
    return Configuration(
        path=path, default=default, endpoints=endpoints, settings=current, in_file=in_file
    )


def _known_names(name: str, endpoints: dict[str, EndpointConfig]) -> str:
    names = [OFFLINE, *endpoints]
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"Did you mean {close[0]!r}? " if close else ""
    return f"{hint}Known: {', '.join(names)}; add your own as [models.{name}] in {CONFIG_FILE}."


# --- endpoints ------------------------------------------------------------------------------------


class EndpointInfo(BaseModel):
    """What a model switcher or `shopagent models` shows about one endpoint (never the key)."""

    model_config = ConfigDict(frozen=True)

    name: str
    model: str
    base_url: str
    profile: str
    has_key: bool = Field(description="A key is set, or none is needed.")
    key_env: str | None = Field(description="The variable that holds the key; None: no key.")
    offline: bool = False
    default: bool = False
    prices: Prices | None = None
    in_file: bool = Field(default=False, description="Defined or changed in shopagent.toml.")


def offline_endpoint() -> ModelEndpoint:
    """The rule-based offline demo, served in-process through the real SDK."""
    from agent.offline import OFFLINE_MODEL_NAME

    return ModelEndpoint(
        name=OFFLINE,
        base_url="http://offline.shopagent/v1",
        model=OFFLINE_MODEL_NAME,
        api_key="offline-demo",
        profile=GENERIC,
        offline=True,
        max_retries=0,
    )


def default_name(configuration: Configuration | None = None) -> str:
    """The endpoint used when none is named: SHOPAGENT_MODEL, the file's `default`, else offline."""
    configuration = configuration or load_configuration()
    return configuration.settings.model or configuration.default or OFFLINE


def list_endpoints() -> list[EndpointInfo]:
    """Every endpoint we can offer, offline demo first, with whether each has its key.

    Raises:
        ConfigError: when the configuration file is malformed.
    """
    configuration = load_configuration()
    chosen = default_name(configuration)
    env = configuration.settings
    offline = offline_endpoint()
    infos = [
        EndpointInfo(
            name=OFFLINE,
            model=offline.model,
            base_url="(built in)",
            profile="offline",
            has_key=True,
            key_env=None,
            offline=True,
            default=chosen == OFFLINE,
        )
    ]
    for name, config in configuration.endpoints.items():
        infos.append(
            EndpointInfo(
                name=name,
                model=env.variable(config.model_env) or config.model or "",
                base_url=env.variable(config.base_url_env) or config.base_url or "",
                profile=config.profile,
                has_key=config.api_key_env is None or bool(env.variable(config.api_key_env)),
                key_env=config.api_key_env,
                default=chosen == name,
                prices=config.prices,
                in_file=name in configuration.in_file,
            )
        )
    return infos


def resolve_endpoint(name: str | None = None) -> ModelEndpoint:
    """The endpoint called `name` (default: SHOPAGENT_MODEL, the file's `default`, else offline).

    Raises:
        ConfigError: for an unknown name, a missing key or model, or a malformed file.
    """
    configuration = load_configuration()
    name = name or default_name(configuration)
    if name == OFFLINE:
        return offline_endpoint()
    config = configuration.endpoints.get(name)
    if config is None:
        raise ConfigError(f"Unknown model {name!r}. " + _known_names(name, configuration.endpoints))
    env = configuration.settings
    key = env.variable(config.api_key_env)
    if config.api_key_env and not key:
        raise ConfigError(
            f"Model {name!r} needs an API key: set {config.api_key_env} in your environment or in "
            "a .env file in this directory (never commit it). Or pick another with --model; "
            "`shopagent models` lists them."
        )
    model = env.variable(config.model_env) or config.model
    if not model:
        where = f"set {config.model_env}, or " if config.model_env else ""
        raise ConfigError(
            f"Model {name!r} names no model: {where}set `model` in [models.{name}] "
            f"of {CONFIG_FILE}."
        )
    base_url = env.variable(config.base_url_env) or config.base_url
    if not base_url:
        where = f"set {config.base_url_env}, or " if config.base_url_env else ""
        raise ConfigError(
            f"Model {name!r} has no URL: {where}set `base_url` in [models.{name}] of {CONFIG_FILE}."
        )
    prices = config.prices
    return ModelEndpoint(
        name=name,
        base_url=base_url,
        model=model,
        api_key=key,
        profile=PROFILES[config.profile],
        price_input=prices.input if prices else None,
        price_cached_input=prices.cached_input if prices else None,
        price_output=prices.output if prices else None,
        price_currency=prices.currency if prices else "USD",
        extra_body=config.extra_body,
        thinking=config.thinking,
        temperature=config.temperature,
        timeout_seconds=config.timeout,
        max_retries=config.max_retries,
        max_output_tokens=config.max_output_tokens,
    )


def client_for(endpoint: ModelEndpoint) -> ModelClient:
    """A model client for `endpoint`; the offline demo gets its in-process transport."""
    if endpoint.offline:
        import httpx2

        from agent.offline import OfflineTransport

        return ModelClient(endpoint, http_client=httpx2.Client(transport=OfflineTransport()))
    return ModelClient(endpoint)


class ModelClients:
    """Model clients by endpoint name, created on first use and shared (they are thread-safe)."""

    def __init__(
        self,
        endpoints: dict[str, ModelEndpoint] | None = None,
        factory: Callable[[ModelEndpoint], ModelClient] = client_for,
    ) -> None:
        self._endpoints = dict(endpoints or {})
        self._factory = factory
        self._clients: dict[str, ModelClient] = {}
        self._lock = threading.Lock()

    def endpoint(self, name: str | None) -> ModelEndpoint:
        """The endpoint called `name`: one given here, else from configuration."""
        if name is not None and name in self._endpoints:
            return self._endpoints[name]
        return resolve_endpoint(name)

    def __call__(self, name: str) -> ModelClient:
        """The client for the endpoint called `name`."""
        with self._lock:
            if name not in self._clients:
                self._clients[name] = self._factory(self.endpoint(name))
            return self._clients[name]


def check_endpoint(name: str, *, timeout_seconds: float = 30.0) -> ProbeResult:
    """Send one tiny tool-calling round trip to the endpoint `name` (no retries)."""
    try:
        endpoint = resolve_endpoint(name)
    except ConfigError as exc:
        return ProbeResult(ok=False, detail=exc.message)
    endpoint = endpoint.model_copy(
        update={"max_retries": 0, "timeout_seconds": min(endpoint.timeout_seconds, timeout_seconds)}
    )
    return probe(client_for(endpoint))
