"""One turn at a time per thread (finding 4): concurrent sends lose nothing, in any process."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

import store
from agent import ShoppingAgent
from agent.api import AgentRuntime
from agent.config import ModelClients
from store.models import ConversationTurn
from tests.agent.conftest import fake_endpoint
from tests.fake_provider import call, say
from tests.store.factories import make_customer


def test_ten_sends_at_once_on_one_thread_keep_every_message(shop, fake):
    runtime = AgentRuntime(
        engine=shop.engine, clients=ModelClients({"fake": fake_endpoint(fake.base_url)})
    )
    first = ShoppingAgent("alice", model="fake", runtime=runtime)
    fake.script(say("hello"))
    first.send("hi")

    def slow_add(_body):
        time.sleep(0.05)  # the model takes a moment: the turns would overlap without the lease
        return call("add_to_cart", {"product_id": shop.earbuds.id})

    fake.script(*[step for _ in range(10) for step in (slow_add, say("added"))])
    errors: list[BaseException] = []

    def send(number: int) -> None:
        agent = ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=first.thread_id)
        try:
            agent.send(f"message {number}")
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    users = [m["content"] for m in first.messages if m["role"] == "user"]
    assert sorted(users) == sorted(["hi", *[f"message {n}" for n in range(10)]])
    with store.session_scope(shop.engine) as session:
        (line,) = store.view_cart(session, customer_id=shop.alice.id).lines
    assert line.quantity == 10


def test_a_send_that_cannot_wait_is_refused_and_writes_nothing(shop, fake):
    runtime = AgentRuntime(
        engine=shop.engine,
        clients=ModelClients({"fake": fake_endpoint(fake.base_url)}),
        turn_wait_seconds=0.2,
    )
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    started = threading.Event()

    def slow(_body):
        started.set()
        time.sleep(1.5)
        return say("done")

    fake.script(slow)
    worker = threading.Thread(target=agent.send, args=("first",))
    worker.start()
    started.wait(5)
    other = ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=agent.thread_id)
    with pytest.raises(store.ConversationBusy, match="send it again"):
        other.send("second")
    worker.join()
    assert [m["content"] for m in agent.messages if m["role"] == "user"] == ["first"]


def test_the_lease_is_shared_by_processes_and_freed_when_its_holder_dies(engine):
    with store.session_scope(engine) as session:
        make_customer(session, "alice")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    here = store.new_turn_holder()
    host = here.split(":")[0]
    other_process = f"{host}:1:abc"  # pid 1 is alive and is not us
    dead_process = f"{host}:{dead.stdout.strip()}:abc"
    with store.session_scope(engine) as session:
        assert store.begin_turn(session, thread_id="t", holder=other_process, lease_seconds=30)
    with store.session_scope(engine) as session:
        assert not store.begin_turn(session, thread_id="t", holder=here, lease_seconds=30)
        store.end_turn(session, thread_id="t", holder=other_process)
    with store.session_scope(engine) as session:
        assert store.begin_turn(session, thread_id="t", holder=dead_process, lease_seconds=30)
    with store.session_scope(engine) as session:
        assert store.begin_turn(session, thread_id="t", holder=here, lease_seconds=30), (
            "a lease held by a process that exited is taken over at once"
        )
    with store.session_scope(engine) as session:
        assert store.begin_turn(session, thread_id="u", holder="elsewhere:9:x", lease_seconds=0)
    with store.session_scope(engine) as session:
        assert store.begin_turn(session, thread_id="u", holder=here, lease_seconds=30), (
            "a lease past its time is taken over"
        )


def _lease_expiry(engine, thread_id: str) -> float | None:
    with store.read_scope(engine) as session:
        row = session.get(ConversationTurn, thread_id, populate_existing=True)
        return row.expires_at if row is not None else None


def test_a_long_turn_keeps_its_lease_and_nothing_renews_it_after(engine, monkeypatch):
    import agent.turns as turns

    monkeypatch.setattr(turns, "LEASE_SECONDS", 0.3)  # renewed every 0.1 s
    with turns.TurnLease(engine, "long") as lease:
        first = _lease_expiry(engine, "long")
        assert first is not None
        give_up = time.monotonic() + 10
        while (_lease_expiry(engine, "long") or 0) <= first and time.monotonic() < give_up:
            time.sleep(0.05)
        assert (_lease_expiry(engine, "long") or 0) > first, "the lease was renewed in the turn"
    assert _lease_expiry(engine, "long") is None
    time.sleep(0.3)  # a renewal would have come by now
    assert _lease_expiry(engine, "long") is None
    assert lease._done
