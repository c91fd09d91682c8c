"""On PostgreSQL the store and the conversation checkpoints live in the same database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from agent import AgentRuntime, ShoppingAgent
from agent.config import ModelClients
from store.db import init_db
from store.models import Order, OrderStatus
from tests.agent.conftest import fake_endpoint
from tests.agent.test_graph import script_purchase
from tests.conftest import _fresh_postgres
from tests.fake_provider import say
from tests.store.factories import make_card, make_customer, make_product

pytestmark = pytest.mark.postgres


def test_purchase_survives_a_restart_with_postgres_checkpoints(postgres_database, fake):
    engine = _fresh_postgres(postgres_database)
    init_db(engine)
    with Session(engine, expire_on_commit=False) as s:
        alice = make_customer(s, "alice")
        make_card(s, alice)
        shoe = make_product(
            s, title="Li-Ning running shoe", price=39900, stock=5, options_list=[{"size": "42"}]
        )

    def runtime() -> AgentRuntime:
        return AgentRuntime(
            engine=engine, clients=ModelClients({"fake": fake_endpoint(fake.base_url)})
        )

    first = ShoppingAgent("alice", model="fake", runtime=runtime())
    script_purchase(fake, SimpleNamespace(shoe=shoe))
    assert first.send("buy running shoes size 42").pending is not None
    assert type(first.runtime.checkpointer).__name__ == "PostgresSaver"

    again = ShoppingAgent("alice", model="fake", thread_id=first.thread_id, runtime=runtime())
    fake.script(say("paid"))
    assert again.confirm(again.pending).text == "paid"  # the restarted view shows, then confirms
    with Session(engine) as s:
        assert [o.status for o in s.exec(select(Order)).all()] == [OrderStatus.paid]
    engine.dispose()
