"""Every text a customer reads, through one mechanism: tables of language -> key -> text.

The Streamlit app's interface (ui.i18n), the offline demo's replies and notice, the graph's
own notices and the store's errors all live in tables of this one shape and are read with
`translate`. Store errors are translated here, at the edge, by their codes (the store keeps
one English message; a Chinese customer reads the Chinese text of its code).
"""

from __future__ import annotations

import re

Table = dict[str, dict[str, str]]
"""Language ("en", "zh") -> key -> text with `{placeholders}`."""


def translate(table: Table, language: str, key: str, /, **values: object) -> str:
    """The text called `key` in `language` (English when that language lacks it), filled in."""
    text = table.get(language, {}).get(key) or table["en"][key]
    return text.format(**values) if values else text


AGENT_TEXTS: Table = {
    "en": {
        "wrap_up": "I've taken as many steps as I can for one message. "
        "Tell me how you'd like to continue.",
        "payment_set_aside": "I've set the payment for order #{order_id} aside; nothing was "
        'charged, and the order still awaits payment. Say "pay order {order_id}" when you '
        "want to pay it.",
        "refund_set_aside": "I've set the refund of order #{order_id} aside; nothing was "
        'refunded, and the order stays paid. Say "refund order {order_id}" when you want it.',
        "offline_notice": "This is shopagent's offline demo, a rule-based stand-in that "
        "understands common shopping requests, not an AI model; to use a real model, set "
        "SHOPAGENT_MODEL to a configured endpoint such as deepseek, qwen or openai and its API "
        "key (e.g. DEEPSEEK_API_KEY), or see the model table in the README.",
    },
    "zh": {
        "wrap_up": "这条消息我已经处理了很多步骤。请告诉我接下来想怎么做。",
        "payment_set_aside": "订单 #{order_id} 的付款先放一边了，没有扣款，订单仍在等待付款。"
        "想付的时候说“支付订单 {order_id}”即可。",
        "refund_set_aside": "订单 #{order_id} 的退款先放一边了，没有退款，订单仍是已付款。"
        "想退的时候说“退款订单 {order_id}”即可。",
        "offline_notice": "这是 shopagent 的离线演示：一个基于规则、能听懂常见购物请求的替身，"
        "不是 AI 模型；要使用真正的模型，请把 SHOPAGENT_MODEL 设为已配置的端点（如 deepseek、"
        "qwen 或 openai）并设置它的 API 密钥（如 DEEPSEEK_API_KEY），或参阅 README 中的模型表。",
    },
}

# Store and tool error codes (and payment failure codes), for Chinese customers: the first
# pattern the English message matches gives the text; its groups fill `{0}`, `{1}`.
STORE_ERRORS_ZH: dict[str, tuple[tuple[str, str], ...]] = {
    "invalid_request": (
        (r"cart is empty", "购物车是空的，请先加入商品再结账。"),
        (r"", "这个请求无法完成，请换个说法再试。"),
    ),
    "invalid_state": (
        (r"Order (\d+) is (\w+)", "订单 #{0} 当前的状态（{1}）不允许这个操作。"),
        (r"", "当前状态下无法进行这个操作。"),
    ),
    "not_found": (
        (r"No coupon with code '([^']*)'", "没有优惠码 {0}，请核对拼写，或问我有哪些优惠。"),
        (
            r"No saved payment method matches (.+)\. Saved methods: (.+)\.$",
            "你没有保存“{0}”这个支付方式。已保存的支付方式：{1}。",
        ),
        (r"no (\w[\w ]*?) (\d+)", "没有找到编号为 {1} 的记录，请先查看列表再试。"),
        (r"", "没有找到。"),
    ),
    "out_of_stock": (
        (r"[Oo]nly (\d+) left", "库存不足：只剩 {0} 件。"),
        (r"", "这一款目前缺货（库存不足）。"),
    ),
    "price_changed": ((r"", "价格有变动。确认新价格后说“接受新价格”再结账。"),),
    "coupon_unavailable": (
        (
            r"Coupon (\S+) needs (\S+) more",
            "优惠券 {0} 还差 {1} 才能用，请再加购一些它适用的商品。",
        ),
        (r"Coupon (\S+) has expired", "优惠券 {0} 已过期，请换一个优惠码。"),
        (r"Coupon (\S+) has not started", "优惠券 {0} 还没到使用时间。"),
        (r"already used coupon (\S+)", "你已经用过优惠券 {0} 了。"),
        (r"Coupon (\S+) (?:has been|was just) used up", "优惠券 {0} 已经被领完了。"),
        (r"Coupon (\S+) covers nothing", "优惠券 {0} 不适用于购物车里的商品。"),
        (r"cart needs more of what it covers", "购物车里适用的商品还不够。"),
        (r"^Nothing in the cart", "购物车是空的。"),
        (r"", "这个优惠现在用不了，请换一个优惠码或去掉优惠券再结账。"),
    ),
    "confirmation_invalid": ((r"", "付款确认已失效，请重新发起付款。"),),
    "idempotency_conflict": ((r"", "这笔付款正在处理中，请稍后查看订单状态。"),),
    "invalid_arguments": ((r"", "参数有误，请换个说法再试。"),),
    "card_declined": ((r"", "银行卡被拒绝，请换一种支付方式。"),),
    "insufficient_funds": ((r"", "余额不足，请换一种支付方式。"),),
    "expired_card": ((r"", "银行卡已过期，请换一张卡。"),),
    "incorrect_cvc": ((r"", "银行卡安全码错误，请换一张卡或重试。"),),
    "processing_error": ((r"", "支付处理出错，请稍后重试或换一种支付方式。"),),
}


def store_error(code: str, message: str, language: str) -> str:
    """A store error (or payment failure) for the customer: its code's text in Chinese."""
    if language != "zh":
        return message
    if (text := _reworded(STORE_ERRORS_ZH.get(code, ()), message)) is not None:
        return text
    return "出了点问题，请稍后再试。" if code in ("store_error", "unknown_tool") else message


def _reworded(patterns: tuple[tuple[str, str], ...], message: str) -> str | None:
    """The text of the first pattern the English message matches, its groups filled in."""
    for pattern, text in patterns:
        if match := re.search(pattern, message):
            return text.format(*match.groups())
    return None


# The cart's warnings (tools/results.py), each already naming its line by title, for Chinese
# customers: the first pattern the English warning matches gives the text, as above.
CART_WARNINGS_ZH: tuple[tuple[str, str], ...] = (
    (r"^(.+?) now costs (\S+) \(was (\S+) when added\)", "{0} 现在的价格是 {1}（加入时是 {2}）。"),
    (r"^(.+?) is out of stock", "{0} 已经缺货，请删除它或换一个款式。"),
    (
        r"^(.+?): only (\d+) left, the cart holds (\d+)",
        "{0} 只剩 {1} 件，购物车里有 {2} 件，请减少数量。",
    ),
)


def cart_warning(warning: str, language: str) -> str:
    """A cart warning for the customer, in their language (as it is when no pattern knows it)."""
    reworded = _reworded(CART_WARNINGS_ZH, warning) if language == "zh" else None
    return reworded or warning
