"""The offline demo's understanding: numbers, budgets, quantities, methods, several requests.

Parsers are tested on their own; the payment method asked for goes through the whole agent
(the real graph, the offline model over the openai SDK, a SQLite shop).
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session

from agent import AgentRuntime, ShoppingAgent
from agent.offline.intents import split_clauses
from agent.offline.numbers import normalise
from agent.offline.slots import (
    catalog_words,
    find_new_quantity,
    find_quantity,
    parse_search,
    take_budget,
)
from store.models import PaymentMethod, PaymentMethodKind, Product
from tests.agent.conftest import Shop
from tests.store.factories import make_card, make_customer, make_product, variants_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两百以内的保温杯", "200以内的保温杯"),
        ("一千五以内的手机", "1500以内的手机"),
        ("平板 三千到五千之间的", "平板 3000到5000之间的"),
        ("农夫山泉来两箱", "农夫山泉来2箱"),
        ("第二个来两个", "第2个来2个"),
        ("预算八百", "预算800"),
        ("想买本三体", "想买本三体"),  # a numeral in a name is left alone
        ("一起买", "一起买"),
        ("robot vacuum under 2k", "robot vacuum under 2000"),
        ("half a dozen packs", "6 packs"),
        ("a couple of the sock packs", "2 of the sock packs"),
        ("1,500 yuan", "1500 yuan"),
        ("三四百块的音箱", "300-400元的音箱"),  # two neighbouring digits: a range
        ("两三千的相机", "2000-3000元的相机"),
    ],
)
def test_numbers_become_digits_where_they_count_or_price(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("earbuds under 500 bucks", None, 500),
        ("face serum, nothing over 300 though", None, 300),
        ("robot vacuum under 2k?", None, 2000),
        ("budget is somewhere between 2000 and 3000", 2000, 3000),
        ("something for my dog under 100 kuai", None, 100),
        ("两百以内的保温杯", None, 200),
        ("一千五以内的手机", None, 1500),
        ("500到1000的耳机", 500, 1000),
        ("不超过两百块的", None, 200),
        ("平板电脑 三千到五千之间的", 3000, 5000),
        ("两千块以下的扫地机器人", None, 2000),
        # a price named "about" is a band of ±25% around it, not a ceiling
        ("八百左右的跑鞋", 600, 1000),
        ("a blender, 400ish", 300, 500),
        ("电动牙刷 两三百的", 200, 300),
        ("想买个吹风机，三百块上下", 225, 375),
        ("差不多五百的耳机", 375, 625),
        ("预算一千左右", 750, 1250),
        ("a kettle around 200", 150, 250),
        ("speaker for roughly 400 bucks", 300, 500),
        ("~600 for a monitor", 450, 750),
        ("about 2 pairs of socks", None, None),  # a count, not a price
        ("一千以上的手机", 1000, None),
        ("bluetooth speaker bellow 150", None, 150),  # a bound word one slip off
        ("a tent withn 800 pls", None, 800),
        ("phones abov 3000", 3000, None),
        ("order 300 cups", None, None),  # two slips off "under": not a bound
    ],
)
def test_budgets_in_both_languages(text, low, high):
    budget, _ = take_budget(normalise(text))
    assert (budget.min_price, budget.max_price) == (low, high)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("add 3 of the hot wheels packs", 3),
        ("throw a couple of the li-ning sock packs in my cart", 2),
        ("half a dozen packs of the beef noodles", 6),
        ("2 uno decks", 2),
        ("农夫山泉来两箱", 2),
        ("伊利纯牛奶 给我来三箱", 3),
        ("卫龙辣条20包的那种 拿5袋", 5),  # the pack size is not the quantity
        ("费列罗巧克力 两盒", 2),
        ("running shoes, 42码", None),  # a size is not a quantity
    ],
)
def test_quantities_in_words_and_numerals(text, quantity):
    assert find_quantity(normalise(text)) == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("make it 3", 3),
        ("actually make that 3", 3),
        ("make them two", 2),
        ("hmm too many, just 1", 1),
        ("牛奶改成两箱吧", 2),
        ("change it to one", 1),
    ],
)
def test_new_quantities(text, quantity):
    assert find_new_quantity(normalise(text)) == quantity


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        ("find a kettle under 200 and add the cheapest to my cart", ["search", "add"]),
        ("搜一下豆腐猫砂 来两包 然后直接结账", ["search", "add", "checkout"]),
        ("小米手环9 粉色 来一个 直接下单 微信付", ["add_named", "checkout"]),
        ("remember I'm a size 44 in shoes, then show me basketball shoes", ["remember", "search"]),
        ("what's in my cart rn? also add a uno deck", ["cart", "add_named"]),
        ("add the li-ning chitu 7 in black, but in 44 this time", ["add_named"]),
        ("need a new phone, budget is somewhere between 2000 and 3000", ["search"]),
        ("is shipping free?", ["chat"]),
        ("actually make that 3", ["update"]),
        ("cool, ring it up", ["checkout"]),
        ("fyi im a 44 in sneakers", ["remember"]),
        ("我平时穿41码", ["remember"]),
        ("我想要一个蓝牙音箱 放购物车", ["search", "add"]),
        ("how does the first differ from the third", ["compare"]),
    ],
)
def test_a_message_is_split_into_its_requests(text, intents):
    clauses = split_clauses(normalise(text))
    assert [c.intent.name if c.intent else None for c in clauses] == intents


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a wish for a kind of thing shows the choice; a command or a named model adds
        ("we'd like a yoga mat", "search"),
        ("i would like an electric kettle pls", "search"),
        ("打算买一台空气炸锅", "search"),
        ("想给闺蜜买一支口红", "search"),
        ("we'd need 3 of the yoga mats", "add_named"),
        ("i'd like to add a yoga mat", "add_named"),
        ("I want the Braun shaver", "add_named"),
        ("整两瓶老干妈", "add_named"),
        ("搞一个瑜伽垫", "add_named"),
    ],
)
def test_a_wish_shows_options_and_a_command_adds(text, intent):
    clauses = split_clauses(normalise(text))
    assert [c.intent.name if c.intent else None for c in clauses] == [intent]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # who it is for is not searched for ...
        ("any wallets for my boyfriend", "wallets"),
        ("i'd like a scarf for my mum", "scarf"),
        ("帮我爸挑个电动牙刷", "电动牙刷"),
        ("想送给同事一个保温杯", "保温杯"),
        # ... unless it is all there is to go by: the shop finds gifts for them
        ("a birthday present for my niece", "birthday present niece"),
        ("something for my grandpa", "grandpa"),
        ("something for my sister who loves baking", "sister who loves baking"),
        # a count's classifier after a verb names nothing; a word that starts with one does
        ("推荐点坚果", "坚果"),
        ("我要买1袋猫粮", "猫粮"),
        ("想买双肩包", "双肩包"),
        # colloquial asking words name nothing
        ("三百以内的电饭煲有木有", "电饭煲"),
        ("帮我瞧瞧瑜伽垫", "瑜伽垫"),
        ("有啥猫粮推荐不", "猫粮"),
        ("yo any desk lamps thats cheap", "desk lamps"),
    ],
)
def test_search_words_leave_out_the_recipient_and_the_count(text, query):
    assert parse_search(normalise(text)).query == query


@pytest.mark.parametrize(
    ("query", "searched"),
    [
        ("苹果的平板", "Apple 平板"),  # 苹果 beside a kind Apple makes is the brand ...
        ("苹果数据线", "Apple 数据线"),
        ("苹果", "苹果"),  # ... alone or as a taste it is fruit
        ("苹果味汽水", "苹果味汽水"),
        ("麻辣的牛肉干", "spicy 牛肉干"),  # a one-character taste in the catalog's words
        ("甜一点的饼干", "sweet 饼干"),
        ("辣条", "辣条"),  # not inside a name
        ("甜品", "甜品"),
    ],
)
def test_search_words_are_put_as_the_shop_finds_them(query, searched):
    assert catalog_words(query) == searched


# --- the payment method asked for, through the whole agent --------------------------------


@pytest.fixture
def wallets(shop: Shop) -> Shop:
    with Session(shop.engine, expire_on_commit=False) as s:
        make_card(s, shop.alice, "4000000000000002", is_default=False)
        s.add(
            PaymentMethod(customer_id=shop.alice.id, kind=PaymentMethodKind.alipay, label="Alipay")
        )
        s.commit()
    return shop


def _offline(shop: Shop) -> ShoppingAgent:
    return ShoppingAgent("alice", model="offline", runtime=AgentRuntime(engine=shop.engine))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("check out and pay with alipay", "Alipay"),
        ("checkout, the card ending 0002", "0002"),
        ("check out", "4242"),
    ],
)
def test_the_confirmation_waits_on_the_method_asked_for(wallets, text, label):
    agent = _offline(wallets)
    agent.send("add the anker wireless earbuds")

    reply = agent.send(text)

    assert reply.pending is not None and reply.pending.summary is not None
    assert label in reply.pending.summary.payment_method.label


def test_a_method_not_saved_is_said_and_the_saved_ones_listed(wallets):
    agent = _offline(wallets)
    agent.send("add the anker wireless earbuds")

    reply = agent.send("check out and pay with my mastercard")

    assert reply.pending is None
    assert "No saved payment method matches Mastercard" in reply.text
    assert "Alipay" in reply.text and "4242" in reply.text


def test_after_declining_the_customer_can_switch_method(wallets):
    agent = _offline(wallets)
    agent.send("add the anker wireless earbuds")
    agent.send("check out")
    agent.decline()

    reply = agent.send("use alipay for it instead")

    assert reply.pending is not None and reply.pending.summary is not None
    assert reply.pending.summary.payment_method.label == "Alipay"


@pytest.mark.parametrize(("question", "yes"), [("is it waterproof?", "yes"), ("包邮吗？", "确认")])
def test_a_card_held_through_a_question_is_paid_with_its_own_reply(shop, question, yes):
    agent = _offline(shop)
    agent.send("add the anker wireless earbuds")
    assert agent.send("check out").pending is not None
    answer = agent.send(question)
    assert answer.pending is not None, "the card is still there after the answer"

    paid = agent.send(yes)

    assert [(c.name, c.ok) for c in paid.tool_calls] == [("pay_order", True)]
    assert paid.text != answer.text, "the outcome of the payment, not the answer repeated"
    assert "Paid" in paid.text or "支付成功" in paid.text, paid.text


def test_a_method_named_while_the_card_waits_puts_a_new_card_on_it(wallets):
    agent = _offline(wallets)
    agent.send("add the anker wireless earbuds")
    card = agent.send("check out").pending
    assert card is not None and card.summary is not None
    assert "4242" in card.summary.payment_method.label

    reply = agent.send("yes but put it on alipay instead")

    assert reply.pending is not None and reply.pending.summary is not None
    assert reply.pending.summary.payment_method.label == "Alipay"
    assert reply.pending.token != card.token
    refused = agent.confirm(card)  # the Visa card on screen before pays nothing now
    assert refused.pending is not None and refused.pending.refused
    paid = agent.confirm(refused.pending)
    assert [c.name for c in paid.tool_calls] == ["pay_order"] and paid.pending is None


def test_another_card_is_one_other_than_the_one_declined(wallets):
    agent = _offline(wallets)
    agent.send("add the anker wireless earbuds")
    agent.send("check out and pay with the card ending 0002")
    declined = agent.confirm()  # the test card 0002 is declined by the bank
    assert declined.pending is None

    reply = agent.send("try another card")

    assert reply.pending is not None and reply.pending.summary is not None
    assert "4242" in reply.pending.summary.payment_method.label


@pytest.mark.parametrize("text", ["yep go ahead", "确认", "ok"])
def test_a_yes_with_nothing_waiting_says_so(shop, text):
    reply = _offline(shop).send(text)

    assert reply.tool_calls == [] and reply.pending is None
    assert "nothing waiting" in reply.text or "没有等待确认" in reply.text, reply.text


# --- shopper findings: politeness, shop questions, questions about the product, the card ---------


def test_a_greeting_beside_a_request_is_only_politeness(shop):
    reply = _offline(shop).send("hi, any earbuds below 400 yuan?")

    assert [c.name for c in reply.tool_calls] == ["search_products"]
    assert json.loads(reply.tool_calls[0].arguments)["max_price"] == 400


def test_a_shop_question_is_answered_not_taken_for_the_product_discussed(shop):
    agent = _offline(shop)
    agent.send("show me li-ning running shoes")
    agent.send("add the first one")  # the demo asks which size

    reply = agent.send("how long does shipping take?")

    assert reply.tool_calls == []
    assert "size" not in reply.text.casefold()


@pytest.mark.parametrize(("question", "answer"), [("is it waterproof?", "doesn't say")])
def test_a_question_about_the_product_is_answered_from_its_page(shop, question, answer):
    with Session(shop.engine) as s:
        earbuds = s.get(Product, shop.earbuds.id)
        earbuds.description_en = "Sweat- and water-resistant earbuds, 8 hours per charge."
        s.add(earbuds)
        s.commit()
    agent = _offline(shop)
    agent.send("details of the anker wireless earbuds")

    unknown = agent.send(question)
    known = agent.send("is it water-resistant?")

    assert [c.name for c in unknown.tool_calls] == ["get_product_details"]
    assert answer in unknown.text
    assert 'mentions "water-resistant"' in known.text


@pytest.mark.parametrize(
    ("rating", "count", "question", "answer"),
    [
        (4.7, 120, "would you say it's comfy to wear?", "4.7 ★ of 5 from 120 reviews"),
        (3.2, 9, "any good tho", "many are not happy with it"),
        (4.1, 33, "这个戴着舒服吗", "4.1 分（满分 5 分，33 条评价）"),
        (None, 0, "它耐用吗", "还没有评价"),
    ],
)
def test_an_opinion_asked_of_a_product_is_answered_from_its_reviews(
    shop, rating, count, question, answer
):
    with Session(shop.engine) as s:
        earbuds = s.get(Product, shop.earbuds.id)
        earbuds.rating, earbuds.rating_count = rating, count
        s.add(earbuds)
        s.commit()
    agent = _offline(shop)
    agent.send("details of the anker wireless earbuds")

    reply = agent.send(question)

    assert [c.name for c in reply.tool_calls] == ["get_product_details"]
    assert answer in reply.text, reply.text
    assert "doesn't say" not in reply.text and "没有写" not in reply.text


def test_the_total_while_a_card_waits_is_the_waiting_orders(shop):
    agent = _offline(shop)
    agent.send("add the anker wireless earbuds")
    card = agent.send("check out").pending
    assert card is not None

    reply = agent.send("what's the total again?")

    assert "¥199.00" in reply.text and "empty" not in reply.text
    assert reply.pending is not None and reply.pending.token == card.token


@pytest.mark.parametrize(
    ("handle", "language", "question", "sold_out"),
    [
        ("alice", "en", "is the xiaomi 15 phone in white 512GB in stock?", "is sold out"),
        ("chen", "zh", "小米15手机 白色512GB的还有货吗", "已经缺货"),
    ],
)
def test_a_sold_out_variant_asked_about_is_said_to_be_sold_out(
    shop, handle, language, question, sold_out
):
    with Session(shop.engine, expire_on_commit=False) as s:
        make_customer(s, "chen", language="zh")
        phone = make_product(
            s,
            title="Xiaomi 15 phone",
            options_list=[
                {"color": "White", "storage": "256GB"},
                {"color": "White", "storage": "512GB"},
            ],
        )
        white_512 = variants_of(s, phone)[1]
        white_512.stock = 0
        s.add(white_512)
        s.commit()
    agent = ShoppingAgent(handle, model="offline", runtime=AgentRuntime(engine=shop.engine))

    reply = agent.send(question)

    assert "get_product_details" in [c.name for c in reply.tool_calls]
    assert sold_out in reply.text, reply.text


def test_something_cheaper_asks_for_another_list_and_adds_nothing(shop):
    agent = _offline(shop)
    agent.send("wireless earbuds")

    reply = agent.send("something cheaper? max 250")

    assert [call.name for call in reply.tool_calls] == ["search_products"]
    assert json.loads(reply.tool_calls[0].arguments)["max_price"] == 250


def test_a_size_asked_of_a_product_in_one_version_is_answered_plainly(shop):
    with Session(shop.engine) as s:
        make_product(s, title="Bedtime Picture Book", price=3280)
        s.commit()
    agent = _offline(shop)
    agent.send("bedtime picture book")

    reply = agent.send("add the first one, size 38")

    assert "doesn't come in 38" in reply.text
    assert 'Bedtime Picture Book comes in one version only: say "add it"' in reply.text
    assert agent.send("add it").tool_calls[-1].ok


@pytest.mark.parametrize(
    "question", ["可以退货吗？", "支持退换吗", "can I return it if it doesn't fit?"]
)
def test_a_question_about_returns_is_answered_as_the_shop_without_tools(shop, question):
    reply = _offline(shop).send(question)

    assert reply.tool_calls == []
    assert "7" in reply.text  # the 7-day return policy, in the customer's language
