"""The tool registry: schemas from signatures, validation, identity kept out of arguments."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel
from sqlmodel import Session

from store.models import Category
from tests.store.factories import make_card, make_customer, make_product
from tools import REGISTRY, ToolContext, ToolError, ToolRegistry, tool
from tools.registry import _model_facing

SELF_EXPLAINING = {
    *("query", "category", "brand", "size", "quantity", "sort", "in_stock_only", "min_rating"),
    *("limit", "exclude_brands", "code", "key", "value"),
    "options",  # the system prompt shows its shape
}
"""Parameters the model reads without a description: their name (or enum) says it all."""


def test_every_tool_has_a_described_object_schema():
    names = [t.name for t in REGISTRY]
    assert len(names) == len(set(names)) == 21
    for schema in REGISTRY.schemas():
        function = schema["function"]
        assert function["description"]
        params = function["parameters"]
        assert params["type"] == "object"
        assert "title" not in json.dumps(params)  # trimmed: fewer tokens
        for name, prop in params["properties"].items():
            if not (name in SELF_EXPLAINING or name.endswith(("_id", "_ids"))):
                assert prop.get("description"), f"{function['name']}.{name} has no description"


def test_the_model_reads_the_brief_and_developers_the_docstring():
    search = REGISTRY.get("search_products")
    assert search.description.startswith("Search the catalog")
    assert "Args:" not in search.description
    assert "Only products of the kind asked for" in (search.func.__doc__ or "")
    props = search.schema()["function"]["parameters"]["properties"]
    assert props["max_price"] == {"type": "number", "description": "yuan"}


def test_bounds_are_validated_but_not_sent():
    """The model reads no bounds, patterns or defaults; a value outside them is a clear error."""
    sent = json.dumps(REGISTRY.schemas())
    for key in ("minimum", "maximum", "maxItems", "pattern", "default", "additionalProperties"):
        assert f'"{key}"' not in sent
    compare = REGISTRY.get("compare_products")
    with pytest.raises(ToolError, match="at least 2"):
        compare.parse_arguments('{"product_ids": [1]}')


def test_a_brief_names_only_real_parameters():
    def look(ctx, query: str) -> None:
        """Look."""

    with pytest.raises(ValueError, match="qeury"):
        tool(registry=ToolRegistry(), brief="Look.", params={"qeury": "words"})(look)


def test_no_tool_takes_an_identity_argument():
    for schema in REGISTRY.schemas():
        props = schema["function"]["parameters"]["properties"]
        assert not {"customer_id", "user_id", "customer"} & set(props), schema["function"]["name"]


def test_optional_parameters_are_not_required_and_not_nullable_in_schema():
    params = REGISTRY.get("add_to_cart").schema()["function"]["parameters"]
    assert params["required"] == ["product_id"]
    assert params["properties"]["variant_id"] == {"type": "integer"}
    assert params["properties"]["quantity"] == {"type": "integer"}  # bounds: validated


def test_unknown_tool_lists_the_real_ones():
    with pytest.raises(ToolError) as info:
        REGISTRY.get("search")
    assert "search_products" in info.value.message


@pytest.fixture
def ctx(sqlite_engine):
    engine = sqlite_engine
    with Session(engine) as s:
        customer = make_customer(s, "alice")
        make_card(s, customer)
        make_product(s, title="Anker wireless earbuds", price=19900, stock=3, brand="Anker")
        make_product(
            s,
            title="Running shoe",
            price=39900,
            stock=3,
            options_list=[{"size": "41"}, {"size": "42"}],
        )
        customer_id = customer.id
    yield ToolContext(engine=engine, customer_id=customer_id)
    engine.dispose()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ('{"product_id": ', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"product_id": "abc"}', "product_id"),
        ('{"product_id": 1, "quantity": 0}', "quantity"),
        ('{"product_id": 1, "customer_id": 2}', "customer_id"),
    ],
)
def test_bad_arguments_become_clear_tool_errors(ctx, raw, fragment):
    outcome = REGISTRY.get("add_to_cart").run(ctx, raw)
    assert not outcome.ok
    body = json.loads(outcome.content)
    assert body["error"] == "invalid_arguments"
    assert fragment in body["message"]


def test_store_errors_become_tool_errors_the_model_can_act_on(ctx):
    missing = REGISTRY.get("get_product_details").run(ctx, '{"product_id": 999}')
    assert not missing.ok and json.loads(missing.content)["error"] == "not_found"
    shoe_id = 2
    needs_size = REGISTRY.get("add_to_cart").run(ctx, json.dumps({"product_id": shoe_id}))
    body = json.loads(needs_size.content)
    assert body["error"] == "variant_required"
    assert "42" in json.dumps(body, ensure_ascii=False)


def test_results_are_compact_and_mark_catalog_text(ctx):
    outcome = REGISTRY.get("search_products").run(ctx, '{"query": "earbuds"}')
    assert outcome.ok
    body = json.loads(outcome.content)
    assert body["catalog_data"][0]["title"] == "Anker wireless earbuds"
    assert body["catalog_data"][0]["price"] == "¥199.00"
    assert outcome.data.products[0].price == 19900  # programs get the full view
    cart = json.loads(
        REGISTRY.get("add_to_cart").run(ctx, '{"product_id": 1, "quantity": 2}').content
    )
    assert cart["cart"]["subtotal"] == "¥398.00"


def _sell_phones(ctx) -> None:
    with Session(ctx.engine) as s:
        phones = Category(slug="phones", name_en="Phones", name_zh="手机")
        s.add(phones)
        s.flush()
        make_product(s, title="Redmi 14C", title_zh="红米 14C 手机", category_id=phones.id)


def test_a_search_for_what_the_shop_lacks_says_so_with_suggestions(ctx):
    _sell_phones(ctx)
    zh = ToolContext(engine=ctx.engine, customer_id=ctx.customer_id, language="zh")
    body = json.loads(REGISTRY.get("search_products").run(zh, '{"query": "手机壳"}').content)
    assert body["count"] == 0 and "catalog_data" not in body
    assert body["not_sold"] == "手机壳"
    assert body["suggestions"][0] == {"name": "手机", "category": "phones"}  # customer's language
    en = json.loads(REGISTRY.get("search_products").run(ctx, '{"query": "phone cases"}').content)
    assert en["suggestions"][0] == {"name": "Phones", "category": "phones"}


def test_a_search_for_several_kinds_shows_those_sold_and_names_the_others(ctx):
    _sell_phones(ctx)
    query = '{"query": "phone case and earbuds"}'
    body = json.loads(REGISTRY.get("search_products").run(ctx, query).content)
    assert [item["title"] for item in body["catalog_data"]] == ["Anker wireless earbuds"]
    assert body["count"] == 1 and body["not_sold"] == "phone case"
    assert body["suggestions"][0] == {"name": "Phones", "category": "phones"}


def test_a_tool_needs_a_docstring():
    with pytest.raises(ValueError, match="docstring"):
        tool(registry=ToolRegistry())(lambda ctx: None)


def test_a_nested_model_keeps_its_definitions_in_the_model_facing_schema():
    class Line(BaseModel):
        product_id: int
        quantity: int = 1

    class Args(BaseModel):
        lines: list[Line]

    schema = _model_facing(Args.model_json_schema())

    assert schema["properties"]["lines"]["items"] == {"$ref": "#/$defs/Line"}
    assert schema["$defs"]["Line"]["required"] == ["product_id"]
