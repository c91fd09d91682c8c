"""A conversation belongs to one customer (finding 2), through the API, the CLI, the graph
(as LangGraph Server runs it), the app, and the store on SQLite and PostgreSQL.

A foreign thread is refused with a clear error: nothing of it is read, nothing appended.
"""

from __future__ import annotations

import threading

import pytest
from langgraph.types import Command
from typer.testing import CliRunner

import store
from agent import ShoppingAgent
from agent.context import Context
from agent.ownership import OWNER_CHECKED, OwnerChecked, owner_checked
from tests.agent.conftest import make_runtime
from tests.fake_provider import call, last_tool_result
from tests.store.factories import make_customer


@pytest.fixture
def runtime(shop, fake):
    return make_runtime(shop, fake, streaming=False)


@pytest.fixture
def alices_thread(runtime, fake, shop):
    """Alice's conversation, waiting on her payment card."""
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    fake.script(
        call("add_to_cart", {"product_id": shop.earbuds.id}),
        call("checkout", {}),
        lambda body: call("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]}),
    )
    assert agent.send("my secret address is 1 Alice Road").pending is not None
    return agent


def test_another_customer_cannot_open_the_thread(runtime, alices_thread):
    before = alices_thread.messages
    with pytest.raises(store.ForeignConversation, match="belongs to another customer"):
        ShoppingAgent("bob", model="fake", runtime=runtime, thread_id=alices_thread.thread_id)
    assert alices_thread.messages == before
    assert alices_thread.pending is not None, "her payment still waits for her"


def test_a_graph_run_for_another_customer_is_refused_before_anything_is_read(
    runtime,
    fake,
    shop,
    alices_thread,
):
    """What LangGraph Server does: run the graph with the run's context on a thread id."""
    config = {"configurable": {"thread_id": alices_thread.thread_id}}
    bob = Context(customer_id=shop.bob.id, model="fake")
    before, history = len(fake.requests), alices_thread.messages
    shown = alices_thread.pending
    with pytest.raises(store.ForeignConversation):
        runtime.graph.invoke(
            Command(resume={"confirm": True, "confirmation_token": shown.token}),
            config,
            context=bob,
        )
    with store.session_scope(shop.engine) as session:
        assert not store.list_orders(session, customer_id=shop.bob.id)
        (order,) = store.list_orders(session, customer_id=shop.alice.id)
        assert order.status == store.OrderStatus.awaiting_payment, "bob's resume paid nothing"
    assert alices_thread.pending is not None, "her payment still waits for her"

    with pytest.raises(store.ForeignConversation):
        runtime.graph.invoke({"incoming": "show me my orders"}, config, context=bob)
    assert len(fake.requests) == before, "her history never reached a model in bob's run"
    assert alices_thread.messages == history, "nothing appended to her conversation"


def test_only_the_graph_marks_a_run_whose_thread_it_found_the_customers(shop, alices_thread):
    """Nodes skip the store's owner check in a marked run: a mark in the config is not taken."""
    graph, thread_id = alices_thread.runtime.graph, alices_thread.thread_id
    forged = OwnerChecked(shop.bob.id, thread_id)
    config = {"configurable": {"thread_id": thread_id, OWNER_CHECKED: forged}}

    unnamed = graph._checked(config, None, lambda: True)  # no customer: the nodes check
    assert not owner_checked(unnamed, shop.bob.id)
    alices = graph._checked(config, Context(shop.alice.id, "fake"), lambda: True)
    assert owner_checked(alices, shop.alice.id) and not owner_checked(alices, shop.bob.id)
    new_thread = {"configurable": {"thread_id": "nobody-wrote-here"}}
    assert not owner_checked(
        graph._checked(new_thread, Context(shop.bob.id, "fake"), lambda: False), shop.bob.id
    ), "a new thread may still be claimed by someone else"
    with pytest.raises(store.ForeignConversation):
        graph._checked(config, Context(shop.bob.id, "fake"), lambda: True)


def _checkpoint(graph, config):
    """The thread's latest checkpoint: its id and the messages in it."""
    snapshot = graph.get_state(config)
    return snapshot.config["configurable"]["checkpoint_id"], snapshot.values["messages"]


def test_a_refused_foreign_run_leaves_the_owners_checkpoint_untouched(runtime, shop, alices_thread):
    """LangGraph writes a run's input before any node runs: the owner is checked before that."""
    config = {"configurable": {"thread_id": alices_thread.thread_id}}
    before = _checkpoint(runtime.graph, config)
    intruder = {"messages": [{"type": "human", "content": "show my cart, I am bob"}]}
    with pytest.raises(store.ForeignConversation):
        runtime.graph.invoke(intruder, config, context=Context(shop.bob.id, "fake"))
    assert _checkpoint(runtime.graph, config) == before, "no checkpoint written for bob's run"
    assert alices_thread.pending is not None


def test_a_refused_foreign_run_writes_nothing_through_astream_either(shop, fake, alices_thread):
    """LangGraph Server streams runs with `astream` and a context given as a dict."""
    import asyncio

    from langgraph.checkpoint.memory import InMemorySaver

    from agent.graph import build_graph

    saver = InMemorySaver()
    graph = build_graph(
        engine=shop.engine,
        client_for=lambda _name: None,
        checkpointer=saver,  # never called
    )
    config = {"configurable": {"thread_id": alices_thread.thread_id}}
    graph.update_state(config, {"messages": alices_thread.history})  # her thread, on this saver
    before = _checkpoint(graph, config)

    async def run_as_bob() -> None:
        intruder = {"messages": [{"role": "user", "content": "show my cart, I am bob"}]}
        async for _ in graph.astream(intruder, config, context={"customer_id": shop.bob.id}):
            pass

    with pytest.raises(store.ForeignConversation):
        asyncio.run(run_as_bob())
    assert _checkpoint(graph, config) == before


def test_the_cli_refuses_another_customers_thread():
    from ui.cli import app

    alice = ShoppingAgent("alice", model="offline")
    alice.send("wireless earbuds under 300")
    result = CliRunner().invoke(
        app,
        ["chat", "--model", "offline", "--user", "bob", "--thread", alice.thread_id],
        input="show my cart\nexit\n",
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "belongs to another customer" in output
    assert "earbuds" not in output.lower()
    assert all(m["role"] != "user" or m["content"] != "show my cart" for m in alice.messages)


def test_claiming_a_thread_is_first_come_on_both_databases(engine):
    with store.session_scope(engine) as session:
        alice = make_customer(session, "alice").id
        bob = make_customer(session, "bob").id
    thread = "t-shared"
    winners: list[int] = []
    barrier = threading.Barrier(2)

    def claim(customer_id: int) -> None:
        barrier.wait()
        try:
            with store.session_scope(engine) as session:
                store.touch_conversation(
                    session,
                    customer_id=customer_id,
                    thread_id=thread,
                    first_message="hi",
                    model="m",
                )
            winners.append(customer_id)
        except store.ForeignConversation:
            pass

    threads = [threading.Thread(target=claim, args=(c,)) for c in (alice, bob)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    with store.session_scope(engine) as session:
        assert store.conversation_owner(session, thread) == winners[0]
        loser = bob if winners[0] == alice else alice
        with pytest.raises(store.ForeignConversation):
            store.require_own_conversation(session, customer_id=loser, thread_id=thread)
        assert [c.thread_id for c in store.list_conversations(session, customer_id=loser)] == []


def test_a_touch_moves_the_owners_thread_up_and_a_foreign_one_changes_nothing(engine):
    with store.session_scope(engine) as session:
        alice = make_customer(session, "alice").id
        bob = make_customer(session, "bob").id
    for thread, model in (("first", "m1"), ("second", "m2"), ("first", "m3")):
        with store.session_scope(engine) as session:
            store.touch_conversation(
                session, customer_id=alice, thread_id=thread, first_message=thread, model=model
            )
    with store.session_scope(engine) as session:
        with pytest.raises(store.ForeignConversation):
            store.touch_conversation(
                session, customer_id=bob, thread_id="second", first_message="x", model="bob's"
            )
    with store.session_scope(engine) as session:
        listed = store.list_conversations(session, customer_id=alice)
    assert [(c.thread_id, c.title, c.model) for c in listed] == [
        ("first", "first", "m3"),
        ("second", "second", "m2"),
    ], "the thread written in last comes first, keeping its title; bob's touch wrote nothing"


@pytest.mark.parametrize("thread_id", ["", "x" * 101, "a\x00b"])
def test_a_malformed_thread_id_is_a_clear_error(engine, thread_id):
    with store.session_scope(engine) as session:
        customer = make_customer(session, "alice").id
        with pytest.raises(store.InvalidRequest, match="conversation id"):
            store.require_own_conversation(session, customer_id=customer, thread_id=thread_id)


def test_the_app_never_opens_another_customers_thread():
    from tests.ui.test_app import click, keys, send, start

    alice = start()
    send(alice, "wireless earbuds under 300")
    click(alice, keys(alice, suffix="-add")[0])
    click(alice, "checkout")
    thread = alice.session_state["thread_id"]
    assert "confirm-payment" in keys(alice)

    bob = start()
    bob.selectbox(key="customer").select("bob").run()
    bob.session_state["thread_id"] = thread  # a pasted or guessed thread id
    bob.run()
    assert not bob.exception
    assert bob.session_state["thread_id"] != thread, "bob got a new conversation"
    assert any("belongs to another customer" in e.value for e in bob.error)
    assert "confirm-payment" not in keys(bob), "alice's card is not shown to bob"
    assert len(bob.chat_message) == 1, "only the welcome message"
