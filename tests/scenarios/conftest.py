"""Scenario-runner fixtures: fake endpoints and helpers that script a model over the demo shop."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.model import ModelEndpoint
from tests.agent.conftest import fake_endpoint
from tests.fake_provider import FakeProvider, Scripted, call, say


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with FakeProvider() as server:
        yield server


def endpoints(**servers: FakeProvider) -> dict[str, ModelEndpoint]:
    """Endpoints named as given, each on its fake server."""
    return {
        name: fake_endpoint(server.base_url).model_copy(update={"name": name})
        for name, server in servers.items()
    }


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tool_results(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every tool result of a request that is whole JSON (old ones come shortened)."""
    results = []
    for message in body["messages"]:
        if message["role"] == "tool":
            try:
                results.append(json.loads(message["content"]))
            except json.JSONDecodeError:
                continue
    return results


def first_found(body: dict[str, Any]) -> int:
    """The first product of the latest search the model saw (old results come shortened)."""
    for message in reversed(body["messages"]):
        found = re.search(r'"catalog_data":\[\{"id":(\d+)', message.get("content") or "")
        if message["role"] == "tool" and found:
            return int(found.group(1))
    raise AssertionError("no search result in the request")


def latest_order(body: dict[str, Any]) -> int:
    for result in reversed(tool_results(body)):
        if "order" in result:
            return int(result["order"]["order_id"])
    raise AssertionError("no order in the request")


def add_first(options: dict[str, str], quantity: int = 1):
    """A reply adding the first product found, with these options."""
    return lambda body: call(
        "add_to_cart", {"product_id": first_found(body), "quantity": quantity, "options": options}
    )


def pay_latest(body: dict[str, Any]) -> Scripted:
    return call("pay_order", {"order_id": latest_order(body)})


SEARCH_SHOES = call(
    "search_products", {"query": "running shoes", "category": "shoes", "max_price": 600}
)


def script_purchase(fake: FakeProvider) -> None:
    """The model's side of PURCHASE: search, remember, add two pairs, check out, pay."""
    fake.script(
        SEARCH_SHOES,
        say("Here are running shoes under 600."),
        call("remember_preference", {"key": "shoe size", "value": "42"}),
        say("Noted: size 42."),
        add_first({"size": "42", "color": "Black"}, quantity=2),
        say("Added two pairs."),
        call("checkout", {}),
        pay_latest,  # the run stops here until the human confirms
        say("Paid, thank you."),
    )


PURCHASE = """\
name: purchase
tags: [purchase, en]
customer: alice
steps:
  - say: running shoes under 600
    expect:
      tools: [search_products]
      calls: [search_products]
      no_calls: [add_to_cart]
      pending: nothing
      text_contains: [running shoes]
      reply_any: [HERE, nothing]
      reply_none: [sorry]
      shown: {min: 1, max: 5, max_price: 600, min_price: 100, category_any: [shoes],
              title_any: [Running, 跑步]}
  - say: remember my size is 42
    expect: {preference: {key_any: [shoe], value_contains: "42"}}
  - say: two pairs of the first in 42
    expect:
      cart: {lines: 1, quantity: 2, title_any: [Running], option: {size: "42"}}
  - say: check out
    expect: {calls: [checkout, pay_order], pending: confirm_payment, pending_method: "4242",
             order_status: awaiting_payment}
  - confirm: true
    expect: {calls: [pay_order], pending: nothing, order_status: paid, cart: {empty: true}}
"""

PURCHASE_EXPECTING_THE_OPPOSITE = """\
name: purchase, every expectation wrong
customer: alice
steps:
  - say: running shoes under 600
    expect:
      tools: [checkout]
      calls: [view_cart]
      no_calls: [search_products]
      pending: confirm_payment
      text_contains: [Running Shoes]
      reply_any: [sorry]
      reply_none: [here]
      shown: {none: true, max: 0, max_price: 100, min_price: 10000, category_any: [books],
              title_any: [Kettle]}
  - say: remember my size is 42
    expect: {preference: {key_any: [shoe], value_contains: "43"}}
  - say: two pairs of the first in 42
    expect:
      cart: {empty: true, lines: 2, quantity: 3, title_any: [Kettle], option: {size: "41"}}
  - say: check out
    expect: {pending_method: Alipay, order_status: paid}
  - confirm: true
    expect: {order_status: refunded, shown: {min: 1}}
"""
