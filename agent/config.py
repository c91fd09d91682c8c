"""Process settings of the agent and the model endpoints it can call."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.llm import ModelClient, ModelEndpoint
from agent.providers import GENERIC

OFFLINE = "offline"


class AgentSettings(BaseSettings):
    """Agent settings, from `SHOPAGENT_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="SHOPAGENT_", extra="ignore")

    model: str | None = None
    """Endpoint name to use when none is given; default: offline unless a key is configured."""

    max_steps: int = 8
    """Model calls allowed in one turn before the assistant wraps up."""

    history_token_budget: int = 6000
    """Rough token budget for the conversation sent to the model (system prompt excluded)."""


@lru_cache(maxsize=1)
def agent_settings() -> AgentSettings:
    """The process-wide agent settings (read once)."""
    return AgentSettings()


class ConfigError(ValueError):
    """A configuration problem, with a message that says how to fix it."""


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


def resolve_endpoint(name: str | None = None) -> ModelEndpoint:
    """The endpoint called `name` (default: SHOPAGENT_MODEL, else custom if OPENAI_* set, else offline).

    Raises:
        ConfigError: for an unknown name or a missing key.
    """
    name = name or agent_settings().model or ("custom" if os.environ.get("OPENAI_API_KEY") else OFFLINE)
    if name == OFFLINE:
        return offline_endpoint()
    if name == "custom":
        key = os.environ.get("OPENAI_API_KEY")
        if not key:
            raise ConfigError("Model 'custom' needs OPENAI_API_KEY (and OPENAI_BASE_URL, OPENAI_MODEL).")
        return ModelEndpoint(
            name="custom",
            base_url=os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1"),
            model=os.environ.get("OPENAI_MODEL", "gpt-5-mini"),
            api_key=key,
            profile=GENERIC,
        )
    raise ConfigError(f"Unknown model {name!r}. Known: {OFFLINE}, custom.")


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
