"""Faults on the wire: each ends in a retry that succeeds or a clear error, and the thread
stays valid (the next message works). Waits between retries are recorded, not slept."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from agent import TextDelta
from agent.model import RETRY_NOTICE
from store.models import CartLine
from tests.agent.test_graph import assert_every_call_answered_once
from tests.fake_provider import (
    FakeProvider,
    call,
    cut_mid_tool_call,
    fail,
    hang,
    keep_alive_forever,
    rate_limited,
    say,
    truncated,
)
from tests.providers.conftest import agent_for, preset_endpoint

PROFILES = ["generic", "deepseek", "glm"]


def cart_lines(shop):
    with Session(shop.engine) as s:
        return [(line.variant_id, line.quantity) for line in s.exec(select(CartLine))]


def still_usable(agent, fake):
    fake.script(say("still here"))
    reply = agent.send("are you there?")
    assert reply.ok and reply.text == "still here"
    assert_every_call_answered_once(agent.messages)


def make_agent(shop, fake, monkeypatch, sleeps, **fields):
    name = "custom" if fake.profile == "generic" else fake.profile
    return agent_for(shop, preset_endpoint(name, fake.base_url, monkeypatch, **fields), sleeps)


@pytest.mark.parametrize("profile", PROFILES)
def test_429_with_retry_after_waits_as_told_then_succeeds(profile, shop, monkeypatch, sleeps):
    with FakeProvider(profile) as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        fake.script(rate_limited(retry_after="3"), say("hello"))
        assert agent.send("hi").text == "hello"
        assert sleeps == [3.0]
        still_usable(agent, fake)


@pytest.mark.parametrize("profile", PROFILES)
def test_429_without_retry_after_backs_off_then_succeeds(profile, shop, monkeypatch, sleeps):
    with FakeProvider(profile) as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        fake.script(rate_limited(), rate_limited(), say("hello"))
        assert agent.send("hi").text == "hello"
        first, second = sleeps
        assert 0.75 <= first <= 1.0 and 1.5 <= second <= 2.0  # 1 s doubling, up to 25 % jitter
        still_usable(agent, fake)


def test_retry_after_longer_than_we_wait_fails_at_once_with_the_wait(shop, monkeypatch, sleeps):
    with FakeProvider("openai") as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        fake.script(rate_limited(retry_after="600"))
        reply = agent.send("hi")
        assert not reply.ok and "wait 600 s" in reply.error and sleeps == []
        still_usable(agent, fake)


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_retried(status, shop, monkeypatch, sleeps):
    with FakeProvider("generic") as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        fake.script(fail(status, "upstream broke"), say("hello"))
        assert agent.send("hi").text == "hello"
        assert len(sleeps) == 1 and len(fake.requests) == 2


def test_server_errors_that_persist_end_in_a_clear_error(shop, monkeypatch, sleeps):
    with FakeProvider("generic") as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        fake.script(
            fail(503, "upstream broke"), fail(503, "upstream broke"), fail(503, "upstream broke")
        )
        reply = agent.send("hi")
        assert not reply.ok
        assert "server error (upstream broke)" in reply.error and "Tried 3 times" in reply.error
        still_usable(agent, fake)


@pytest.mark.parametrize("profile", PROFILES)
def test_read_timeout_is_retried(profile, shop, monkeypatch, sleeps):
    with FakeProvider(profile) as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps, timeout=0.5)
        fake.script(hang(), say("hello"))
        assert agent.send("hi").text == "hello"
        assert len(sleeps) == 1


def test_read_timeout_without_retries_is_a_clear_error(shop, monkeypatch, sleeps):
    with FakeProvider("generic") as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps, timeout=0.5, max_retries=0)
        fake.script(hang())
        reply = agent.send("hi")
        assert not reply.ok and "did not finish its reply within 0.5 s" in reply.error
        still_usable(agent, fake)


@pytest.mark.parametrize("profile", ["generic", "qwen", "glm", "ollama"])
def test_stream_cut_mid_tool_call_is_retried_and_runs_the_call_once(
    profile, shop, monkeypatch, sleeps
):
    with FakeProvider(profile) as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        arguments = {"product_id": shop.earbuds.id, "quantity": 1}
        fake.script(
            cut_mid_tool_call("add_to_cart", arguments),
            call("add_to_cart", arguments),
            say("added"),
        )
        reply = agent.send("add the earbuds")
        assert reply.text == "added"
        assert [c.name for c in reply.tool_calls] == ["add_to_cart"]
        assert [q for _, q in cart_lines(shop)] == [1]
        still_usable(agent, fake)


@pytest.mark.parametrize("profile", ["generic", "kimi"])
def test_stream_cut_mid_tool_call_without_retries_runs_nothing(profile, shop, monkeypatch, sleeps):
    with FakeProvider(profile) as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps, max_retries=0)
        fake.script(cut_mid_tool_call("add_to_cart", {"product_id": shop.earbuds.id}))
        reply = agent.send("add the earbuds")
        assert not reply.ok and "cut off" in reply.error and "nothing was run" in reply.error
        assert reply.tool_calls == [] and cart_lines(shop) == []
        assert all(not m.get("tool_calls") for m in agent.messages)
        still_usable(agent, fake)


def test_stream_ending_early_is_retried_and_readers_are_told(shop, monkeypatch, sleeps):
    with FakeProvider("generic") as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        fake.script(truncated("Hello the"), say("Hello there"))
        events = list(agent.stream("hi"))
    streamed = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert streamed.startswith("Hello the" + RETRY_NOTICE) and streamed.endswith("Hello there")
    assert events[-1].reply.text == "Hello there"


@pytest.mark.parametrize("profile", ["generic", "deepseek"])
def test_endless_keep_alive_stream_hits_the_deadline_then_retries(
    profile, shop, monkeypatch, sleeps
):
    with FakeProvider(profile) as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps, timeout=0.5, max_retries=1)
        fake.script(keep_alive_forever(), say("hello"))
        assert agent.send("hi").text == "hello"
        fake.script(keep_alive_forever(), keep_alive_forever())
        reply = agent.send("again")
        assert not reply.ok and "did not finish its reply within 0.5 s" in reply.error
        still_usable(agent, fake)


def test_auth_errors_are_not_retried(shop, monkeypatch, sleeps):
    with FakeProvider("generic") as fake:
        agent = make_agent(shop, fake, monkeypatch, sleeps)
        fake.script(fail(401, "Incorrect API key provided"))
        reply = agent.send("hi")
        assert not reply.ok and "refused the API key" in reply.error and sleeps == []
        still_usable(agent, fake)
