"""The graph's nodes: small module-level functions, the customer read once per turn."""

from __future__ import annotations

import inspect

import agent.nodes
from agent import ShoppingAgent, confirmation, graph, payment, waiting
from tests.agent.conftest import make_runtime
from tests.fake_provider import call, say


def test_every_node_is_a_module_level_function_of_state_runtime_and_parts():
    nodes = [graph.intake, graph.assistant, graph.tools, graph.wrap_up, confirmation.confirm]
    nodes += [payment.code, waiting.show_again]
    for node in nodes:
        assert list(inspect.signature(node).parameters) == ["state", "runtime", "parts"]


def test_the_customer_is_read_once_per_turn_not_at_every_step(shop, fake, monkeypatch):
    reads = []
    read = agent.nodes.read_shopper

    def counting(session, customer_id):
        reads.append(customer_id)
        return read(session, customer_id)

    monkeypatch.setattr(graph, "read_shopper", counting)
    monkeypatch.setattr(agent.nodes, "read_shopper", counting)
    fake.script(
        call("search_products", {"query": "running shoes"}),
        call("view_cart"),
        say("Here they are, and your cart is empty."),
    )
    shopper = ShoppingAgent("alice", model="fake", runtime=make_runtime(shop, fake))
    reply = shopper.send("running shoes, and what is in my cart?")

    assert [c.name for c in reply.tool_calls] == ["search_products", "view_cart"]
    assert reads == [shop.alice.id]  # three model calls and two tool steps, one read
    assert all("Customer: Alice." in r["messages"][0]["content"] for r in fake.requests)


def test_a_turns_bookkeeping_asks_the_store_once_for_each_fact(shop, fake):
    from sqlalchemy import event

    fake.script(say("Hello."), say("Hello again."))
    shopper = ShoppingAgent("alice", model="fake", runtime=make_runtime(shop, fake))
    shopper.send("hi")  # the thread is claimed: what follows is a turn on the customer's own
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()).lower())

    event.listen(shop.engine, "before_cursor_execute", record)
    try:
        shopper.send("hi again")
    finally:
        event.remove(shop.engine, "before_cursor_execute", record)

    def count(prefix: str) -> int:
        return sum(s.startswith(prefix) for s in statements)

    # The customer read once (found, not checked again for the preferences); the lease taken
    # and given back; the owner read once, before the run; the thread touched once.
    assert count("select customer.") + count("select customer_1.") == 1
    assert count("insert into conversationturn") == count("delete from conversationturn") == 1
    assert sum(s.startswith("select") and "from conversation where" in s for s in statements) == 1
    assert count("update conversation ") == 1
