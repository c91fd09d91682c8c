"""One test per failure mode of the provider notes (numbered as there), against the fake.

Each test drives the shipped preset against a fake that refuses what the real provider refuses,
and most carry a control: the same request without the handling, refused by the fake.
"""

from __future__ import annotations

import json

import pytest

from agent.model import ModelClient, ModelError, render_messages
from agent.model.stream import ToolCallMerger
from tests.agent.test_graph import assert_every_call_answered_once, script_purchase
from tests.fake_provider import (
    DEFAULT_REASONING,
    FakeProvider,
    call,
    calls,
    fail,
    keep_alive_forever,
    say,
)
from tests.providers.conftest import agent_for, preset_endpoint
from tools import REGISTRY

SYSTEM = {"role": "system", "content": "You are a shop assistant."}
USER = {"role": "user", "content": "show my cart"}


def tool_turn(
    call_id: str = "call_1",
    *,
    reasoning: str = "thinking",
    content: str = "",
    arguments: str = "{}",
) -> list[dict]:
    """A history that ends with one answered tool call."""
    return [
        USER,
        {
            "role": "assistant",
            "content": content,
            "reasoning": reasoning,
            "tool_calls": [{"id": call_id, "name": "view_cart", "arguments": arguments}],
        },
        {"role": "tool", "tool_call_id": call_id, "name": "view_cart", "content": "{}", "ok": True},
    ]


def without(endpoint, **profile_changes):
    """The endpoint with its profile's handling switched off (for controls)."""
    return endpoint.model_copy(
        update={"profile": endpoint.profile.model_copy(update=profile_changes)}
    )


def complete(endpoint, history, **kwargs):
    client = ModelClient(endpoint, sleep=lambda s: None)
    return client.complete(
        render_messages(SYSTEM, history, endpoint.profile), REGISTRY.schemas(), **kwargs
    )


def assistant_messages(body):
    return [m for m in body["messages"] if m["role"] == "assistant"]


# 1 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["deepseek", "kimi", "glm"])
def test_1_reasoning_goes_back_on_tool_call_turns(name, shop, monkeypatch):
    with FakeProvider(name) as fake:
        endpoint = preset_endpoint(name, fake.base_url, monkeypatch)
        agent = agent_for(shop, endpoint)
        fake.script(call("view_cart"), say("empty"))
        assert agent.send("my cart?").text == "empty"
        (echoed,) = assistant_messages(fake.requests[1])
        assert echoed["reasoning_content"] == DEFAULT_REASONING

        # Control: without the echo the provider answers 400.
        broken = agent_for(shop, without(endpoint, echo_reasoning=False))
        fake.script(call("view_cart"), say("never"))
        reply = broken.send("my cart?")
        assert not reply.ok and "reasoning_content" in reply.error


def test_1_minimax_think_block_stays_in_history_content(shop, monkeypatch):
    with FakeProvider("minimax") as fake:
        agent = agent_for(shop, preset_endpoint("minimax", fake.base_url, monkeypatch))
        fake.script(call("view_cart"), say("empty"))
        reply = agent.send("my cart?")
    assert reply.text == "empty" and reply.reasoning.startswith(DEFAULT_REASONING)
    (echoed,) = assistant_messages(fake.requests[1])
    assert echoed["content"].startswith("<think>") and DEFAULT_REASONING in echoed["content"]
    assert "<think>" not in agent.messages[1]["content"]


# 2 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("deepseek", {}),
        ("kimi", {}),
        ("qwen", {"thinking": True}),
        ("siliconflow", {"thinking": True}),
    ],
)
def test_2_forced_tool_choice_becomes_auto_while_thinking(name, fields, monkeypatch):
    with FakeProvider(name) as fake:
        endpoint = preset_endpoint(name, fake.base_url, monkeypatch, **fields)
        fake.script(call("view_cart"))
        turn = complete(endpoint, [USER], tool_choice="required")
        assert turn.tool_calls[0].name == "view_cart"
        assert fake.requests[-1]["tool_choice"] == "auto"

        fake.script(call("view_cart"))  # control: the provider refuses a forced choice
        with pytest.raises(ModelError, match="does not support this tool_choice"):
            complete(
                without(endpoint, forced_tool_choice_thinking=True), [USER], tool_choice="required"
            )


def test_2_forced_tool_choice_is_kept_when_thinking_is_off(monkeypatch):
    with FakeProvider("deepseek") as fake:
        endpoint = preset_endpoint("deepseek", fake.base_url, monkeypatch, thinking=False)
        fake.script(call("view_cart"))
        complete(endpoint, [USER], tool_choice="required")
    assert fake.requests[-1]["tool_choice"] == "required"
    assert fake.requests[-1]["thinking"] == {"type": "disabled"}


# 3 -----------------------------------------------------------------------------------------------


def test_3_qwen_thinking_is_always_streamed(monkeypatch):
    with FakeProvider("qwen") as fake:
        endpoint = preset_endpoint("qwen", fake.base_url, monkeypatch, thinking=True)
        endpoint = without(endpoint, streaming=False)
        fake.script(say("hi", reasoning="hmm"))
        turn = complete(endpoint, [USER])
        assert (turn.content, turn.reasoning) == ("hi", "hmm")
        assert fake.requests[-1]["stream"] is True and fake.requests[-1]["enable_thinking"] is True

        fake.script(say("hi"))
        with pytest.raises(ModelError, match="non-streaming"):
            complete(
                without(endpoint, streaming=False, stream_required_when_thinking=False), [USER]
            )


# 4, 5 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["qwen", "ollama", "glm", "openai"])
def test_4_5_parallel_calls_merge_whatever_the_chunk_shape(name, monkeypatch):
    """Qwen: id "" continuations, a repeated name, an empty fragment, interleaved indexes;
    Ollama: no index and no id; GLM: whole calls in the finish chunk."""
    with FakeProvider(name) as fake:
        endpoint = preset_endpoint(name, fake.base_url, monkeypatch)
        fake.script(
            calls(
                ("search_products", {"query": "running shoes", "max_price": 500}), ("view_cart", {})
            )
        )
        turn = complete(endpoint, [USER])
    assert [(c.name, json.loads(c.arguments)) for c in turn.tool_calls] == [
        ("search_products", {"query": "running shoes", "max_price": 500}),
        ("view_cart", {}),
    ]
    assert len({c.id for c in turn.tool_calls}) == 2 and all(turn.tool_calls[i].id for i in (0, 1))


def test_4_fragments_merge_by_index_not_id():
    merger = ToolCallMerger()
    merger.add({"index": 1, "id": "call_a", "function": {"name": "view_cart", "arguments": '{"a'}})
    merger.add({"index": 0, "function": {"arguments": '": 1}'}})  # index changed mid-call
    merger.add({"index": 0, "id": None, "function": {"name": None, "arguments": None}})
    merger.add({"index": 0, "id": "call_b", "function": {"name": "checkout", "arguments": "{}"}})
    assert [(c.id, c.name, c.arguments) for c in merger.calls()] == [
        ("call_a", "view_cart", '{"a": 1}'),
        ("call_b", "checkout", "{}"),
    ]


def test_4_calls_without_ids_get_ids_unique_across_turns(shop, monkeypatch):
    """Ids key the payment's idempotency: two id-less calls must never share one."""
    with FakeProvider("ollama") as fake:
        agent = agent_for(shop, preset_endpoint("ollama", fake.base_url, monkeypatch))
        fake.script(call("view_cart"), say("a"), call("view_cart"), say("b"))
        agent.send("cart?")
        agent.send("cart again?")
    ids = [c["id"] for m in agent.messages for c in m.get("tool_calls") or []]
    assert len(ids) == 2 and len(set(ids)) == 2


# 6 -----------------------------------------------------------------------------------------------


def test_6_kimi_ids_go_back_unchanged(shop, monkeypatch):
    with FakeProvider("kimi") as fake:
        endpoint = preset_endpoint("kimi", fake.base_url, monkeypatch)
        agent = agent_for(shop, endpoint)
        fake.script(call("search_products", {"query": "shoes"}), call("view_cart"), say("done"))
        assert agent.send("shoes").ok
        last = fake.requests[-1]["messages"]
        sent_ids = [c["id"] for m in last for c in m.get("tool_calls") or []]
        assert sent_ids == ["functions.search_products:0", "functions.view_cart:1"]
        assert [m["tool_call_id"] for m in last if m["role"] == "tool"] == sent_ids

        # Control: a rewritten id is refused.
        fake.script(say("never"))
        with pytest.raises(ModelError, match="not found"):
            complete(endpoint, tool_turn("call_rewritten"))


# 7 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["openai", "qwen", "kimi"])
def test_7_interrupted_calls_are_answered_before_the_next_message(name, shop, monkeypatch):
    with FakeProvider(name) as fake:
        endpoint = preset_endpoint(name, fake.base_url, monkeypatch)
        agent = agent_for(shop, endpoint)
        script_purchase(fake, shop)
        assert agent.send("buy running shoes size 42").pending is not None
        fake.script(say("OK, what else?"))  # a new purchase instead of confirming
        reply = agent.send("actually, find me some socks")
        assert "aside" in reply.text and reply.text.endswith("OK, what else?")
        assert_every_call_answered_once(agent.messages)

        fake.script(say("never"))  # control: a hole after a tool call is refused
        with pytest.raises(ModelError, match="tool_call"):
            complete(endpoint, [*tool_turn()[:2], {"role": "user", "content": "hi"}])


# 8 -----------------------------------------------------------------------------------------------


def test_8_ollama_gets_empty_string_content(monkeypatch):
    with FakeProvider("ollama") as fake:
        endpoint = preset_endpoint("ollama", fake.base_url, monkeypatch)
        fake.script(say("ok"))
        assert complete(endpoint, tool_turn()).content == "ok"
        assert assistant_messages(fake.requests[-1])[0]["content"] == ""

        fake.script(say("never"))
        with pytest.raises(ModelError, match="<nil>"):
            complete(without(endpoint, empty_assistant_content="null"), tool_turn())


# 9, 10 -------------------------------------------------------------------------------------------


def test_9_10_tool_messages_carry_no_name_and_arguments_are_json(shop, monkeypatch):
    with FakeProvider("vllm") as fake:
        agent = agent_for(shop, preset_endpoint("vllm", fake.base_url, monkeypatch))
        fake.script(call("add_to_cart", '{"product_id": 1,,,'), call("view_cart", ""), say("ok"))
        assert agent.send("add it").text == "ok"
        last = fake.requests[-1]["messages"]
    assert all("name" not in m for m in last if m["role"] == "tool")
    assert any(m.get("name") for m in agent.messages if m["role"] == "tool")  # kept for programs
    assert [c["function"]["arguments"] for m in last for c in m.get("tool_calls") or []] == [
        "{}",
        "{}",
    ]

    with FakeProvider("vllm") as fake:  # controls: what the renderer avoids is refused
        endpoint = preset_endpoint("vllm", fake.base_url, monkeypatch)
        client = ModelClient(endpoint)
        wire = render_messages(SYSTEM, tool_turn(), endpoint.profile)
        named = [dict(m, name="view_cart") if m["role"] == "tool" else m for m in wire]
        fake.script(say("never"), say("never"))
        with pytest.raises(ModelError, match='"name" is not supported'):
            client.complete(named, REGISTRY.schemas())
        bad_arguments = json.loads(json.dumps(wire))
        bad_arguments[2]["tool_calls"][0]["function"]["arguments"] = ""
        with pytest.raises(ModelError, match="Expecting value"):
            client.complete(bad_arguments, REGISTRY.schemas())


# 11 ----------------------------------------------------------------------------------------------


def test_11_one_system_message_first_and_a_user_message(shop, monkeypatch):
    with FakeProvider("vllm") as fake:
        endpoint = preset_endpoint("vllm", fake.base_url, monkeypatch)
        agent = agent_for(shop, endpoint)
        script_purchase(fake, shop)
        agent.send("buy running shoes size 42")
        for body in fake.requests:
            roles = [m["role"] for m in body["messages"]]
            assert roles[0] == "system" and roles.count("system") == 1 and "user" in roles
        fake.script(say("never"))
        with pytest.raises(ModelError, match="System message must be at the beginning"):
            ModelClient(endpoint).complete([SYSTEM, USER, SYSTEM], [])
    with FakeProvider("glm") as fake:
        endpoint = preset_endpoint("glm", fake.base_url, monkeypatch)
        fake.script(say("never"))
        with pytest.raises(ModelError, match="user message"):
            ModelClient(endpoint).complete([SYSTEM], [])


# 12 ----------------------------------------------------------------------------------------------


def test_12_token_limit_temperature_and_tool_options_per_profile(monkeypatch):
    with FakeProvider("openai") as fake:
        endpoint = preset_endpoint("openai", fake.base_url, monkeypatch, max_output_tokens=300)
        fake.script(say("ok"))
        complete(endpoint, [USER], tool_choice="required")
        assert (
            fake.requests[-1]["max_completion_tokens"] == 300
            and "max_tokens" not in fake.requests[-1]
        )
        fake.script(say("never"))
        with pytest.raises(ModelError, match="max_completion_tokens"):
            complete(without(endpoint, max_tokens_param="max_tokens"), [USER])
        fake.script(say("ok"))
        ModelClient(endpoint).complete([SYSTEM, USER], [], tool_choice="required")
        assert "tool_choice" not in fake.requests[-1]  # never without tools
    with FakeProvider("kimi") as fake:
        endpoint = preset_endpoint("kimi", fake.base_url, monkeypatch, temperature=0.3)
        fake.script(say("ok"))
        complete(endpoint, [USER])
        assert fake.requests[-1]["temperature"] == 1.0
        fake.script(say("never"))
        with pytest.raises(ModelError, match="temperature"):
            complete(without(endpoint, fixed_temperature=None), [USER])


# 13 ----------------------------------------------------------------------------------------------


def test_13_tool_names_are_specific_enough_for_qwen(monkeypatch):
    names = [schema["function"]["name"] for schema in REGISTRY.schemas()]
    assert "search" not in names and "search_products" in names
    with FakeProvider("qwen") as fake:
        endpoint = preset_endpoint("qwen", fake.base_url, monkeypatch)
        fake.script(say("ok"), say("never"))
        assert complete(endpoint, [USER]).content == "ok"
        generic = {
            "type": "function",
            "function": {"name": "search", "parameters": {"type": "object"}},
        }
        with pytest.raises(ModelError, match="reserved"):
            ModelClient(endpoint).complete([SYSTEM, USER], [generic])


# 14 ----------------------------------------------------------------------------------------------


def test_14_keep_alive_comments_do_not_hold_a_call_past_its_deadline(shop, monkeypatch):
    with FakeProvider("deepseek") as fake:
        endpoint = preset_endpoint(
            "deepseek", fake.base_url, monkeypatch, timeout=0.5, max_retries=0
        )
        agent = agent_for(shop, endpoint)
        fake.script(keep_alive_forever())
        reply = agent.send("hello")
        assert not reply.ok and "did not finish its reply within 0.5 s" in reply.error
        fake.script(say("back"))
        assert agent.send("hello again").text == "back"


# 15 ----------------------------------------------------------------------------------------------

ENVELOPES = ["openai", "deepseek", "qwen", "kimi", "glm", "siliconflow"]


@pytest.mark.parametrize("name", ENVELOPES)
def test_15_rate_limits_and_overload_are_retried_quota_is_not(name, monkeypatch):
    from tests.fake_provider import overloaded, quota_exhausted, rate_limited

    with FakeProvider(name) as fake:
        endpoint = preset_endpoint(name, fake.base_url, monkeypatch)
        waits: list[float] = []
        client = ModelClient(endpoint, sleep=waits.append)
        fake.script(rate_limited(), overloaded(), say("fine"))
        assert client.complete([SYSTEM, USER], []).content == "fine"
        assert len(waits) == 2

        fake.script(quota_exhausted(), say("never"))
        with pytest.raises(ModelError) as raised:
            client.complete([SYSTEM, USER], [])
        assert raised.value.kind == "quota" and "Top up" in raised.value.message
        assert len(fake.requests) == 4 and len(waits) == 2  # asked once, no retry


@pytest.mark.parametrize("name", ["openai", "kimi", "glm"])
def test_15_errors_inside_a_stream_are_classified_by_their_code(name, monkeypatch):
    """After a 200 the status says nothing: only the envelope's code tells overload from quota."""
    from tests.fake_provider import stream_error

    with FakeProvider(name) as fake:
        waits: list[float] = []
        client = ModelClient(preset_endpoint(name, fake.base_url, monkeypatch), sleep=waits.append)
        fake.script(stream_error("overloaded"), say("fine"))
        assert client.complete([SYSTEM, USER], []).content == "fine" and len(waits) == 1
        if name != "openai":  # OpenAI reports quota before streaming, never inside a stream
            fake.script(stream_error("quota"), say("never"))
            with pytest.raises(ModelError) as raised:
                client.complete([SYSTEM, USER], [])
            assert raised.value.kind == "quota" and len(waits) == 1


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("qwen", "<400> InternalError.Algo: the tools are wrong"),
        ("glm", "the tools are wrong"),
        ("siliconflow", "the tools are wrong"),
        ("kimi", "the tools are wrong"),
    ],
)
def test_15_request_errors_show_the_provider_message_and_are_not_retried(name, needle, monkeypatch):
    with FakeProvider(name) as fake:
        endpoint = preset_endpoint(name, fake.base_url, monkeypatch)
        fake.script(fail(400, "the tools are wrong"), say("never"))
        with pytest.raises(ModelError) as raised:
            complete(endpoint, [USER])
    assert raised.value.kind == "bad_request" and needle in raised.value.message
    assert len(fake.requests) == 1


# 16 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message", "hint"),
    [
        ("ollama", "registry.ollama.ai/library/gemma3:1b does not support tools", "tool support"),
        (
            "vllm",
            '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser '
            "to be set",
            "--tool-call-parser",
        ),
    ],
)
def test_16_local_servers_without_tools_say_what_to_change(name, message, hint, shop, monkeypatch):
    with FakeProvider(name) as fake:
        agent = agent_for(shop, preset_endpoint(name, fake.base_url, monkeypatch))
        fake.script(fail(400, message))
        reply = agent.send("hello")
        assert not reply.ok and message in reply.error and hint in reply.error
        fake.script(say("works now"))
        assert agent.send("hello").text == "works now"


def test_16_llamacpp_never_gets_a_forced_tool_choice(monkeypatch):
    with FakeProvider("llamacpp") as fake:
        endpoint = preset_endpoint("llamacpp", fake.base_url, monkeypatch)
        fake.script(call("view_cart"))
        complete(
            endpoint, [USER], tool_choice={"type": "function", "function": {"name": "view_cart"}}
        )
    assert fake.requests[-1]["tool_choice"] == "auto"
