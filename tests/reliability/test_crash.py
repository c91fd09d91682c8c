"""A true history after a crash (finding 3): SIGKILL at every step of a purchase, then resume.

A real subprocess runs one step of the purchase against a SQLite store and checkpoints on disk
and is killed with SIGKILL at the point under test; this process then opens the same files.
Whatever the point, the resumed conversation answers every call with what the store says
happened, never asks to confirm a paid order, and never charges twice.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlmodel import Session, select

import store
from agent import AgentRuntime, ShoppingAgent
from agent.config import ModelClients
from store.models import Order, OrderStatus, Payment, PaymentStatus
from tests.agent.conftest import fake_endpoint
from tests.fake_provider import call, last_tool_result, say

ROOT = Path(__file__).resolve().parents[2]

# (where the child dies, which of its two steps: the purchase message or the confirmation)
KILL_POINTS = [
    ("before:add_to_cart", "send"),
    ("after:add_to_cart", "send"),
    ("after:checkout", "send"),
    ("after:payment_summary", "send"),
    ("none", "send"),  # it stops at the payment card; then the process goes away
    ("before:pay_order", "confirm"),
    ("after:pay_order", "confirm"),
]


def run_child(url: str, base_url: str, thread: str, action: str, kill: str) -> int:
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.purchase_child",
            url,
            base_url,
            thread,
            action,
            kill,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode in (0, -signal.SIGKILL), child.stderr
    return child.returncode


def tool_answers(agent: ShoppingAgent) -> dict[str, dict]:
    """Each call's name and its one answer (the test fails on a call answered twice or never)."""
    calls = {
        c["id"]: c["name"]
        for m in agent.messages
        if m["role"] == "assistant"
        for c in m.get("tool_calls") or []
    }
    answers: dict[str, dict] = {}
    for message in agent.messages:
        if message["role"] == "tool":
            assert message["tool_call_id"] not in answers, "a call answered twice"
            answers[message["tool_call_id"]] = message
    assert set(answers) == set(calls), "every call answered exactly once"
    return {calls[i]: json.loads(a["content"]) | {"ok": a["ok"]} for i, a in answers.items()}


@pytest.mark.parametrize(("kill", "step"), KILL_POINTS, ids=[k for k, _ in KILL_POINTS])
def test_sigkill_at_every_step_of_a_purchase_leaves_a_true_history(shop, fake, kill, step):
    url = shop.engine.url.render_as_string(hide_password=False)
    thread = uuid.uuid4().hex
    fake.script(
        call("add_to_cart", {"product_id": shop.earbuds.id}),
        call("checkout", {}),
        lambda body: call("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]}),
    )
    died = run_child(
        url, fake.base_url, thread, "send:buy the earbuds", kill if step == "send" else "none"
    )
    if step == "confirm":
        died = run_child(url, fake.base_url, thread, "confirm", kill)
    assert (died == -signal.SIGKILL) == (kill != "none")

    fake.queue.clear()
    fake.script(*[say("Here is where things stand.")] * 3)
    runtime = AgentRuntime(
        engine=shop.engine, clients=ModelClients({"fake": fake_endpoint(fake.base_url)})
    )
    agent = ShoppingAgent("alice", model="fake", thread_id=thread, runtime=runtime)
    with Session(shop.engine) as s:
        orders = s.exec(select(Order)).all()
        charged = [p for p in s.exec(select(Payment)) if p.status == PaymentStatus.succeeded]
    with store.session_scope(shop.engine) as session:
        cart = store.view_cart(session, customer_id=shop.alice.id)

    if charged:  # the charge committed just before the kill
        assert kill == "after:pay_order"
        assert agent.pending is None, "a paid order is never offered for confirmation again"
        payment = tool_answers(agent)["pay_order"]
        assert payment["ok"] and payment["payment"]["status"] == "succeeded"
        assert [o.status for o in orders] == [OrderStatus.paid]
    elif agent.pending is not None:  # the card was on screen: confirming now pays once
        assert kill in ("none", "before:pay_order")
        fake.script(say("paid"))
        agent.confirm(agent.pending)
    else:
        agent.send("did that work?")  # a new message closes what the crash left open
        answers = tool_answers(agent)
        took_effect = {"add_to_cart": bool(cart.lines or orders), "checkout": bool(orders)}
        for name, answer in answers.items():
            said_done = answer["ok"] or answer.get("error") == "done_before_restart"
            assert said_done == took_effect.get(name, False) or name == "pay_order", (name, answer)
        if "pay_order" in answers:
            assert not answers["pay_order"]["ok"]

    with Session(shop.engine) as s:
        charged = [p for p in s.exec(select(Payment)) if p.status == PaymentStatus.succeeded]
        orders = s.exec(select(Order)).all()
    assert len(charged) <= 1, "never charged twice"
    assert sum(o.status == OrderStatus.paid for o in orders) == len(charged)
    if kill in ("none", "before:pay_order", "after:pay_order"):
        assert len(charged) == 1
        assert tool_answers(agent)["pay_order"]["ok"]
    fake.script(say("ok"))
    assert agent.send("thanks").ok, "the conversation goes on"
