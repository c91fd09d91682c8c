"""The "How I got this" list in words: what each tool was asked and what it found.

The tool's raw arguments and result stay available behind a toggle; these lines are what a
shopper reads. Ids are left out: they mean nothing to people (order numbers are kept, they are
on the receipt). No Streamlit here.
"""

from __future__ import annotations

import json
from typing import Any

from agent import ToolCallRecord
from store import format_money
from ui.i18n import TEXT, translate

SHOWN_TITLES = 3  # product titles named in a search's "found" line


def _json(text: str | None) -> Any:
    try:
        return json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}


def step_title(name: str, language: str) -> str:
    """The tool as people read it ("Searching the shop"), or its name when it has no text."""
    key = f"tool_{name}"
    return translate(language, key) if key in TEXT["en"] else name


def asked(step: ToolCallRecord, language: str) -> str:
    """What the tool was asked, e.g. `"running shoes" · under ¥500.00 · size 42`."""
    arguments = _json(step.arguments)
    if not isinstance(arguments, dict):
        return ""
    parts: list[str] = []
    for name, value in arguments.items():
        if value is None or value == "" or value is False:
            continue
        part = _argument(name, value, language)
        if part:
            parts.append(part)
    return " · ".join(parts)


def _argument(name: str, value: Any, language: str) -> str | None:
    def say(key: str, **values: object) -> str:
        return translate(language, key, **values)

    if name == "query":
        return f"“{value}”" if language == "zh" else f'"{value}"'
    if name in {"min_price", "max_price"} and isinstance(value, int | float):
        amount = format_money(round(value * 100), "CNY")
        return say(f"arg_{name}", amount=amount)
    if name == "size":
        return say("arg_size", size=value)
    if name == "in_stock_only":
        return say("arg_in_stock")
    if name == "min_rating":
        return f"★ ≥ {value:g}" if isinstance(value, int | float) else None
    if name == "quantity":
        return f"× {value}"
    if name == "order_id":
        return say("order", order_id=value)
    if name == "options" and isinstance(value, dict):
        return " · ".join(f"{k} {v}" for k, v in value.items())
    if name in {"category", "brand", "sort"}:
        return str(value)
    if name == "key":
        return str(value).replace("_", " ")
    if name == "value":
        return str(value)
    return None  # ids, limits and flags: plumbing, not what the shopper asked


def _status(value: str, language: str) -> str:
    key = f"status_{value}"
    return translate(language, key) if key in TEXT["en"] else value


def found(step: ToolCallRecord, language: str) -> str:
    """What the tool found or did, in a line."""

    def say(key: str, **values: object) -> str:
        return translate(language, key, **values)

    if step.ok is None:
        return say("step_waiting")
    data = _json(step.result)
    if not isinstance(data, dict):
        return say("step_done")
    if step.ok is False:
        payment = data.get("payment") or {}
        if payment.get("status") == "not_charged":
            return say("step_not_charged")  # its message is the graph's note to the model
        if f"error_{data.get('error')}" in TEXT["en"]:
            return say(f"error_{data['error']}")  # store messages are written for the model
        message = data.get("message") or payment.get("message")
        return say("step_failed", message=message or say("failed"))
    catalog = data.get("catalog_data")
    if isinstance(catalog, list):
        titles = [str(item.get("title")) for item in catalog[:SHOWN_TITLES] if "title" in item]
        count = int(data.get("count") or len(catalog))
        more = "…" if count > len(titles) else ""
        line = say("found_products", count=count)
        return f"{line}: {', '.join(titles)}{more}" if titles else line
    if isinstance(catalog, dict) and catalog.get("title"):
        return str(catalog["title"])
    if isinstance(cart := data.get("cart"), dict):
        items = int(cart.get("items") or 0)
        if not items:
            return say("cart_empty_short")
        return say("cart_now", items=say("items", count=items), subtotal=cart.get("subtotal"))
    if isinstance(payment := data.get("payment"), dict):
        if payment.get("status") == "succeeded":
            return say(
                "payment_paid", order_id=payment.get("order_id"), amount=payment.get("amount")
            )
        return say("payment_not_paid", message=payment.get("message") or "")
    if isinstance(summary := data.get("awaiting_confirmation"), dict):
        return say("step_awaiting", total=summary.get("total"))
    order = data.get("order") if isinstance(data.get("order"), dict) else data
    if isinstance(order, dict) and "order_id" in order and "status" in order:
        status = _status(str(order["status"]), language)
        return f"{say('order', order_id=order['order_id'])}: {status} · {order.get('total', '')}"
    if isinstance(orders := data.get("orders"), list):
        return say("orders_found", count=len(orders))
    if isinstance(preferences := data.get("preferences"), dict):
        pairs = [f"{k.replace('_', ' ')}: {v}" for k, v in preferences.items()]
        return ", ".join(pairs) or say("nothing_remembered")
    return say("step_done")
