"""The demo's promotions: the words that ask for discounts or apply a coupon, and the replies.

A small intent of its own: `PHRASES` (English and Chinese patterns, tried before the other
intents) and `TEXTS`; the planners in policy.py only name the tools. Amounts are the store's,
quoted from the tool results.
"""

from __future__ import annotations

import re
from typing import Any

from agent.offline.calls import Result
from agent.offline.conversation import Conversation
from agent.texts import Table, store_error, translate

# intent -> (English, Chinese); the first that matches wins, so removal comes first.
PHRASES: dict[str, tuple[str, str]] = {
    "remove_coupon": (
        r"\b(?:remove|drop|cancel|take off|delete|don'?t use)\b[^.?!]*\b(?:coupon|voucher|promo"
        r" code)\b",
        r"(?:不用|取消|去掉|删除|移除|拿掉)(?:了)?(?:这张|那张)?(?:优惠)?(?:券|优惠码)",
    ),
    "coupon": (
        r"\b(?:apply|use|redeem|enter|add|try)\b[^.?!]*\b(?:coupon|voucher|promo code|code)\b"
        r"|\b(?:apply|redeem|use)\s+(?=[a-z0-9]*[a-z])(?=[a-z0-9]*\d)[a-z0-9]{4,20}\b"
        r"|\b(?:coupon|voucher|promo|discount) code\b",
        r"用券|(?:用|使用|输入|填)(?:一下|一张|个)?(?:优惠券|优惠码|券)|券码|优惠码|兑换码",
    ),
    "promotions": (
        r"\b(?:discounts?|deals?|promotions?|promos?|coupons?|vouchers?|red (?:packets?|envelopes?)"
        r"|special offers?|any offers)\b|\b(?:on|any) sale\b|\bcheaper at checkout\b",
        r"优惠|折扣|打折|红包|满减|促销|(?:有什么|有啥|有没有)活动|活动吗|券",
    ),
}

# A code as people type it: letters and digits together (WELCOME10), or a word in capitals.
_CODE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{4,20}"
    r"|[A-Z]{4,20})(?![A-Za-z0-9])"
)

TEXTS: Table = {
    "en": {
        "promotions": "Running now:",
        "no_promotions": "No promotions are running right now.",
        "applies": "your cart qualifies",
        "red_packets": "Your red packets: {packets}. They come off at checkout by themselves.",
        "use_code": 'Say "apply {code}" to use a coupon.',
        "discount": "{name}: {amount}",
        "total": "To pay: {total}.",
        "almost": "Tip: {more} more takes {saves} off ({campaign}).",
        "coupon_note": "Note: {note}",
    },
    "zh": {
        "promotions": "正在进行的优惠：",
        "no_promotions": "现在没有进行中的优惠活动。",
        "applies": "购物车已满足",
        "red_packets": "你的红包：{packets}。结账时自动抵扣。",
        "use_code": "说“用券 {code}”即可使用优惠券。",
        "discount": "{name}：{amount}",
        "total": "应付：{total}。",
        "almost": "提示：再买 {more} 可减 {saves}（{campaign}）。",
        "coupon_note": "注意：{note}",
    },
}


def coupon_code(text: str) -> str | None:
    """The coupon code the customer typed ("apply WELCOME10", "用券welcome10"), if any."""
    words = r"\b(?:apply|use|redeem|enter|add|try|coupon|voucher|code|the|my|this)\b"
    found = _CODE.findall(re.sub(words, " ", text, flags=re.IGNORECASE))
    return found[0].upper() if found else None


def say(key: str, language: str, /, **values: Any) -> str:
    """A promotion text in the customer's language."""
    return translate(TEXTS, language, key, **values)


def promotions_reply(result: Result, conv: Conversation) -> str:
    """The running promotions (whether the cart meets each) and the customer's red packets."""
    language = conv.language
    running = [p for p in result.get("promotions") or [] if isinstance(p, dict)]
    lines = [say("promotions", language) if running else say("no_promotions", language)]
    for p in running:
        code = f" [{p['code']}]" if p.get("code") else ""
        note = p.get("note") and store_error("coupon_unavailable", str(p["note"]), language)
        note = say("applies", language) if p.get("applies") else note or ""
        lines.append(f"- {p.get('name')}{code}: {p.get('offer')}" + (f" ({note})" if note else ""))
    packets = [r for r in result.get("red_packets") or [] if isinstance(r, dict)]
    if packets:
        listed = ", ".join(f"{r.get('name')} {r.get('balance')}" for r in packets)
        lines.append(say("red_packets", language, packets=listed))
    if example := next((str(p["code"]) for p in running if p.get("code")), None):
        lines.append(say("use_code", language, code=example))
    return "\n".join(lines)


def savings_lines(cart: dict[str, Any], language: str) -> list[str]:
    """What the cart's promotions take off and what is left to pay, as the store said."""
    lines = discount_lines(cart.get("discounts"), language)
    if lines:
        lines.append(say("total", language, total=cart.get("total")))
    if note := cart.get("coupon_note"):
        note = store_error("coupon_unavailable", str(note), language)
        lines.append(say("coupon_note", language, note=note))
    lines.extend(
        say(
            "almost",
            language,
            more=h.get("spend_more"),
            saves=h.get("saves"),
            campaign=h.get("campaign"),
        )
        for h in cart.get("almost") or []
        if isinstance(h, dict)
    )
    return lines


def discount_lines(discounts: Any, language: str) -> list[str]:
    """One line per discount of a cart or an order: its name and what it takes off."""
    return [
        say(
            "discount",
            language,
            name=f"{d.get('name')} ({d['code']})" if d.get("code") else d.get("name"),
            amount=d.get("amount"),
        )
        for d in discounts or []
        if isinstance(d, dict)
    ]
