"""Catalog tools: search, details, comparison."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

import store
from store import ProductDetail, ProductHit, SearchFilters, SearchResult, format_money, to_minor
from store.locale import localized
from tools import results
from tools.args import Id, Money, Name, Query
from tools.registry import ToolContext, ToolError, tool


def _minor(amount: float | None) -> int | None:
    """Yuan, as the tools' prices are described to the model, to minor units."""
    return None if amount is None else to_minor(amount, "CNY")


def _present_hits(found: SearchResult, ctx: ToolContext) -> dict[str, Any]:
    if found.missing and not found.products:
        return results.not_sold(found, ctx.language)
    if not found.products:
        return {"count": 0, "hint": "Nothing matched. Try fewer or broader words, or drop filters."}
    presented: dict[str, Any] = {
        "count": len(found.products),
        "catalog_data": [results.product_hit(h, ctx.language) for h in found.products],
    }
    if found.missing:  # several kinds asked for, some not sold
        presented.update(results.not_sold(found, ctx.language), count=len(found.products))
        presented["hint"] = (
            "The shop sells nothing of the not_sold kinds: say so, offer the suggested "
            "categories for them, and show the products found for the other kinds."
        )
    return presented


@tool(
    read_only=True,
    present=_present_hits,
    # A search for what the shop does not sell says so in its result (its own hint).
    brief="Search the catalog (English or Chinese).",
    params={"min_price": "yuan", "max_price": "yuan"},
)
def search_products(
    ctx: ToolContext,
    query: Query = "",
    category: Name | None = None,
    brand: Name | None = None,
    min_price: Money | None = None,
    max_price: Money | None = None,
    size: Name | None = None,
    in_stock_only: bool = False,
    min_rating: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] | None = None,
    sort: Literal["relevance", "price_asc", "price_desc", "rating"] = "relevance",
    limit: Annotated[int, Field(ge=1, le=10)] = 5,
    exclude_brands: Annotated[list[Name], Field(max_length=10)] | None = None,
) -> SearchResult:
    """Search the catalog by free text (English or Chinese) with optional filters.

    Only products of the kind asked for are listed. When the shop sells nothing of that kind,
    the result has no products, `not_sold` (what it lacks) and `suggestions` (its nearest
    categories): tell the customer, and offer those instead.

    Args:
        query: What the customer is looking for, e.g. "wireless earbuds" or "跑步鞋".
        category: Category name, e.g. "shoes".
        brand: Brand name, e.g. "Anker".
        min_price: Lowest price in yuan.
        max_price: Highest price in yuan (the customer's budget).
        size: Only products available in this size, e.g. "42" or "M".
        in_stock_only: Only products that can be bought now.
        min_rating: Lowest average rating, 0-5.
        sort: Result order.
        limit: How many results, 1-10.
        exclude_brands: Brands the customer does not want; remembered dislikes are left out too.
    """
    filters = SearchFilters(
        category=category,
        brand=brand,
        min_price=_minor(min_price),
        max_price=_minor(max_price),
        in_stock=in_stock_only,
        min_rating=min_rating,
        options={"size": size} if size else {},
    )
    with ctx.reading() as session:
        disliked = [
            p.value
            for p in store.recall_preferences(session, customer_id=ctx.customer_id)
            if p.key in DISLIKE_KEYS
        ]
        unwanted = [b.casefold() for b in [*(exclude_brands or []), *disliked] if b.strip()]
        found = store.search_catalog(
            session, query, filters=filters, sort=sort, limit=limit + 5 if unwanted else limit
        )
    products = [h for h in found.products if not _is_unwanted(h, unwanted)][:limit]
    return found.model_copy(update={"products": products})


DISLIKE_KEYS = frozenset({"dislikes", "disliked_brands", "avoid_brands"})


def _is_unwanted(hit: ProductHit, unwanted: list[str]) -> bool:
    """Whether the hit is of a brand the customer does not want (by brand or title words)."""
    names = " ".join(filter(None, (hit.brand, hit.title, hit.title_zh))).casefold()
    return any(
        word in names for u in unwanted for word in u.replace("，", ",").split(",") if word.strip()
    )


def _present_detail(product: ProductDetail, ctx: ToolContext) -> dict[str, Any]:
    return {"catalog_data": results.product_detail(product, ctx.language)}


@tool(
    read_only=True,
    present=_present_detail,
    brief="A product's details and variants.",
)
def get_product_details(ctx: ToolContext, product_id: Id) -> ProductDetail:
    """Show one product: description, variants (sizes, colours...) with price and stock.

    Args:
        product_id: The product id from search results.
    """
    with ctx.reading() as session:
        return store.get_product(session, product_id)


def _present_comparison(products: list[ProductDetail], ctx: ToolContext) -> dict[str, Any]:
    rows = []
    for p in products:
        rows.append(
            {
                "id": p.id,
                "title": localized(p.title, p.title_zh, ctx.language),
                "brand": p.brand,
                "lowest_price": format_money(p.price, p.currency),
                "rating": p.rating,
                "reviews": p.rating_count,
                "in_stock": p.in_stock,
                "options": {
                    name: sorted({v.options[name] for v in p.variants if name in v.options})
                    for name in p.option_names
                }
                or None,
            }
        )
    cheapest = min(products, key=lambda p: p.price)
    rated = [p for p in products if p.rating is not None]
    summary: dict[str, Any] = {"cheapest": cheapest.id}
    if rated:
        summary["best_rated"] = max(rated, key=lambda p: (p.rating or 0, p.rating_count)).id
    return {"catalog_data": rows, **summary}


@tool(read_only=True, present=_present_comparison, brief="Compare 2-5 products.")
def compare_products(
    ctx: ToolContext, product_ids: Annotated[list[Id], Field(min_length=2, max_length=5)]
) -> list[ProductDetail]:
    """Compare 2-5 products side by side: price, rating, reviews, stock and options.

    Args:
        product_ids: The product ids to compare.
    """
    if len(set(product_ids)) != len(product_ids):
        raise ToolError("List each product only once.", code="invalid_arguments")
    with ctx.reading() as session:
        return [store.get_product(session, pid) for pid in product_ids]
