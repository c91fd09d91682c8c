"""Search finds the kind of product asked for, and says so when the shop has none of it.

On SQLite and PostgreSQL, against a small bilingual shop and an imported-style category tree.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

import pytest
from sqlmodel import Session

from store.kinds import lexicon, name_form
from store.models import Category, Product, Variant
from store.search import search_catalog, search_products
from store.views import SearchFilters


def _category(session: Session, slug: str, en: str, zh: str | None, parent=None) -> Category:
    category = Category(slug=slug, name_en=en, name_zh=zh, parent_id=parent.id if parent else None)
    session.add(category)
    session.flush()
    return category


def _product(
    session: Session, category: Category, title: str, zh: str | None, price: int, **fields
) -> Product:
    product = Product(
        title_en=title,
        title_zh=zh,
        category_id=category.id,
        seller="shop",
        description_en=fields.pop("description", ""),
        **fields,
    )
    session.add(product)
    session.flush()
    session.add(Variant(product_id=product.id, sku=f"sku-{product.id}", price=price, stock=5))
    return product


@dataclass
class Shop:
    phone_cheap: Product
    phone_dear: Product
    cable: Product
    belt: Product
    runners: Product
    sneakers: Product
    earbuds_zh: Product
    earbuds_en: Product
    trolley: Product
    cabin: Product
    socks: Product
    lego: Product
    cat_tree: Product
    noodles: Product


@pytest.fixture
def shop(session: Session) -> Shop:
    phones = _category(session, "phones", "Phones", "手机")
    electronics = _category(session, "electronics", "Electronics", "数码电子")
    sports = _category(session, "sports", "Sports & Outdoors", "运动户外")
    shoes = _category(session, "shoes", "Shoes", "鞋靴")
    bags = _category(session, "bags", "Bags & Luggage", "箱包")
    toys = _category(session, "toys", "Toys", "玩具")
    pets = _category(session, "pets", "Pet Supplies", "宠物用品")
    food = _category(session, "food", "Food & Snacks", "食品零食")
    shop = Shop(
        phone_cheap=_product(session, phones, "Redmi 14C", "红米 14C 手机", 69900),
        phone_dear=_product(session, phones, "Honor X60", "荣耀 X60 手机", 119900),
        cable=_product(
            session,
            electronics,
            "USB-C Cable 1m",
            "USB-C 数据线",
            2900,
            description="For any phone.",
        ),
        belt=_product(session, sports, "Running Belt", "跑步腰包", 5900),
        runners=_product(session, shoes, "Fleet Running Shoes", "Fleet 跑步鞋", 39900),
        sneakers=_product(session, shoes, "Court Classic Sneakers", "经典板鞋", 49900),
        earbuds_zh=_product(session, electronics, "Buds 5", "小米 Buds 5 无线耳机", 29900),
        earbuds_en=_product(session, electronics, "Soundcore Wireless Earbuds", None, 19900),
        trolley=_product(session, bags, "Hard Shell Spinner", "硬壳万向轮拉杆箱", 89900),
        cabin=_product(session, bags, "Essential Cabin", "Essential 登机箱", 399900),
        socks=_product(session, sports, "Sports Socks (5 pairs)", "运动中筒袜 5 双装", 4900),
        lego=_product(session, toys, "LEGO City Fire Station 60320", "乐高 城市 消防局", 59900),
        cat_tree=_product(session, pets, "Multi-level Cat Tree", "多层猫爬架", 25900),
        noodles=_product(
            session, food, "Braised Beef Instant Noodles (5 pack)", "红烧牛肉面 5 连包", 1990
        ),
    )
    session.commit()
    return shop


def ids(hits) -> list[int]:
    return [hit.id for hit in hits]


# --- the product-type rule ----------------------------------------------------------------


def test_results_are_of_the_kind_asked_for(session, shop):
    assert ids(search_products(session, "running shoes")) == [shop.runners.id]  # not the belt
    assert ids(search_products(session, "跑步鞋")) == [shop.runners.id]
    assert shop.belt.id in ids(search_products(session, "running belt"))


def test_a_word_in_a_description_does_not_make_a_product_of_that_kind(session, shop):
    assert set(ids(search_products(session, "phones"))) == {shop.phone_cheap.id, shop.phone_dear.id}


def test_cheapest_x_is_x_sorted_by_price(session, shop):
    expected = [shop.phone_cheap.id, shop.phone_dear.id]  # the ¥29 cable mentions "phone"
    assert ids(search_products(session, "cheapest phones")) == expected
    assert ids(search_products(session, "phones", sort="price_asc")) == expected
    assert ids(search_products(session, "最便宜的手机")) == expected


# --- synonyms and broader kinds, both languages ------------------------------------------------


def test_synonyms_work_both_ways_across_languages(session, shop):
    both = {shop.earbuds_zh.id, shop.earbuds_en.id}
    assert set(ids(search_products(session, "earbuds"))) == both  # one says only 耳机
    assert set(ids(search_products(session, "蓝牙耳机"))) == both  # one says only "Earbuds"
    first = search_products(session, "earbuds")[0]
    assert first.id == shop.earbuds_en.id  # the word asked ranks above a synonym


def test_a_broader_kind_finds_the_narrower_ones(session, shop):
    assert set(ids(search_products(session, "shoes"))) == {shop.runners.id, shop.sneakers.id}
    assert ids(search_products(session, "sneakers"))[0] == shop.sneakers.id  # runners are too


# --- Chinese compounds ------------------------------------------------------------------------


def test_chinese_compounds_match_their_kinds_both_ways(session, shop):
    luggage = {shop.trolley.id, shop.cabin.id}
    assert set(ids(search_products(session, "行李箱"))) == luggage
    assert set(ids(search_products(session, "拉杆箱"))) >= {shop.trolley.id}
    assert set(ids(search_products(session, "suitcase"))) == luggage
    assert ids(search_products(session, "袜子")) == [shop.socks.id]  # the title says 袜
    assert ids(search_products(session, "方便面")) == [shop.noodles.id]  # it says 牛肉面


# --- question forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["有卖乐高的吗", "有没有乐高", "想买个乐高", "do you have lego?", "I'm looking for lego"],
)
def test_question_forms_reduce_to_the_thing_asked_for(session, shop, query):
    assert ids(search_products(session, query)) == [shop.lego.id]


# --- honest no-match ----------------------------------------------------------------------


def test_a_kind_the_shop_lacks_gives_no_products_and_nearest_categories(session, shop):
    found = search_catalog(session, "手机壳")
    assert found.products == []
    assert found.missing == "手机壳"
    assert found.suggestions[0].slug == "phones" and found.suggestions[0].name_zh == "手机"
    tv = search_catalog(session, "do you sell TVs?")
    assert tv.products == [] and tv.missing == "tvs"
    assert "electronics" in [s.slug for s in tv.suggestions]


def test_an_accessory_is_not_of_the_kind_it_goes_with(session, shop):
    electronics = session.get(Category, shop.cable.category_id)
    case = _product(session, electronics, "Clear Phone Case", "透明手机壳", 1900)
    session.commit()
    phones = {shop.phone_cheap.id, shop.phone_dear.id}
    assert set(ids(search_products(session, "phones"))) == phones
    assert set(ids(search_products(session, "手机"))) == phones
    assert ids(search_products(session, "phone case")) == [case.id]
    assert ids(search_products(session, "手机壳")) == [case.id]


def test_an_unknown_name_in_a_short_query_is_not_padded_with_other_products(session, shop):
    found = search_catalog(session, "a Tesla Model 3")
    assert found.products == [] and found.missing == "tesla model 3"


def test_a_model_number_no_product_has_is_not_padded_with_other_models(session, shop):
    for query in ("Redmi 15", "Redmi 15有货吗"):
        found = search_catalog(session, query)
        assert found.products == [] and found.missing == "redmi 15"
    assert ids(search_products(session, "Redmi 14C")) == [shop.phone_cheap.id]


def test_a_kind_the_shop_has_but_not_in_budget_is_not_called_missing(session, shop):
    found = search_catalog(session, "phones", filters=SearchFilters(max_price=100))
    assert found.products == [] and found.missing is None and found.suggestions == []


# --- vague needs and imported category paths ------------------------------------------------


def test_a_vague_need_reaches_the_kind_that_meets_it(session, shop):
    hits = search_products(session, "my cat keeps scratching the sofa, what have you got")
    assert ids(hits) == [shop.cat_tree.id]


def test_imported_category_paths_name_kinds(session):
    peripherals = _category(session, "peripherals", "Peripherals", None)
    keyboards = _category(session, "peripherals/keyboard", "Keyboard", None, peripherals)
    brand = _category(session, "fractal-design", "Fractal Design", None)
    board = _category(session, "motherboards", "Motherboards", None)
    typed = _product(session, keyboards, "Logitech MX Keys S", None, 9999, brand="Logitech")
    cooler = _product(session, brand, "Lumen S28 Liquid CPU Cooler", None, 8999)
    mainboard = _product(session, board, "Asrock B550M Phantom Gaming 4, AM4", None, 11999)
    session.commit()
    assert ids(search_products(session, "wireless keyboards")) == [typed.id]  # by its category
    hits = search_products(session, "a motherboard designed for gamers with AM4 CPU socket")
    assert ids(hits) == [mainboard.id]  # "designed" is no kind, though a category says Design
    assert cooler.id not in ids(hits)


# --- typos in Chinese, several things in one message ------------------------------------------


def test_a_chinese_word_one_character_off_a_kind_is_corrected(session, shop):
    luggage = {shop.trolley.id, shop.cabin.id}
    assert set(ids(search_products(session, "拉杆厢"))) == luggage  # 厢 for 箱
    assert set(ids(search_products(session, "无限耳机"))) == {  # 无限 for 无线
        shop.earbuds_zh.id,
        shop.earbuds_en.id,
    }


def test_one_message_asking_for_two_things_lists_both(session, shop):
    hits = search_products(
        session,
        "Find the cheapest offer for the LEGO City Fire Station and the cheapest offer for "
        "a multi-level cat tree, then add both to the cart and complete the checkout process.",
    )
    assert set(ids(hits)) == {shop.lego.id, shop.cat_tree.id}


@pytest.mark.parametrize(
    "query", ["running shoes and socks", "跑步鞋和袜子", "socks, running shoes"]
)
def test_a_list_of_kinds_finds_each_kind(session, shop, query):
    assert set(ids(search_products(session, query))) == {shop.runners.id, shop.socks.id}


def test_a_list_of_kinds_names_those_the_shop_lacks_beside_the_others(session, shop):
    both = {shop.earbuds_zh.id, shop.earbuds_en.id}
    for query, missing in (("phone case and earbuds", "phone case"), ("手机壳和耳机", "手机壳")):
        found = search_catalog(session, query)
        assert set(ids(found.products)) == both
        assert found.missing == missing
        assert "phones" in [s.slug for s in found.suggestions]


def test_and_between_modifiers_keeps_one_kind(session, shop):
    black_and_white = ids(search_products(session, "black and white sneakers"))
    assert black_and_white == ids(search_products(session, "sneakers"))  # no black, no white


def test_a_vague_gift_need_reaches_the_kinds_that_meet_it(session, shop):
    outdoor = _category(session, "outdoor", "Camping", "露营")
    tent = _product(session, outdoor, "Cloud Up 2 Ultralight Tent", "超轻帐篷", 99900)
    session.commit()
    assert ids(search_products(session, "a gift for my dad who likes hiking")) == [tent.id]
    assert ids(search_products(session, "送给喜欢爬山的爸爸的礼物")) == [tent.id]


# --- quantities: bounds, superlatives, the cheapest of a long description ----------------------


@pytest.fixture
def parts(session: Session) -> dict[str, Product]:
    memory = _category(session, "memory", "Memory", None)
    ssd = _category(session, "ssd", "SSD", None)
    cooling = _category(session, "cooling", "Cooling", None)
    found = {
        "ram_2666": _product(session, memory, "Kingston 8GB, DDR4, 2666MHz, CL19", None, 2599),
        "ram_3200": _product(session, memory, "Crucial 8GB DDR4 3200 UDIMM", None, 2999),
        "ram_3600": _product(session, memory, "Team 16GB (2 x 8GB) DDR4 3600MHz", None, 4599),
        "mx500_1tb": _product(session, ssd, "Crucial MX500 1TB 2.5 SATA SSD", None, 7999),
        "mx500_4tb": _product(session, ssd, "Crucial MX500 4 TB 2.5 SATA SSD", None, 29999),
        "mx500_500": _product(session, ssd, "Crucial MX500 500GB M.2 SSD", None, 4999),
        "cooler_dear": _product(
            session, cooling, "Arctic Liquid Freezer III 360mm Liquid CPU Cooler", None, 12999
        ),
        "cooler_cheap": _product(
            session, cooling, "GameMax Iceburg 360mm ARGB Liquid CPU Cooler", None, 7999
        ),
        "cooler_240": _product(session, cooling, "Nova 240mm Liquid CPU Cooler", None, 4999),
    }
    session.commit()
    return found


def test_a_bound_leaves_out_products_stating_otherwise(session, parts):
    hits = ids(search_products(session, "DDR4 RAM clocking higher than 3000 MHz"))
    assert parts["ram_2666"].id not in hits
    assert parts["ram_3600"].id in hits
    assert parts["ram_3200"].id in hits  # "DDR4 3200": the number alone may be the clock
    cheapest = search_products(
        session, "Find the cheapest offer for DDR4 RAM clocking higher than 3000 MHz."
    )
    assert cheapest[0].id == parts["ram_3200"].id
    assert ids(search_products(session, "MX500 SSD with at least 1TB", sort="price_asc")) == [
        parts["mx500_1tb"].id,
        parts["mx500_4tb"].id,
    ]


def test_a_superlative_puts_the_most_of_its_dimension_first(session, parts):
    hits = ids(search_products(session, "the largest available MX500 by Crucial"))
    assert hits[:3] == [parts["mx500_4tb"].id, parts["mx500_1tb"].id, parts["mx500_500"].id]


def test_the_cheapest_of_a_long_description_is_the_cheapest_best_match(session, parts):
    hits = search_products(
        session,
        "Find the cheapest offer for a liquid CPU cooler with a 360mm radiator. If multiple "
        "offers share the lowest price, return all of them.",
    )
    assert ids(hits)[:2] == [parts["cooler_cheap"].id, parts["cooler_dear"].id]  # 240mm: not first


def test_every_need_finds_kinds_that_exist():
    data = tomllib.loads(resources.files("store").joinpath("kinds.toml").read_text("utf-8"))
    for need in data["need"]:
        for name in need["find"]:
            assert lexicon().by_name.get(name_form(name)), f"{need['when']} finds {name!r}"


def test_who_a_gift_is_for_counts_only_without_a_hobby_or_a_kind(session, shop):
    outdoor = _category(session, "outdoor", "Camping", "露营")
    tent = _product(session, outdoor, "Cloud Up 2 Ultralight Tent", "超轻帐篷", 99900)
    care = _category(session, "care", "Personal Care", "个护")
    shaver = _product(session, care, "Braun Series 7 Shaver", "博朗 7系 剃须刀", 119900)
    session.commit()
    for query in ("a present for my husband", "给老公买个礼物"):
        assert ids(search_products(session, query)) == [shaver.id]
    assert ids(search_products(session, "a gift for my dad who likes camping")) == [tent.id]
    assert ids(search_products(session, "running shoes for my dad")) == [shop.runners.id]


def test_a_need_the_shop_cannot_meet_is_named_by_its_kind(session, shop):
    home = _category(session, "home", "Home Appliances", "家电")
    _product(session, home, "Haier Electric Water Heater", "海尔 电热水器", 109900)
    session.commit()
    for query, named in (("my bedroom is freezing", "heater"), ("冬天卧室太冷了", "取暖器")):
        found = search_catalog(session, query)
        assert found.products == [] and found.missing == named  # a water heater is no heater
    found = search_catalog(session, "it's going to rain all week")
    assert found.products == [] and found.missing == "umbrella"
