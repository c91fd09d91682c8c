"""Follow-ups a shopper types after a list, through the whole agent (real graph, tools, store).

"Cheaper?" goes below what was shown, a refinement keeps the band and size it does not
replace, a question about a listed product named by its brand answers from its page, two
named products are compared without unrelated lookups, and a pack size beside a count is
the variant, not the quantity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlmodel import Session

import store
from agent import AgentRuntime, ShoppingAgent
from agent.api import Reply
from agent.offline.numbers import normalise
from agent.offline.slots import find_quantity
from store.models import Customer, Product
from tests.agent.conftest import Shop
from tests.store.factories import make_customer, make_product

SIZES = [{"size": "41", "color": "Black"}, {"size": "42", "color": "Black"}]


@dataclass
class Runners:
    shop: Shop
    chen: Customer
    anta: Product
    nike: Product
    honor: Product
    oneplus: Product
    tissues: Product
    crackers: Product


@pytest.fixture
def runners(shop: Shop) -> Runners:
    """Running shoes at three prices (and the shop's Li-Ning at ¥399), two phones, packs."""
    with Session(shop.engine, expire_on_commit=False) as s:
        chen = make_customer(s, "chen", language="zh")
        anta = make_product(
            s, title="Anta trail running shoe", title_zh="安踏 越野跑步鞋", price=25900,
            brand="Anta", options_list=SIZES,
        )  # fmt: skip
        nike = make_product(
            s, title="Nike storm running shoe", title_zh="耐克 风暴跑步鞋", price=69900,
            brand="Nike", options_list=SIZES,
            description_en="A waterproof upper for wet runs.",
            description_zh="防水鞋面，雨天也能跑。",
        )  # fmt: skip
        honor = make_product(
            s, title="Honor 9", title_zh="荣耀 9 手机", price=399900, brand="Honor"
        )
        oneplus = make_product(
            s, title="OnePlus 9", title_zh="一加 9 手机", price=299900, brand="OnePlus"
        )
        tissues = make_product(s, title="Soft tissues x 9", title_zh="抽纸 ×9 包", price=2990)
        crackers = make_product(
            s, title="Rice crackers", title_zh="米饼", price=1590, brand="Wangwang",
            options_list=[{"pack": "8 packs"}, {"pack": "24 packs"}],
        )  # fmt: skip
    return Runners(shop, chen, anta, nike, honor, oneplus, tissues, crackers)


def _agent(runners: Runners, handle: str = "alice") -> ShoppingAgent:
    return ShoppingAgent(handle, model="offline", runtime=AgentRuntime(engine=runners.shop.engine))


def _searches(reply: Reply) -> list[dict]:
    return [json.loads(c.arguments) for c in reply.tool_calls if c.name == "search_products"]


def _shown(reply: Reply) -> set[int]:
    """The ids of every product the step's catalog tools returned."""
    ids: set[int] = set()
    for call in reply.tool_calls:
        data = json.loads(call.result or "{}")
        items = data.get("catalog_data")
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                ids.add(item["id"])
    return ids


@pytest.mark.parametrize(
    ("handle", "search", "cheaper", "said"),
    [
        (
            "alice",
            "running shoe between 300 and 800",
            "got something cheaper by any chance?",
            "cheaper than ¥399.00",
        ),
        ("chen", "300到800的跑步鞋", "再便宜些的有吗", "比¥"),
        # "cheaper" beside a verb of taking asks for the list, it adds nothing
        ("chen", "300到800的跑步鞋", "要便宜点的", "比¥"),
        ("chen", "300到800的跑步鞋", "有点贵啊", "比¥"),
        ("alice", "running shoe between 300 and 800", "ugh too pricey", "cheaper than ¥399.00"),
    ],
)
def test_cheaper_lists_the_kind_below_the_cheapest_shown(runners, handle, search, cheaper, said):
    agent = _agent(runners, handle)
    shown = agent.send(search)
    assert runners.anta.id not in _shown(shown)

    reply = agent.send(cheaper)

    assert [c.name for c in reply.tool_calls] == ["search_products"]
    (arguments,) = _searches(reply)
    assert arguments.get("min_price") is None and arguments["max_price"] < 399
    assert _shown(reply) == {runners.anta.id}
    assert said in reply.text, reply.text


def test_cheaper_than_the_cheapest_says_there_is_none(runners):
    agent = _agent(runners)
    agent.send("running shoe under 300")

    reply = agent.send("hmm, anything less expensive?")

    assert 'no "running shoe" cheaper than ¥259.00' in reply.text, reply.text
    assert runners.anta.id in _shown(reply)  # the cheapest there is, named


BAND_42 = "running shoe under 500 in size 42"


@pytest.mark.parametrize(
    ("handle", "search", "refinement", "kept"),
    [
        ("alice", BAND_42, "in black then", {"max_price": 500, "size": "42"}),
        ("alice", BAND_42, "how about under 300", {"max_price": 300, "size": "42"}),
        (
            "alice",
            "running shoe between 200 and 500 size 42",
            "size 41 then",
            {"min_price": 200, "max_price": 500, "size": "41"},
        ),
        ("chen", "500以内的跑步鞋 42码", "那黑色的呢", {"max_price": 500, "size": "42"}),
    ],
)
def test_a_refinement_keeps_what_it_does_not_replace(runners, handle, search, refinement, kept):
    agent = _agent(runners, handle)
    agent.send(search)

    reply = agent.send(refinement)

    (arguments,) = _searches(reply)
    assert {k: arguments.get(k) for k in kept} == kept, arguments


@pytest.mark.parametrize(
    ("first", "then"), [("荣耀手机", "一加的呢"), ("honor phone", "oneplus then")]
)
def test_another_brand_after_a_list_replaces_the_brand_searched(runners, first, then):
    agent = _agent(runners, "chen")
    agent.send(first)

    reply = agent.send(then)

    assert _shown(reply) == {runners.oneplus.id}, _searches(reply)


def test_another_kind_is_a_search_of_its_own(runners):
    agent = _agent(runners)
    agent.send(BAND_42)

    reply = agent.send("show me earbuds")

    (arguments,) = _searches(reply)
    assert "max_price" not in arguments and "size" not in arguments


@pytest.mark.parametrize(
    ("handle", "question", "answer"),
    [
        ("alice", "is the nike pair waterproof?", 'mentions "waterproof"'),
        ("chen", "耐克那双防水吗", "防水"),
    ],
)
def test_a_question_about_a_listed_product_named_by_brand(runners, handle, question, answer):
    agent = _agent(runners, handle)
    agent.send("running shoe" if handle == "alice" else "跑步鞋")

    reply = agent.send(question)

    assert [c.name for c in reply.tool_calls] == ["get_product_details"]
    assert json.loads(reply.tool_calls[0].arguments) == {"product_id": runners.nike.id}
    assert answer in reply.text, reply.text


@pytest.mark.parametrize(
    ("handle", "text"),
    [
        ("alice", "honor 9 or oneplus 9, which one's better"),
        ("chen", "荣耀9跟一加9哪个更好"),
    ],
)
def test_two_named_products_are_compared_without_unrelated_lookups(runners, handle, text):
    reply = _agent(runners, handle).send(text)

    compare = [c for c in reply.tool_calls if c.name == "compare_products"]
    assert compare and compare[-1].ok
    assert _shown(reply) == {runners.honor.id, runners.oneplus.id}  # not the tissues "x 9"


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("the 24-pack, 4 of them", 4),
        ("rice crackers 24 pack x2", 2),
        ("米饼24包装的 拿三袋", 3),
        ("要8包的那种 来两份", 2),
        ("add 3 packs", 3),  # alone, the packs are the count
        ("来5包", 5),
    ],
)
def test_a_pack_size_beside_a_count_is_not_the_quantity(text, quantity):
    assert find_quantity(normalise(text)) == quantity


@pytest.mark.parametrize(
    ("handle", "text"),
    [
        ("alice", "wangwang rice crackers, the 24-pack - 4 of them"),
        ("chen", "米饼 24包装的 拿四袋"),
    ],
)
def test_a_pack_size_and_a_count_add_that_variant(runners, handle, text):
    reply = _agent(runners, handle).send(text)

    assert reply.tool_calls[-1].name == "add_to_cart" and reply.tool_calls[-1].ok, reply.text
    customer = runners.shop.alice if handle == "alice" else runners.chen
    with Session(runners.shop.engine) as s:
        (line,) = store.view_cart(s, customer_id=customer.id).lines
    assert line.quantity == 4 and line.options == {"pack": "24 packs"}


def test_a_flavour_said_apart_from_the_name_is_the_variant(runners):
    with Session(runners.shop.engine, expire_on_commit=False) as s:
        chips = make_product(
            s, title="Crunchy potato chips", title_zh="脆脆 薯片", price=990,
            options_list=[{"flavor": "Original"}, {"flavor": "Tomato"}],
        )  # fmt: skip

    reply = _agent(runners, "chen").send("整一包脆脆薯片 番茄味的")

    assert _searches(reply)[0]["query"] == "脆脆薯片"
    with Session(runners.shop.engine) as s:
        (line,) = store.view_cart(s, customer_id=runners.chen.id).lines
    assert line.product_id == chips.id and line.options == {"flavor": "Tomato"}
