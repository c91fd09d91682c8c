"""A reply lists the calls of its own step; a resumed payment carries its arguments and a mark."""

from __future__ import annotations

import json

import store
from agent import AgentRuntime
from agent.scenarios import shop_template
from tests.agent.test_graph import script_purchase
from tests.fake_provider import say


def test_confirming_lists_the_resumed_payment_with_its_arguments(agent, fake, shop):
    script_purchase(fake, shop)
    first = agent.send("Running shoes under 500, size 42, buy them")
    waiting = first.tool_calls[-1]
    assert waiting.name == "pay_order" and waiting.ok is None and not waiting.resumed

    fake.script(say("Paid."))
    done = agent.confirm()
    (paid,) = done.tool_calls
    assert paid.resumed and paid.ok and paid.id == waiting.id
    assert json.loads(paid.arguments) == json.loads(waiting.arguments) != {}
    result = paid.view()
    assert (
        isinstance(result, store.PaymentResult) and result.status == store.PaymentStatus.succeeded
    )


def test_a_message_instead_of_confirming_lists_no_earlier_call(agent, fake, shop):
    script_purchase(fake, shop)
    agent.send("buy running shoes size 42")
    fake.script(say("OK, what else?"))
    reply = agent.send("actually, find me some socks instead")
    assert reply.tool_calls == []  # the abandoned pay_order is not a call of this step


def test_records_give_their_data_back_typed(agent, fake, shop):
    script_purchase(fake, shop)
    search, add, checkout, _pay = agent.send("buy running shoes size 42").tool_calls
    hits = search.view().products
    assert isinstance(hits[0], store.ProductHit) and hits[0].id == shop.shoe.id
    assert isinstance(add.view(), store.CartView) and add.view().item_count == 1
    assert isinstance(checkout.view(), store.OrderView)


def test_a_copy_of_the_seeded_demo_shop_resets_scripts_cheaply():
    with shop_template() as template:
        for _ in range(2):  # each copy starts from the same seeded shop
            with template.copy() as engine, AgentRuntime(engine=engine) as runtime:
                with store.session_scope(runtime.engine) as session:
                    hits = store.search_products(session, "running shoes", limit=3)
                    assert hits and hits[0].category_slug == "shoes"
                    alice = store.get_customer(session, "alice")
                    assert store.list_orders(session, customer_id=alice.id) == []
                    assert store.view_cart(session, customer_id=alice.id).lines == []
                    product = store.get_product(session, hits[0].id)
                    variant = next(v for v in product.variants if v.stock > 0)
                    store.add_to_cart(
                        session, customer_id=alice.id, product_id=product.id, variant_id=variant.id
                    )  # the next copy must not see it
