"""The compiled graph, driven through the real openai SDK against the fake provider."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from agent import ShoppingAgent
from agent.api import typed_code
from store.models import Order, OrderStatus, Payment, PaymentStatus, Variant
from tests.agent.conftest import make_runtime
from tests.fake_provider import call, calls, last_tool_result, say


def pay_last_order(body):
    return call("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]})


def assert_every_call_answered_once(messages):
    """Each tool call id gets exactly one tool message, after its assistant message."""
    seen_calls, answers = [], []
    for message in messages:
        if message["role"] == "assistant":
            seen_calls += [c["id"] for c in message.get("tool_calls") or []]
        if message["role"] == "tool":
            assert message["tool_call_id"] in seen_calls, "tool message before its call"
            answers.append(message["tool_call_id"])
    assert sorted(answers) == sorted(seen_calls)


def stock_of(shop, product, size):
    with Session(shop.engine) as s:
        variants = s.exec(select(Variant).where(Variant.product_id == product.id)).all()
        return next(v.stock for v in variants if v.options.get("size") == size)


def orders_of(shop, customer):
    with Session(shop.engine) as s:
        return s.exec(select(Order).where(Order.customer_id == customer.id)).all()


def script_purchase(fake, shop):
    fake.script(
        call("search_products", {"query": "running shoes", "max_price": 500}),
        call("add_to_cart", {"product_id": shop.shoe.id, "options": {"size": "42"}}),
        call("checkout", {}),
        pay_last_order,
    )


def test_full_purchase_interrupts_then_charges_after_confirm(agent, fake, shop):
    script_purchase(fake, shop)
    reply = agent.send("Running shoes under 500, size 42, buy them")

    names = [c.name for c in reply.tool_calls]
    assert names == ["search_products", "add_to_cart", "checkout", "pay_order"]
    assert all(c.ok for c in reply.tool_calls[:3])
    assert reply.tool_calls[3].ok is None and reply.tool_calls[3].result is None  # awaits the human
    assert reply.pending is not None and reply.pending.kind == "confirm_payment"
    assert reply.pending.summary.total == 39900
    assert reply.pending.summary.lines[0].options == {"size": "42"}
    (order,) = orders_of(shop, shop.alice)
    assert order.status == OrderStatus.awaiting_payment  # nothing charged before the human
    assert stock_of(shop, shop.shoe, "42") == 5

    fake.script(lambda body: say(f"Paid: {last_tool_result(body)['payment']['status']}"))
    done = agent.confirm()

    assert done.text == "Paid: succeeded"
    assert done.pending is None
    assert [(c.name, c.ok) for c in done.tool_calls] == [("pay_order", True)]
    assert orders_of(shop, shop.alice)[0].status == OrderStatus.paid
    assert stock_of(shop, shop.shoe, "42") == 4
    assert_every_call_answered_once(agent.messages)
    # The search result kept its data for programs (product cards), not only the model's text.
    assert reply.tool_calls[0].data["products"][0]["id"] == shop.shoe.id


def test_wire_format_has_one_system_message_and_plain_tool_messages(agent, fake, shop):
    script_purchase(fake, shop)
    agent.send("buy running shoes size 42")
    fake.script(say("done"))
    agent.confirm()
    for body in fake.requests:
        roles = [m["role"] for m in body["messages"]]
        assert roles[0] == "system" and roles.count("system") == 1
        assert roles[1] == "user"
        for message in body["messages"]:
            assert "name" not in message or message["role"] != "tool"
            for tool_call in message.get("tool_calls") or []:
                json.loads(tool_call["function"]["arguments"])
    # The stable prefix: every request starts with the same system prompt and tool list.
    assert len({json.dumps(b["tools"]) for b in fake.requests}) == 1
    assert len({b["messages"][0]["content"] for b in fake.requests}) == 1


def test_decline_charges_nothing_and_tells_the_model(agent, fake, shop):
    script_purchase(fake, shop)
    agent.send("buy running shoes size 42")
    fake.script(lambda body: say(last_tool_result(body)["payment"]["status"]))
    reply = agent.decline()
    assert reply.text == "not_charged"
    assert orders_of(shop, shop.alice)[0].status == OrderStatus.awaiting_payment
    assert stock_of(shop, shop.shoe, "42") == 5
    assert_every_call_answered_once(agent.messages)


def test_a_hesitation_while_confirming_keeps_the_payment(agent, fake, shop):
    script_purchase(fake, shop)
    shown = agent.send("buy running shoes size 42").pending
    fake.script(say("Take your time."))
    reply = agent.send("actually, wait")
    assert reply.text == "Take your time."
    assert reply.pending is not None and reply.pending.token == shown.token
    fake.script(say("Paid."))
    assert agent.confirm(shown).pending is None
    assert orders_of(shop, shop.alice)[0].status == OrderStatus.paid
    assert_every_call_answered_once(agent.messages)


def test_a_new_purchase_while_confirming_abandons_the_payment(agent, fake, shop):
    script_purchase(fake, shop)
    agent.send("buy running shoes size 42")
    fake.script(say("OK, what else?"))
    reply = agent.send("find me some earbuds instead")
    assert reply.text.endswith("OK, what else?") and "nothing was charged" in reply.text
    assert reply.pending is None
    assert orders_of(shop, shop.alice)[0].status == OrderStatus.awaiting_payment
    assert_every_call_answered_once(agent.messages)
    pay_answer = [m for m in agent.messages if m.get("name") == "pay_order"][0]
    assert json.loads(pay_answer["content"])["payment"]["status"] == "not_charged"


def test_pay_order_twice_in_one_reply_charges_once(agent, fake, shop):
    fake.script(
        call("add_to_cart", {"product_id": shop.earbuds.id}),
        call("checkout", {}),
        lambda body: calls(
            ("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]}),
            ("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]}),
        ),
    )
    reply = agent.send("buy the earbuds")
    assert reply.pending is not None
    fake.script(say("paid once"))
    done = agent.confirm()
    assert done.text == "paid once"
    second = done.tool_calls[-1]
    assert second.name == "pay_order" and not second.ok
    assert json.loads(second.result)["error"] == "invalid_state"
    with Session(shop.engine) as s:
        assert len(s.exec(select(Payment)).all()) == 1
    assert_every_call_answered_once(agent.messages)


def test_pay_order_for_another_customers_order_is_refused(runtime, fake, shop):
    bob = ShoppingAgent("bob", model="fake", runtime=runtime)
    fake.script(
        call("add_to_cart", {"product_id": shop.earbuds.id}),
        call("checkout", {}),
        say("order placed"),
    )
    bob.send("buy earbuds")
    (bobs_order,) = orders_of(shop, shop.bob)

    alice = ShoppingAgent("alice", model="fake", runtime=runtime)
    fake.script(
        call("pay_order", {"order_id": bobs_order.id}),
        lambda body: say(last_tool_result(body)["error"]),
    )
    reply = alice.send("pay order for me")
    assert reply.text == "not_found"
    assert reply.pending is None
    assert orders_of(shop, shop.bob)[0].status == OrderStatus.awaiting_payment


def test_malformed_arguments_and_unknown_tool_become_tool_errors(agent, fake, shop):
    fake.script(
        call("add_to_cart", '{"product_id": 1,,,'),
        call("buy_everything", {}),
        call("add_to_cart", {"product_id": "not a number"}),
        lambda body: say(last_tool_result(body)["error"]),
    )
    reply = agent.send("buy")
    errors = [json.loads(c.result)["error"] for c in reply.tool_calls]
    assert errors == ["invalid_arguments", "unknown_tool", "invalid_arguments"]
    assert "not valid JSON" in json.loads(reply.tool_calls[0].result)["message"]
    assert "search_products" in json.loads(reply.tool_calls[1].result)["message"]
    assert reply.text == "invalid_arguments"
    assert_every_call_answered_once(agent.messages)


def test_restart_during_pending_confirmation_resumes_and_pays_once(shop, fake):
    first = ShoppingAgent("alice", model="fake", runtime=make_runtime(shop, fake))
    script_purchase(fake, shop)
    assert first.send("buy running shoes size 42").pending is not None
    thread = first.thread_id
    first.runtime.checkpointer.conn.close()  # the process "dies"

    again = ShoppingAgent("alice", model="fake", thread_id=thread, runtime=make_runtime(shop, fake))
    assert again.pending is not None and again.pending.summary.total == 39900
    fake.script(say("paid"))
    assert again.confirm().text == "paid"
    with pytest.raises(RuntimeError):
        again.confirm()  # nothing pending any more: no second charge
    with Session(shop.engine) as s:
        payments = s.exec(select(Payment)).all()
    assert [p.status for p in payments] == [PaymentStatus.succeeded]
    assert_every_call_answered_once(again.messages)


def test_step_budget_ends_with_a_polite_answer(shop, fake, monkeypatch):
    from store.settings import reset_settings

    monkeypatch.setenv("SHOPAGENT_MAX_STEPS", "2")
    reset_settings()
    try:
        agent = ShoppingAgent("alice", model="fake", runtime=make_runtime(shop, fake))
    finally:
        reset_settings()
    fake.script(call("view_cart"), call("view_cart"))
    reply = agent.send("loop forever")
    assert "steps" in reply.text
    assert len(fake.requests) == 2
    assert_every_call_answered_once(agent.messages)


def test_model_error_leaves_thread_usable(agent, fake, shop):
    from tests.fake_provider import fail

    fake.script(fail(400, "bad things"))
    reply = agent.send("hello")
    assert not reply.ok and "bad things" in reply.error
    fake.script(say("hello again"))
    assert agent.send("hello?").text == "hello again"


def test_preferences_remembered_in_one_thread_reach_the_model_in_the_next(runtime, fake, shop):
    first = ShoppingAgent("alice", model="fake", runtime=runtime)
    fake.script(call("remember_preference", {"key": "shoe_size", "value": "42"}), say("noted"))
    first.send("my shoe size is 42")

    later = ShoppingAgent("alice", model="fake", runtime=runtime)  # a new conversation
    assert later.thread_id != first.thread_id
    fake.script(say("hi again"))
    later.send("hello")
    system = fake.requests[-1]["messages"][0]["content"]
    assert '"shoe_size": "42"' in system  # as data: one JSON object (issue 10, finding 11)
    assert len(fake.requests[-1]["messages"]) == 2  # nothing else of the old thread leaks in


def confirm_with_the_code_card(agent, fake, shop):
    """Check out with the card that asks for a one-time code and confirm: the code is asked."""
    from tests.store.factories import make_card

    with Session(shop.engine) as s:
        otp_card_id = make_card(s, shop.alice, "4000000000003220", is_default=False).id
    fake.script(
        call("add_to_cart", {"product_id": shop.earbuds.id}),
        call("checkout", {"payment_method_id": otp_card_id}),
        pay_last_order,
    )
    assert agent.send("buy earbuds with my other card").pending.kind == "confirm_payment"
    first = agent.confirm()
    assert first.pending is not None and first.pending.kind == "payment_code"
    fake.script(lambda body: say(last_tool_result(body)["payment"]["status"]))


@pytest.mark.parametrize(
    ("code", "status"), [("123", OrderStatus.paid), ("999", OrderStatus.awaiting_payment)]
)
def test_a_card_asking_for_a_code_interrupts_again(agent, fake, shop, code, status):
    confirm_with_the_code_card(agent, fake, shop)
    assert orders_of(shop, shop.alice)[0].status == OrderStatus.awaiting_payment
    done = agent.confirm(code=code)
    assert done.pending is None
    assert orders_of(shop, shop.alice)[0].status == status
    assert_every_call_answered_once(agent.messages)


@pytest.mark.parametrize(
    "typed", ["123", "got the text, code is 123", "验证码是123", "the code: 123."]
)
def test_a_code_typed_in_the_chat_answers_the_code_prompt(agent, fake, shop, typed):
    confirm_with_the_code_card(agent, fake, shop)

    done = agent.send(typed)

    assert done.pending is None
    assert orders_of(shop, shop.alice)[0].status == OrderStatus.paid


@pytest.mark.parametrize("text", ["code? what code", "I didn't get a code", "where is it"])
def test_words_without_a_code_are_no_code(text):
    assert typed_code(text) is None
