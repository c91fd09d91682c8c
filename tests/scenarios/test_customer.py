"""A simulated customer (a second fake endpoint) pursues a goal; the policy answers payments."""

from __future__ import annotations

import pytest

from agent import ConfigError
from agent.scenarios import run_scenarios
from tests.fake_provider import FakeProvider, call, say
from tests.scenarios.conftest import SEARCH_SHOES, add_first, endpoints, pay_latest, write

GOAL = """\
name: buys running shoes within budget
tags: [simulated, en]
customer: alice
goal: Running shoes in size 42, black, at most 500 yuan; buy them with my card.
success: {{order_status: paid, calls: [search_products, add_to_cart]}}
max_turns: 3
confirm_if: {{total_at_most: {limit}}}
"""


def script_shop(shop: FakeProvider) -> None:
    """The assistant's side: search, add, check out and ask to pay; then a closing word."""
    shop.script(
        SEARCH_SHOES,
        add_first({"size": "42", "color": "Black"}),
        call("checkout", {}),
        pay_latest,
        say("Done, your order is on its way."),
    )


def test_the_customer_reaches_a_paid_order(tmp_path):
    with FakeProvider() as shop, FakeProvider() as customer:
        script_shop(shop)
        customer.script(say("Hi! Running shoes, size 42, black, under 500 please. Buy them."))
        path = write(tmp_path, "goal.yaml", GOAL.format(limit=500))
        report = run_scenarios(
            [path],
            models=["shop"],
            user_model="customer",
            endpoints=endpoints(shop=shop, customer=customer),
        )
        (result,) = report.results
        assert result.passed, result.problems
        assert [turn.action for turn in result.turns] == [
            "Hi! Running shoes, size 42, black, under 500 please. Buy them.",
            "[confirm]",
        ]
        assert result.turns[0].tools == ["search_products", "add_to_cart", "checkout", "pay_order"]
        # The customer model saw its goal, and was asked once: success held after one message.
        (asked,) = customer.requests
        assert "at most 500 yuan" in asked["messages"][0]["content"]


def test_the_policy_declines_a_total_over_the_limit(tmp_path):
    with FakeProvider() as shop, FakeProvider() as customer:
        script_shop(shop)
        customer.script(say("Running shoes, size 42, black. Buy them."), say("DONE"))
        path = write(tmp_path, "goal.yaml", GOAL.format(limit=300))
        (result,) = run_scenarios(
            [path],
            models=["shop"],
            user_model="customer",
            endpoints=endpoints(shop=shop, customer=customer),
        ).results
        assert [turn.action for turn in result.turns][1] == "[decline]"
        assert not result.passed
        assert [str(f) for f in result.failures] == [
            "order_status: expected paid, got awaiting_payment at step 2"
        ]
        # The assistant's reply reached the customer as the other party's message.
        assert customer.requests[1]["messages"][-1] == {
            "role": "user",
            "content": "Done, your order is on its way.",
        }


def test_a_goal_without_a_customer_model_stops_before_playing(tmp_path):
    path = write(tmp_path, "goal.yaml", GOAL.format(limit=500))
    with pytest.raises(ConfigError, match="--user-model"):
        run_scenarios([path], models=["offline"])
