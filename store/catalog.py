"""Product details and the category tree."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from sqlalchemy import Connection, func
from sqlmodel import Session, col, select

from store.bounds import get_by_id
from store.errors import InvalidRequest, NotFound
from store.models import Category, Product, Variant
from store.views import ProductDetail, VariantView

CategoryRow = tuple[str, str, str | None, int]
"""(slug, name_en, name_zh, product_count) of one category."""


def get_product(session: Session, product_id: int) -> ProductDetail:
    """A product with its description and all its variants (in the order they were added).

    Raises:
        NotFound: if there is no product with this id.
    """
    product = get_by_id(session, Product, product_id)
    if product is None or product.id is None:
        raise NotFound(
            f"There is no product {product_id}; search the catalog to find the product's id.",
            product_id=product_id,
        )
    variants = session.exec(
        select(Variant).where(Variant.product_id == product.id).order_by(col(Variant.id))
    ).all()
    category = session.get(Category, product.category_id) if product.category_id else None
    return ProductDetail(
        id=product.id,
        title=product.title_en,
        title_zh=product.title_zh,
        description=product.description_en,
        description_zh=product.description_zh,
        brand=product.brand,
        category=category.name_en if category else None,
        category_zh=category.name_zh if category else None,
        category_slug=category.slug if category else None,
        seller=product.seller,
        external_id=product.external_id,
        rating=product.rating,
        rating_count=product.rating_count,
        currency=product.currency,
        image=product.image,
        price=min((v.price for v in variants), default=0),
        in_stock=any(v.stock > 0 for v in variants),
        option_names=_distinguishing_options(v.options for v in variants),
        variants=[
            VariantView(
                id=v.id or 0,
                sku=v.sku,
                options=v.options,
                price=v.price,
                currency=product.currency,
                stock=v.stock,
            )
            for v in variants
        ],
    )


def _distinguishing_options(options: Iterable[dict[str, str]]) -> list[str]:
    """Option names whose values differ between variants, in order of first appearance."""
    values: dict[str, set[str]] = defaultdict(set)
    for variant_options in options:
        for name, value in variant_options.items():
            values[name].add(str(value))
    return [name for name, found in values.items() if len(found) > 1]


def list_categories(session: Session) -> list[CategoryRow]:
    """Every category with its product count (products of the categories below it included)."""
    conn = session.connection()
    categories = conn.execute(
        select(Category.id, Category.slug, Category.name_en, Category.name_zh)
    ).all()
    direct = Counter(
        dict(
            session.exec(
                select(Product.category_id, func.count())
                .where(col(Product.category_id).is_not(None))
                .group_by(col(Product.category_id))
            ).all()
        )
    )
    children = _children(conn)
    rows = [
        (slug, name_en, name_zh, sum(direct[c] for c in descendants(children, {category_id})))
        for category_id, slug, name_en, name_zh in categories
    ]
    return sorted(rows, key=lambda row: (row[1].casefold(), row[0]))


def _children(conn: Connection) -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for category_id, parent_id in conn.execute(select(Category.id, Category.parent_id)):
        if parent_id is not None:
            children[parent_id].append(category_id)
    return children


def descendants(children: dict[int, list[int]], category_ids: set[int]) -> set[int]:
    """These categories and every category below them."""
    found, todo = set(category_ids), list(category_ids)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:  # a cycle in bad data must not loop forever
                found.add(child)
                todo.append(child)
    return found


def category_subtree(conn: Connection, category_ids: set[int]) -> set[int]:
    """These categories and every category below them, read from the database."""
    return descendants(_children(conn), category_ids)


def resolve_category(conn: Connection, ref: str) -> set[int]:
    """Ids of the categories named `ref` (slug, English or Chinese name) and those below them.

    Raises:
        InvalidRequest: if no category has that slug or name; the message names the closest.
    """
    wanted = ref.strip().casefold()
    rows = conn.execute(
        select(Category.id, Category.slug, Category.name_en, Category.name_zh)
    ).all()
    matches = {
        row.id
        for row in rows
        if wanted in (row.slug.casefold(), row.name_en.casefold(), (row.name_zh or "").casefold())
    }
    if not matches:
        names = sorted({row.name_en for row in rows})
        closest = [name for name, _, _ in process.extract(ref, names, limit=5)]
        hint = f" Closest: {', '.join(closest)}." if closest else " The catalog has none yet."
        raise InvalidRequest(
            f"There is no category {ref!r}.{hint} Use a category slug or name from the "
            "category list, or search without a category.",
            category=ref,
        )
    return category_subtree(conn, matches)


def product_ids_by_source(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """Product ids by (seller, external id): how an imported file names its products."""
    wanted = set(keys)
    sellers = {seller for seller, _ in wanted}
    rows = session.exec(
        select(Product.seller, Product.external_id, Product.id).where(
            col(Product.seller).in_(sellers)
        )
    ).all()
    return {
        (seller, external): product_id
        for seller, external, product_id in rows
        if (seller, external) in wanted and external is not None and product_id is not None
    }
