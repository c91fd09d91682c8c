"""Searches for something instead of a named product, and for what goes with one.

"An alternative to X" finds X's kind without X, the most alike and nearest in price first;
a phone case naming an iPhone is never an iPhone. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store.alternatives import read_instead
from store.models import Category, Product, Variant
from store.search import search_products


def _product(session: Session, category: Category, title: str, price: int, seller="shop") -> int:
    product = Product(title_en=title, category_id=category.id, seller=seller)
    session.add(product)
    session.flush()
    session.add(Variant(product_id=product.id, sku=f"sku-{product.id}", price=price, stock=5))
    assert product.id is not None
    return product.id


@pytest.fixture
def shop(session: Session) -> dict[str, int]:
    audio = Category(slug="audio", name_en="Audio", name_zh="音频")
    phones = Category(slug="phones", name_en="Phones", name_zh="手机")
    cases = Category(slug="phone-cases", name_en="Phone Cases", name_zh="手机壳")
    wearables = Category(slug="wearables", name_en="Wearables", name_zh="穿戴设备")
    session.add_all([audio, phones, cases, wearables])
    session.flush()
    ids = {
        "xm5": _product(
            session, audio, "Sony WH-1000XM5 Wireless Noise Cancelling Headphones", 249900
        ),
        "xm5 elsewhere": _product(
            session, audio, "Sony WH-1000XM5 Wireless Noise Cancelling Headphones", 239900, "other"
        ),
        "bose": _product(session, audio, "Bose QuietComfort Ultra Wireless Headphones", 329900),
        "edifier": _product(session, audio, "Edifier W820NB Noise Cancelling Headphones", 29900),
        "airpods pro": _product(session, audio, "Apple AirPods Pro 2 Wireless Earbuds", 189900),
        "airpods": _product(session, audio, "Apple AirPods 4 Wireless Earbuds", 99900),
        "buds": _product(session, audio, "Xiaomi Redmi Buds 6 Pro Wireless Earbuds", 39900),
        "freebuds": _product(session, audio, "Huawei FreeBuds Pro 4 Wireless Earbuds", 149900),
        "iphone 16": _product(session, phones, "Apple iPhone 16", 599900),
        "iphone 15": _product(session, phones, "Apple iPhone 15", 479900),
        "galaxy": _product(session, phones, "Samsung Galaxy S25", 649900),
        "redmi": _product(session, phones, "Xiaomi Redmi 14C", 69900),
        "case 15": _product(session, cases, "Spigen Clear Case for iPhone 15", 9900),
        "case 16": _product(session, cases, "ESR Clear Case for iPhone 16", 8900),
        "watch": _product(session, wearables, "Apple Watch Series 10", 299900),
        "strap": _product(session, wearables, "Nylon Sport Strap for Apple Watch Series 10", 9900),
    }
    session.commit()
    return ids


def _found(session: Session, query: str) -> list[int]:
    return [hit.id for hit in search_products(session, query, limit=10)]


@pytest.mark.parametrize(
    "query", ["an alternative to Sony WH-1000XM5", "headphones similar to the Sony WH-1000XM5"]
)
def test_an_alternative_is_of_the_kind_without_the_product_nearest_in_price_first(
    session, shop, query
):
    found = _found(session, query)
    assert found[:2] == [shop["bose"], shop["edifier"]]
    assert not {shop["xm5"], shop["xm5 elsewhere"], shop["airpods pro"]} & set(found)


def test_the_cheapest_alternative_is_the_cheapest_of_the_close_ones(session, shop):
    found = _found(session, "the cheapest alternative to the Sony WH-1000XM5")
    assert found[:2] == [shop["edifier"], shop["bose"]]
    assert not {shop["xm5"], shop["xm5 elsewhere"]} & set(found)


@pytest.mark.parametrize(
    "query",
    ["something like the AirPods Pro but cheaper", "AirPods Pro 平替", "比 AirPods Pro 便宜的耳机"],
)
def test_a_cheaper_alternative_costs_less_than_the_product(session, shop, query):
    found = _found(session, query)
    assert {shop["airpods"], shop["buds"], shop["freebuds"]} <= set(found)
    assert not {shop["airpods pro"], shop["xm5"], shop["bose"]} & set(found)  # not cheaper
    assert found[0] == shop["airpods"]  # the most alike: Apple AirPods, wireless earbuds
    assert found.index(shop["freebuds"]) < found.index(shop["buds"])  # nearer in price


def test_cheaper_than_a_phone_lists_cheaper_phones_not_its_cases(session, shop):
    found = _found(session, "cheaper than the iPhone 16")
    assert set(found) >= {shop["iphone 15"], shop["redmi"]}  # an iPhone or another phone
    assert not {shop["iphone 16"], shop["galaxy"], shop["case 15"], shop["case 16"]} & set(found)


def test_a_phone_line_does_not_find_the_cases_naming_it(session, shop):
    assert _found(session, "iPhone 16") == [shop["iphone 16"]]


@pytest.mark.parametrize(
    "query",
    [
        "iPhone 15 case",
        "iPhone 15 compatible case",
        "a case compatible with iPhone 15",
        "适用于 iPhone 15 的手机壳",
        "phone case for the iPhone 15",
    ],
)
def test_an_accessory_for_a_model_finds_the_one_naming_it(session, shop, query):
    found = _found(session, query)
    assert found[0] == shop["case 15"]
    assert not {shop["iphone 15"], shop["iphone 16"]} & set(found)


@pytest.mark.parametrize("query", ["strap for Apple Watch Series 10", "Apple Watch Series 10 表带"])
def test_a_strap_for_a_watch_is_no_watch(session, shop, query):
    assert _found(session, query) == [shop["strap"]]


def test_a_watch_is_not_its_strap(session, shop):
    assert _found(session, "Apple Watch Series 10") == [shop["watch"]]


@pytest.mark.parametrize(
    ("query", "reference", "cheaper"),
    [
        ("an alternative to the Sony WH-1000XM5, please", "the sony wh-1000xm5", False),
        ("类似 AirPods Pro 的耳机", "airpods pro", False),
        (
            "the cheapest alternative for this item: https://shop.example/product/bose-qc",
            "https://shop.example/product/bose-qc",
            False,
        ),
        ("running shoes like Nike Pegasus 41 but cheaper", "nike pegasus 41", True),
    ],
)
def test_the_reference_is_read_from_the_request(query, reference, cheaper):
    instead = read_instead(query)
    assert instead is not None
    assert (instead.reference, instead.cheaper) == (reference, cheaper)


@pytest.mark.parametrize("query", ["I would like the iPhone 15", "a case for iPhone 15", "earbuds"])
def test_a_plain_request_names_no_reference(query):
    assert read_instead(query) is None


def test_a_pasted_page_is_one_offer_and_another_sellers_cheaper_offer_is_an_alternative(
    session, shop
):
    cooling = Category(slug="cooling", name_en="CPU Cooling", name_zh="散热")
    session.add(cooling)
    session.flush()
    pasted = _product(session, cooling, "Arctic Liquid Freezer III 360mm CPU Cooler", 59900)
    elsewhere = _product(
        session, cooling, "Arctic Liquid Freezer III 360mm CPU Cooler", 54900, "other"
    )
    session.commit()
    link = "https://shop.example/product/arctic-liquid-freezer-iii-360mm-cpu-cooler"

    found = _found(session, f"Find the cheapest alternative for this item: {link} .")

    assert found[0] == elsewhere and pasted not in found


def test_a_sorted_search_for_an_alternative_still_leaves_the_product_out(session, shop):
    # A model (or the demo) may send "cheaper" as a sort as well as in the words.
    found = search_products(session, "something like the Sony WH-1000XM5", sort="price_asc")
    assert found and not {shop["xm5"], shop["xm5 elsewhere"]} & {hit.id for hit in found}
    assert found[0].id == shop["edifier"]
