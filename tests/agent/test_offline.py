"""The offline demo model, driven through the real `openai` SDK, plain and streamed.

Scripted histories in English and Chinese check which tools it calls and what it says about
their results; one conversation runs against the real tools and store.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx2
import openai
import pytest
from sqlmodel import Session

import store
import tools
from agent.offline import OFFLINE_MODEL_NAME, OFFLINE_NOTICE, OFFLINE_NOTICE_ZH, OfflineTransport
from agent.prompts import system_message
from tools import REGISTRY, ToolContext

BASE_URL = "http://offline.shopagent/v1"
TOOLS = REGISTRY.schemas()


def make_client(transport: OfflineTransport | None = None) -> openai.OpenAI:
    return openai.OpenAI(
        api_key="offline-demo",
        base_url=BASE_URL,
        http_client=httpx2.Client(transport=transport or OfflineTransport()),
        max_retries=0,
    )


@dataclass
class Turn:
    """One assistant message as the SDK delivered it."""

    text: str
    calls: list[dict[str, Any]]
    finish_reason: str | None
    usage: Any = None
    content_chunks: int = 0

    def arguments(self, index: int = 0) -> dict[str, Any]:
        return json.loads(self.calls[index]["arguments"])

    @property
    def names(self) -> list[str]:
        return [c["name"] for c in self.calls]


class Model:
    """The demo behind the SDK, answering plain or streamed."""

    def __init__(self, client: openai.OpenAI, *, stream: bool) -> None:
        self.client, self.stream = client, stream

    def ask(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] = TOOLS) -> Turn:
        if not self.stream:
            response = self.client.chat.completions.create(
                model=OFFLINE_MODEL_NAME, messages=messages, tools=tools
            )
            message = response.choices[0].message
            calls = [
                {"id": c.id, "name": c.function.name, "arguments": c.function.arguments}
                for c in message.tool_calls or []
            ]
            return Turn(
                message.content or "", calls, response.choices[0].finish_reason, response.usage
            )
        turn = Turn("", [], None)
        by_index: dict[int, dict[str, Any]] = {}
        for chunk in self.client.chat.completions.create(
            model=OFFLINE_MODEL_NAME,
            messages=messages,
            tools=tools,
            stream=True,
            stream_options={"include_usage": True},
        ):
            if not chunk.choices:
                turn.usage = chunk.usage
                continue
            choice = chunk.choices[0]
            if choice.delta.content:
                turn.text += choice.delta.content
                turn.content_chunks += 1
            for fragment in choice.delta.tool_calls or []:
                call = by_index.setdefault(fragment.index, {"id": "", "name": "", "arguments": ""})
                call["id"] = fragment.id or call["id"]
                if fragment.function:
                    call["name"] = fragment.function.name or call["name"]
                    call["arguments"] += fragment.function.arguments or ""
            turn.finish_reason = choice.finish_reason or turn.finish_reason
        turn.calls = [by_index[i] for i in sorted(by_index)]
        return turn


@pytest.fixture(params=["plain", "streamed"])
def model(request: pytest.FixtureRequest) -> Model:
    return Model(make_client(), stream=request.param == "streamed")


@dataclass
class Chat:
    """A conversation in OpenAI messages, as the app would send it."""

    language: str = "en"
    preferences: dict[str, str] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.messages.insert(
            0,
            system_message(
                customer_name="Alice", language=self.language, preferences=self.preferences
            ),
        )

    def user(self, text: str) -> Chat:
        self.messages.append({"role": "user", "content": text})
        return self

    def assistant(self, text: str) -> Chat:
        self.messages.append({"role": "assistant", "content": text})
        return self

    def results(self, turn: Turn, *results: Any) -> Chat:
        """The assistant's tool calls, answered with these results (JSON) in order."""
        assert len(turn.calls) == len(results), turn
        self.messages.append(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": c["id"],
                        "type": "function",
                        "function": {"name": c["name"], "arguments": c["arguments"]},
                    }
                    for c in turn.calls
                ],
            }
        )
        self.messages += [
            {
                "role": "tool",
                "tool_call_id": c["id"],
                "content": json.dumps(r, ensure_ascii=False, separators=(",", ":")),
            }
            for c, r in zip(turn.calls, results, strict=True)
        ]
        return self

    def called(self, name: str, arguments: dict[str, Any], result: Any) -> Chat:
        """A past tool call and its result, written directly into the history."""
        call = {
            "id": f"call_{len(self.messages) + 100}",
            "name": name,
            "arguments": json.dumps(arguments),
        }
        return self.results(Turn("", [call], "tool_calls"), result)


# --- tool results in the shapes tools/ produces ------------------------------------------------

HITS = {
    "count": 3,
    "catalog_data": [
        {
            "id": 11,
            "title": "Trail Runner",
            "price": "¥259.00",
            "rating": 4.2,
            "in_stock": True,
            "brand": "Anta",
        },
        {
            "id": 12,
            "title": "Road Racer",
            "price": "¥199.00",
            "rating": 4.7,
            "in_stock": True,
            "brand": "Li-Ning",
        },
        {"id": 13, "title": "Kids Sprint", "price": "¥99.00", "rating": 3.9, "in_stock": False},
    ],
}
HITS_ZH = {
    "count": 2,
    "catalog_data": [
        {"id": 11, "title": "越野跑鞋", "price": "¥259.00", "rating": 4.2, "in_stock": True},
        {"id": 12, "title": "竞速跑鞋", "price": "¥199.00", "rating": 4.7, "in_stock": True},
    ],
}
SIZES_41_TO_43 = {
    "error": "variant_required",
    "message": "Product 12 comes in several variants: catalog_data.choices lists them.",
    "product_id": 12,
    "catalog_data": {
        "title": "Road Racer",
        "choices": [
            {"variant_id": 21, "options": {"size": "41"}, "price": 19900, "stock": 3},
            {"variant_id": 22, "options": {"size": "42"}, "price": 19900, "stock": 3},
            {"variant_id": 23, "options": {"size": "43"}, "price": 19900, "stock": 0},
        ],
    },
}
LINE = {
    "line_id": 5,
    "product_id": 12,
    "catalog_data": {"title": "Road Racer", "options": {"size": "42"}},
    "quantity": 1,
    "unit_price": "¥199.00",
    "line_total": "¥199.00",
}
CART = {
    "cart": {
        "lines": [
            LINE,
            {
                "line_id": 6,
                "product_id": 11,
                "catalog_data": {"title": "Trail Runner", "options": {"size": "42"}},
                "quantity": 2,
                "unit_price": "¥259.00",
                "line_total": "¥518.00",
            },
        ],
        "items": 3,
        "subtotal": "¥717.00",
    }
}
ORDER = {
    "order_id": 7,
    "status": "awaiting_payment",
    "payment": None,
    "lines": [
        {
            "product_id": 12,
            "catalog_data": {"title": "Road Racer", "options": {"size": "42"}},
            "quantity": 1,
            "unit_price": "¥199.00",
        }
    ],
    "shipping": "¥0.00",
    "total": "¥199.00",
    "payment_method": "Visa •••• 4242",
    "created_at": "2025-05-01T10:00",
}
CHECKED_OUT = {
    "order": ORDER,
    "next": "Call pay_order with this order_id; the customer confirms the payment in the app.",
}
PAID = {
    "payment": {
        "order_id": 7,
        "status": "succeeded",
        "amount": "¥199.00",
        "order_status": "paid",
        "message": "Payment succeeded.",
    }
}
FAILED = {
    "payment": {
        "order_id": 7,
        "status": "failed",
        "amount": "¥199.00",
        "order_status": "awaiting_payment",
        "message": "The card was declined: insufficient funds.",
        "failure": "insufficient_funds",
    }
}
DECLINED = {
    "payment": {
        "order_id": 7,
        "status": "not_charged",
        "message": "The customer declined the payment.",
    }
}


def searched(chat: Chat, hits: dict[str, Any] = HITS) -> Chat:
    return chat.called("search_products", {"query": "running shoes"}, hits)


# --- greeting, notice, not understood -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "notice"),
    [
        ("hello", "en", OFFLINE_NOTICE),
        ("help", "en", OFFLINE_NOTICE),
        ("你好", "zh", OFFLINE_NOTICE_ZH),
        ("你能做什么", "zh", OFFLINE_NOTICE_ZH),
    ],
)
def test_greeting_explains_and_labels_itself_as_the_rule_based_demo(model, text, language, notice):
    turn = model.ask(Chat(language).user(text).messages)

    assert turn.calls == [] and turn.finish_reason == "stop"
    assert notice in turn.text
    assert "Alice" in turn.text
    assert ("size 42" in turn.text) if language == "en" else ("42码" in turn.text)


def test_notices_name_the_way_to_a_real_model():
    for notice in (OFFLINE_NOTICE, OFFLINE_NOTICE_ZH):
        assert "SHOPAGENT_MODEL" in notice and "DEEPSEEK_API_KEY" in notice and "README" in notice
    assert "rule-based" in OFFLINE_NOTICE and "not an AI model" in OFFLINE_NOTICE
    assert "基于规则" in OFFLINE_NOTICE_ZH and "不是 AI 模型" in OFFLINE_NOTICE_ZH


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("what is the weather like in Beijing today", OFFLINE_NOTICE),
        ("今天北京天气怎么样", OFFLINE_NOTICE_ZH),
    ],
)
def test_text_it_does_not_understand_gets_examples_and_the_notice(model, text, notice):
    turn = model.ask(Chat().user(text).messages)

    assert turn.calls == []
    assert notice in turn.text
    assert "rule-based" in turn.text or "基于规则" in turn.text


# --- searching ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query", "arguments"),
    [
        ("find running shoes under 300", "running shoes", {"max_price": 300}),
        ("I need wireless earbuds below ¥300", "wireless earbuds", {"max_price": 300}),
        ("jacket less than 300 yuan, size M", "jacket", {"max_price": 300, "size": "M"}),
        (
            "running shoes size 42 between 100 and 400",
            "running shoes",
            {"min_price": 100, "max_price": 400, "size": "42"},
        ),
        ("帮我找300元以内的跑步鞋", "跑步鞋", {"max_price": 300}),
        ("300以下的蓝牙耳机", "蓝牙耳机", {"max_price": 300}),
        ("预算300，42码的跑步鞋", "跑步鞋", {"max_price": 300, "size": "42"}),
        ("show me the cheapest running shoes", "running shoes", {"sort": "price_asc"}),
        ("earbuds", "earbuds", {}),
        # words that only steer the talk are not search words
        ("show me backpacks instead", "backpacks", {}),
        ("ok maybe hoodies then", "hoodies", {}),
        ("换成双肩包吧", "双肩包", {}),
        ("那就看看保温杯呢", "保温杯", {}),
        ("what about backpacks instead", "backpacks", {}),
        ("那换成保温杯呢", "保温杯", {}),
        ("算了 看看耳机吧", "耳机", {}),
        # a price said "about" is a band around it, a ceiling stays a ceiling
        ("想买个电动牙刷，两百块左右", "电动牙刷", {"min_price": 150, "max_price": 250}),
        ("a kettle around 200 yuan", "kettle", {"min_price": 150, "max_price": 250}),
        ("电动牙刷 200以内", "电动牙刷", {"max_price": 200}),
    ],
)
def test_search_requests_call_search_products_with_query_budget_and_size(
    model, text, query, arguments
):
    turn = model.ask(Chat().user(text).messages)

    assert turn.names == ["search_products"] and turn.finish_reason == "tool_calls"
    assert turn.calls[0]["id"].startswith("call_")
    assert turn.arguments() == {"query": query, **arguments}


@pytest.mark.parametrize("text", ["my flat gets so hot, what would help?", "what helps dry hair"])
def test_asking_what_would_help_is_a_search(model, text):
    assert model.ask(Chat().user(text).messages).names == ["search_products"]


@pytest.mark.parametrize(
    "text",
    [
        "a present for my niece who likes drawing",
        "birthday gift for my son, he's into football",
        "gift ideas for a coworker",
        "送女儿的生日礼物",
    ],
)
def test_a_gift_asked_for_without_a_verb_is_a_search(model, text):
    assert model.ask(Chat().user(text).messages).names == ["search_products"]


@pytest.mark.parametrize(
    "text",
    ["something like the AirPods Pro but cheaper", "an alternative to the Sony WH-1000XM5"],
)
def test_an_alternative_is_asked_of_the_store_in_the_customers_words(model, text):
    turn = model.ask(Chat().user(text).messages)
    assert turn.names == ["search_products"]
    assert turn.arguments()["query"] == text  # the store leaves the named product out


def test_i_am_after_is_what_i_want(model):
    turn = model.ask(Chat().user("im after a pair of headphones").messages)
    assert turn.arguments() == {"query": "headphones"}


def test_what_someone_likes_after_and_is_no_second_product(model):
    text = "looking for a gift for my nephew, he's 10 and loves building stuff"
    turn = model.ask(Chat().user(text).messages)
    assert turn.names == ["search_products"]  # one search, not "gift nephew 10" and "building"
    assert model.ask(Chat().user("need a kettle and a toaster").messages).names == [
        "search_products",
        "search_products",
    ]


def test_a_budget_alone_refines_the_last_search(model):
    chat = searched(Chat()).assistant("…").user("under 200")

    turn = model.ask(chat.messages)

    assert turn.names == ["search_products"]
    assert turn.arguments() == {"query": "running shoes", "max_price": 200}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("bigger ones, at least 750 ml?", "750ml running shoes"),
        ("要大一点的，1.5升以上", "1.5l running shoes"),
        ("有没有2kg以内的", "2kg running shoes"),
    ],
)
def test_a_measure_is_no_price_and_narrows_the_last_search(model, text, query):
    chat = searched(Chat()).assistant("…").user(text)

    turn = model.ask(chat.messages)

    assert turn.names == ["search_products"]
    assert turn.arguments() == {"query": query}


@pytest.mark.parametrize("text", ["三四百左右的剃须刀", "剃须刀 300到400左右"])
def test_a_chinese_range_said_about_leaves_no_word_of_it_in_the_query(model, text):
    turn = model.ask(Chat(language="zh").user(text).messages)

    assert turn.arguments() == {"query": "剃须刀", "min_price": 300, "max_price": 400}


@pytest.mark.parametrize("text", ["any better rated ones?", "有没有评价好点的", "口碑好一些的呢"])
def test_better_rated_ones_refine_the_last_search_by_rating(model, text):
    chat = searched(Chat()).assistant("…").user(text)

    turn = model.ask(chat.messages)

    assert turn.names == ["search_products"]
    assert turn.arguments() == {"query": "running shoes", "sort": "rating"}


@pytest.mark.parametrize(
    "text", ["a kettle, nothing too pricey", "thermos, not that expensive", "不要太贵的水壶"]
)
def test_not_too_expensive_lists_the_cheapest_first_and_is_no_dislike(model, text):
    turn = model.ask(Chat().user(text).messages)

    assert turn.names == ["search_products"]
    assert turn.arguments()["sort"] == "price_asc"
    assert "太" not in turn.arguments()["query"]
    assert "pric" not in turn.arguments()["query"]


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("how about 300?", {"min_price": 225, "max_price": 375}),
        ("两百左右的呢", {"min_price": 150, "max_price": 250}),
    ],
)
def test_a_price_said_about_alone_refines_the_last_search_to_a_band(model, text, bounds):
    chat = searched(Chat()).assistant("…").user(text)

    turn = model.ask(chat.messages)

    assert turn.names == ["search_products"]
    assert turn.arguments() == {"query": "running shoes", **bounds}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("anything waterproof?", "waterproof running shoes"),
        ("any wireless ones", "wireless running shoes"),
        ("ok any nike ones?", "nike running shoes"),  # a brand not among those listed
        ("有防水的吗", "防水 running shoes"),
        ("any in black?", "black running shoes"),
        ("小米的那个", "小米 running shoes"),
        ("any backpacks?", "backpacks"),  # a kind of its own: a new search
        ("something for my dad", "dad"),
    ],
)
def test_words_that_only_describe_narrow_the_last_search(model, text, query):
    chat = searched(Chat()).assistant("…").user(text)
    turn = model.ask(chat.messages)
    assert turn.names == ["search_products"]
    assert turn.arguments() == {"query": query}
    chat.results(turn, HITS)  # what it finds is listed, not pointed into again

    assert model.ask(chat.messages).calls == []


def test_search_results_are_listed_with_price_rating_and_a_hint(model):
    chat = Chat().user("running shoes under 300")
    chat.results(model.ask(chat.messages), HITS)

    turn = model.ask(chat.messages)

    assert turn.calls == [] and turn.finish_reason == "stop"
    assert "1. Trail Runner — ¥259.00 — 4.2 ★" in turn.text
    assert "2. Road Racer — ¥199.00 — 4.7 ★" in turn.text
    assert "out of stock" in turn.text.splitlines()[3]
    assert '"add the second one"' in turn.text


def test_chinese_search_results_are_listed_in_chinese(model):
    chat = Chat("zh").user("帮我找300元以内的跑步鞋")
    chat.results(model.ask(chat.messages), HITS_ZH)

    turn = model.ask(chat.messages)

    assert "1. 越野跑鞋 — ¥259.00 — 4.2 ★" in turn.text
    assert "“加第二个”" in turn.text and "42码" not in turn.text  # no size was asked for


def test_empty_search_result_suggests_broader_words(model):
    chat = Chat().user("purple unicorn slippers under 10")
    chat.results(model.ask(chat.messages), {"count": 0, "hint": "Nothing matched."})
    chat.results(model.ask(chat.messages), {"count": 0, "catalog_data": []})  # none above either

    turn = model.ask(chat.messages)

    assert 'we don\'t have anything for "purple unicorn slippers" under ¥10' in turn.text


TOOTHBRUSH = {
    "count": 1,
    "catalog_data": [
        {"id": 40, "title": "Sonicare 9000", "price": "¥899.00", "rating": 4.7, "in_stock": True}
    ],
}
NONE = {"count": 0, "catalog_data": []}


@pytest.mark.parametrize(
    ("language", "text", "neighbours", "said"),
    [
        (
            "en",
            "electric toothbrush under 200",
            [({"min_price": 200, "sort": "price_asc"}, TOOTHBRUSH)],
            'no "electric toothbrush" under ¥200. The cheapest is Sonicare 9000 at ¥899.00.',
        ),
        (
            "zh",
            "电动牙刷 两百左右",
            [
                ({"max_price": 150, "sort": "price_desc"}, NONE),
                ({"min_price": 250, "sort": "price_asc"}, TOOTHBRUSH),
            ],
            "没有“电动牙刷”（¥150到¥250之间）。最便宜的是Sonicare 9000（¥899.00）。",
        ),
        (
            "en",
            "headphones about 500",
            [
                (
                    {"max_price": 375, "sort": "price_desc"},
                    {**TOOTHBRUSH, "catalog_data": [HITS["catalog_data"][0]]},
                ),
                ({"min_price": 625, "sort": "price_asc"}, TOOTHBRUSH),
            ],
            "The closest in price: Trail Runner at ¥259.00, Sonicare 9000 at ¥899.00.",
        ),
        (
            "en",
            "toothbrush over 2000",
            [({"max_price": 2000, "sort": "price_desc"}, TOOTHBRUSH)],
            "The priciest is Sonicare 9000 at ¥899.00.",
        ),
    ],
)
def test_nothing_in_the_price_range_names_the_nearest_in_price(
    model, language, text, neighbours, said
):
    chat = Chat(language).user(text)
    chat.results(model.ask(chat.messages), NONE)
    lookups = model.ask(chat.messages)
    query = lookups.arguments()["query"]
    assert [lookups.arguments(i) for i in range(len(lookups.calls))] == [
        {"query": query, **bounds, "limit": 1} for bounds, _ in neighbours
    ]
    chat.results(lookups, *(found for _, found in neighbours))

    turn = model.ask(chat.messages)

    assert turn.calls == [] and said in turn.text


@pytest.mark.parametrize(
    ("language", "text", "kind", "said"),
    [
        ("en", "rain all week", "umbrella", "we don't sell umbrellas. We do have: Bags"),
        ("zh", "下雨天需要什么", "雨伞", "我们没有卖雨伞。我们有这些：Bags"),
    ],
)
def test_a_kind_the_shop_does_not_sell_is_named(model, language, text, kind, said):
    chat = Chat(language).user(text)
    lacking = {"count": 0, "not_sold": kind, "suggestions": [{"slug": "bags", "name": "Bags"}]}
    chat.results(model.ask(chat.messages), lacking)

    turn = model.ask(chat.messages)

    assert said in turn.text


# --- picking from the last list -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "arguments"),
    [
        ("add the second one in size 42", {"product_id": 12, "options": {"size": "42"}}),
        ("the second one, size 42", {"product_id": 12, "options": {"size": "42"}}),
        ("加第二个，42码", {"product_id": 12, "options": {"size": "42"}}),
        ("add 2 of the first one", {"product_id": 11, "quantity": 2}),
        (
            "两件第一个，黑色，41码",
            {"product_id": 11, "quantity": 2, "options": {"size": "41", "color": "black"}},
        ),
        ("add the cheapest", {"product_id": 12}),  # the cheaper one in stock
        ("最便宜的", {"product_id": 12}),
        ("I'll take the best rated", {"product_id": 12}),
        ("评分最高的，42码", {"product_id": 12, "options": {"size": "42"}}),
        ("add the last one", {"product_id": 13}),
        ("add product 11", {"product_id": 11}),
        # contractions typed without the apostrophe are not product names
        ("ok ill take the cheaper one", {"product_id": 12}),
        ("im gonna go with the cheapest", {"product_id": 12}),
        ("便宜点的那个", {"product_id": 12}),
        ("要李宁那款", {"product_id": 12}),  # a brand in Chinese, among the listed
    ],
)
def test_picking_from_the_last_search_adds_that_product(model, text, arguments):
    turn = model.ask(searched(Chat()).assistant("…").user(text).messages)

    assert turn.names == ["add_to_cart"]
    assert turn.arguments() == arguments


@pytest.mark.parametrize(
    ("text", "product_id"),
    [("the li-ning ones pls", 12), ("那个安踏的", 11), ("show me the anta one", 11)],
)
def test_a_brand_among_the_listed_shows_that_product_then_it_is_the_one(model, text, product_id):
    chat = searched(Chat()).assistant("…").user(text)
    turn = model.ask(chat.messages)
    assert turn.names == ["get_product_details"]
    assert turn.arguments() == {"product_id": product_id}
    details = {"catalog_data": {"id": product_id, "title": "Shoe", "variants": []}}
    chat.results(turn, details).assistant(model.ask(chat.messages).text).user("add it")

    assert model.ask(chat.messages).arguments() == {"product_id": product_id}


def test_a_brand_several_listed_products_share_narrows_the_list_to_them(model):
    hits = json.loads(json.dumps(HITS))
    hits["catalog_data"][2]["brand"] = "Li-Ning"
    hits["catalog_data"][2]["title"] = "Li-Ning Kids Sprint"
    chat = searched(Chat(), hits).assistant("…").user("any of the li-ning ones?")

    turn = model.ask(chat.messages)

    assert turn.names == ["compare_products"]
    assert turn.arguments() == {"product_ids": [12, 13]}


def test_adding_two_products_at_once(model):
    turn = model.ask(searched(Chat()).assistant("…").user("add the first two").messages)

    assert turn.names == ["add_to_cart", "add_to_cart"]
    assert [turn.arguments(0)["product_id"], turn.arguments(1)["product_id"]] == [11, 12]
    assert turn.calls[0]["id"] != turn.calls[1]["id"]


@pytest.mark.parametrize(
    ("text", "name", "arguments"),
    [
        ("details of the first one", "get_product_details", {"product_id": 11}),
        ("tell me more about the second one", "get_product_details", {"product_id": 12}),
        ("第一个的详情", "get_product_details", {"product_id": 11}),
        ("compare the first two", "compare_products", {"product_ids": [11, 12]}),
        ("比较前两个", "compare_products", {"product_ids": [11, 12]}),
        ("compare the first and the third", "compare_products", {"product_ids": [11, 13]}),
        ("compare them", "compare_products", {"product_ids": [11, 12, 13]}),
    ],
)
def test_details_and_comparisons_of_listed_products(model, text, name, arguments):
    turn = model.ask(searched(Chat()).assistant("…").user(text).messages)

    assert turn.names == [name]
    assert turn.arguments() == arguments


@pytest.mark.parametrize(
    ("text", "product_id"), [("第二个怎么样", 12), ("竞速那款咋样", 12), ("越野那个怎么样", 11)]
)
def test_asking_how_a_listed_product_is_shows_it(model, text, product_id):
    turn = model.ask(searched(Chat("zh"), HITS_ZH).assistant("…").user(text).messages)
    assert turn.names == ["get_product_details"]
    assert turn.arguments() == {"product_id": product_id}


def test_a_list_the_app_has_shortened_is_searched_again(model):
    # The app shortens old tool results to save tokens; the search's arguments remain.
    shortened = json.dumps(HITS)[:160] + " …(shortened)"
    chat = Chat().called("search_products", {"query": "running shoes", "max_price": 300}, shortened)
    chat.assistant("…").user("add the second one in size 42")

    again = model.ask(chat.messages)
    assert again.names == ["search_products"]
    assert again.arguments() == {"query": "running shoes", "max_price": 300}

    turn = model.ask(chat.results(again, HITS).messages)
    assert turn.names == ["add_to_cart"]
    assert turn.arguments() == {"product_id": 12, "options": {"size": "42"}}


def test_an_ordinal_beyond_the_list_is_asked_back(model):
    turn = model.ask(searched(Chat()).assistant("…").user("add the fifth one").messages)

    assert turn.calls == []
    assert "3 entries" in turn.text


def test_pointing_at_a_list_before_any_search_asks_to_search_first(model):
    turn = model.ask(Chat().user("add the second one").messages)

    assert turn.calls == []
    assert "Search first" in turn.text


def test_details_reply_shows_what_is_in_stock_and_how_to_add_it(model):
    chat = searched(Chat()).assistant("…").user("details of the second one")
    detail = {
        "catalog_data": {
            "id": 12,
            "title": "Road Racer",
            "brand": "Li-Ning",
            "category": "Shoes",
            "rating": 4.7,
            "reviews": 120,
            "description": "A light racing shoe.",
            "option_names": ["size"],
            "variants": [
                {"variant_id": 21, "options": {"size": "41"}, "price": "¥199.00", "stock": 3},
                {"variant_id": 22, "options": {"size": "42"}, "price": "¥209.00", "stock": 2},
                {"variant_id": 23, "options": {"size": "43"}, "price": "¥199.00", "stock": 0},
            ],
        }
    }
    chat.results(model.ask(chat.messages), detail)

    turn = model.ask(chat.messages)

    assert "Road Racer (Li-Ning)" in turn.text and "4.7 ★ (120 reviews)" in turn.text
    assert "A light racing shoe." in turn.text
    assert "¥199.00 – ¥209.00" in turn.text
    assert "size 41, 42." in turn.text  # 43 is sold out
    assert '"add it in size 41"' in turn.text

    follow = model.ask(chat.assistant(turn.text).user("add it in size 42").messages)
    assert follow.names == ["add_to_cart"]
    assert follow.arguments() == {"product_id": 12, "options": {"size": "42"}}


def test_a_chinese_details_hint_names_a_colour_as_a_chinese_customer_would(model):
    chat = searched(Chat()).assistant("…").user("第二个的详情")
    variants = [
        {"variant_id": 31, "options": {"color": "Black/Gold"}, "price": "¥1,099.00", "stock": 3},
        {"variant_id": 32, "options": {"color": "Ivory"}, "price": "¥1,099.00", "stock": 2},
    ]
    detail = {
        "catalog_data": {
            "id": 12,
            "title": "Studio Buds",
            "option_names": ["color"],
            "variants": variants,
        }
    }
    chat.results(model.ask(chat.messages), detail)

    turn = model.ask(chat.messages)

    assert "黑色/金色, 象牙白" in turn.text
    assert "“把它加入购物车，黑色/金色”" in turn.text and "color" not in turn.text
    # Said as the hint says it: the store's answer names the variants, and the two-tone one is
    # picked (its words "black" and "gold" are both offered by "Black/Gold").
    chat.assistant(turn.text).user("把它加入购物车，黑色/金色")
    asked = {
        "error": "variant_required",
        "message": "Product 12 comes in several variants: catalog_data.choices lists them.",
        "product_id": 12,
        "catalog_data": {"title": "Studio Buds", "choices": variants},
    }
    chat.results(model.ask(chat.messages), asked)
    retry = model.ask(chat.messages)
    assert retry.names == ["add_to_cart"]
    assert retry.arguments() == {"product_id": 12, "options": {"color": "Black/Gold"}}


def test_comparison_reply_names_the_cheapest_and_the_best_rated(model):
    chat = searched(Chat()).assistant("…").user("compare the first two")
    rows = {
        "catalog_data": [
            {
                "id": 11,
                "title": "Trail Runner",
                "brand": "Anta",
                "lowest_price": "¥259.00",
                "rating": 4.2,
                "reviews": 10,
                "in_stock": True,
                "options": {"size": ["41", "42"]},
            },
            {
                "id": 12,
                "title": "Road Racer",
                "brand": "Li-Ning",
                "lowest_price": "¥199.00",
                "rating": 4.7,
                "reviews": 120,
                "in_stock": True,
                "options": None,
            },
        ],
        "cheapest": 12,
        "best_rated": 12,
    }
    chat.results(model.ask(chat.messages), rows)

    turn = model.ask(chat.messages)

    assert "1. Trail Runner — ¥259.00 — 4.2 ★ — size 41, 42" in turn.text
    assert "Cheapest: Road Racer." in turn.text and "Best rated: Road Racer." in turn.text


# --- variants -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_variant_required_is_retried_with_the_remembered_size(model, language):
    text = "add the second one" if language == "en" else "加第二个"
    chat = searched(Chat(language, preferences={"shoe_size": "42"})).assistant("…").user(text)
    first = model.ask(chat.messages)
    assert first.arguments() == {"product_id": 12}
    chat.results(first, SIZES_41_TO_43)

    retry = model.ask(chat.messages)

    assert retry.names == ["add_to_cart"]
    assert retry.arguments() == {"product_id": 12, "options": {"size": "42"}}
    assert retry.calls[0]["id"] != first.calls[0]["id"]


def test_the_demos_own_pick_keeps_the_size_said_earlier(model):
    chat = Chat().user("need running shoes, size 43")
    chat.results(model.ask(chat.messages), HITS).assistant("…").user("ill take the cheaper one")
    first = model.ask(chat.messages)
    assert first.names == ["add_to_cart"]
    choices = [
        {"variant_id": 1, "options": {"color": "Black", "size": "36"}, "price": 49900, "stock": 4},
        {"variant_id": 2, "options": {"color": "Black", "size": "43"}, "price": 49900, "stock": 2},
        {"variant_id": 3, "options": {"color": "White", "size": "43"}, "price": 49900, "stock": 1},
    ]
    chat.results(first, {**SIZES_41_TO_43, "catalog_data": {"title": "Mach 4", "choices": choices}})

    retry = model.ask(chat.messages)

    assert retry.names == ["add_to_cart"]
    assert retry.arguments()["options"] == {"color": "Black", "size": "43"}


def test_a_remembered_size_that_is_not_offered_is_not_forced(model):
    chat = searched(Chat(preferences={"shoe_size": "45"})).assistant("…").user("add the second one")
    chat.results(model.ask(chat.messages), SIZES_41_TO_43)

    turn = model.ask(chat.messages)

    assert turn.calls == []
    assert "Road Racer comes in size 41, 42, 43" in turn.text


@pytest.mark.parametrize(
    ("language", "ask", "answer", "listed"),
    [
        ("en", "add the second one", "42", "size 41, 42, 43"),
        ("en", "add the second one", "size 42 please", "size 41, 42, 43"),
        ("zh", "加第二个", "42码", "尺码 41, 42, 43"),
    ],
)
def test_without_a_remembered_size_it_asks_and_takes_the_answer(
    model, language, ask, answer, listed
):
    chat = searched(Chat(language)).assistant("…").user(ask)
    chat.results(model.ask(chat.messages), SIZES_41_TO_43)
    question = model.ask(chat.messages)
    assert question.calls == [] and listed in question.text

    turn = model.ask(chat.assistant(question.text).user(answer).messages)

    assert turn.names == ["add_to_cart"]
    assert turn.arguments() == {"product_id": 12, "options": {"size": "42"}}


def test_a_bare_number_keeps_the_conversation_in_chinese(model):
    chat = searched(Chat("zh"), HITS_ZH).assistant("…").user("加第二个")
    chat.results(model.ask(chat.messages), SIZES_41_TO_43)
    chat.assistant(model.ask(chat.messages).text).user("42")
    chat.results(model.ask(chat.messages), CART)

    turn = model.ask(chat.messages)

    assert turn.text.startswith("已加入购物车。")
    assert "1. Road Racer（尺码 42） × 1 — ¥199.00" in turn.text


def test_a_retry_never_drops_the_colour_the_customer_asked_for(model):
    chat = searched(Chat(preferences={"shoe_size": "42"})).assistant("…")
    chat.user("add the second one in black")
    first = model.ask(chat.messages)
    assert first.arguments() == {"product_id": 12, "options": {"color": "black"}}
    white_only = {
        **SIZES_41_TO_43,
        "catalog_data": {
            "title": "Road Racer",
            "choices": [
                {
                    "variant_id": 24,
                    "options": {"size": "41", "color": "white"},
                    "price": 19900,
                    "stock": 2,
                },
                {
                    "variant_id": 25,
                    "options": {"size": "42", "color": "white"},
                    "price": 19900,
                    "stock": 2,
                },
            ],
        },
    }
    chat.results(first, white_only)

    turn = model.ask(chat.messages)

    assert turn.calls == []
    assert turn.text.startswith("It doesn't come in black. Road Racer (size 42) comes in")
    assert "color white" in turn.text


def test_an_answer_the_product_does_not_offer_is_explained(model):
    chat = searched(Chat("zh"), HITS_ZH).assistant("…").user("加第二个")
    chat.results(model.ask(chat.messages), SIZES_41_TO_43)
    chat.assistant(model.ask(chat.messages).text).user("46码")
    answer = model.ask(chat.messages)
    assert answer.arguments() == {"product_id": 12, "options": {"size": "46"}}
    chat.results(answer, {**SIZES_41_TO_43, "message": "Product 12 has no variant with size 46"})

    turn = model.ask(chat.messages)

    assert turn.calls == []
    assert turn.text.startswith("没有46的款式。竞速跑鞋有这些选择：尺码 41, 42, 43。")


def test_after_adding_it_shows_the_cart_with_the_store_subtotal(model):
    chat = searched(Chat()).assistant("…").user("add the second one in size 42")
    chat.results(model.ask(chat.messages), CART)

    turn = model.ask(chat.messages)

    assert turn.text.startswith("Added to your cart.")
    assert "1. Road Racer (size 42) × 1 — ¥199.00" in turn.text
    assert "Subtotal: ¥717.00 (3 items)." in turn.text


# --- the cart -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["show my cart", "what's in my basket", "看看购物车"])
def test_cart_requests_view_the_cart(model, text):
    assert model.ask(Chat().user(text).messages).names == ["view_cart"]


@pytest.mark.parametrize(
    ("text", "name", "arguments"),
    [
        ("remove the second one", "remove_from_cart", {"line_id": 6}),
        ("删除第一个", "remove_from_cart", {"line_id": 5}),
        ("remove the trail runner", "remove_from_cart", {"line_id": 6}),
        ("change the first one to 3", "update_cart_item", {"line_id": 5, "quantity": 3}),
        ("第二个改成1件", "update_cart_item", {"line_id": 6, "quantity": 1}),
    ],
)
def test_cart_lines_are_changed_by_position_in_the_last_cart(model, text, name, arguments):
    chat = Chat().called("view_cart", {}, CART).assistant("…").user(text)

    turn = model.ask(chat.messages)

    assert turn.names == [name]
    assert turn.arguments() == arguments


def test_without_a_cart_in_the_history_it_looks_at_the_cart_first(model):
    chat = Chat().user("remove the second one")
    look = model.ask(chat.messages)
    assert look.names == ["view_cart"]
    chat.results(look, CART)

    turn = model.ask(chat.messages)

    assert turn.names == ["remove_from_cart"]
    assert turn.arguments() == {"line_id": 6}


# --- checkout and payment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("check out", "en"),
        ("checkout please", "en"),
        ("结账", "zh"),
        ("下单", "zh"),
    ],
)
def test_checkout_is_followed_by_pay_order_for_the_new_order(model, text, language):
    chat = Chat(language).user(text)
    checkout = model.ask(chat.messages)
    assert checkout.names == ["checkout"] and checkout.arguments() == {}
    chat.results(checkout, CHECKED_OUT)

    pay = model.ask(chat.messages)

    assert pay.names == ["pay_order"]
    assert pay.arguments() == {"order_id": 7}


def test_without_pay_order_on_offer_checkout_is_reported(model):
    offered = [t for t in TOOLS if t["function"]["name"] != "pay_order"]
    chat = Chat().user("check out")
    chat.results(model.ask(chat.messages, offered), CHECKED_OUT)

    turn = model.ask(chat.messages, offered)

    assert turn.calls == []
    assert "Order #7 is created" in turn.text and "¥199.00" in turn.text


@pytest.mark.parametrize(
    ("language", "result", "expected"),
    [
        ("en", PAID, ["Paid!", "¥199.00", "order #7", "paid"]),
        ("zh", PAID, ["支付成功", "¥199.00", "订单 #7", "已付款"]),
        ("en", FAILED, ["order #7 failed", "insufficient funds", "another method"]),
        ("zh", FAILED, ["订单 #7 支付失败", "余额不足", "换个方式付款"]),
        ("en", DECLINED, ["nothing was charged", "Order #7", "cancel my order"]),
        ("zh", DECLINED, ["没有扣款", "订单 #7"]),
    ],
)
def test_payment_outcomes_are_reported(model, language, result, expected):
    chat = Chat(language).user("check out" if language == "en" else "结账")
    chat.results(model.ask(chat.messages), CHECKED_OUT)
    chat.results(model.ask(chat.messages), result)

    turn = model.ask(chat.messages)

    assert turn.calls == [] and turn.finish_reason == "stop"
    for text in expected:
        assert text in turn.text


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("pay with Alipay", "Alipay"),
        ("用支付宝付款", "支付宝"),
        ("pay with another method", "another"),
        ("pay", None),
    ],
)
def test_paying_again_after_a_failure_uses_the_asked_method(model, text, method):
    chat = Chat().user("check out")
    chat.results(model.ask(chat.messages), CHECKED_OUT)
    chat.results(model.ask(chat.messages), FAILED)
    chat.assistant(model.ask(chat.messages).text).user(text)

    turn = model.ask(chat.messages)

    assert turn.names == ["pay_order"]
    assert turn.arguments() == {"order_id": 7, **({"payment_method": method} if method else {})}


def test_pay_with_no_order_waiting_checks_the_cart_out(model):
    chat = Chat().user("pay with alipay")
    look = model.ask(chat.messages)
    assert look.names == ["list_orders"]

    turn = model.ask(chat.results(look, {"orders": []}).messages)

    assert turn.names == ["checkout"]


def test_pay_with_no_order_and_an_empty_cart_says_there_is_none(model):
    chat = Chat().user("show my cart")
    chat.results(model.ask(chat.messages), {"cart": {"lines": [], "items": 0}}).user("pay")
    look = model.ask(chat.messages)
    assert look.names == ["list_orders"]

    turn = model.ask(chat.results(look, {"orders": []}).messages)

    assert turn.calls == []
    assert "no order waiting for payment" in turn.text


def test_cancel_with_no_order_anywhere_says_so(model):
    chat = Chat().user("cancel my order")
    look = model.ask(chat.messages)
    assert look.names == ["list_orders"]

    turn = model.ask(chat.results(look, {"orders": []}).messages)

    assert turn.calls == [] and "can't find an order to cancel" in turn.text


@pytest.mark.parametrize(
    ("text", "name", "arguments"),
    [
        ("my orders", "list_orders", {}),
        ("我的订单", "list_orders", {}),
        ("where is order 7", "get_order_status", {"order_id": 7}),
        ("订单状态", "get_order_status", {"order_id": 7}),
        ("cancel my order", "cancel_order", {"order_id": 7}),
        ("取消订单", "cancel_order", {"order_id": 7}),
    ],
)
def test_order_requests_use_the_latest_order_seen(model, text, name, arguments):
    chat = Chat().called("checkout", {}, CHECKED_OUT).assistant("…").user(text)

    turn = model.ask(chat.messages)

    assert turn.names == [name]
    assert turn.arguments() == arguments


@pytest.mark.parametrize("text", ["refund my order", "退款"])
def test_refund_picks_the_paid_order(model, text):
    chat = Chat().called("checkout", {}, CHECKED_OUT).called("pay_order", {"order_id": 7}, PAID)

    turn = model.ask(chat.assistant("…").user(text).messages)

    assert turn.names == ["refund_order"]
    assert turn.arguments() == {"order_id": 7}


def test_store_errors_are_relayed_politely(model):
    chat = Chat().user("check out")
    error = {"error": "invalid_request", "message": "Your cart is empty; add something first."}
    chat.results(model.ask(chat.messages), error)

    turn = model.ask(chat.messages)

    assert turn.calls == []
    assert turn.text == "Sorry, that didn't work: Your cart is empty; add something first."


# --- memory ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "arguments"),
    [
        ("remember my shoe size is 42", "remember_preference", {"key": "shoe_size", "value": "42"}),
        ("记住我的鞋码是42", "remember_preference", {"key": "shoe_size", "value": "42"}),
        ("remember I wear size M", "remember_preference", {"key": "clothing_size", "value": "M"}),
        (
            "remember my budget is 500 yuan",
            "remember_preference",
            {"key": "budget", "value": "500"},
        ),
        ("记住我喜欢李宁", "remember_preference", {"key": "favourite_brands", "value": "李宁"}),
        ("what do you remember about me", "recall_preferences", {}),
        ("你记得什么", "recall_preferences", {}),
        ("forget my shoe size", "forget_preference", {"key": "shoe_size"}),
        ("忘记我的鞋码", "forget_preference", {"key": "shoe_size"}),
    ],
)
def test_preferences_are_remembered_recalled_and_forgotten(model, text, name, arguments):
    turn = model.ask(Chat(preferences={"shoe_size": "42"}).user(text).messages)

    assert turn.names == [name]
    assert turn.arguments() == arguments


def test_remembered_preference_is_confirmed_in_chinese(model):
    chat = Chat("zh").user("记住我的鞋码是42")
    chat.results(model.ask(chat.messages), {"remembered": {"shoe_size": "42"}})

    assert model.ask(chat.messages).text == "好的，我记住了：鞋码: 42。"


# --- the wire -------------------------------------------------------------------------------------


def test_streamed_text_arrives_in_pieces_and_ends_with_usage():
    turn = Model(make_client(), stream=True).ask(Chat().user("hello").messages)

    assert turn.content_chunks > 10
    assert turn.finish_reason == "stop"
    assert turn.usage.prompt_tokens > 0 and turn.usage.completion_tokens > 0
    assert turn.usage.total_tokens == turn.usage.prompt_tokens + turn.usage.completion_tokens


def test_raw_stream_is_server_sent_events_ending_with_done():
    body = {
        "model": OFFLINE_MODEL_NAME,
        "messages": [{"role": "user", "content": "你好"}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    with httpx2.Client(transport=OfflineTransport()) as http:
        response = http.post(f"{BASE_URL}/chat/completions", json=body)

    events = [line for line in response.text.split("\n\n") if line]
    assert response.headers["content-type"] == "text/event-stream"
    assert all(e.startswith("data: ") for e in events)
    assert events[-1] == "data: [DONE]"
    chunks = [json.loads(e.removeprefix("data: ")) for e in events[:-1]]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] > 0
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks[:-1])
    assert OFFLINE_NOTICE_ZH in text


def test_chinese_usage_counts_about_a_token_per_character():
    reply = make_client().chat.completions.create(
        model=OFFLINE_MODEL_NAME, messages=[{"role": "user", "content": "你好"}]
    )
    english = make_client().chat.completions.create(
        model=OFFLINE_MODEL_NAME, messages=[{"role": "user", "content": "hello"}]
    )

    chinese_chars = sum(1 for ch in reply.choices[0].message.content if "\u4e00" <= ch <= "\u9fff")
    assert reply.usage.completion_tokens >= chinese_chars
    assert english.usage.completion_tokens < len(english.choices[0].message.content) / 2


def test_models_lists_the_demo():
    assert [m.id for m in make_client().models.list()] == [OFFLINE_MODEL_NAME]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"model": OFFLINE_MODEL_NAME}, "messages"),
        ({"model": OFFLINE_MODEL_NAME, "messages": []}, "messages"),
        ({"model": OFFLINE_MODEL_NAME, "messages": [{"role": "robot", "content": "hi"}]}, "role"),
        (
            {
                "model": OFFLINE_MODEL_NAME,
                "messages": [
                    {"role": "user", "content": "hi"},
                    {"role": "tool", "tool_call_id": "call_9", "content": "{}"},
                ],
            },
            "tool_call_id",
        ),
        (
            {
                "model": OFFLINE_MODEL_NAME,
                "messages": [
                    {"role": "user", "content": "hi"},
                    {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": "call_1",
                                "type": "function",
                                "function": {"name": "view_cart", "arguments": "{}"},
                            }
                        ],
                    },
                    {"role": "user", "content": "hello?"},
                ],
            },
            "call_1",
        ),
    ],
)
def test_malformed_requests_are_rejected_with_an_openai_error(body, message):
    client = make_client()
    with pytest.raises(openai.BadRequestError) as caught:
        client.post("/chat/completions", cast_to=object, body=body)

    error = caught.value.body
    assert caught.value.status_code == 400
    assert error["type"] == "invalid_request_error"
    assert message in error["message"]


def test_malformed_request_through_chat_completions_raises_bad_request():
    with pytest.raises(openai.BadRequestError, match="tool_call_id"):
        make_client().chat.completions.create(
            model=OFFLINE_MODEL_NAME,
            messages=[{"role": "tool", "tool_call_id": "call_1", "content": "{}"}],
        )


def test_body_that_is_not_json_is_a_400_with_an_error_envelope():
    with httpx2.Client(transport=OfflineTransport()) as http:
        response = http.post(f"{BASE_URL}/chat/completions", content=b"{not json")

    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "not valid JSON" in response.json()["error"]["message"]


def test_unknown_model_is_not_found():
    with pytest.raises(openai.NotFoundError, match=OFFLINE_MODEL_NAME):
        make_client().chat.completions.create(
            model="gpt-imaginary", messages=[{"role": "user", "content": "hi"}]
        )


def test_only_offered_tools_are_called():
    client = make_client()
    turn = Model(client, stream=False).ask(Chat().user("show my cart").messages, tools=[])

    assert turn.calls == []
    assert "view_cart" in turn.text


def test_same_request_same_answer_and_call_ids_stay_unique():
    chat = searched(Chat()).assistant("…").user("add the second one in size 42")
    model = Model(make_client(), stream=False)

    first, second = model.ask(chat.messages), model.ask(chat.messages)

    assert first.names == second.names and first.arguments() == second.arguments()
    assert first.calls[0]["id"] != second.calls[0]["id"]
    # ids continue above those already in the conversation (a restarted app keeps its threads)
    past = max(
        int(m["tool_call_id"].removeprefix("call_")) for m in chat.messages if m["role"] == "tool"
    )
    assert int(first.calls[0]["id"].removeprefix("call_")) > past


def test_concurrent_requests_get_distinct_call_ids():
    client = make_client()
    messages = Chat().user("find running shoes under 300").messages

    def ask(_: int) -> str:
        response = client.chat.completions.create(
            model=OFFLINE_MODEL_NAME, messages=messages, tools=TOOLS
        )
        return response.choices[0].message.tool_calls[0].id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(ask, range(64)))

    assert len(set(ids)) == 64


# --- against the real tools and store -----------------------------------------------------------


def run_tools(ctx: ToolContext, turn: Turn) -> list[Any]:
    """Run the calls the way the graph does; pay_order is confirmed by the 'human' at once."""
    results = []
    for call in turn.calls:
        outcome = REGISTRY.get(call["name"]).run(ctx, call["arguments"])
        if call["name"] == "pay_order" and outcome.ok:
            payment = tools.charge(ctx, outcome.data, idempotency_key=uuid.uuid4().hex)
            results.append(tools.present_payment(payment))
        else:
            results.append(json.loads(outcome.content))
    return results


def converse(model: Model, ctx: ToolContext, chat: Chat, text: str) -> tuple[str, list[str]]:
    """One customer turn: the demo and the tools until the demo answers in text."""
    chat.user(text)
    called: list[str] = []
    for _ in range(6):
        with Session(ctx.engine) as session:
            preferences = {
                p.key: p.value
                for p in store.recall_preferences(session, customer_id=ctx.customer_id)
            }
        chat.messages[0] = system_message(
            customer_name="Alice", language=chat.language, preferences=preferences
        )
        turn = model.ask(chat.messages)
        if not turn.calls:
            chat.assistant(turn.text)
            return turn.text, called
        called += turn.names
        chat.results(turn, *run_tools(ctx, turn))
    raise AssertionError(f"no answer after six steps: {called}")


def test_a_whole_purchase_against_the_real_store(model, shop):
    ctx = ToolContext(engine=shop.engine, customer_id=shop.alice.id, language="en")
    chat = Chat()

    text, called = converse(model, ctx, chat, "remember my shoe size is 42")
    assert called == ["remember_preference"] and "shoe size: 42" in text

    text, called = converse(model, ctx, chat, "find a running shoe under 500")
    assert called == ["search_products"]
    assert "1. Li-Ning running shoe — ¥399.00" in text

    text, called = converse(model, ctx, chat, "add the first one")
    assert called == ["add_to_cart", "add_to_cart"]  # variant_required, then size 42
    assert "Li-Ning running shoe (size 42) × 1 — ¥399.00" in text

    text, called = converse(model, ctx, chat, "check out")
    assert called == ["checkout", "pay_order"]
    assert "Paid! ¥" in text

    with Session(shop.engine) as session:
        orders = store.list_orders(session, customer_id=shop.alice.id)
    assert [o.status.value for o in orders] == ["paid"]
    assert f"order #{orders[0].id}" in text


def test_async_clients_stream_too():
    async def ask() -> str:
        client = openai.AsyncOpenAI(
            api_key="offline-demo",
            base_url=BASE_URL,
            max_retries=0,
            http_client=httpx2.AsyncClient(transport=OfflineTransport(pause_seconds=0.001)),
        )
        stream = await client.chat.completions.create(
            model=OFFLINE_MODEL_NAME, messages=Chat().user("hello").messages, stream=True
        )
        return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])

    assert OFFLINE_NOTICE in asyncio.run(ask())


# --- what the customer said earlier, and what the demo picks -----------------------------------


def test_a_size_stated_in_the_conversation_beats_the_remembered_one(model):
    chat = Chat(preferences={"shoe_size": "42"}).user("running shoes, I wear 41 now")
    chat.results(model.ask(chat.messages), HITS).assistant("…").user("add the second one")
    chat.results(model.ask(chat.messages), SIZES_41_TO_43)

    retry = model.ask(chat.messages)

    assert retry.arguments() == {"product_id": 12, "options": {"size": "41"}}


def test_naming_another_product_is_not_an_answer_to_the_variant_question(model):
    chat = searched(Chat()).assistant("…").user("add the second one")
    chat.results(model.ask(chat.messages), SIZES_41_TO_43)
    chat.assistant(model.ask(chat.messages).text).user("actually the trail runner")

    turn = model.ask(chat.messages)

    assert turn.names == ["get_product_details"] or turn.arguments().get("product_id") != 12


def test_the_pricier_one_of_the_list(model):
    turn = model.ask(searched(Chat()).assistant("…").user("I'll take the pricier one").messages)

    assert turn.names == ["add_to_cart"]
    assert turn.arguments() == {"product_id": 11}


def test_letting_the_demo_pick_picks_an_in_stock_variant_too(model):
    chat = searched(Chat()).assistant("…").user("add the best rated one")
    chat.results(model.ask(chat.messages), SIZES_41_TO_43)

    retry = model.ask(chat.messages)

    assert retry.arguments() == {"product_id": 12, "options": {"size": "41"}}


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("I need a 43 not a 42", {"size": "43"}),
        # another colour keeps the size
        ("hmm actually make it white", {"size": "42", "color": "white"}),
        ("还是换成白色的吧", {"size": "42", "color": "white"}),
    ],
)
def test_a_size_or_colour_swap_removes_the_line_it_replaces(model, text, options):
    chat = Chat().user("show my cart")
    one_line = {"cart": {"lines": [LINE], "items": 1, "subtotal": "¥199.00"}}
    chat.results(model.ask(chat.messages), one_line).assistant("…").user(text)
    add = model.ask(chat.messages)
    assert add.names == ["add_to_cart"]
    assert add.arguments()["options"] == options
    new_line = {
        **LINE,
        "line_id": 9,
        "catalog_data": {"title": "Road Racer", "options": {"size": "43"}},
    }
    chat.results(add, {"cart": {"lines": [LINE, new_line], "items": 2, "subtotal": "¥398.00"}})

    remove = model.ask(chat.messages)

    assert remove.names == ["remove_from_cart"]
    assert remove.arguments() == {"line_id": 5}


@pytest.mark.parametrize("text", ["one more but a different size", "再来一双别的尺码的"])
def test_one_more_in_another_option_adds_the_product_in_focus(model, text):
    chat = searched(Chat()).assistant("…").user("add the second one")
    chat.results(model.ask(chat.messages), {"cart": {"lines": [LINE], "items": 1}})
    chat.assistant("…").user(text)

    turn = model.ask(chat.messages)

    assert turn.names == ["add_to_cart"]
    assert turn.arguments()["product_id"] == 12


@pytest.mark.parametrize(("text", "line_id"), [("remove the trail runner", 6), ("把竞速删了", 5)])
def test_a_cart_line_is_named_by_its_title(model, text, line_id):
    cart = json.loads(json.dumps(CART).replace("Road Racer", "Road Racer 竞速跑鞋"))
    chat = Chat().user("show my cart")
    chat.results(model.ask(chat.messages), cart).assistant("…").user(text)

    turn = model.ask(chat.messages)

    assert turn.names == ["remove_from_cart"]
    assert turn.arguments() == {"line_id": line_id}
