"""Load the demo catalog and demo customers into a store.

Seeding is idempotent: demo products are recognised by (seller, external id) and customers by
handle, so running it again adds only what is missing. The search index follows on its own
(database triggers queue every catalog change; see store/search_index.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlmodel import Session, SQLModel, col, select

from store.db import is_postgres
from store.demo.catalog import (
    DemoCustomer,
    DemoProduct,
    load_catalog,
    load_customers,
    load_promotions,
)
from store.models import (
    Address,
    Category,
    Customer,
    PaymentMethod,
    Preference,
    Product,
    Promotion,
    RedPacket,
    Variant,
    utcnow,
)

DEMO_SELLER = "shopagent"
"""Seller of the demo products; their external id is the product's slug."""

DEMO_IMAGE_PREFIX = "demo:"
"""Product.image of a demo product: "demo:<slug>", a picture rendered locally."""

_SEED_LOCK = 7_302_611  # any constant; names the PostgreSQL advisory lock of seeding


def seed_demo(engine: Engine, *, reset: bool = False) -> dict[str, int]:
    """Load whatever part of the demo catalog and customers the store lacks, in one transaction.

    Args:
        engine: The store.
        reset: Delete all shop data first (catalog, customers, carts, orders, payments...).

    Returns:
        How many rows of each kind were added, e.g. {"products": 321, ...}; kinds with
        nothing added are left out, so a second run returns {}.
    """
    with Session(engine) as session:
        _serialise_seeding(session)
        if reset:
            _delete_shop_data(session)
        counts = _seed_catalog(session) + _seed_customers(session) + _seed_promotions(session)
        session.commit()
    return {kind: n for kind, n in counts.items() if n}


def seed_if_empty(engine: Engine) -> bool:
    """Seed the parts of the demo a fresh store lacks; True if anything was added.

    Demo products go in only when the store has no products at all, so an imported catalog is
    never mixed with the demo one; demo customers go in only when there are no customers, so a
    store with an imported catalog still gets people to shop with.
    """
    with Session(engine) as session:
        _serialise_seeding(session)
        counts: Counter[str] = Counter()
        if session.exec(select(Product.id).limit(1)).first() is None:
            counts += _seed_catalog(session)
        if session.exec(select(Customer.id).limit(1)).first() is None:
            counts += _seed_customers(session)
        # The demo's promotions belong with the demo catalog, never with an imported one.
        demo_shop = select(Product.id).where(Product.seller == DEMO_SELLER).limit(1)
        no_promotions = session.exec(select(Promotion.id).limit(1)).first() is None
        if no_promotions and session.exec(demo_shop).first() is not None:
            counts += _seed_promotions(session)
        session.commit()
    return bool(counts)


def _serialise_seeding(session: Session) -> None:
    """Make concurrent seeders (e.g. two app replicas starting) take turns, not collide."""
    # SQLite needs nothing: every transaction there begins IMMEDIATE (store/db.py).
    if is_postgres(session.get_bind().engine):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEED_LOCK})


def _delete_shop_data(session: Session) -> None:
    """Empty every table of the store, children before parents."""
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())


def _seed_catalog(session: Session) -> Counter[str]:
    catalog = load_catalog()
    category_ids = dict(session.exec(select(Category.slug, Category.id)).all())
    categories = [
        Category(slug=c.slug, name_en=c.name_en, name_zh=c.name_zh)
        for c in catalog.categories
        if c.slug not in category_ids
    ]
    session.add_all(categories)
    session.flush()
    category_ids |= {c.slug: c.id for c in categories}

    present = set(session.exec(select(Product.external_id).where(Product.seller == DEMO_SELLER)))
    missing = [p for p in catalog.products if p.slug not in present]
    if not missing:
        return Counter(categories=len(categories))
    rows = [_product_row(p, category_ids[p.category], catalog.currency) for p in missing]
    inserted = session.execute(
        insert(Product).returning(col(Product.external_id), col(Product.id)), rows
    )
    product_ids = dict(inserted.all())
    variants = [
        {
            "product_id": product_ids[p.slug],
            "sku": v.sku,
            "options": dict(v.options),
            "price": v.price,
            "stock": v.stock,
        }
        for p in missing
        for v in p.variants
    ]
    session.execute(insert(Variant), variants)
    return Counter(categories=len(categories), products=len(missing), variants=len(variants))


def _product_row(product: DemoProduct, category_id: int | None, currency: str) -> dict[str, Any]:
    now = utcnow()  # a bulk INSERT skips the model's Python-side defaults
    return {
        "external_id": product.slug,
        "seller": DEMO_SELLER,
        "brand": product.brand,
        "category_id": category_id,
        "title_en": product.title_en,
        "title_zh": product.title_zh,
        "description_en": product.description_en,
        "description_zh": product.description_zh,
        "image": f"{DEMO_IMAGE_PREFIX}{product.slug}",
        "rating": product.rating,
        "rating_count": product.rating_count,
        "currency": currency,
        "created_at": now,
        "updated_at": now,
    }


def add_customers(engine: Engine, customers: list[DemoCustomer]) -> dict[str, int]:
    """Add these customers (with addresses, payment methods, preferences) unless present.

    For stores that need people of their own, e.g. a benchmark's shopper with their address.
    """
    with Session(engine) as session:
        counts = _seed_customers(session, customers)
        session.commit()
    return {kind: n for kind, n in counts.items() if n}


def _seed_customers(session: Session, customers: list[DemoCustomer] | None = None) -> Counter[str]:
    present = set(session.exec(select(Customer.handle)))
    counts: Counter[str] = Counter()
    for demo in load_customers().customers if customers is None else customers:
        if demo.handle in present:
            continue
        customer = Customer(
            handle=demo.handle, name=demo.name, email=demo.email, language=demo.language
        )
        session.add(customer)
        session.flush()
        customer_id = _flushed_id(customer)
        session.add_all(Address(customer_id=customer_id, **a.model_dump()) for a in demo.addresses)
        session.add_all(
            PaymentMethod(customer_id=customer_id, **m.model_dump()) for m in demo.payment_methods
        )
        session.add_all(
            Preference(customer_id=customer_id, key=key, value=value)
            for key, value in demo.preferences.items()
        )
        counts += Counter(
            customers=1,
            addresses=len(demo.addresses),
            payment_methods=len(demo.payment_methods),
            preferences=len(demo.preferences),
        )
    session.flush()
    return counts


def _seed_promotions(session: Session) -> Counter[str]:
    """The demo campaigns and coupons (by name) and the customers' red packets, if missing."""
    demo = load_promotions()
    present = set(session.exec(select(Promotion.name_en)))
    categories = dict(session.exec(select(Category.slug, Category.id)).all())
    added = [
        Promotion(
            **p.model_dump(exclude={"category"}),
            category_id=categories.get(p.category) if p.category else None,
        )
        for p in demo.promotions
        if p.name_en not in present and (p.category is None or p.category in categories)
    ]
    session.add_all(added)
    customers = {
        handle: id_ for handle, id_ in session.exec(select(Customer.handle, Customer.id)) if id_
    }
    owned = set(session.exec(select(RedPacket.customer_id, RedPacket.name_en)).all())
    packets = [
        RedPacket(
            customer_id=customers[r.customer],
            **r.model_dump(exclude={"customer"}),
            balance=r.amount,
        )
        for r in demo.red_packets
        if r.customer in customers and (customers[r.customer], r.name_en) not in owned
    ]
    session.add_all(packets)
    session.flush()
    return Counter(promotions=len(added), red_packets=len(packets))


def _flushed_id(row: Customer) -> int:
    """The primary key the database gave a row at flush."""
    if row.id is None:
        raise RuntimeError(f"{row!r} has no id yet: flush the session first")
    return row.id
