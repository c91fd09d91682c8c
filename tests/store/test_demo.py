"""The demo shop: catalog and customers, seeding, idempotence and reset, on both backends."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import delete, func
from sqlmodel import Session, SQLModel, col, select

from store.demo import DEMO_IMAGE_PREFIX, DEMO_SELLER, seed_demo, seed_if_empty
from store.demo.catalog import DemoCatalog, load_catalog
from store.models import (
    Address,
    Cart,
    CartLine,
    Category,
    Customer,
    Order,
    OrderLine,
    Payment,
    PaymentMethod,
    PaymentMethodKind,
    Preference,
    Product,
    Variant,
)
from store.promotions import list_promotions, list_red_packets
from store.search import search_catalog, search_products
from store.settings import reset_settings

CJK = re.compile(r"[\u4e00-\u9fff]")
REPO = Path(__file__).resolve().parents[2]
STRIPE_FAILURE_CARDS = {
    "4000000000000002",
    "4000000000009995",
    "4000000000000069",
    "4000000000000127",
    "4000000000000119",
    "4000000000003220",
}


def row_counts(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


def test_seed_loads_a_full_bilingual_catalog(engine):
    counts = seed_demo(engine)

    assert counts["products"] >= 300 and counts["categories"] >= 12
    with Session(engine) as session:
        products = session.exec(select(Product)).all()
        categories = session.exec(select(Category)).all()
        variants = session.exec(select(Variant)).all()
    assert len(products) == counts["products"] and len(variants) == counts["variants"]
    for category in categories:
        assert category.name_en and CJK.search(category.name_zh or ""), category.slug
    assert len({p.category_id for p in products}) == len(categories) >= 12
    for p in products:
        assert p.seller == DEMO_SELLER and p.currency == "CNY" and p.brand, p.external_id
        assert p.title_en and not CJK.search(p.title_en), p.title_en
        assert CJK.search(p.title_zh or ""), p.title_en
        assert p.description_en and CJK.search(p.description_zh or ""), p.title_en
        assert p.image == f"{DEMO_IMAGE_PREFIX}{p.external_id}"
        assert p.rating is not None and 3.5 <= p.rating <= 5.0 and p.rating_count >= 1
    assert all(type(v.price) is int and v.price > 0 for v in variants)
    assert 0 < sum(v.stock == 0 for v in variants) < len(variants) // 4


def test_variants_look_like_a_real_shop(engine):
    seed_demo(engine)
    options: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    with Session(engine) as session:
        rows = session.exec(
            select(Category.slug, Variant.product_id, Variant.options, Variant.price)
            .join(Product, Product.id == Variant.product_id)
            .join(Category, Category.id == Product.category_id)
        ).all()
    prices: dict[tuple[int, str], int] = {}
    per_product: dict[int, list[dict[str, str]]] = defaultdict(list)
    for slug, product_id, opts, price in rows:
        per_product[product_id].append(opts)
        for name, value in opts.items():
            options[slug][name].add(value)
        if slug == "phones":
            prices[(product_id, opts["storage"])] = price

    assert {"S", "M", "L", "XL", "XXL"} <= options["clothing"]["size"]
    assert len(options["clothing"]["color"]) >= 5
    assert {str(size) for size in range(36, 46)} <= options["shoes"]["size"]
    assert {"128GB", "256GB", "512GB"} <= options["phones"]["storage"]
    # More storage costs more, within one phone.
    for (product_id, storage), price in prices.items():
        if storage == "512GB" and (product_id, "256GB") in prices:
            assert price > prices[(product_id, "256GB")]
    # Variants of one product are told apart by their options.
    for variants in per_product.values():
        assert len({json.dumps(o, sort_keys=True) for o in variants}) == len(variants)


@pytest.mark.parametrize("query", ["wireless earbuds", "无线耳机"])
def test_search_finds_several_earbuds(session, query):
    seed_demo(session.get_bind())

    hits = search_products(session, query, limit=10)

    earbuds = [h for h in hits if "Earbuds" in h.title or "Headphones" in h.title]
    assert len(earbuds) >= 5, [h.title for h in hits]


@pytest.mark.parametrize("query", ["手机壳", "phone case", "有没有手机壳"])
def test_search_for_phone_cases_the_demo_lacks_shows_no_phones(session, query):
    seed_demo(session.get_bind())

    found = search_catalog(session, query)

    assert found.products == [], [h.title for h in found.products]
    assert found.missing
    assert "phones" in [s.slug for s in found.suggestions]


@pytest.mark.parametrize("query", ["uno deck", "a deck of cards", "扑克牌"])
def test_a_deck_of_cards_is_the_card_game_not_a_desk(session, query):
    """'deck' is no typo of 'desk': it names a card game, which the demo sells (UNO)."""
    seed_demo(session.get_bind())

    found = search_catalog(session, query)

    assert [h.title for h in found.products] == ["Mattel UNO Card Game"]


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("gift for my sister, she loves running", "Running Shoes"),
        ("送给喜欢跑步的朋友", "Running Shoes"),
        ("适合送爸爸的东西，他喜欢喝茶", "Tea"),
        ("my dad loves tea, any ideas?", "Tea"),
    ],
)
def test_a_gift_for_someone_who_loves_something_finds_that_kind(session, query, kind):
    seed_demo(session.get_bind())

    found = search_catalog(session, query)

    top = [h.title for h in found.products[:3]]
    assert top and all(kind in title for title in top), top


def test_what_a_child_likes_outweighs_who_the_child_is(session):
    seed_demo(session.get_bind())

    found = search_catalog(session, "gift for my nephew, he's 10 and loves building stuff")

    top = [h.title for h in found.products[:3]]
    assert top and all("Building Set" in t or "LEGO" in t for t in top), top
    # Who alone says little: a child's gift is a toy (it found nothing before).
    for query in ("a gift for my nephew", "给侄女买个礼物"):
        found = search_catalog(session, query).products
        assert found and all(h.category == "Toys & Collectibles" for h in found[:5]), query


def test_demo_customers_have_addresses_and_payment_methods(engine):
    seed_demo(engine)
    with Session(engine) as session:
        customers = {c.handle: c for c in session.exec(select(Customer))}
        methods = {
            handle: session.exec(
                select(PaymentMethod).where(PaymentMethod.customer_id == c.id)
            ).all()
            for handle, c in customers.items()
        }
        addresses = {
            handle: session.exec(select(Address).where(Address.customer_id == c.id)).all()
            for handle, c in customers.items()
        }
        preferences = {
            handle: {
                p.key: p.value
                for p in session.exec(select(Preference).where(Preference.customer_id == c.id))
            }
            for handle, c in customers.items()
        }

    assert set(customers) == {"alice", "bob", "chen"}
    assert customers["chen"].language == "zh" and CJK.search(customers["chen"].name)
    assert customers["alice"].language == "en"
    for handle in customers:
        (default_method,) = [m for m in methods[handle] if m.is_default]
        assert default_method.kind == PaymentMethodKind.card
        assert default_method.card_number == "4242424242424242"
        assert default_method.label == "Visa ···4242"
        wallets = {m.kind: m.wallet_balance for m in methods[handle] if m.card_number is None}
        assert set(wallets) == {PaymentMethodKind.alipay, PaymentMethodKind.wechat_pay}
        assert all(balance is not None and balance > 0 for balance in wallets.values())
        assert sum(a.is_default for a in addresses[handle]) == 1
    balances = [m.wallet_balance for ms in methods.values() for m in ms if m.wallet_balance]
    assert min(balances) < 5_000  # one wallet too low for almost anything (under ¥50)
    assert {m.card_number for m in methods["bob"]} >= STRIPE_FAILURE_CARDS
    assert not {m.card_number for m in methods["alice"] + methods["chen"]} & STRIPE_FAILURE_CARDS
    assert any(CJK.search(a.line1) for a in addresses["chen"])
    assert preferences["chen"] == {"shoe_size": "42"}
    assert preferences["alice"] == {}


def test_seeding_twice_changes_nothing(engine):
    assert seed_if_empty(engine) is True
    first = row_counts(engine)

    assert seed_if_empty(engine) is False
    assert seed_demo(engine) == {}
    assert row_counts(engine) == first


def test_seed_if_empty_keeps_an_imported_catalog_and_adds_customers(engine):
    with Session(engine) as session:
        product = Product(seller="acme", external_id="A1", title_en="Acme Anvil")
        session.add(product)
        session.flush()
        session.add(Variant(product_id=product.id, sku="ACME-A1", price=9900, stock=3))
        session.commit()

    assert seed_if_empty(engine) is True

    counts = row_counts(engine)
    assert counts["product"] == 1 and counts["customer"] == 3


def test_seed_if_empty_adds_the_catalog_to_a_store_with_customers(engine):
    with Session(engine) as session:
        session.add(Customer(handle="zoe", name="Zoe"))
        session.commit()

    assert seed_if_empty(engine) is True

    counts = row_counts(engine)
    assert counts["product"] == len(load_catalog().products) and counts["customer"] == 1


def test_seed_demo_restores_missing_demo_rows(engine):
    seed_demo(engine)
    with Session(engine) as session:
        # Variants go with their product (ON DELETE CASCADE).
        session.execute(delete(Product).where(col(Product.external_id) == "apple-iphone-16"))
        session.commit()

    counts = seed_demo(engine)

    assert counts == {"products": 1, "variants": 15}


def test_reset_deletes_all_shop_data_and_reseeds(engine):
    fresh = seed_demo(engine)
    fresh_rows = row_counts(engine)
    _add_shopping_activity(engine)
    with Session(engine) as session:
        assert [h.title for h in search_products(session, "anvil")] == ["Acme Anvil"]

    assert seed_demo(engine, reset=True) == fresh

    assert row_counts(engine) == fresh_rows
    with Session(engine) as session:
        assert session.exec(select(Customer).where(Customer.handle == "zoe")).first() is None
        assert search_products(session, "anvil") == []


def _add_shopping_activity(engine) -> None:
    """A bit of everything that references the catalog and the customers."""
    with Session(engine) as session:
        alice = session.exec(select(Customer).where(Customer.handle == "alice")).one()
        card = session.exec(
            select(PaymentMethod).where(
                PaymentMethod.customer_id == alice.id, PaymentMethod.is_default
            )
        ).one()
        variant = session.exec(select(Variant).where(Variant.stock > 0).limit(1)).one()
        product = Product(seller="acme", external_id="A1", title_en="Acme Anvil")
        zoe = Customer(handle="zoe", name="Zoe")
        cart = Cart(customer_id=alice.id)
        order = Order(
            customer_id=alice.id,
            currency="CNY",
            subtotal=variant.price,
            total=variant.price,
            payment_method_id=card.id,
        )
        session.add_all([product, zoe, cart, order])
        session.flush()
        session.add_all(
            [
                Variant(product_id=product.id, sku="ACME-A1", price=9900, stock=3),
                CartLine(
                    cart_id=cart.id, variant_id=variant.id, quantity=1, seen_price=variant.price
                ),
                OrderLine(
                    order_id=order.id,
                    product_id=variant.product_id,
                    variant_id=variant.id,
                    sku=variant.sku,
                    title="demo",
                    unit_price=variant.price,
                    quantity=1,
                ),
                Payment(
                    order_id=order.id,
                    customer_id=alice.id,
                    payment_method_id=card.id,
                    idempotency_key="k1",
                    request_fingerprint="f",
                    amount=variant.price,
                    currency="CNY",
                ),
                Preference(customer_id=alice.id, key="budget", value="500"),
                Address(
                    customer_id=zoe.id,
                    label="Home",
                    recipient="Zoe",
                    line1="1 Road",
                    city="Shenzhen",
                ),
            ]
        )
        session.commit()


@pytest.fixture
def generator(monkeypatch):
    """scripts/build_demo_catalog.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location(
        "build_demo_catalog", REPO / "scripts" / "build_demo_catalog.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # pydantic models look themselves up
    monkeypatch.setattr(sys, "path", list(sys.path))  # the script puts the repository first
    spec.loader.exec_module(module)
    return module


def test_committed_catalog_is_what_the_generator_writes(generator):
    assert DemoCatalog.model_validate(generator.build()) == load_catalog()


def test_the_generator_writes_the_committed_file_byte_for_byte(generator):
    committed = (REPO / "store" / "demo" / "catalog.json").read_text(encoding="utf-8")
    assert generator.dumps(generator.build()) == committed


def test_the_catalog_source_says_what_is_wrong_with_a_line(generator, tmp_path):
    source = generator.SOURCE.read_text(encoding="utf-8")
    broken = tmp_path / "catalog.yaml"
    broken.write_text(source.replace("price: 5999", "price: cheap", 1), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"categories\.0\.products\.0\.price"):
        generator.build(broken)


def test_catalog_schema_rejects_inconsistent_data():
    catalog = load_catalog().model_dump()
    duplicate_sku = json.loads(json.dumps(catalog))
    first_sku = catalog["products"][0]["variants"][0]["sku"]
    duplicate_sku["products"][1]["variants"][0]["sku"] = first_sku
    float_price = json.loads(json.dumps(catalog))
    float_price["products"][0]["variants"][0]["price"] = 5999.0
    unknown_category = json.loads(json.dumps(catalog))
    unknown_category["products"][0]["category"] = "spaceships"

    for data, message in [
        (duplicate_sku, "duplicate SKU"),
        (float_price, "valid integer"),
        (unknown_category, "unknown categories"),
    ]:
        with pytest.raises(ValidationError, match=message):
            DemoCatalog.model_validate(data)


def test_the_demo_shop_has_its_spring_festival_promotions(engine, monkeypatch):
    assert seed_if_empty(engine) is True
    with Session(engine) as session:
        chen = session.exec(select(Customer).where(Customer.handle == "chen")).one()
        monkeypatch.setenv("SHOPAGENT_NOW", "2027-02-01T10:00:00+08:00")
        reset_settings()
        running = {p.code or p.label: p for p in list_promotions(session, customer_id=chen.id)}
        assert {"WELCOME10", "SHOES50", "Spring Festival: ¥50 off every ¥300"} <= set(running)
        assert running["SHOES50"].scope == "Shoes"
        (packet,) = list_red_packets(session, customer_id=chen.id)
        assert packet.usable and packet.balance == 2000

        monkeypatch.setenv("SHOPAGENT_NOW", "2026-12-01T10:00:00+08:00")  # before the festival
        reset_settings()
        assert [p.code for p in list_promotions(session, customer_id=chen.id)] == ["WELCOME10"]
        assert not list_red_packets(session, customer_id=chen.id)[0].usable
    assert seed_demo(engine) == {}  # seeding again adds nothing


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("AirPods 4 降噪版", "Apple AirPods 4 Wireless Earbuds"),  # not FreeBuds Pro 4 降噪
        ("airpods pro 2", "Apple AirPods Pro 2 Wireless Earbuds"),
    ],
)
def test_a_product_line_and_its_model_number_outrank_other_words(session, query, first):
    """ "AirPods" names a line of earbuds, so other earbuds do not stand in for it, and the
    "4" right after it says which AirPods more than 降噪 says anything."""
    seed_demo(session.get_bind())

    hits = search_products(session, query, limit=5)

    assert hits[0].title == first, [h.title for h in hits]
    assert all("Earbuds" in h.title or "Headphones" in h.title for h in hits)


@pytest.mark.parametrize("query", ["my apartment gets so hot in summer", "夏天卧室太热了"])
def test_a_hot_room_finds_what_cools_it(session, query):
    seed_demo(session.get_bind())

    titles = [h.title for h in search_products(session, query, limit=5)]

    assert titles and all("Fan" in t or "Air Conditioner" in t for t in titles), titles
