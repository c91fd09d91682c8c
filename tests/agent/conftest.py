"""Agent fixtures: a small shop on a SQLite file and a fake provider on localhost."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from agent import AgentRuntime, ModelEndpoint, ShoppingAgent
from agent.config import ModelClients
from agent.providers import GENERIC
from store.db import init_db, make_engine
from store.models import Customer, Product
from tests.fake_provider import FakeProvider
from tests.store.factories import make_card, make_customer, make_product


@dataclass
class Shop:
    engine: Engine
    alice: Customer
    bob: Customer
    shoe: Product
    earbuds: Product


@pytest.fixture
def shop(tmp_path) -> Iterator[Shop]:
    engine = make_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    init_db(engine)
    with Session(engine, expire_on_commit=False) as s:
        alice = make_customer(s, "alice", name="Alice")
        bob = make_customer(s, "bob", name="Bob")
        make_card(s, alice)
        make_card(s, bob)
        shoe = make_product(
            s,
            title="Li-Ning running shoe",
            price=39900,
            stock=5,
            brand="Li-Ning",
            options_list=[{"size": "41"}, {"size": "42"}, {"size": "43"}],
        )
        earbuds = make_product(
            s, title="Anker wireless earbuds", price=19900, stock=20, brand="Anker"
        )
    yield Shop(engine, alice, bob, shoe, earbuds)
    engine.dispose()


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
