"""Account tools: saved addresses and payment methods, and long-term preferences."""

from __future__ import annotations

from typing import Any

import store
from store import AddressView, PaymentMethodView, PreferenceView
from tools.args import PreferenceKey, PreferenceValue
from tools.registry import ToolContext, tool


def _default(is_default: bool) -> dict[str, bool]:
    """Only the default row is flagged: a false on every other row tells the model nothing."""
    return {"default": True} if is_default else {}


def _present_addresses(addresses: list[AddressView], _ctx: ToolContext) -> dict[str, Any]:
    return {
        "addresses": [
            {"address_id": a.id, "label": a.label, "address": a.one_line, **_default(a.is_default)}
            for a in addresses
        ]
    }


@tool(read_only=True, present=_present_addresses, brief="Saved shipping addresses.")
def list_addresses(ctx: ToolContext) -> list[AddressView]:
    """List the customer's saved shipping addresses."""
    with ctx.reading() as session:
        return store.list_addresses(session, customer_id=ctx.customer_id)


def _present_methods(methods: list[PaymentMethodView], _ctx: ToolContext) -> dict[str, Any]:
    return {
        "payment_methods": [
            {"payment_method_id": m.id, "label": m.label, **_default(m.is_default)} for m in methods
        ]
    }


@tool(read_only=True, present=_present_methods, brief="Saved payment methods.")
def list_payment_methods(ctx: ToolContext) -> list[PaymentMethodView]:
    """List the customer's saved payment methods (cards, Alipay, WeChat Pay)."""
    with ctx.reading() as session:
        return store.list_payment_methods(session, customer_id=ctx.customer_id)


def _present_preferences(prefs: list[PreferenceView], _ctx: ToolContext) -> dict[str, Any]:
    return {"preferences": {p.key: p.value for p in prefs}}


@tool(
    present=lambda pref, _ctx: {"remembered": {pref.key: pref.value}},
    brief="Save a preference (replaces the old value).",
    params={"key": "e.g. shoe_size, budget, favourite_brands, dislikes"},
)
def remember_preference(
    ctx: ToolContext,
    key: PreferenceKey,
    value: PreferenceValue,
) -> PreferenceView:
    """Remember something about the customer for future visits (replaces the old value).

    Args:
        key: What it is about, in snake_case, e.g. "shoe_size", "budget", "favourite_brands",
            "dislikes".
        value: The preference, e.g. "42" or "Anta, Li-Ning".
    """
    with ctx.session() as session:
        return store.remember_preference(session, customer_id=ctx.customer_id, key=key, value=value)


@tool(read_only=True, present=_present_preferences, brief="Saved preferences.")
def recall_preferences(ctx: ToolContext) -> list[PreferenceView]:
    """List everything remembered about the customer."""
    with ctx.reading() as session:
        return store.recall_preferences(session, customer_id=ctx.customer_id)


@tool(present=lambda found, _ctx: {"forgotten": found}, brief="Forget a saved preference.")
def forget_preference(ctx: ToolContext, key: PreferenceKey) -> bool:
    """Forget a remembered preference.

    Args:
        key: The preference key, e.g. "shoe_size".
    """
    with ctx.session() as session:
        return store.forget_preference(session, customer_id=ctx.customer_id, key=key)
