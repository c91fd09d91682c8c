"""Provider tests: presets resolved through real configuration, pointed at the fake provider."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent import AgentRuntime, ShoppingAgent
from agent.config import ModelClients, load_configuration, resolve_endpoint
from agent.model import ModelClient, ModelEndpoint
from store.settings import reset_settings
from tests.agent.conftest import Shop, shop  # noqa: F401 - registers the `shop` fixture
from tests.fake_provider import FakeProvider

PRESET_NAMES = list(load_configuration().endpoints)
ENV_VARIABLES = sorted(
    {
        variable
        for config in load_configuration().endpoints.values()
        for variable in (config.api_key_env, config.model_env, config.base_url_env)
        if variable
    }
    | {"SHOPAGENT_CONFIG", "SHOPAGENT_MODEL"}
)


@pytest.fixture(autouse=True)
def clean_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working directory and config directory, and no keys or choices from outside."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for variable in ENV_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    reset_settings()
    yield work
    reset_settings()


def toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


def write_config(path: Path, models: dict[str, dict[str, Any]], **top: Any) -> Path:
    lines = [f"{key} = {toml_value(value)}" for key, value in top.items()]
    for name, fields in models.items():
        lines.append(f"\n[models.{name}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in fields.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def preset_endpoint(
    name: str, base_url: str, monkeypatch: pytest.MonkeyPatch, **fields: Any
) -> ModelEndpoint:
    """The preset `name`, exactly as shipped, but served by the fake (via ./shopagent.toml)."""
    config = load_configuration().endpoints[name]
    if config.api_key_env:
        monkeypatch.setenv(config.api_key_env, "test-key")
    if config.model_env and not config.model:
        monkeypatch.setenv(config.model_env, "fake-model")
    write_config(
        Path.cwd() / "shopagent.toml",
        {name: {"base_url": base_url, "timeout": 5, "max_retries": 2, **fields}},
    )
    return resolve_endpoint(name)


class Sleeps(list[float]):
    """Records the waits between retries instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def runtime_for(on: Shop, endpoint: ModelEndpoint, sleeps: Sleeps | None = None) -> AgentRuntime:
    sleep = sleeps if sleeps is not None else Sleeps()
    clients = ModelClients({endpoint.name: endpoint}, factory=lambda e: ModelClient(e, sleep=sleep))
    return AgentRuntime(engine=on.engine, clients=clients)


def agent_for(on: Shop, endpoint: ModelEndpoint, sleeps: Sleeps | None = None) -> ShoppingAgent:
    """Alice's conversation with `endpoint`, over the shop `on`."""
    return ShoppingAgent("alice", model=endpoint.name, runtime=runtime_for(on, endpoint, sleeps))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def serve(profile: str) -> FakeProvider:
    return FakeProvider(profile)
