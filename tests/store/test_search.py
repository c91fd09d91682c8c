"""Catalog search on SQLite and PostgreSQL: words, filters, sorts, and an index that keeps up."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlmodel import Session

from store.errors import InvalidRequest
from store.models import Category, Product, Variant
from store.search import closest_term, ensure_search_index, search_products
from store.search_index import beyond_kind, index_stamp
from store.text import stem
from store.views import SearchFilters


@dataclass
class Shop:
    audio: Category
    earbuds: Category
    shoes: Category
    earbuds_pro: Product
    wired: Product
    headphones: Product
    runner: Product
    cpu: Product
    gpu: Product


def _product(
    session: Session, variants: list[tuple[dict[str, str], int, int]], **fields
) -> Product:
    product = Product(**fields)
    session.add(product)
    session.flush()
    for n, (options, price, stock) in enumerate(variants):
        sku = f"{product.id}-{n}"
        session.add(
            Variant(product_id=product.id, sku=sku, options=options, price=price, stock=stock)
        )
    return product


@pytest.fixture
def shop(session: Session) -> Shop:
    audio = Category(slug="audio", name_en="Audio", name_zh="音频")
    shoes = Category(slug="shoes", name_en="Shoes", name_zh="鞋")
    computing = Category(slug="computing", name_en="Computing", name_zh="电脑")
    session.add_all([audio, shoes, computing])
    session.flush()
    earbuds = Category(slug="earbuds", name_en="Earbuds", name_zh="耳机", parent_id=audio.id)
    session.add(earbuds)
    session.flush()
    shop = Shop(
        audio=audio,
        earbuds=earbuds,
        shoes=shoes,
        earbuds_pro=_product(
            session,
            [({"color": "black"}, 49900, 5), ({"color": "white"}, 45900, 0)],
            title_en="SoundMax Pro Wireless Bluetooth Earbuds",
            title_zh="SoundMax Pro 无线蓝牙耳机",
            brand="SoundMax",
            seller="acme",
            category_id=earbuds.id,
            description_en="True wireless earbuds with active noise cancelling.",
            rating=4.6,
            rating_count=120,
        ),
        wired=_product(
            session,
            [({}, 5900, 10)],
            title_en="Basic Wired Earphones",
            title_zh="有线耳机",
            brand="Basic",
            seller="budget",
            category_id=earbuds.id,
            description_en="Simple earphones with a 3.5 mm plug.",
            rating=3.8,
        ),
        headphones=_product(
            session,
            [({}, 29900, 0)],
            title_en="Studio Over-Ear Headphones",
            brand="SoundMax",
            seller="acme",
            category_id=audio.id,
            description_en="Closed-back headphones for the studio; wired.",
            rating=4.1,
        ),
        runner=_product(
            session,
            [({"size": "41"}, 39900, 3), ({"size": "42"}, 41900, 0), ({"size": "43"}, 42900, 2)],
            title_en="Fleet Running Shoes",
            title_zh="Fleet 男士跑步鞋",
            brand="Fleet",
            seller="acme",
            category_id=shoes.id,
            description_en="Light running shoes with a cushioned sole.",
            rating=4.3,
        ),
        cpu=_product(
            session,
            [({}, 299900, 4)],
            title_en="AMD Ryzen 9 5900X - 3.7 GHz - 12 Cores",
            brand="AMD",
            seller="budget",
            category_id=computing.id,
            description_en="Desktop processor for socket AM4.",
        ),
        gpu=_product(
            session,
            [({}, 459900, 1)],
            title_en="Asus DUAL RTX4070 SUPER OC White, 12GB DDR6X",
            brand="Asus",
            seller="acme",
            category_id=computing.id,
            description_en="Graphics card with three fans.",
            rating=4.8,
        ),
    )
    session.commit()
    return shop


def ids(hits) -> list[int]:
    return [hit.id for hit in hits]


# --- words ---------------------------------------------------------------------------------


def test_the_best_match_comes_first(session, shop):
    hits = search_products(session, "wireless earbuds")
    assert hits[0].id == shop.earbuds_pro.id
    assert shop.runner.id not in ids(hits)


def test_title_words_weigh_more_than_description_words(session, shop):
    # "headphones" is the studio model's title, and only in the description of nothing else
    assert ids(search_products(session, "headphones"))[0] == shop.headphones.id
    # "wired" is the Basic title but only the studio model's description
    assert ids(search_products(session, "wired"))[0] == shop.wired.id


def test_a_word_finds_its_plural_and_other_forms(session, shop):
    assert ids(search_products(session, "earbud"))[0] == shop.earbuds_pro.id
    assert shop.runner.id in ids(search_products(session, "run shoe"))


def test_a_misspelt_word_is_corrected_to_a_catalog_word(session, shop):
    assert ids(search_products(session, "wireles earbuds"))[0] == shop.earbuds_pro.id
    assert ids(search_products(session, "runing shoes"))[0] == shop.runner.id


@pytest.mark.parametrize(
    ("word", "term", "corrected"),
    [
        ("wirless", "wireless", True),  # one slip
        ("hedphones", "headphones", True),
        ("headpohnes", "headphones", True),  # a swap, at nine letters and more two slips are fine
        ("bluetoth", "bluetooth", True),
        ("toaster", "monster", False),  # two slips and another first letter: another word
        ("kettle", "bottle", False),
    ],
)
def test_a_correction_keeps_to_slips_a_typist_makes(word, term, corrected):
    assert (closest_term(word, [(term, 3)]) is not None) is corrected


def test_model_numbers_match_written_together_or_apart(session, shop):
    assert ids(search_products(session, "Ryzen 5900X"))[0] == shop.cpu.id
    assert ids(search_products(session, "5900x"))[0] == shop.cpu.id
    assert ids(search_products(session, "RTX 4070"))[0] == shop.gpu.id
    assert ids(search_products(session, "rtx4070 super"))[0] == shop.gpu.id


def test_chinese_queries_find_chinese_titles_and_categories(session, shop):
    hits = ids(search_products(session, "无线耳机"))
    assert hits[0] == shop.earbuds_pro.id
    assert shop.runner.id not in hits
    assert ids(search_products(session, "帮我找一双跑步鞋"))[0] == shop.runner.id
    # 耳机 is also the Chinese name of the Earbuds category
    assert set(ids(search_products(session, "耳机"))) >= {shop.earbuds_pro.id, shop.wired.id}


def test_shopping_filler_is_ignored(session, shop):
    hits = search_products(session, "Show me all the cheapest offers for running shoes please")
    assert ids(hits) == [shop.runner.id]


def test_a_pasted_product_link_finds_the_product(session, shop):
    link = "https://shop.example/product/fleet-running-shoes/"
    assert ids(search_products(session, f"Add the product on page {link} to my cart"))[0] == (
        shop.runner.id
    )


def test_words_the_catalog_does_not_have_find_nothing(session, shop):
    assert search_products(session, "zzyzx quux") == []


def test_a_query_of_filler_alone_finds_nothing_unless_filters_ask(session, shop):
    for query in ("y", "是", "show me the cheapest offers please"):
        assert search_products(session, query) == []
    hits = search_products(session, "cheapest", filters=SearchFilters(category="shoes"))
    assert ids(hits) == [shop.runner.id]


def test_a_product_matching_only_an_incidental_word_is_left_out(session, shop):
    charger = _product(
        session,
        [({}, 1900, 9)],
        title_en="Wireless Charging Pad",
        seller="acme",
        description_en="Charges any phone.",
    )
    _product(session, [({}, 2900, 9)], title_en="Wireless Mouse", seller="acme", description_en="")
    session.commit()
    hits = ids(search_products(session, "wireless earbuds"))
    assert hits[0] == shop.earbuds_pro.id
    assert charger.id not in hits
    assert charger.id in ids(search_products(session, "wireless charger"))


def test_a_broad_query_scores_a_bounded_share_of_its_many_matches(session, shop, monkeypatch):
    monkeypatch.setattr("store.search_index.SCORED_MATCHES", 2)
    extra = [
        _product(
            session,
            [({}, 1000 + n, 1)],
            title_en=f"Trail Running Shoes {n}",
            seller="acme",
            description_en="Grippy.",
        )
        for n in range(4)
    ]
    session.commit()
    hits = ids(search_products(session, "running shoes", limit=2))
    # the two newest products having every word are scored, and only they
    assert sorted(hits) == sorted(p.id for p in extra[-2:])
    # a page the bounded matches cannot fill is filled from every match
    assert set(ids(search_products(session, "running shoes"))) >= {shop.runner.id, extra[0].id}
    # a partial match ("shoes" or "running" alone) is never bounded
    assert shop.runner.id in ids(search_products(session, "running shoes zzyzx", limit=10))


# --- filters ---------------------------------------------------------------------------------


def test_category_filter_takes_slug_or_either_name_and_includes_subcategories(session, shop):
    for ref in ("earbuds", "Earbuds", "耳机"):
        assert set(ids(search_products(session, filters=SearchFilters(category=ref)))) == {
            shop.earbuds_pro.id,
            shop.wired.id,
        }
    assert set(ids(search_products(session, filters=SearchFilters(category="音频")))) == {
        shop.earbuds_pro.id,
        shop.wired.id,
        shop.headphones.id,
    }
    hits = search_products(session, "soundmax", filters=SearchFilters(category="earbuds"))
    assert ids(hits) == [shop.earbuds_pro.id]


def test_an_unknown_category_is_a_clear_error(session, shop):
    with pytest.raises(InvalidRequest) as error:
        search_products(session, "earbuds", filters=SearchFilters(category="earbudz"))
    assert "earbudz" in error.value.message
    assert "Earbuds" in error.value.message  # the closest names are suggested


def test_brand_and_seller_filters(session, shop):
    by_brand = search_products(session, filters=SearchFilters(brand="soundmax"))
    assert set(ids(by_brand)) == {shop.earbuds_pro.id, shop.headphones.id}
    by_seller = search_products(session, filters=SearchFilters(seller="budget"))
    assert set(ids(by_seller)) == {shop.wired.id, shop.cpu.id}


def test_price_range_uses_the_lowest_matching_variant(session, shop):
    hits = search_products(session, "earbuds", filters=SearchFilters(max_price=46000))
    assert ids(hits) == [shop.earbuds_pro.id, shop.wired.id]
    assert hits[0].price == 45900  # the white one; the black one costs more than the limit
    hits = search_products(session, filters=SearchFilters(min_price=46000, max_price=50000))
    assert ids(hits) == [shop.earbuds_pro.id]
    assert hits[0].price == 49900


def test_a_bad_price_range_is_a_clear_error(session, shop):
    with pytest.raises(InvalidRequest, match="minimum price 500 is above the maximum 100"):
        search_products(session, filters=SearchFilters(min_price=500, max_price=100))


def test_in_stock_filter_counts_only_variants_with_stock(session, shop):
    hits = search_products(session, "soundmax", filters=SearchFilters(in_stock=True))
    assert shop.headphones.id not in ids(hits)
    pro = next(hit for hit in hits if hit.id == shop.earbuds_pro.id)
    assert pro.price == 49900 and pro.in_stock  # the cheaper white variant is sold out


def test_minimum_rating_filter(session, shop):
    hits = search_products(session, filters=SearchFilters(min_rating=4.5))
    assert set(ids(hits)) == {shop.earbuds_pro.id, shop.gpu.id}


def test_option_filter_matches_variants_with_that_option(session, shop):
    hits = search_products(session, "shoes", filters=SearchFilters(options={"Size": "42"}))
    assert ids(hits) == [shop.runner.id]
    assert hits[0].price == 41900 and not hits[0].in_stock
    in_stock = SearchFilters(options={"size": "42"}, in_stock=True)
    assert search_products(session, "shoes", filters=in_stock) == []
    assert search_products(session, "shoes", filters=SearchFilters(options={"size": "50"})) == []


# --- sorting and paging ------------------------------------------------------------------------


def test_sort_by_price_and_rating(session, shop):
    earbuds = SearchFilters(category="audio")
    assert ids(search_products(session, filters=earbuds, sort="price_asc")) == [
        shop.wired.id,
        shop.headphones.id,
        shop.earbuds_pro.id,
    ]
    assert ids(search_products(session, filters=earbuds, sort="price_desc")) == [
        shop.earbuds_pro.id,
        shop.headphones.id,
        shop.wired.id,
    ]
    assert ids(search_products(session, filters=earbuds, sort="rating")) == [
        shop.earbuds_pro.id,
        shop.headphones.id,
        shop.wired.id,
    ]


def test_sorting_a_query_lists_products_having_every_word(session, shop):
    hits = search_products(session, "earbuds", sort="price_asc")
    assert ids(hits) == [shop.wired.id, shop.earbuds_pro.id]  # Basic: in the Earbuds category
    assert ids(search_products(session, "soundmax earbuds", sort="price_desc")) == [
        shop.earbuds_pro.id
    ]
    # words the catalog lacks are ignored; if no product has every word, the products having
    # the most of them (rarer words weigh more) are sorted
    assert ids(search_products(session, "soundmax earbuds quux", sort="price_asc")) == [
        shop.earbuds_pro.id
    ]
    assert ids(search_products(session, "soundmax ryzen", sort="price_asc")) == [shop.cpu.id]


def test_browsing_a_category_tree_by_rating_merges_its_subcategories(session, shop):
    audio = SearchFilters(category="audio", in_stock=True)  # headphones (Audio) are sold out
    assert ids(search_products(session, filters=audio, sort="rating")) == [
        shop.earbuds_pro.id,
        shop.wired.id,
    ]
    assert ids(search_products(session, filters=audio, sort="rating", limit=1, offset=1)) == [
        shop.wired.id
    ]
    computing = SearchFilters(category="computing")
    assert ids(search_products(session, filters=computing)) == [shop.gpu.id, shop.cpu.id]


def test_sorting_a_query_by_price_counts_only_variants_meeting_the_filters(session, shop):
    assert ids(search_products(session, "soundmax", sort="price_asc")) == [
        shop.headphones.id,
        shop.earbuds_pro.id,
    ]
    in_stock = search_products(
        session, "soundmax", filters=SearchFilters(in_stock=True), sort="price_asc"
    )
    assert [(hit.id, hit.price) for hit in in_stock] == [(shop.earbuds_pro.id, 49900)]
    cheap = SearchFilters(max_price=46000, category="audio")
    assert ids(search_products(session, "soundmax", filters=cheap, sort="price_desc")) == [
        shop.earbuds_pro.id,
        shop.headphones.id,
    ]
    earbuds = SearchFilters(category="earbuds")
    assert ids(search_products(session, "soundmax", filters=earbuds, sort="price_desc")) == [
        shop.earbuds_pro.id
    ]


def test_paging(session, shop):
    everything = ids(search_products(session, sort="price_asc", limit=100))
    assert len(everything) == 6
    pages = [ids(search_products(session, sort="price_asc", limit=2, offset=n)) for n in (0, 2, 4)]
    assert [i for page in pages for i in page] == everything
    with pytest.raises(InvalidRequest):
        search_products(session, "earbuds", limit=0)
    with pytest.raises(InvalidRequest):
        search_products(session, "earbuds", sort="cheapest")  # type: ignore[arg-type]


def test_hits_carry_what_a_result_list_shows(session, shop):
    (hit,) = search_products(session, "ryzen")
    assert (hit.title, hit.brand, hit.seller, hit.category) == (
        "AMD Ryzen 9 5900X - 3.7 GHz - 12 Cores",
        "AMD",
        "budget",
        "Computing",
    )
    assert (hit.price, hit.currency, hit.in_stock) == (299900, "CNY", True)


# --- keeping the index in step ---------------------------------------------------------------


def test_an_updated_title_is_found_by_its_new_words_only(session, shop):
    shop.runner.title_en = "Fleet Trail Sneakers"
    shop.runner.title_zh = None
    shop.runner.description_en = "Grippy sneakers for trails."
    session.add(shop.runner)
    session.commit()
    assert ids(search_products(session, "trail sneakers")) == [shop.runner.id]
    assert shop.runner.id not in ids(search_products(session, "running"))


def test_a_deleted_product_is_gone(session, shop):
    session.delete(shop.wired)  # its variants go with it (ON DELETE CASCADE)
    session.commit()
    assert shop.wired.id not in ids(search_products(session, "earphones wired"))


def test_changed_variant_options_and_category_names_are_searchable(session, shop):
    variant = Variant(
        product_id=shop.headphones.id,
        sku="studio-red",
        options={"color": "crimson"},
        price=31900,
        stock=1,
    )
    session.add(variant)
    shop.shoes.name_en = "Footwear"
    session.add(shop.shoes)
    session.commit()
    assert ids(search_products(session, "crimson")) == [shop.headphones.id]
    assert ids(search_products(session, "footwear")) == [shop.runner.id]


def test_uncommitted_changes_are_found_and_rolled_back_ones_are_not(session, shop):
    product = _product(session, [({}, 1000, 1)], title_en="Quokka Plush Toy")
    session.flush()
    assert ids(search_products(session, "quokka")) == [product.id]
    session.rollback()
    assert search_products(session, "quokka") == []


def test_bulk_writes_outside_the_orm_are_indexed_too(session, shop):
    session.execute(
        text("UPDATE product SET title_en = 'Fleet Marathon Racer' WHERE id = :id"),
        {"id": shop.runner.id},
    )
    session.commit()
    assert ids(search_products(session, "marathon")) == [shop.runner.id]


def test_ensure_search_index_is_idempotent_and_fills_a_missing_index(engine, session, shop):
    ensure_search_index(engine)
    ensure_search_index(engine)
    assert ids(search_products(session, "ryzen")) == [shop.cpu.id]
    session.commit()  # end the read, so the writes below need not wait for it on SQLite
    table = "product_search" if engine.dialect.name == "postgresql" else "product_fts"
    with engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {table}"))
    ensure_search_index(engine)
    with Session(engine) as fresh:
        assert ids(search_products(fresh, "ryzen")) == [shop.cpu.id]


def test_an_index_built_by_another_version_is_rebuilt_when_the_store_opens(engine, session, shop):
    session.commit()
    table = "product_search" if engine.dialect.name == "postgresql" else "product_fts"
    with engine.begin() as conn:  # an old version cut the title into other terms
        conn.execute(text(f"UPDATE {table} SET title = 'stale'"))
        conn.execute(text("UPDATE search_stamp SET stamp = '1:old'"))
    ensure_search_index(engine)
    with Session(engine) as fresh:
        assert ids(search_products(fresh, "ryzen")) == [shop.cpu.id]
        assert search_products(fresh, "stale") == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT stamp FROM search_stamp")).scalar() == index_stamp()


def test_an_index_of_this_version_is_kept_when_the_store_opens(engine, session, shop):
    session.commit()
    with engine.begin() as conn:  # a rebuild would drop this term count
        conn.execute(text("INSERT INTO search_term (term, df) VALUES ('zzmarker', 1)"))
    ensure_search_index(engine)
    with engine.connect() as conn:
        marker = "SELECT df FROM search_term WHERE term = 'zzmarker'"
        assert conn.execute(text(marker)).scalar() == 1
    assert ids(search_products(session, "ryzen")) == [shop.cpu.id]


def test_a_group_naming_the_whole_kind_is_not_matched_twice():
    kind = ["coffe machin", "咖啡机"]
    groups = [["coffe", "coffe machin", "咖啡机"], ["espresso"], ["coffe machin"]]
    assert beyond_kind(groups, kind) == [["espresso"], ["coffe machin"]]
    assert beyond_kind(groups, []) == groups


def test_a_model_number_without_its_name_covers_nothing(session, shop):
    phone = _product(
        session,
        [({}, 299900, 9)],
        title_en="Honor Magic 9",
        title_zh="荣耀 Magic 9 手机",
        brand="Honor",
        seller="acme",
    )
    water = _product(
        session,
        [({}, 3900, 9)],
        title_en="Mineral Water 550ml x 9",
        title_zh="矿泉水 550ml×9 瓶",
        seller="acme",
    )
    session.commit()
    for query in ("荣耀9", "honor 9"):
        hits = ids(search_products(session, query))
        assert hits[0] == phone.id and water.id not in hits, query
    assert water.id in ids(search_products(session, "矿泉水 9"))


def test_a_chinese_word_glued_from_two_catalog_words_finds_them(session, shop):
    snack = _product(
        session,
        [({}, 990, 9)],
        title_en="Bailong Chili Strips",
        title_zh="白龙 辣条",
        seller="acme",
    )
    session.commit()
    assert ids(search_products(session, "白龙辣条")) == [snack.id]


def test_words_stemmed_from_several_threads_at_once_stem_as_alone():
    roots = ("runn", "charg", "cushion", "light")
    words = [f"{root}{ending}" for root in roots for ending in ("ing", "ers", "ed", "s")] * 50
    alone = [stem.__wrapped__(w) for w in words]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(stem.__wrapped__, words))
    assert together == alone
