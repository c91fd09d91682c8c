"""Agent fixtures: a small shop on a SQLite file and a fake provider on localhost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from agent import AgentRuntime, ModelEndpoint, ShoppingAgent
from agent.config import ModelClients
from agent.providers import GENERIC
from tests.fake_provider import FakeProvider
from tests.shop import Shop, build_shop


@pytest.fixture
def shop(sqlite_engine: Engine) -> Shop:
    """The small shop on a SQLite file, its customers with cards but no address."""
    return build_shop(sqlite_engine, addresses=False)


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with FakeProvider() as server:
        yield server


def fake_endpoint(base_url: str, **profile_changes) -> ModelEndpoint:
    return ModelEndpoint(
        name="fake",
        base_url=base_url,
        model="fake-model",
        api_key="test-key",
        profile=GENERIC.model_copy(update=profile_changes),
        max_retries=0,
        timeout_seconds=10,
    )


def make_runtime(shop: Shop, fake: FakeProvider, **profile_changes) -> AgentRuntime:
    clients = ModelClients({"fake": fake_endpoint(fake.base_url, **profile_changes)})
    return AgentRuntime(engine=shop.engine, clients=clients)


@pytest.fixture(params=["streamed", "not streamed"])
def runtime(request, shop: Shop, fake: FakeProvider) -> AgentRuntime:
    return make_runtime(shop, fake, streaming=request.param == "streamed")


@pytest.fixture
def agent(runtime: AgentRuntime) -> ShoppingAgent:
    return ShoppingAgent("alice", model="fake", runtime=runtime)
