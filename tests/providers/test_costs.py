"""Usage and cost: provider-reported counts per profile, offline estimates, prices."""

from __future__ import annotations

import pytest

from agent.model import ModelEndpoint, Usage, describe_usage, read_usage
from agent.providers import PROFILES
from agent.tokens import count_tokens, estimate_prompt_tokens
from tests.fake_provider import FakeProvider, call, say
from tests.providers.conftest import agent_for, preset_endpoint


def priced(**prices) -> ModelEndpoint:
    return ModelEndpoint(
        name="p", base_url="http://x", model="m", profile=PROFILES["generic"], **prices
    )


def test_cost_bills_cached_tokens_at_the_cached_price():
    usage = Usage(prompt_tokens=1_000_000, cached_tokens=400_000, completion_tokens=100_000)
    endpoint = priced(
        price_input=2.0, price_cached_input=0.5, price_output=8.0, price_currency="CNY"
    )
    assert endpoint.cost(usage) == pytest.approx(0.6 * 2.0 + 0.4 * 0.5 + 0.1 * 8.0)
    assert priced(price_input=2.0, price_output=8.0).cost(usage) == pytest.approx(2.0 + 0.8)
    assert priced().cost(usage) is None


def test_usage_sums_costs_only_when_they_add_up():
    a = Usage(prompt_tokens=10, completion_tokens=1, cost=0.5, currency="USD")
    b = Usage(prompt_tokens=20, completion_tokens=2, cost=0.25, currency="USD")
    assert (a + b).cost == 0.75 and (Usage() + a + b).prompt_tokens == 30
    assert (a + Usage(prompt_tokens=1, cost=1.0, currency="CNY")).cost is None
    assert (a + Usage(prompt_tokens=1)).cost is None  # one unpriced call: no honest total
    assert (Usage() + a).cost == 0.5


@pytest.mark.parametrize(
    ("profile", "raw", "cached"),
    [
        (
            "openai",
            {
                "prompt_tokens": 9,
                "completion_tokens": 1,
                "prompt_tokens_details": {"cached_tokens": 4},
            },
            4,
        ),
        (
            "deepseek",
            {
                "prompt_tokens": 9,
                "completion_tokens": 1,
                "prompt_cache_hit_tokens": 5,
                "prompt_cache_miss_tokens": 4,
            },
            5,
        ),
        ("kimi", {"prompt_tokens": 9, "completion_tokens": 1, "cached_tokens": 3}, 3),
    ],
)
def test_cached_tokens_are_read_where_each_profile_reports_them(profile, raw, cached):
    assert read_usage(raw, PROFILES[profile]).cached_tokens == cached


def test_offline_estimate_counts_real_tokens():
    assert count_tokens("hello world") == 2
    messages = [
        {"role": "system", "content": "You help."},
        {"role": "user", "content": "跑鞋 42 码"},
    ]
    assert 10 < estimate_prompt_tokens(messages, []) < 30


def test_turns_without_reported_usage_are_estimated_and_priced(shop, monkeypatch):
    with FakeProvider("lmstudio") as fake:
        endpoint = preset_endpoint(
            "lmstudio",
            fake.base_url,
            monkeypatch,
            prices={"input": 1.0, "output": 2.0, "currency": "USD"},
        )
        agent = agent_for(shop, endpoint)
        fake.script(call("view_cart"), say("Your cart is empty."))
        reply = agent.send("what is in my cart?")
    usage = reply.usage
    assert (
        usage.estimated and usage.prompt_tokens > 500
    )  # two requests, each with every tool schema
    assert 5 < usage.completion_tokens < 40
    assert usage.cost == pytest.approx(
        (usage.prompt_tokens * 1.0 + usage.completion_tokens * 2.0) / 1e6
    )
    assert describe_usage(usage).endswith(f"(estimated) · {usage.cost:.6f} USD")
    stored = [m["usage"] for m in agent.messages if m["role"] == "assistant"]
    assert all(u["estimated"] and u["currency"] == "USD" for u in stored)
