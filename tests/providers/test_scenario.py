"""The purchase scenario against every preset, each served by a fake with that provider's quirks."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from agent.config import load_configuration
from store.models import Order, OrderStatus
from tests.agent.test_graph import assert_every_call_answered_once, script_purchase, stock_of
from tests.fake_provider import DEFAULT_REASONING, FakeProvider, last_tool_result, say
from tests.providers.conftest import PRESET_NAMES, agent_for, preset_endpoint

THINKING = {"deepseek", "kimi", "glm", "minimax"}
NO_USAGE = {"lmstudio"}


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "not-streamed"])
@pytest.mark.parametrize("name", PRESET_NAMES)
def test_purchase_works_against_every_preset(name, streamed, shop, monkeypatch):
    config = load_configuration().endpoints[name]
    with FakeProvider(config.profile) as fake:
        endpoint = preset_endpoint(name, fake.base_url, monkeypatch)
        if not streamed:
            endpoint = endpoint.model_copy(
                update={"profile": endpoint.profile.model_copy(update={"streaming": False})}
            )
        agent = agent_for(shop, endpoint)
        script_purchase(fake, shop)
        reply = agent.send("Running shoes under 500, size 42, buy them")

        assert reply.ok, reply.error
        assert [c.name for c in reply.tool_calls] == [
            "search_products",
            "add_to_cart",
            "checkout",
            "pay_order",
        ]
        assert all(c.ok for c in reply.tool_calls[:3]) and reply.tool_calls[3].ok is None
        assert reply.pending is not None and reply.pending.summary.total == 39900
        fake.script(lambda body: say(f"Paid: {last_tool_result(body)['payment']['status']}"))
        done = agent.confirm()

    assert done.ok, done.error
    assert done.text == "Paid: succeeded"
    with Session(shop.engine) as s:
        assert [o.status for o in s.exec(select(Order))] == [OrderStatus.paid]
    assert stock_of(shop, shop.shoe, "42") == 4
    assert_every_call_answered_once(agent.messages)

    # Usage as the provider reported it (or estimated), priced from the preset.
    usage = reply.usage + done.usage
    if name in NO_USAGE:
        assert usage.estimated and usage.prompt_tokens > 0 and usage.cached_tokens == 0
    else:
        assert not usage.estimated
        assert (usage.prompt_tokens, usage.cached_tokens, usage.completion_tokens) == (
            500,
            300,
            100,
        )
    if config.prices:
        assert usage.currency == config.prices.currency and usage.cost > 0
    else:
        assert usage.cost is None

    # Reasoning kept apart from the answer (MiniMax sends it inside content).
    if config.profile in THINKING:
        assert DEFAULT_REASONING in done.reasoning
    assert "<think>" not in done.text and DEFAULT_REASONING not in done.text
