"""Judging a step: each `expect` key against the reply and the shop's state after the step.

Checks read the store (cart, orders, preferences, the products shown), never the wording of a
tool result, so they hold whatever the model said.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine

import store
from agent.api import Reply
from agent.scenarios.spec import CartCheck, Expect, PreferenceCheck, ShownCheck
from agent.state import product_ids

CATALOG_TOOLS = ("search_products", "get_product_details", "compare_products")
"""Tools whose results count as products shown to the customer."""


class Failure(BaseModel):
    """An expectation that did not hold."""

    step: int
    """1-based step (or customer turn) number."""
    key: str
    """The `expect` key, e.g. "cart.quantity"."""
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.key}: expected {self.expected}, got {self.got} at step {self.step}"


class ShopState:
    """The customer's side of the shop after a step, read lazily (once per step)."""

    def __init__(self, engine: Engine, customer_id: int) -> None:
        self.engine = engine
        self.customer_id = customer_id

    @cached_property
    def cart(self) -> store.CartView:
        """The cart, priced now."""
        with store.session_scope(self.engine) as session:
            return store.view_cart(session, customer_id=self.customer_id)

    @cached_property
    def latest_order(self) -> store.OrderView | None:
        """The customer's newest order."""
        with store.session_scope(self.engine) as session:
            orders = store.list_orders(session, customer_id=self.customer_id, limit=1)
        return orders[0] if orders else None

    @cached_property
    def preferences(self) -> list[store.PreferenceView]:
        """What is remembered about the customer."""
        with store.session_scope(self.engine) as session:
            return store.recall_preferences(session, customer_id=self.customer_id)

    def products(self, ids: Iterable[int]) -> list[store.ProductDetail]:
        """These products as the store has them (titles, category, every variant's price)."""
        with store.session_scope(self.engine) as session:
            return [store.get_product(session, product_id) for product_id in dict.fromkeys(ids)]


def shown_ids(reply: Reply) -> list[int]:
    """Ids of the products the catalog tools returned in this step, in order."""
    ids: list[int] = []
    for call in reply.tool_calls:
        if call.name in CATALOG_TOOLS and call.ok:
            ids += product_ids(call.data)
    return list(dict.fromkeys(ids))


def check(expect: Expect, reply: Reply, shop: ShopState, *, step: int) -> list[Failure]:
    """Every given key of `expect` that does not hold after this step."""
    failures: list[Failure] = []

    def fail(key: str, expected: Any, got: Any) -> None:
        failures.append(Failure(step=step, key=key, expected=str(expected), got=str(got)))

    called = [call.name for call in reply.tool_calls]
    if expect.tools is not None and called != expect.tools:
        fail("tools", expect.tools, called)
    missing = [name for name in expect.calls if name not in called]
    if missing:
        fail("calls", f"calls to {expect.calls}", f"{called} (no {missing})")
    unwanted = [name for name in expect.no_calls if name in called]
    if unwanted:
        fail("no_calls", f"no calls to {expect.no_calls}", f"calls to {unwanted}")
    pending = reply.pending.kind if reply.pending else "nothing"
    if expect.pending is not None and pending != expect.pending:
        fail("pending", expect.pending, pending)
    if expect.pending_method is not None:
        summary = reply.pending.summary if reply.pending else None
        label = summary.payment_method.label if summary else None
        if label is None or expect.pending_method.lower() not in label.lower():
            wanted = f"a payment confirmation with a method like {expect.pending_method!r}"
            fail("pending_method", wanted, repr(label) if label else f"pending {pending}")
    _check_reply(expect, reply.text, fail)
    if expect.shown is not None:
        _check_shown(expect.shown, shop.products(shown_ids(reply)), fail)
    if expect.cart is not None:
        _check_cart(expect.cart, shop, fail)
    if expect.order_status is not None:
        order = shop.latest_order
        got = order.status.value if order else "no order"
        if got != expect.order_status.value:
            fail("order_status", expect.order_status.value, got)
    if expect.preference is not None:
        _check_preference(expect.preference, shop.preferences, fail)
    return failures


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _contains_any(text: str, words: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(word.lower() in lowered for word in words)


def _check_reply(expect: Expect, text: str, fail: Any) -> None:
    lacking = [word for word in expect.text_contains if word not in text]
    if lacking:
        fail("text_contains", f"a reply containing {lacking}", _short(text))
    if expect.reply_any and not _contains_any(text, expect.reply_any):
        fail("reply_any", f"a reply with one of {expect.reply_any}", _short(text))
    present = [word for word in expect.reply_none if word.lower() in text.lower()]
    if present:
        fail("reply_none", f"a reply without {expect.reply_none}", f"{present} in {_short(text)}")


def _titles(product: store.ProductDetail) -> str:
    return f"{product.title} {product.title_zh or ''}"


def _check_shown(check: ShownCheck, products: list[store.ProductDetail], fail: Any) -> None:
    count = len(products)
    if check.none and count:
        fail("shown.none", "no products shown", f"{count}")
    if check.min is not None and count < check.min:
        fail("shown.min", f"at least {check.min} products shown", count)
    if check.max is not None and count > check.max:
        fail("shown.max", f"at most {check.max} products shown", count)
    if check.max_price is not None:
        limit = round(check.max_price * 100)
        over = [p for p in products if min(v.price for v in p.variants) > limit]
        if over:
            fail("shown.max_price", f"every product at or under {check.max_price:g}", _names(over))
    if check.min_price is not None:
        floor = round(check.min_price * 100)
        under = [p for p in products if max(v.price for v in p.variants) < floor]
        if under:
            fail("shown.min_price", f"every product at or over {check.min_price:g}", _names(under))
    if check.category_any:
        outside = [p for p in products if p.category_slug not in check.category_any]
        if outside:
            got = ", ".join(f"{p.title} ({p.category_slug})" for p in outside[:3])
            fail("shown.category_any", f"every product in {check.category_any}", got)
    if check.title_any:
        other = [p for p in products if not _contains_any(_titles(p), check.title_any)]
        if other:
            fail("shown.title_any", f"every title with one of {check.title_any}", _names(other))


def _names(products: list[store.ProductDetail]) -> str:
    names = ", ".join(repr(p.title) for p in products[:3])
    return names + (f" and {len(products) - 3} more" if len(products) > 3 else "")


def _check_cart(check: CartCheck, shop: ShopState, fail: Any) -> None:
    cart = shop.cart
    lines = cart.lines
    if check.empty is not None and (not lines) != check.empty:
        fail("cart.empty", "an empty cart" if check.empty else "a cart with something", len(lines))
    if check.lines is not None and len(lines) != check.lines:
        fail("cart.lines", f"{check.lines} cart lines", len(lines))
    if check.quantity is not None and cart.item_count != check.quantity:
        fail("cart.quantity", f"{check.quantity} units in the cart", cart.item_count)
    if check.title_any:
        products = {p.id: p for p in shop.products(line.product_id for line in lines)}
        other = [
            line.title
            for line in lines
            if not _contains_any(_titles(products[line.product_id]), check.title_any)
        ]
        if other or not lines:
            got = other or "an empty cart"
            fail("cart.title_any", f"every line's title with one of {check.title_any}", got)
    if check.option:
        wrong = [
            f"{line.title} {line.options}"
            for line in lines
            if any(line.options.get(k) != v for k, v in check.option.items())
        ]
        if wrong or not lines:
            fail("cart.option", f"every line with {check.option}", wrong or "an empty cart")


def _check_preference(check: PreferenceCheck, preferences: list[Any], fail: Any) -> None:
    for preference in preferences:
        key, value = preference.key.lower(), preference.value.lower()
        if any(k.lower() in key for k in check.key_any) and check.value_contains.lower() in value:
            return
    remembered = {p.key: p.value for p in preferences} or "nothing remembered"
    fail("preference", f"a preference {check.key_any} with {check.value_contains!r}", remembered)
