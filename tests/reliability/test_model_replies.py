"""What a model's reply can never do (finding 8 and the think-tag item of 13)."""

from __future__ import annotations

import pytest

from agent import ShoppingAgent
from agent.model.stream import ThinkSplitter
from tests.agent.conftest import make_runtime
from tests.fake_provider import cut_by_length, say


@pytest.mark.parametrize("streaming", [True, False], ids=["streamed", "not streamed"])
@pytest.mark.parametrize("arguments", ['{"order_id": 1}', '{"order_id": '], ids=["whole", "cut"])
def test_a_reply_cut_at_max_tokens_never_runs_its_tool_call(shop, fake, streaming, arguments):
    agent = ShoppingAgent(
        "alice", model="fake", runtime=make_runtime(shop, fake, streaming=streaming)
    )
    fake.script(cut_by_length("refund_order", arguments, content="Refunding now"))
    reply = agent.send("refund my order")
    assert not reply.ok and "length limit" in reply.error and "nothing was run" in reply.error
    assert reply.tool_calls == []
    assert all(not m.get("tool_calls") for m in agent.messages)
    fake.script(say("still here"))
    assert agent.send("hello?").text == "still here", "the thread stays usable"


def split(*chunks: str) -> tuple[str, str]:
    splitter = ThinkSplitter()
    parts = [p for chunk in chunks for p in splitter.feed(chunk)] + splitter.flush()
    text = "".join(t for kind, t in parts if kind == "text")
    return text, "".join(t for kind, t in parts if kind == "reasoning")


def test_a_literal_think_tag_in_an_answer_hides_nothing():
    text, reasoning = split("Use the ", "<thi", "nk> tag like this: <think>x</think>. Done.")
    assert text == "Use the <think> tag like this: <think>x</think>. Done."
    assert reasoning == ""


def test_reasoning_at_the_start_is_still_split_out():
    text, reasoning = split(
        "  <thi", "nk>plan the sea", "rch</th", "ink>\n\nHere are <think> shoes"
    )
    assert reasoning == "plan the search"
    assert text.strip() == "Here are <think> shoes"
