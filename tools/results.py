"""Compact, model-facing shapes of store views: only what the model needs, prices formatted.

Seller-written text (titles, descriptions, option values) goes only under `catalog_data`, which
the system prompt declares to be data, never instructions: in search results and product pages,
and in cart, order and payment lines too. Everything outside it is the store's own words.
"""

from __future__ import annotations

from typing import Any

from store import (
    CartView,
    DiscountView,
    OrderView,
    PaymentSummary,
    ProductDetail,
    ProductHit,
    PromotionKind,
    PromotionView,
    RedPacketView,
    RefundSummary,
    SearchResult,
    format_money,
)
from store.locale import localized

DESCRIPTION_CHARS = 300


def product_hit(hit: ProductHit, language: str) -> dict[str, Any]:
    """One search result."""
    item: dict[str, Any] = {
        "id": hit.id,
        "title": localized(hit.title, hit.title_zh, language),
        "price": format_money(hit.price, hit.currency),
        "rating": hit.rating,
        "in_stock": hit.in_stock,
    }
    if hit.brand:
        item["brand"] = hit.brand
    if hit.seller != "shopagent":
        item["seller"] = hit.seller
    return item


def not_sold(found: SearchResult, language: str) -> dict[str, Any]:
    """A search for a kind of product the shop does not sell.

    `not_sold` is the kind as the customer wrote it; `suggestions` are the shop's nearest
    categories ({"name": in the customer's language, "category": slug for a category filter}),
    nearest first, possibly none.
    """
    return {
        "count": 0,
        "not_sold": found.missing,
        "suggestions": [
            {"name": localized(s.name, s.name_zh, language), "category": s.slug}
            for s in found.suggestions
        ],
        "hint": "The shop sells nothing of this kind: say so, and offer the suggested "
        "categories instead (if any). Do not offer other products as if they were it.",
    }


def product_detail(product: ProductDetail, language: str) -> dict[str, Any]:
    """A product with its variants (what to pass to add_to_cart)."""
    description = localized(product.description, product.description_zh, language)
    if len(description) > DESCRIPTION_CHARS:
        description = description[:DESCRIPTION_CHARS].rstrip() + "…"
    return {
        "id": product.id,
        "title": localized(product.title, product.title_zh, language),
        "brand": product.brand,
        "category": localized(product.category or "", product.category_zh, language) or None,
        "rating": product.rating,
        "reviews": product.rating_count,
        "description": description,
        "option_names": product.option_names,
        "variants": [
            {
                "variant_id": v.id,
                "options": v.options,
                "price": format_money(v.price, v.currency),
                "stock": v.stock,
            }
            for v in product.variants
        ],
    }


def seller_text(title: str, options: dict[str, str]) -> dict[str, Any]:
    """A line's seller-written part, marked as data."""
    return {"catalog_data": {"title": title, **({"options": options} if options else {})}}


def cart(view: CartView, language: str = "en") -> dict[str, Any]:
    """The cart with store-computed totals; warnings name lines, never seller text."""
    result: dict[str, Any] = {
        "lines": [
            {
                "line_id": line.line_id,
                "product_id": line.product_id,
                **seller_text(localized(line.title, line.title_zh, language), line.options),
                "quantity": line.quantity,
                "unit_price": format_money(line.unit_price, line.currency),
                "line_total": format_money(line.line_total, line.currency),
                **(
                    {"price_was": format_money(line.price_was, line.currency)}
                    if line.price_was is not None
                    else {}
                ),
            }
            for line in view.lines
        ],
        "items": view.item_count,
        "subtotal": format_money(view.subtotal, view.currency),
    }
    if view.discounts:
        result["discounts"] = discounts(view.discounts, view.currency, language)
        result["total"] = format_money(view.total, view.currency)
    if view.coupon:
        result["coupon"] = view.coupon
    if view.coupon_note:
        result["coupon_note"] = view.coupon_note
    if close := [h for h in view.hints if h.close]:
        result["almost"] = [
            {
                "campaign": localized(h.label, h.label_zh, language),
                "spend_more": format_money(h.spend_more, view.currency),
                "saves": format_money(h.saves, view.currency),
            }
            for h in close
        ]
    if warnings := _cart_warnings(view):
        result["warnings"] = warnings
    return result


def _cart_warnings(view: CartView) -> list[str]:
    warnings = []
    for line in view.lines:
        if line.price_was is not None:
            warnings.append(
                f"Line {line.line_id} now costs {format_money(line.unit_price, line.currency)} "
                f"(was {format_money(line.price_was, line.currency)} when added)."
            )
        if line.quantity > line.stock:
            warnings.append(
                f"Line {line.line_id} is out of stock; remove it or choose another variant."
                if line.stock == 0
                else f"Line {line.line_id}: only {line.stock} left, the cart holds "
                f"{line.quantity}. Lower the quantity."
            )
    return warnings


def order(view: OrderView, language: str = "en") -> dict[str, Any]:
    """An order and where it stands."""
    return {
        "order_id": view.id,
        "status": view.status.value,
        **({"payment": view.payment_status.value} if view.payment_status else {}),
        "lines": [
            {
                "product_id": line.product_id,
                **seller_text(localized(line.title, line.title_zh, language), line.options),
                "quantity": line.quantity,
                "unit_price": format_money(line.unit_price, view.currency),
            }
            for line in view.lines
        ],
        "shipping": format_money(view.shipping, view.currency),
        **(
            {"discounts": discounts(view.discounts, view.currency, language)}
            if view.discounts
            else {}
        ),
        "total": format_money(view.total, view.currency),
        **({"payment_method": view.payment_method.label} if view.payment_method else {}),
        "created_at": view.created_at.isoformat(timespec="minutes"),
    }


def payment_summary(summary: PaymentSummary, language: str = "en") -> dict[str, Any]:
    """What the customer is asked to confirm."""
    return {
        "order_id": summary.order_id,
        **(
            {"discounts": discounts(summary.discounts, summary.currency, language)}
            if summary.discounts
            else {}
        ),
        "total": format_money(summary.total, summary.currency),
        "payment_method": summary.payment_method.label,
        "address": summary.address,
        "lines": [
            {
                "quantity": line.quantity,
                **seller_text(localized(line.title, line.title_zh, language), line.options),
            }
            for line in summary.lines
        ],
    }


def refund_summary(summary: RefundSummary, language: str = "en") -> dict[str, Any]:
    """The refund the customer is asked to confirm."""
    return {
        "order_id": summary.order_id,
        "refund": format_money(summary.amount, summary.currency),
        "refund_to": summary.payment_method.label,
        "lines": [
            {
                "quantity": line.quantity,
                **seller_text(localized(line.title, line.title_zh, language), line.options),
            }
            for line in summary.lines
        ],
    }


def discounts(views: list[DiscountView], currency: str, language: str) -> list[dict[str, Any]]:
    """Discounts as the store took them, e.g. {"name": "满300减50", "amount": "-¥50.00"}."""
    return [
        {
            "name": localized(d.label, d.label_zh, language),
            **({"code": d.code} if d.code else {}),
            "amount": f"-{format_money(d.amount, currency)}",
        }
        for d in views
    ]


def promotions(
    running: list[PromotionView], packets: list[RedPacketView], language: str
) -> dict[str, Any]:
    """Running promotions and the customer's usable red packets."""
    return {
        "promotions": [
            {
                "kind": p.kind.value,
                "name": localized(p.label, p.label_zh, language),
                **({"code": p.code} if p.code else {}),
                "offer": _offer(p, language),
                **({"only": p.scope} if p.scope else {}),
                "until": p.ends_at.date().isoformat(),
                "applies": p.applies_now,
                **({"note": p.note} if p.note else {}),
            }
            for p in running
        ],
        "red_packets": [
            {
                "name": localized(r.label, r.label_zh, language),
                "balance": format_money(r.balance, r.currency),
                "until": r.expires_at.date().isoformat(),
            }
            for r in packets
            if r.usable
        ],
        "hint": "Discounts and red packets apply at checkout by themselves; only a coupon "
        "needs apply_coupon.",
    }


# What a promotion gives, per language: the store's amounts in the customer's words.
OFFERS: dict[str, dict[str, str]] = {
    "en": {
        "threshold": "every {spend} takes {amount} off",
        "red_packet": "a {amount} red packet for an order from {spend}",
        "percent": "{percent}% off",
        "amount": "{amount} off",
        "from": "{off} from {spend}",
    },
    "zh": {
        "threshold": "每满{spend}减{amount}",
        "red_packet": "订单满{spend}送{amount}红包",
        "percent": "打{tenths}折",
        "amount": "减{amount}",
        "from": "满{spend}{off}",
    },
}


def _offer(p: PromotionView, language: str = "en") -> str:
    """What a promotion gives: "10% off from ¥100.00", 满¥100.00 9折."""
    words = OFFERS.get(language, OFFERS["en"])
    amount, spend = format_money(p.amount_off, p.currency), format_money(p.min_spend, p.currency)
    if p.kind in (PromotionKind.threshold, PromotionKind.red_packet):
        return words[p.kind.value].format(amount=amount, spend=spend)
    if p.percent_off:
        tenths = f"{(100 - p.percent_off) / 10:g}"  # 10% off is 9折
        off = words["percent"].format(percent=p.percent_off, tenths=tenths)
    else:
        off = words["amount"].format(amount=amount)
    return words["from"].format(off=off, spend=spend) if p.min_spend else off
