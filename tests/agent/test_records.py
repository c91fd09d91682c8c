"""Conversation records: typed once, checkpointed as such, read the same by the API and the UI."""

from __future__ import annotations

import logging

from agent import AssistantMessage, ShoppingAgent, ToolCallRecord, ToolResult, UserMessage
from agent.state import as_messages
from tests.agent.conftest import make_runtime
from tests.fake_provider import call, say
from ui.components.turns import split_turns


def test_records_survive_a_restart_typed_and_without_serializer_warnings(shop, fake, caplog):
    fake.script(call("view_cart"), say("Your cart is empty."))
    first = ShoppingAgent("alice", model="fake", runtime=make_runtime(shop, fake))
    first.send("what is in my cart?")

    with caplog.at_level(logging.WARNING):
        again = ShoppingAgent(
            "alice", model="fake", thread_id=first.thread_id, runtime=make_runtime(shop, fake)
        )
        history = again.history
    assert [type(m) for m in history] == [
        UserMessage,
        AssistantMessage,
        ToolResult,
        AssistantMessage,
    ]
    assert history[2].data["item_count"] == 0  # the tool's data, not its text for the model
    assert not [r for r in caplog.records if "unregistered type" in r.getMessage()]


def test_records_checkpointed_as_plain_dicts_still_read():
    old = [
        {"role": "user", "content": "hi"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"id": "c1", "name": "view_cart", "arguments": "{}"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 1},
        },
        {
            "role": "tool",
            "tool_call_id": "c1",
            "name": "view_cart",
            "content": "{}",
            "ok": True,
            "artifact": {"item_count": 0},
        },
    ]
    user, assistant, result = as_messages(old)
    assert isinstance(assistant, AssistantMessage) and assistant.usage.prompt_tokens == 3
    assert isinstance(result, ToolResult) and result.data == {"item_count": 0}


def test_the_reply_and_the_ui_turn_hold_the_same_tool_call_records(agent, fake, shop):
    fake.script(call("search_products", {"query": "running shoes"}), say("Here they are."))
    reply = agent.send("running shoes")

    (turn,) = split_turns(agent.history)
    assert all(isinstance(step, ToolCallRecord) for step in turn.steps)
    assert turn.steps == reply.tool_calls
    assert turn.product_ids == [shop.shoe.id]


def test_a_failed_tool_call_carries_its_error_as_data(agent, fake):
    fake.script(call("get_product_details", {"product_id": 999_999}), say("Not found."))
    reply = agent.send("show product 999999")

    (record,) = reply.tool_calls
    assert record.ok is False and record.data["error"] == "not_found"
