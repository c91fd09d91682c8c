"""`shopagent mcp` driven by the official MCP client, over stdio and streamable HTTP.

The server runs as a real process over the store in the test's home; the client is the SDK's
`ClientSession`, with an elicitation callback standing in for the human.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx2
import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client, types
from mcp.client.streamable_http import streamable_http_client
from sqlmodel import Session, select

from store import get_engine, view_cart
from store.models import Order, OrderStatus, Payment
from tests.servers import free_port, listening, running
from tools import REGISTRY

pytestmark = pytest.mark.slow

SHOPAGENT = [sys.executable, "-c", "from ui.cli import main; main()"]
Elicitation = Callable[[Any, types.ElicitRequestParams], Awaitable[types.ElicitResult]]


class Human:
    """Answers every elicitation the same way, and remembers what it was shown."""

    def __init__(self, action: str = "accept", content: dict[str, Any] | None = None) -> None:
        self.action = action
        self.content = {"confirm": True} if content is None and action == "accept" else content
        self.shown: list[str] = []

    async def __call__(self, context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.shown.append(params.message)
        return types.ElicitResult(action=self.action, content=self.content)  # type: ignore[arg-type]


def _env() -> dict[str, str]:
    return dict(os.environ)  # SHOPAGENT_HOME: the test's own store


@asynccontextmanager
async def stdio_session(customer: str = "alice", elicitation: Elicitation | None = None):
    params = StdioServerParameters(
        command=SHOPAGENT[0], args=[*SHOPAGENT[1:], "mcp", "--customer", customer], env=_env()
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicitation) as session:
            await session.initialize()
            yield session


@asynccontextmanager
async def http_session(url: str, token: str | None, elicitation: Elicitation | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx2.AsyncClient(headers=headers, timeout=120) as http:
        async with streamable_http_client(url, http_client=http) as (read, write):
            async with ClientSession(read, write, elicitation_callback=elicitation) as session:
                await session.initialize()
                yield session


async def call(session: ClientSession, name: str, **arguments: Any) -> tuple[bool, dict[str, Any]]:
    result = await session.call_tool(name, arguments)
    text = result.content[0].text  # type: ignore[union-attr]
    return not result.is_error, json.loads(text)


async def fill_cart(session: ClientSession) -> dict[str, Any]:
    """Find earbuds and put the first in the cart (its first variant if it has several)."""
    ok, found = await call(session, "search_products", query="wireless earbuds")
    assert ok and found["catalog_data"], found
    product_id = found["catalog_data"][0]["id"]
    ok, added = await call(session, "add_to_cart", product_id=product_id)
    if not ok:
        assert added["error"] == "variant_required", added
        variant = added["catalog_data"]["choices"][0]["variant_id"]
        ok, added = await call(session, "add_to_cart", product_id=product_id, variant_id=variant)
    assert ok and added["cart"]["items"] == 1, added
    return added["cart"]


async def fill_cart_and_check_out(session: ClientSession) -> int:
    """Fill the cart and check out: the new order's id."""
    await fill_cart(session)
    ok, order = await call(session, "checkout")
    assert ok and order["order"]["status"] == "awaiting_payment", order
    return int(order["order"]["order_id"])


def order_and_payments(order_id: int) -> tuple[OrderStatus, list[Payment]]:
    with Session(get_engine()) as s:
        order = s.get(Order, order_id)
        assert order is not None
        payments = list(s.exec(select(Payment).where(Payment.order_id == order_id)))
        return order.status, payments


async def resource(session: ClientSession, uri: str) -> dict[str, Any]:
    read = await session.read_resource(uri)  # type: ignore[arg-type]
    return json.loads(read.contents[0].text)  # type: ignore[union-attr]


# --- stdio --------------------------------------------------------------------------------------


def test_stdio_publishes_the_assistants_tools_with_their_schemas():
    async def main():
        async with stdio_session() as session:
            listed = (await session.list_tools()).tools
            resources = (await session.list_resources()).resources
            templates = (await session.list_resource_templates()).resource_templates
        return listed, resources, templates

    listed, resources, templates = anyio.run(main)
    assert [t.name for t in listed] == [t.name for t in REGISTRY]
    for published, tool in zip(listed, REGISTRY, strict=True):
        assert published.input_schema == tool.schema()["function"]["parameters"]
        assert published.description == tool.description
    assert [str(r.uri) for r in resources] == ["shop://cart"]
    assert [t.uri_template for t in templates] == ["shop://orders/{order_id}"]


def test_stdio_purchase_pays_after_the_human_accepts():
    human = Human("accept")

    async def main():
        async with stdio_session("alice", human) as session:
            order_id = await fill_cart_and_check_out(session)
            ok, paid = await call(session, "pay_order", order_id=order_id)
            order = await resource(session, f"shop://orders/{order_id}")
            cart = await resource(session, "shop://cart")
        return order_id, ok, paid, order, cart

    order_id, ok, paid, order, cart = anyio.run(main)
    assert ok and paid["payment"]["status"] == "succeeded", paid
    status, payments = order_and_payments(order_id)
    assert status == OrderStatus.paid and len(payments) == 1
    assert payments[0].idempotency_key.startswith("pay-")
    (shown,) = human.shown  # asked once, with the summary
    assert f"order #{order_id}" in shown and order["order"]["total"] in shown
    assert "Visa ···4242" in shown
    assert order["order"]["status"] == "paid" and cart["cart"]["items"] == 0


class Answers(Human):
    """Declines, cancels, then accepts without ticking the box: one answer per question."""

    answers = [("decline", None), ("cancel", None), ("accept", {"confirm": False})]

    async def __call__(self, context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.shown.append(params.message)
        action, content = self.answers[len(self.shown) - 1]
        return types.ElicitResult(action=action, content=content)  # type: ignore[arg-type]


def test_stdio_a_declined_elicitation_charges_nothing():
    human = Answers()

    async def main():
        results = {}
        async with stdio_session("alice", human) as session:
            for action, _ in human.answers:
                order_id = await fill_cart_and_check_out(session)
                results[order_id] = (action, await call(session, "pay_order", order_id=order_id))
        return results

    results = anyio.run(main)
    assert len(human.shown) == 3  # each was asked
    for order_id, (action, (ok, result)) in results.items():
        assert not ok and result["payment"]["status"] == "not_charged", (action, result)
        assert order_and_payments(order_id) == (OrderStatus.awaiting_payment, []), action


def test_stdio_a_client_without_elicitation_cannot_pay():
    async def main():
        async with stdio_session("alice", elicitation=None) as session:
            order_id = await fill_cart_and_check_out(session)
            ok, result = await call(session, "pay_order", order_id=order_id)
        return order_id, ok, result

    order_id, ok, result = anyio.run(main)
    assert not ok and result["payment"]["status"] == "not_charged", result
    message = result["payment"]["message"]
    assert "shopagent app" in message and "Pay" in message and str(order_id) in message
    assert order_and_payments(order_id) == (OrderStatus.awaiting_payment, [])


def test_stdio_a_refund_needs_the_humans_acceptance_too():
    """refund_order asks like pay_order: declined refunds nothing, accepted refunds once."""
    human = Human("accept")
    no = Human("decline")

    async def main():
        async with stdio_session("alice", human) as session:
            order_id = await fill_cart_and_check_out(session)
            await call(session, "pay_order", order_id=order_id)
        async with stdio_session("alice", no) as session:
            declined = await call(session, "refund_order", order_id=order_id)
        async with stdio_session("alice", elicitation=None) as session:
            unasked = await call(session, "refund_order", order_id=order_id)
        status_before = order_and_payments(order_id)[0]
        async with stdio_session("alice", human) as session:
            refunded = await call(session, "refund_order", order_id=order_id)
        return order_id, declined, unasked, status_before, refunded

    order_id, declined, unasked, status_before, refunded = anyio.run(main)
    for ok, answer in (declined, unasked):
        assert not ok and answer["refund"]["status"] == "not_refunded", answer
    assert status_before == OrderStatus.paid, "nothing refunded without the human's yes"
    assert f"Refund order #{order_id}?" in no.shown[0] and "Visa ···4242" in no.shown[0]
    assert refunded[0] and refunded[1]["order"]["status"] == "refunded", refunded
    assert order_and_payments(order_id)[0] == OrderStatus.refunded


def test_stdio_refuses_an_unknown_customer():
    async def main():
        async with stdio_session("nobody-here") as session:
            await session.list_tools()

    with pytest.raises(Exception):  # noqa: B017  (the server exits before the handshake)
        anyio.run(main)


# --- streamable HTTP ----------------------------------------------------------------------------


@pytest.fixture
def http_server(tmp_path):
    port = free_port()
    command = [*SHOPAGENT, "mcp", "--transport", "http", "--port", str(port)]
    with running(command, tmp_path / "mcp.log", listening(port), env=_env()):
        yield f"http://127.0.0.1:{port}/mcp"


def test_http_purchase_and_one_customer_cannot_touch_anothers(http_server):
    human = Human("accept")

    async def main():
        async with http_session(http_server, "demo-alice", human) as alice:
            order_id = await fill_cart_and_check_out(alice)
            ok, paid = await call(alice, "pay_order", order_id=order_id)
            assert ok and paid["payment"]["status"] == "succeeded", paid
            # A second order of alice's, left waiting, for bob to try.
            waiting = await fill_cart_and_check_out(alice)
            alice_cart = await fill_cart(alice)
        bob_human = Human("accept")
        async with http_session(http_server, "demo-bob", bob_human) as bob:
            tries = {
                "status": await call(bob, "get_order_status", order_id=waiting),
                "pay": await call(bob, "pay_order", order_id=waiting),
                "cancel": await call(bob, "cancel_order", order_id=waiting),
                "refund": await call(bob, "refund_order", order_id=order_id),
                "cart line": await call(
                    bob, "remove_from_cart", line_id=alice_cart["lines"][0]["line_id"]
                ),
            }
            bob_orders = await call(bob, "list_orders")
            bob_cart = await resource(bob, "shop://cart")
            with pytest.raises(Exception, match="order"):
                await resource(bob, f"shop://orders/{waiting}")
        return order_id, waiting, alice_cart, tries, bob_orders, bob_cart, bob_human

    order_id, waiting, alice_cart, tries, bob_orders, bob_cart, bob_human = anyio.run(main)
    assert order_and_payments(order_id)[0] == OrderStatus.paid
    for name, (ok, answer) in tries.items():
        assert not ok and answer["error"] == "not_found", (name, answer)
    assert bob_human.shown == []  # never asked to pay someone else's order
    assert bob_orders == (True, {"orders": []})
    assert bob_cart["cart"]["items"] == 0
    with Session(get_engine()) as s:  # alice's cart is as she left it
        assert view_cart(s, customer_id=1).item_count == alice_cart["items"] == 1
    assert order_and_payments(waiting) == (OrderStatus.awaiting_payment, [])
    assert order_and_payments(order_id)[0] == OrderStatus.paid  # bob's refund did nothing


def test_http_refuses_requests_without_a_customers_token(http_server):
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"},
        },
    }
    statuses = {}
    for token in (None, "demo-nobody", "not-a-token", "demo-alice"):
        headers = {"Accept": "application/json, text/event-stream"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = httpx2.post(http_server, json=body, headers=headers, timeout=60)
        statuses[token] = response.status_code
    assert statuses == {None: 401, "demo-nobody": 401, "not-a-token": 401, "demo-alice": 200}
