"""What the demo says: every sentence in English and Chinese, and replies to tool results."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from agent.offline import nearest, promotions, slots, toolnames, variants
from agent.offline.calls import Result
from agent.offline.conversation import CART_TOOLS, Conversation, price_value, seller_text
from agent.offline.notice import offline_notice
from agent.texts import Table, cart_warning, store_error, translate
from store.locale import option_name, option_value

MAX_LISTED = 5

TEXTS: Table = {
    "en": {
        "help": (
            "Hi{name}! I'm shopagent's offline demo: rule-based, not an AI model. I "
            'understand:\n- search: "running shoes under 300, size 42"\n- the last list: '
            '"add the second one in size 42", "details of the first one", "compare the '
            'first two", "the cheapest"\n- the cart: "show my cart", "remove the first '
            'one", "change the second one to 2"\n- buying: "check out" (you confirm the '
            'payment in the app), "my orders", "cancel my order", "refund"\n- memory: '
            '"remember my shoe size is 42", "what do you remember", "forget my shoe '
            'size"\n{notice}'
        ),
        "not_understood": (
            "Sorry, I didn't understand that. I'm the rule-based offline demo and "
            'understand requests like "running shoes under 300", "add the second one in '
            'size 42", "show my cart", "check out" or "help". {notice}'
        ),
        "chat_thanks": "You're welcome! Anything else?",
        "chat_shipping": (
            "Shipping is free on orders of ¥99 or more; below that it's ¥10. The "
            "checkout shows the exact amount before you pay."
        ),
        "chat_delivery_time": (
            'Orders usually ship within 24 hours and arrive in 2-4 days; "my orders" '
            "shows where yours stands."
        ),
        "chat_returns": (
            'You can return most items within 7 days; say "refund my last order" and '
            "I'll start it."
        ),
        "chat_bot": (
            "I'm shopagent's offline demo: a rule-based shop assistant, not a person and "
            "not an AI model. I can search, compare, fill your cart and check out for "
            "you."
        ),
        "not_sold": 'Sorry, we don\'t have "{query}".{nearest}',
        "nearest": " The closest we have: {titles}.",
        "suggest": " We do have: {names}.",
        "code_in_app": (
            "Please enter the code {code} where the app asks for it; I can't take codes "
            "in the chat."
        ),
        "unavailable": "I can't do that here: the app doesn't offer the {tool} tool.",
        "search_first": (
            'Which product do you mean? Search first, e.g. "running shoes under 300", '
            'then say "the second one".'
        ),
        "out_of_range": "The list has {entries}; say a number from 1 to {count}.",
        "compare_needs_two": (
            'Tell me at least two products to compare, e.g. "compare the first two".'
        ),
        "which_line": 'Which item in your cart do you mean? Say, e.g., "remove the first one".',
        "how_many": 'How many would you like? Say, e.g., "change the first one to 2".',
        "no_order_to_pay": (
            'There is no order waiting for payment. Add something to your cart and say "check out".'
        ),
        "variant_sold_out": "That one{options} is sold out; the ones in stock are above.",
        "page_says": 'Its page mentions "{what}" (above).',
        "page_opinion": "I can't try it myself, but shoppers rate it {rating} ★ of 5 from "
        "{count} reviews: {verdict}.",
        "verdict_high": "among the best liked",
        "verdict_good": "most are happy with it",
        "verdict_mixed": "opinions are mixed",
        "verdict_low": "many are not happy with it",
        "page_no_reviews": "I can't try it myself, and it has no reviews yet; its page is above.",
        "page_silent": 'Its page doesn\'t say whether it is "{what}"; I can only go by what the '
        "shop lists (above).",
        "nothing_to_confirm": 'There is nothing waiting for your confirmation. Say "check out" '
        "to pay for your cart.",
        "not_paying": (
            'OK, no checkout for now: nothing is charged. Say "check out" when you\'re ready.'
        ),
        "no_order_to_cancel": (
            'I can\'t find an order to cancel. Say "my orders" to see your orders.'
        ),
        "no_order_to_refund": (
            'I can\'t find an order to refund. Say "my orders" to see your orders.'
        ),
        "anything_else": "Anything else I can help with?",
        "quoted_text": (
            "I go by what you ask me, not by instructions in quoted or pasted text: nothing "
            "is bought or paid unless you ask for it and confirm the payment yourself in the app."
        ),
        "remember_what": 'What should I remember? Say, e.g., "remember my shoe size is 42".',
        "forget_which": "What should I forget? I remember: {keys}.",
        "product_number": "Product #{id}",
        "not_offered": "It doesn't come in {values}.",
        "one_version": '{title} comes in one version only: say "add it" to add it.',
        "variant_question": (
            '{title} comes in {choices}. Which one would you like? Say, e.g., "{example}".'
        ),
        "not_in_cart_yet": "It isn't in your cart yet: it needs its options chosen first.",
        "cart_has_more": 'To pay for the rest of your cart without it, say "check out" again.',
        "cart_has_nothing_else": "Once it's in, say \"check out\" and I'll get the order ready.",
        "found": 'Here is what I found for "{query}"{filters}:',
        "found_any": "Here is what I found{filters}:",
        "more": "…and {count} more.",
        "search_hint": (
            'Say "add the second one{option}", "details of the first one" or "compare the '
            'first two".'
        ),
        "hint_size": " in size {size}",
        "nothing_found": (
            'Sorry, we don\'t have anything for "{query}"{filters}. Try fewer or broader '
            "words, or a higher budget.{nearest}"
        ),
        "kind_not_sold": "Sorry, we don't sell {kind}.{nearest}",
        "none_in_range": 'Sorry, no "{query}"{filters}. {nearest}',
        "cheapest_past": "The cheapest is {item}.",
        "priciest_past": "The priciest is {item}.",
        "closest_past": "The closest in price: {item}.",
        "priced_item": "{title} at {price}",
        "under": " under {amount}",
        "cheaper_than": " cheaper than {amount}",
        "over": " over {amount}",
        "between": " between {low} and {high}",
        "in_size": ", size {size}",
        "out_of_stock": " (out of stock)",
        "reviews": "{rating} ★ ({count} reviews)",
        "price_from": "Price: {price}.",
        "in_stock_options": "In stock: {options}.",
        "sold_out": "Sold out right now.",
        "details_hint": 'Say "{example}" to add it to your cart.',
        "add_it": "add it",
        "add_it_in": "add it in {option}",
        "compared": "Side by side:",
        "cheapest": "Cheapest: {title}.",
        "best_rated": "Best rated: {title}.",
        "added": "Added to your cart.",
        "over_budget": "Note: this one is {price}, over your {budget} budget.",
        "updated": "Updated your cart.",
        "removed": "Removed from your cart.",
        "cart_empty": "Your cart is empty.",
        "your_cart": "Your cart:",
        "coupon_applied": "Coupon applied. Your cart:",
        "coupon_removed": "Coupon removed. Your cart:",
        "price_was": " (was {price})",
        "subtotal": "Subtotal: {subtotal} ({items} item{s}).",
        "cart_hint": 'Say "check out" when you\'re ready.',
        "order": "Order #{id}: {status}, total {total} (shipping {shipping}){method}.",
        "paid_with": ", payment method {method}",
        "order_created": (
            'Order #{id} is created: total {total}, awaiting payment. Say "pay" to pay it.'
        ),
        "cancelled": "Order #{id} is cancelled.",
        "refunded": "Order #{id} is refunded: {total} goes back to {method}.",
        "recent_orders": "Your recent orders:",
        "no_orders": "You have no orders yet.",
        "paid": "Paid! {amount} for order #{order_id}; the order is now {order_status}. Thank you!",
        "payment_failed": (
            'The payment for order #{order_id} failed: {message} Say "pay with another '
            'method" (e.g. "pay with Alipay"), or "pay" to try again.'
        ),
        "payment_declined": (
            "OK, nothing was charged. Order #{order_id} is still waiting for payment; "
            'say "pay" when you\'re ready, or "cancel my order".'
        ),
        "payment_other": "Payment for order #{order_id}: {status}. {message}",
        "refund_declined": "OK, nothing was refunded. Order #{order_id} stays paid.",
        "confirm_refund": "Please confirm the refund for order #{order_id} in the app.",
        "confirm_payment": (
            "Please confirm the payment of {total} for order #{order_id} in the app."
        ),
        "remembered": "Got it, I'll remember: {pairs}.",
        "recalled": "Here is what I remember about you: {pairs}.",
        "recalled_nothing": (
            "I don't remember anything about you yet. Tell me, e.g., \"remember my shoe "
            'size is 42".'
        ),
        "forgotten": "Done, I've forgotten your {key}.",
        "not_forgotten": "I had nothing saved as {key}.",
        "addresses": "Your addresses:",
        "methods": "Your payment methods:",
        "default": " (default)",
        "none_saved": "Nothing saved yet.",
        "error": "Sorry, that didn't work: {message}",
        "done": "Done: {result}",
    },
    "zh": {
        "help": (
            "你好{name}！我是 shopagent 的离线演示：基于规则，不是 AI 模型。我能听懂：\n"
            "- 搜索：“帮我找300元以内的跑步鞋，42码”\n- "
            "刚才的列表：“加第二个，42码”、“第一个的详情”、“比较前两个”、“最便宜的”\n- "
            "购物车：“看看购物车”、“删除第一个”、“第二个改成2件”\n- "
            "购买：“结账”（在应用里由你确认付款）、“我的订单”、“取消订单”、“退款”\n- "
            "记忆：“记住我的鞋码是42”、“你记得什么”、“忘记我的鞋码”\n{notice}"
        ),
        "not_understood": (
            "抱歉，我没听懂。我是基于规则的离线演示，能听懂这样的话：“帮我找300元以内的跑"
            "步鞋”、“加第二个，42码”、“看看购物车”、“结账”或“帮助”。{notice}"
        ),
        "chat_thanks": "不客气！还需要什么吗？",
        "chat_shipping": "满99元包邮，不满99元运费10元。结账时会先显示确切运费，再由你确认付款。",
        "chat_delivery_time": "一般24小时内发货，2到4天送达；说“我的订单”可以查看进度。",
        "chat_returns": "大部分商品支持7天无理由退货；说“退款”即可帮你办理。",
        "chat_bot": (
            "我是 shopagent 的离线演示：基于规则的购物助手，不是真人，也不是 AI "
            "模型。我可以帮你搜索、比较、加购物车和结账。"
        ),
        "not_sold": "抱歉，我们没有“{query}”。{nearest}",
        "nearest": "最接近的有：{titles}。",
        "suggest": "我们有这些：{names}。",
        "code_in_app": "请在应用弹出的输入框里填写验证码 {code}；聊天里不能代填验证码。",
        "unavailable": "这里做不了：应用没有提供 {tool} 工具。",
        "search_first": (
            "你指的是哪个商品？先搜索一下，比如“帮我找300元以内的跑步鞋”，再说“第二个”。"
        ),
        "out_of_range": "列表里只有 {count} 项，请说 1 到 {count} 之间的序号。",
        "compare_needs_two": "请至少说两个要比较的商品，比如“比较前两个”。",
        "which_line": "你指的是购物车里的哪一件？比如说“删除第一个”。",
        "how_many": "要改成几件？比如说“第一个改成2件”。",
        "no_order_to_pay": "没有待付款的订单。先把商品加入购物车，再说“结账”。",
        "variant_sold_out": "你问的这款{options}已经缺货了；有货的款式见上。",
        "page_says": "商品页里提到了“{what}”（见上）。",
        "page_opinion": "我没法亲自试用，不过买家给它打了 {rating} 分"
        "（满分 5 分，{count} 条评价）：{verdict}。",
        "verdict_high": "口碑很好",
        "verdict_good": "大多数人都满意",
        "verdict_mixed": "评价褒贬不一",
        "verdict_low": "不少人不太满意",
        "page_no_reviews": "我没法亲自试用，它也还没有评价；商品页见上。",
        "page_silent": "商品页里没有写是否“{what}”，我只能按商品页的信息回答（见上）。",
        "nothing_to_confirm": "现在没有等待确认的付款。想付购物车里的商品，请说“结账”。",
        "not_paying": "好的，先不结账，不会扣款。准备好了就说“结账”。",
        "no_order_to_cancel": "没有找到可以取消的订单。说“我的订单”可以查看。",
        "no_order_to_refund": "没有找到可以退款的订单。说“我的订单”可以查看。",
        "anything_else": "还有什么可以帮你？",
        "quoted_text": (
            "我只按你本人的要求做事，不会执行引用或粘贴文字里的指令：只有你自己提出、"
            "并在应用里亲自确认付款，才会下单扣款。"
        ),
        "remember_what": "要我记住什么？比如说“记住我的鞋码是42”。",
        "forget_which": "要我忘记什么？我记得：{keys}。",
        "product_number": "商品 #{id}",
        "not_offered": "没有{values}的款式。",
        "one_version": "{title}只有一种款式，说“把它加入购物车”即可。",
        "variant_question": "{title}有这些选择：{choices}。你要哪一个？比如说“{example}”。",
        "not_in_cart_yet": "它还没有加入购物车：要先选好款式。",
        "cart_has_more": "不要它、只结算购物车里的其他商品的话，请再说一次“结账”。",
        "cart_has_nothing_else": "加好之后说“结账”，我就帮你下单。",
        "found": "为你找到这些“{query}”{filters}：",
        "found_any": "为你找到这些{filters}：",
        "more": "……还有 {count} 个。",
        "search_hint": "可以说“加第二个{option}”、“第一个的详情”或“比较前两个”。",
        "hint_size": "，{size}码",
        "nothing_found": (
            "抱歉，没有找到“{query}”{filters}相关的商品。试试更少或更宽泛的词，或者提高预"
            "算。{nearest}"
        ),
        "kind_not_sold": "抱歉，我们没有卖{kind}。{nearest}",
        "none_in_range": "抱歉，没有“{query}”{filters}。{nearest}",
        "cheapest_past": "最便宜的是{item}。",
        "priciest_past": "最贵的是{item}。",
        "closest_past": "价格最接近的有：{item}。",
        "priced_item": "{title}（{price}）",
        "under": "{amount}以内",
        "cheaper_than": "比{amount}便宜",
        "over": "{amount}以上",
        "between": "{low}到{high}之间",
        "in_size": "{size}码",
        "out_of_stock": "（缺货）",
        "reviews": "{rating} ★（{count} 条评价）",
        "price_from": "价格：{price}。",
        "in_stock_options": "有货：{options}。",
        "sold_out": "目前缺货。",
        "details_hint": "说“{example}”即可加入购物车。",
        "add_it": "把它加入购物车",
        "add_it_in": "把它加入购物车，{option}",
        "compared": "对比如下：",
        "cheapest": "最便宜：{title}。",
        "best_rated": "评分最高：{title}。",
        "added": "已加入购物车。",
        "over_budget": "提醒：这一款 {price}，超出了你 {budget} 的预算。",
        "updated": "已更新购物车。",
        "removed": "已从购物车删除。",
        "cart_empty": "购物车是空的。",
        "your_cart": "你的购物车：",
        "coupon_applied": "优惠券已使用。你的购物车：",
        "coupon_removed": "优惠券已取消。你的购物车：",
        "price_was": "（原价 {price}）",
        "subtotal": "小计：{subtotal}（共 {items} 件）。",
        "cart_hint": "准备好了就说“结账”。",
        "order": "订单 #{id}：{status}，合计 {total}（运费 {shipping}）{method}。",
        "paid_with": "，支付方式：{method}",
        "order_created": "已创建订单 #{id}：合计 {total}，等待付款。说“付款”即可支付。",
        "cancelled": "订单 #{id} 已取消。",
        "refunded": "订单 #{id} 已退款：{total} 将退回{method}。",
        "refund_declined": "好的，没有退款。订单 #{order_id} 仍是已付款。",
        "confirm_refund": "请在应用里确认订单 #{order_id} 的退款。",
        "recent_orders": "你最近的订单：",
        "no_orders": "你还没有订单。",
        "paid": "支付成功！订单 #{order_id} 已付 {amount}，订单状态：{order_status}。谢谢！",
        "payment_failed": (
            "订单 #{order_id} 支付失败：{message} "
            "可以说“换个方式付款”（例如“用支付宝付款”），或说“付款”重试。"
        ),
        "payment_declined": (
            "好的，没有扣款。订单 #{order_id} 仍在等待付款；准备好了就说“付款”，或者说“取消订单”。"
        ),
        "payment_other": "订单 #{order_id} 的支付状态：{status}。{message}",
        "confirm_payment": "请在应用中确认订单 #{order_id} 的付款 {total}。",
        "remembered": "好的，我记住了：{pairs}。",
        "recalled": "我记得这些：{pairs}。",
        "recalled_nothing": "我还没有记住关于你的任何信息。可以说“记住我的鞋码是42”。",
        "forgotten": "好的，已忘记你的{key}。",
        "not_forgotten": "我没有保存过{key}。",
        "addresses": "你的地址：",
        "methods": "你的支付方式：",
        "default": "（默认）",
        "none_saved": "还没有保存。",
        "error": "抱歉，没有成功：{message}",
        "done": "完成：{result}",
    },
}

# Statuses and preference keys for people (English: the term with spaces).
WORDS: Table = {
    "zh": {
        "awaiting_payment": "待付款",
        "paid": "已付款",
        "cancelled": "已取消",
        "refunded": "已退款",
        "succeeded": "成功",
        "failed": "失败",
        "pending": "处理中",
        "requires_action": "需要验证",
        "shoe_size": "鞋码",
        "clothing_size": "衣服尺码",
        "budget": "预算",
        "favourite_brands": "喜欢的品牌",
        "dislikes": "不喜欢的",
        "note": "备注",
    }
}


def say(key: str, language: str, /, **values: Any) -> str:
    """The sentence `key` in the language, filled in."""
    return translate(TEXTS, language, key, **values)


# Rating from which shoppers' verdict is said, best first.
_VERDICTS = ((4.5, "verdict_high"), (4.0, "verdict_good"), (3.5, "verdict_mixed"))


def opinion(product: dict[str, Any], language: str) -> str:
    """What shoppers think of a product, from its rating: the answer to "is it comfortable?"."""
    rating, count = product.get("rating"), product.get("reviews")
    if not isinstance(rating, (int, float)) or not count:
        return say("page_no_reviews", language)
    verdict = next((key for floor, key in _VERDICTS if rating >= floor), "verdict_low")
    return say(
        "page_opinion", language, rating=f"{rating:g}", count=count, verdict=say(verdict, language)
    )


def word(term: str, language: str) -> str:
    """A status, preference key or option name for people: "awaiting payment" / "待付款"."""
    known = WORDS.get(language, {}).get(term) or option_name(term, language)
    return known if known != term or language == "zh" else term.replace("_", " ")


def greeting(conv: Conversation) -> str:
    """The help text, addressed to the customer, with the notice."""
    name = conv.customer_name
    separator = "，" if conv.language == "zh" else " "
    return say(
        "help",
        conv.language,
        name=f"{separator}{name}" if name else "",
        notice=offline_notice(conv.language),
    )


def not_understood(conv: Conversation) -> str:
    """What the demo says when no rule matched."""
    return say("not_understood", conv.language, notice=offline_notice(conv.language))


def parenthesised(text: str, language: str) -> str:
    """Format as " (text)", or "（text）" in Chinese; nothing for no text."""
    if not text:
        return ""
    return f"（{text}）" if language == "zh" else f" ({text})"


def options_text(options: Any, language: str) -> str:
    """Variant options for people: " (size 42, color black)"."""
    if not isinstance(options, dict):
        return ""
    separator = "，" if language == "zh" else ", "
    return parenthesised(
        separator.join(
            f"{word(k, language)} {option_value(v, language)}" for k, v in options.items()
        ),
        language,
    )


def choices_text(choices: list[dict[str, Any]], language: str) -> str:
    """The values each option takes: "size 40, 41, 42; color black, white"."""
    values: dict[str, list[str]] = {}
    for choice in choices:
        for name, value in (choice.get("options") or {}).items():
            if str(value) not in values.setdefault(name, []):
                values[name].append(str(value))
    # Options with one value do not tell the choices apart; list them only if none varies.
    varying = {name: vals for name, vals in values.items() if len(vals) > 1} or values
    separator = "；" if language == "zh" else "; "
    return separator.join(
        f"{word(name, language)} {', '.join(option_value(v, language) for v in vals)}"
        for name, vals in varying.items()
    )


def product_title(conv: Conversation, product_id: Any) -> str:
    """The product's title as last listed, or its id."""
    listed = next((p for p in conv.listed_products if p.get("id") == product_id), None)
    if listed and listed.get("title"):
        return str(listed["title"])
    return say("product_number", conv.language, id=product_id)


def variant_question(conv: Conversation, result: Result) -> str:
    """Ask which variant, listing the store's choices that fit what is already known."""
    data = result.data
    language = conv.language
    known = variants.known_options(conv, result)
    choices = variants.matching(variants.variant_choices(result), known)
    if not choices:
        return say("error", language, message=_error_text(data, language))
    settled = {variants.fold(v) for v in known.values()}
    asked = (result.call.arguments.get("options") or {}).values()
    unavailable = [option_value(str(v), language) for v in asked if variants.fold(v) not in settled]
    separator = "" if language == "zh" else " "  # Chinese sentences need no space
    if not any(c["options"] for c in choices):  # a size asked of a book: nothing to choose
        title = product_title(conv, data.get("product_id"))
        offered = say("not_offered", language, values=", ".join(unavailable)) + separator
        return (offered if unavailable else "") + say("one_version", language, title=title)
    # The example names an option still open, from a variant in stock.
    example_options = next((c["options"] for c in choices if c.get("stock")), choices[0]["options"])
    name, value = next(
        ((n, v) for n, v in example_options.items() if n not in known),
        next(iter(example_options.items()), ("", "")),
    )
    example = option_example(name, str(value), language)
    title = product_title(conv, data.get("product_id")) + options_text(known, language)
    question = say(
        "variant_question",
        language,
        title=title,
        choices=choices_text(choices, language),
        example=example,
    )
    if unavailable:
        return say("not_offered", language, values=", ".join(unavailable)) + separator + question
    return question


# --- one builder per tool -------------------------------------------------------------------------


def _search_filters(arguments: dict[str, Any], language: str, cheaper: bool = False) -> str:
    parts = []
    low, high = arguments.get("min_price"), arguments.get("max_price")
    if low is not None and high is not None:
        parts.append(say("between", language, low=f"¥{low:g}", high=f"¥{high:g}"))
    elif high is not None and cheaper:  # below what was shown, by a fen
        amount = f"¥{high + slots.CHEAPER_STEP:,.2f}"
        parts.append(say("cheaper_than", language, amount=amount))
    elif high is not None:
        parts.append(say("under", language, amount=f"¥{high:g}"))
    elif low is not None:
        parts.append(say("over", language, amount=f"¥{low:g}"))
    if arguments.get("size"):
        parts.append(say("in_size", language, size=arguments["size"]))
    if language == "zh":
        return f"（{'，'.join(parts)}）" if parts else ""
    return "".join(parts)


# A blank line ends a numbered list when a reply is rendered as Markdown (the chat UI does).
END_OF_LIST = "\n"


def _rating(item: dict[str, Any]) -> str:
    return f" — {item['rating']:g} ★" if isinstance(item.get("rating"), (int, float)) else ""


def plural(kinds: str) -> str:
    """Kinds of product in the plural, as English names what a shop sells: "umbrellas".

    The search names a kind as the customer wrote it ("an umbrella please"), or as the shop
    lists it; a word already ending in s is taken as plural ("headphones", "glasses").
    """

    def one(kind: str) -> str:
        if re.search(r"s$|[^\x00-\x7f]$", kind):
            return kind
        if re.search(r"(?:ch|sh|x|z)$", kind):
            return kind + "es"
        if re.search(r"[^aeiou]y$", kind):
            return kind[:-1] + "ies"
        return kind + "s"

    return ", ".join(one(k.strip()) for k in kinds.split(","))


def search_reply(result: Result, conv: Conversation) -> str:
    """A numbered list of hits and what to say next."""
    language, arguments = conv.language, result.call.arguments
    query = str(arguments.get("query") or "")
    filters = _search_filters(arguments, language, slots.asks_cheaper(conv.user_text))
    hits = [h for h in result.get("catalog_data") or [] if isinstance(h, dict)]
    if not hits and (kind := result.get("not_sold")):  # what was asked, as the search read it
        kind = plural(str(kind)) if language == "en" else kind
        return say("kind_not_sold", language, kind=kind, nearest=_suggested(result, language))
    if not hits and (past := _past_the_bounds(result, conv)):
        return say("none_in_range", language, query=query, filters=filters, nearest=past)
    if not hits:
        return say(
            "nothing_found",
            language,
            query=query,
            filters=filters,
            nearest=_suggested(result, language),
        )
    header = (
        say("found", language, query=query, filters=filters)
        if query
        else say("found_any", language, filters=filters)
    )
    lines = [header]
    for number, hit in enumerate(hits[:MAX_LISTED], start=1):
        stock = "" if hit.get("in_stock", True) else say("out_of_stock", language)
        lines.append(f"{number}. {hit.get('title')} — {hit.get('price')}{_rating(hit)}{stock}")
    if len(hits) > MAX_LISTED:
        lines.append(say("more", language, count=len(hits) - MAX_LISTED))
    # Search hits do not list their options: a size is shown only when the search was for one.
    size = arguments.get("size")
    option = say("hint_size", language, size=size) if size else ""
    lines.append(END_OF_LIST + say("search_hint", language, option=option))
    return "\n".join(lines)


def details_reply(result: Result, conv: Conversation) -> str:
    """Title, rating, description, what is in stock, and how to add it."""
    language = conv.language
    product = result.get("catalog_data") or {}
    brand = parenthesised(str(product.get("brand") or ""), language)
    lines = [f"{product.get('title')}{brand}"]
    if isinstance(product.get("rating"), (int, float)):
        lines.append(
            say(
                "reviews",
                language,
                rating=f"{product['rating']:g}",
                count=product.get("reviews", 0),
            )
        )
    if product.get("description"):
        lines.append(str(product["description"]))
    variants = [v for v in product.get("variants") or [] if isinstance(v, dict)]
    prices = sorted({str(v.get("price")) for v in variants}, key=price_value)
    if prices:
        price = prices[0] if len(prices) == 1 else f"{prices[0]} – {prices[-1]}"
        lines.append(say("price_from", language, price=price))
    in_stock = [v for v in variants if v.get("stock", 0) > 0]
    if not in_stock:
        lines.append(say("sold_out", language))
        return "\n".join(lines)
    if product.get("option_names"):
        lines.append(say("in_stock_options", language, options=choices_text(in_stock, language)))
        name, value = next(iter(in_stock[0].get("options", {}).items()))
        example = say("add_it_in", language, option=option_example(name, str(value), language))
    else:
        example = say("add_it", language)
    lines.append(say("details_hint", language, example=example))
    return "\n".join(lines)


def option_example(name: str, value: str, language: str) -> str:
    """How a customer would name an option: "size 42" / "42码", "color Black" / "黑色"."""
    if language != "zh":
        return f"{name} {value}"
    return f"{value}码" if name.lower() == "size" else option_value(value, language)


def compare_reply(result: Result, conv: Conversation) -> str:
    """The products side by side, then the cheapest and the best rated."""
    language = conv.language
    rows = [r for r in result.get("catalog_data") or [] if isinstance(r, dict)]
    lines = [say("compared", language)]
    for number, row in enumerate(rows, start=1):
        stock = "" if row.get("in_stock", True) else say("out_of_stock", language)
        options = "; ".join(
            f"{word(k, language)} {', '.join(option_value(str(x), language) for x in v)}"
            for k, v in (row.get("options") or {}).items()
        )
        lines.append(
            f"{number}. {row.get('title')} — {row.get('lowest_price')}{_rating(row)}"
            f"{stock}" + (f" — {options}" if options else "")
        )
    titles = {row.get("id"): row.get("title") for row in rows}
    picks = [
        say(key, language, title=titles[result.get(key)])
        for key in ("cheapest", "best_rated")
        if result.get(key) in titles
    ]
    if picks:
        lines.append(END_OF_LIST + "\n".join(picks))
    return "\n".join(lines)


_CART_HEADERS = {
    toolnames.ADD: "added",
    toolnames.UPDATE: "updated",
    toolnames.REMOVE: "removed",
    toolnames.VIEW_CART: "your_cart",
    toolnames.APPLY_COUPON: "coupon_applied",
    toolnames.REMOVE_COUPON: "coupon_removed",
}


def _over_budget(result: Result, cart_lines: list[dict[str, Any]], conv: Conversation) -> str:
    """A word when what was just added costs more than the budget of the customer's search."""
    budget = (conv.last_search or {}).get("max_price")
    if result.call.name != toolnames.ADD or not isinstance(budget, (int, float)):
        return ""
    wanted = result.call.arguments.get("options") or {}
    added = [
        line
        for line in cart_lines
        if line.get("product_id") == result.call.arguments.get("product_id")
        and variants.matching([{"options": seller_text(line).get("options") or {}}], wanted)
    ]
    if not added or price_value(added[-1].get("unit_price")) <= budget:
        return ""
    price = added[-1]["unit_price"]
    return say("over_budget", conv.language, price=price, budget=f"¥{budget:,g}")


def _named_line(warning: str, titles: dict[Any, str]) -> str:
    """The store's warning about "Line 17" about the line as the customer knows it, its title."""
    return re.sub(r"^Line (\d+)", lambda m: titles.get(int(m.group(1)), m.group(0)), warning)


def cart_reply(result: Result, conv: Conversation) -> str:
    """What changed, the lines, the store's subtotal and warnings."""
    language = conv.language
    cart = result.get("cart") or {}
    lines = [say(_CART_HEADERS.get(result.call.name, "your_cart"), language)]
    cart_lines = [line for line in cart.get("lines") or [] if isinstance(line, dict)]
    if note := _over_budget(result, cart_lines, conv):
        lines[0] += (" " if language == "en" else "") + note
    if not cart_lines:
        lines.append(say("cart_empty", language))
        return "\n".join(lines)
    for number, line in enumerate(cart_lines, start=1):
        was = say("price_was", language, price=line["price_was"]) if line.get("price_was") else ""
        seller = seller_text(line)
        lines.append(
            f"{number}. {seller.get('title')}{options_text(seller.get('options'), language)}"
            f" × {line.get('quantity')} — {line.get('line_total')}{was}"
        )
    items = cart.get("items")
    lines.append(
        END_OF_LIST
        + say(
            "subtotal",
            language,
            subtotal=cart.get("subtotal"),
            items=items,
            s="" if items == 1 else "s",
        )
    )
    lines.extend(promotions.savings_lines(cart, language))
    titles = {line.get("line_id"): str(seller_text(line).get("title")) for line in cart_lines}
    lines.extend(
        f"⚠ {cart_warning(_named_line(str(warning), titles), language)}"
        for warning in cart.get("warnings") or []
    )
    lines.append(say("cart_hint", language))
    return "\n".join(lines)


def _order_line(order: dict[str, Any], language: str) -> str:
    method = (
        say("paid_with", language, method=order["payment_method"])
        if order.get("payment_method")
        else ""
    )
    return say(
        "order",
        language,
        id=order.get("order_id"),
        status=word(str(order.get("status")), language),
        total=order.get("total"),
        shipping=order.get("shipping"),
        method=method,
    )


_ORDER_HEADLINES = {
    toolnames.CANCEL: "cancelled",
    toolnames.REFUND: "refunded",
    toolnames.CHECKOUT: "order_created",
}


def order_reply(result: Result, conv: Conversation) -> str:
    """What just happened to the order (or where it stands), then its lines."""
    language = conv.language
    order = result.get("order") or {}
    headline = _ORDER_HEADLINES.get(result.call.name)
    lines = [
        say(
            headline,
            language,
            id=order.get("order_id"),
            total=order.get("total"),
            method=order.get("payment_method") or "-",
        )
        if headline
        else _order_line(order, language)
    ]
    lines.extend(
        f"- {line.get('quantity')} × {seller_text(line).get('title')}"
        f"{options_text(seller_text(line).get('options'), language)} — {line.get('unit_price')}"
        for line in order.get("lines") or []
        if isinstance(line, dict)
    )
    lines.extend(promotions.discount_lines(order.get("discounts"), language))
    return "\n".join(lines)


def refund_reply(result: Result, conv: Conversation) -> str:
    """Refunded (the order as it is now), declined, or still waiting for the customer."""
    refund = result.get("refund")
    if not isinstance(refund, dict):
        return order_reply(result, conv)
    key = "confirm_refund" if refund.get("status") == "awaiting_confirmation" else "refund_declined"
    return say(key, conv.language, order_id=refund.get("order_id"))


def orders_reply(result: Result, conv: Conversation) -> str:
    """The recent orders, newest first."""
    orders = [o for o in result.get("orders") or [] if isinstance(o, dict)]
    if not orders:
        return say("no_orders", conv.language)
    return "\n".join(
        [
            say("recent_orders", conv.language),
            *(f"- {_order_line(o, conv.language)}" for o in orders[:MAX_LISTED]),
        ]
    )


def payment_reply(result: Result, conv: Conversation) -> str:
    """Paid, failed, declined by the customer, or waiting for the customer's confirmation."""
    language = conv.language
    if isinstance(result.get("awaiting_confirmation"), dict):
        summary = result.get("awaiting_confirmation")
        return say(
            "confirm_payment",
            language,
            total=summary.get("total"),
            order_id=summary.get("order_id"),
        )
    payment = result.get("payment") or {}
    status = str(payment.get("status"))
    key = {"succeeded": "paid", "failed": "payment_failed", "not_charged": "payment_declined"}.get(
        status, "payment_other"
    )
    return say(
        key,
        language,
        amount=payment.get("amount"),
        order_id=payment.get("order_id"),
        order_status=word(str(payment.get("order_status")), language),
        message=store_error(
            str(payment.get("failure", "")), payment.get("message") or "", language
        ),
        status=word(status, language),
    )


def _pairs(values: dict[str, Any], language: str) -> str:
    separator = "；" if language == "zh" else "; "
    return separator.join(f"{word(k, language)}: {v}" for k, v in values.items())


def remembered_reply(result: Result, conv: Conversation) -> str:
    """Confirm what was saved."""
    return say(
        "remembered", conv.language, pairs=_pairs(result.get("remembered") or {}, conv.language)
    )


def recalled_reply(result: Result, conv: Conversation) -> str:
    """Everything remembered about the customer."""
    preferences = result.get("preferences") or {}
    if not preferences:
        return say("recalled_nothing", conv.language)
    return say("recalled", conv.language, pairs=_pairs(preferences, conv.language))


def forgotten_reply(result: Result, conv: Conversation) -> str:
    """Whether there was something to forget."""
    key = word(str(result.call.arguments.get("key", "")), conv.language)
    return say("forgotten" if result.get("forgotten") else "not_forgotten", conv.language, key=key)


def _saved_list(
    header: str, items: list[Any], text_of: Callable[[dict[str, Any]], str], language: str
) -> str:
    rows = [i for i in items if isinstance(i, dict)]
    if not rows:
        return "\n".join([say(header, language), say("none_saved", language)])
    return "\n".join(
        [
            say(header, language),
            *(
                f"- {text_of(row)}{say('default', language) if row.get('default') else ''}"
                for row in rows
            ),
        ]
    )


def addresses_reply(result: Result, conv: Conversation) -> str:
    """Saved addresses."""
    return _saved_list(
        "addresses",
        result.get("addresses") or [],
        lambda a: f"{a.get('label')}: {a.get('address')}",
        conv.language,
    )


def methods_reply(result: Result, conv: Conversation) -> str:
    """Saved payment methods."""
    return _saved_list(
        "methods", result.get("payment_methods") or [], lambda m: str(m.get("label")), conv.language
    )


REPLY_BUILDERS: dict[str, Callable[[Result, Conversation], str]] = {
    toolnames.SEARCH: search_reply,
    toolnames.DETAILS: details_reply,
    toolnames.COMPARE: compare_reply,
    **dict.fromkeys(CART_TOOLS, cart_reply),
    toolnames.APPLY_COUPON: cart_reply,
    toolnames.REMOVE_COUPON: cart_reply,
    toolnames.LIST_PROMOTIONS: promotions.promotions_reply,
    toolnames.CHECKOUT: order_reply,
    toolnames.ORDER_STATUS: order_reply,
    toolnames.CANCEL: order_reply,
    toolnames.REFUND: refund_reply,
    toolnames.LIST_ORDERS: orders_reply,
    toolnames.PAY: payment_reply,
    toolnames.REMEMBER: remembered_reply,
    toolnames.RECALL: recalled_reply,
    toolnames.FORGET: forgotten_reply,
    toolnames.ADDRESSES: addresses_reply,
    toolnames.METHODS: methods_reply,
}


def _error_text(data: dict[str, Any], language: str) -> str:
    """A tool's error for the customer, in their language (translated by its code)."""
    return store_error(str(data["error"]), str(data.get("message") or data["error"]), language)


def result_reply(result: Result, conv: Conversation) -> str:
    """The reply to one tool result: the builder for its tool, or the error, relayed politely."""
    data = result.data
    if result.error == "variant_required":
        return variant_question(conv, result)
    if result.error:
        return say("error", conv.language, message=_error_text(data, conv.language))
    builder = REPLY_BUILDERS.get(result.call.name)
    if builder is None or not isinstance(data, dict):
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        return say("done", conv.language, result=text[:300])
    return builder(result, conv)


def about(results: list[Result], conv: Conversation) -> str:
    """The reply to results.

    An error is answered unless a later call of the same tool for the same thing worked; of
    several successes from one tool (two removals), or from the cart's tools (a swap: add,
    then remove), only the last counts, since it shows the state after all of them. Searches
    made together are all shown.
    """

    def shows(r: Result) -> str:
        return "cart" if r.call.name in CART_TOOLS else r.call.name

    def recovered(i: int, r: Result) -> bool:
        return any(
            later.call.name == r.call.name
            and later.call.arguments.get("product_id") == r.call.arguments.get("product_id")
            and not later.error
            for later in results[i + 1 :]
        )

    kept = [
        r
        for i, r in enumerate(results)
        if (r.error and not recovered(i, r))
        or (not r.error and r.call.name == toolnames.SEARCH)
        or all(shows(later) != shows(r) or later.error for later in results[i + 1 :])
    ]
    return "\n\n".join(result_reply(r, conv) for r in kept)


def _suggested(result: Result | None, language: str) -> str:
    """What the shop has instead, when the search says (its `suggestions`)."""
    names = [
        str(s.get("name", s) if isinstance(s, dict) else s)
        for s in (result.get("suggestions") if result else None) or []
    ]
    return say("suggest", language, names=", ".join(names[:3])) if names else ""


def _past_the_bounds(result: Result, conv: Conversation) -> str:
    """The products just past the search's price bounds, as the neighbour searches found them."""
    if not nearest.found_none_in_range(result):
        return ""
    found = [
        (search, hits[0])
        for search in nearest.neighbour_searches(result.call)
        if (neighbour := conv.clause_result(search))
        and (hits := [h for h in neighbour.get("catalog_data") or [] if isinstance(h, dict)])
    ]
    items = [
        say("priced_item", conv.language, title=hit.get("title"), price=hit.get("price"))
        for _, hit in found
    ]
    if not items:
        return ""
    if len(items) > 1:
        return say("closest_past", conv.language, item=", ".join(items))
    above = found[0][0].arguments.get("sort") == "price_asc"
    return say("cheapest_past" if above else "priciest_past", conv.language, item=items[0])


def not_sold(conv: Conversation, search: Any, result: Result | None) -> str:
    """Say honestly that the shop does not have the product, and what comes closest."""
    hits = [
        h for h in (result.get("catalog_data") if result else None) or [] if isinstance(h, dict)
    ]
    nearest = (
        say("nearest", conv.language, titles=", ".join(str(h.get("title")) for h in hits[:2]))
        if hits
        else _suggested(result, conv.language)
    )
    return say("not_sold", conv.language, query=search.arguments.get("query"), nearest=nearest)


_MODEL_TOKEN = re.compile(r"[a-z\-]*\d+[a-z\d\-]*", re.IGNORECASE)
_OPTION_TOKEN = re.compile(
    r"^\d+(?:gb|g|tb|mm|cm|ml|l|inch|寸|码|号)?$|^\d+(?:gb|g|tb)$", re.IGNORECASE
)


def names_match(query: str, hit: dict[str, Any]) -> bool:
    """Whether a hit is the product named: every model number in the name is in its title."""
    title = re.sub(r"\s+", "", str(hit.get("title", ""))).casefold()
    tokens = [t for t in _MODEL_TOKEN.findall(query) if not _OPTION_TOKEN.match(t) or t.isdigit()]
    return all(re.sub(r"\s+", "", t).casefold() in title for t in tokens)


def coverage(name: str, hit: dict[str, Any]) -> float:
    """How much of the name the hit's title has.

    Each word counts once, a run of Chinese by the share of its characters there: 降噪版 weighs
    as much as "AirPods", not three times as much.
    """
    title = str(hit.get("title", "")).casefold()
    words = [w for w in re.findall(r"[a-z\d][\w-]*", name.casefold()) if len(w) > 1 or w.isdigit()]
    runs = re.findall(r"[\u4e00-\u9fff]+", name)
    units = [float(w.rstrip("s") in title) for w in words]
    units += [sum(c in title for c in run) / len(run) for run in runs]
    return sum(units) / len(units) if units else 0.0


def turn_reply(conv: Conversation, lookups: set[str], text: str | None = None) -> str:
    """The reply to a turn: its results (not the lookups), then what the demo asks or says."""
    # Only what came after the demo last spoke: a confirmation held while the customer asked
    # something comes back after the answer, and its outcome is the news.
    spoke = [i for i, e in enumerate(conv.entries) if e.role == "assistant" and e.text]
    start = max(conv.turn_start, spoke[-1] + 1 if spoke else 0)
    results = [
        e.result
        for e in conv.entries[start:]
        if e.result is not None and e.result.call.key not in lookups
    ]
    if any(r.call.name == toolnames.PAY for r in results):
        results = [r for r in results if r.call.name != toolnames.CHECKOUT]
    parts = [about(results, conv)] if results else []
    if text:
        parts.append(text)
    return "\n\n".join(p for p in parts if p) or say("anything_else", conv.language)
