"""Product details and the category list, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store.catalog import get_product, list_categories
from store.errors import NotFound
from store.models import Category, Product, Variant


@pytest.fixture
def shoe(session: Session) -> Product:
    shoes = Category(slug="shoes", name_en="Shoes", name_zh="鞋")
    session.add(shoes)
    session.flush()
    running = Category(
        slug="running-shoes", name_en="Running Shoes", name_zh="跑步鞋", parent_id=shoes.id
    )
    session.add_all([running, Category(slug="bags", name_en="Bags", name_zh="包")])
    session.flush()
    product = Product(
        title_en="Fleet Running Shoes",
        title_zh="Fleet 跑步鞋",
        description_en="Light and cushioned.",
        brand="Fleet",
        seller="acme",
        external_id="F-1",
        category_id=running.id,
        rating=4.3,
        rating_count=12,
        currency="CNY",
    )
    session.add(product)
    session.flush()
    session.add_all(
        [
            Variant(
                product_id=product.id,
                sku="F-1-41",
                options={"size": "41", "color": "red"},
                price=42900,
                stock=0,
            ),
            Variant(
                product_id=product.id,
                sku="F-1-42",
                options={"size": "42", "color": "red"},
                price=39900,
                stock=3,
            ),
        ]
    )
    session.add(Product(title_en="Plain Sneakers", category_id=shoes.id))
    session.commit()
    return product


def test_get_product_gives_details_and_variants(session, shoe):
    detail = get_product(session, shoe.id)
    assert (detail.title, detail.title_zh, detail.description) == (
        "Fleet Running Shoes",
        "Fleet 跑步鞋",
        "Light and cushioned.",
    )
    assert (detail.category, detail.category_zh, detail.brand, detail.seller) == (
        "Running Shoes",
        "跑步鞋",
        "Fleet",
        "acme",
    )
    assert [v.sku for v in detail.variants] == ["F-1-41", "F-1-42"]  # in the order added
    assert detail.price == 39900 and detail.in_stock
    assert detail.option_names == ["size"]  # colour is the same on every variant
    assert detail.variants[0].currency == "CNY"


def test_an_unknown_product_is_not_found_with_a_clear_message(session, shoe):
    with pytest.raises(NotFound) as error:
        get_product(session, 987654)
    assert "987654" in error.value.message and "search" in error.value.message
    assert error.value.to_dict()["error"] == "not_found"


def test_list_categories_counts_products_of_subcategories_too(session, shoe):
    assert list_categories(session) == [
        ("bags", "Bags", "包", 0),
        ("running-shoes", "Running Shoes", "跑步鞋", 1),
        ("shoes", "Shoes", "鞋", 2),
    ]
