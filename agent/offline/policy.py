"""What the demo does next: call tools for the customer's request, or write the reply.

`decide` is a pure function of the conversation. After the customer speaks, the intent's
planner picks the tool calls; after tool results, a few follow-ups chain the next step
(retry with a remembered size, pay right after checkout), lookups made to learn something
feed the planner again, and otherwise the results are put into words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from agent.offline import replies, slots, variants
from agent.offline.conversation import LOOKUPS, Call, Conversation, price_value, seller_text
from agent.offline.intents import (
    Intent,
    asks_to_search,
    detect_intent,
    is_greeting,
    is_question,
    is_thanks,
)
from agent.offline.replies import say
from agent.offline.slots import LAST, Reference

# Without a search word or a filter, only a short text is taken as a product search
# ("running shoes", "蓝牙耳机"): at most this many English words and Chinese characters.
SHORT_QUERY_WORDS = 4
SHORT_QUERY_CHINESE = 8


@dataclass(frozen=True)
class Decision:
    """Either text for the customer, or tool calls."""

    text: str | None = None
    calls: tuple[Call, ...] = ()


def _call(name: str, **arguments: Any) -> Call:
    return Call(name, {k: v for k, v in arguments.items() if v is not None})


def _calls(*calls: Call) -> Decision:
    return Decision(calls=calls)


class Unclear(Exception):
    """The request cannot be carried out as said; the message asks the customer back."""


class MustLookUp(Exception):
    """The request needs facts the conversation lacks; a read-only call will fetch them."""

    def __init__(self, call: Call) -> None:
        super().__init__(call.name)
        self.call = call


# --- which product, which cart line, which order ---------------------------------------------


def _pick(items: list[Any], ordinal: int, conv: Conversation) -> Any:
    if ordinal == LAST and items:
        return items[-1]
    if not 1 <= ordinal <= len(items):
        raise Unclear(say("out_of_range", conv.language, count=len(items)))
    return items[ordinal - 1]


def _products(conv: Conversation, reference: Reference, *, default_count: int = 0) -> list[int]:
    """The product ids the customer points at.

    With no pointer: the first `default_count` listed, else the product in focus.
    """
    products = [p for p in conv.listed_products if isinstance(p.get("id"), int)]
    listed = [p["id"] for p in products]
    chosen = list(reference.product_ids)
    needs_list = reference.ordinals or reference.first_n or reference.superlative
    if needs_list and not listed:
        _search_again(conv)
        raise Unclear(say("search_first", conv.language))
    chosen += listed[: reference.first_n or 0]
    chosen += [_pick(listed, n, conv) for n in reference.ordinals]
    buyable = [p for p in products if p.get("in_stock", True)] or products
    if reference.superlative == "cheapest":
        chosen.append(
            min(buyable, key=lambda p: price_value(p.get("price", p.get("lowest_price"))))["id"]
        )
    elif reference.superlative == "best_rated":
        chosen.append(max(buyable, key=lambda p: p.get("rating") or 0)["id"])
    if not chosen and default_count and listed:
        chosen = listed[:default_count]
    if not chosen and conv.focus_product is not None:
        chosen = [conv.focus_product]
    if not chosen:
        raise Unclear(say("search_first", conv.language))
    return list(dict.fromkeys(chosen))


# Words that say what to do with a cart line, not which line.
_CART_VERBS = (
    r"\bremove\b|\bdelete\b|\bdrop\b|\bchange\b|\bset\b|\bupdate\b|\bquantity\b"
    r"|删除|删掉|去掉|移除|拿掉|不要了?|改成|改为|换成|数量|\bto\s+\d+\b"
)


def _search_again(conv: Conversation) -> None:
    """Repeat the last search when its results are gone (the app shortens old tool results)."""
    if conv.last_search is not None:
        search = _call("search_products", **conv.last_search)
        if not conv.called_this_turn(search):
            raise MustLookUp(search)


def _cart_lines(conv: Conversation, reference: Reference) -> list[dict[str, Any]]:
    """The cart lines the customer points at, by position, product id or title words."""
    lines = conv.cart_lines
    if lines is None and not conv.looked_up_this_turn("view_cart"):
        raise MustLookUp(_call("view_cart"))
    if not lines:
        raise Unclear(say("cart_empty", conv.language))
    chosen = list(lines[: reference.first_n or 0])
    chosen += [_pick(lines, n, conv) for n in reference.ordinals]
    chosen += [line for line in lines if line.get("product_id") in reference.product_ids]
    if not chosen:
        words = slots.leftover_words(conv.user_text, also=_CART_VERBS)
        titles = {i: str(seller_text(line).get("title", "")) for i, line in enumerate(lines)}
        match = (
            process.extractOne(words, titles, scorer=fuzz.partial_ratio, score_cutoff=75)
            if words
            else None
        )
        if match is not None:
            chosen = [lines[match[2]]]
        elif len(lines) == 1:
            chosen = list(lines)
    if not chosen:
        raise Unclear(say("which_line", conv.language))
    return list({line["line_id"]: line for line in chosen}.values())


def _order_id(conv: Conversation, status: str, *, missing: str, or_newest: bool = True) -> int:
    """The order the customer means: named in the text, else the newest seen in `status`.

    With none in that state, the newest order of any state when `or_newest` (the store then
    explains why it cannot be changed); else the customer hears the text `missing`.
    """
    named = slots.find_order_id(conv.user_text)
    if named is not None:
        return named
    for order_id, order_status in conv.orders:
        if order_status == status:
            return order_id
    if not conv.looked_up_this_turn("list_orders"):
        raise MustLookUp(_call("list_orders"))
    if or_newest and conv.orders:
        return conv.orders[0][0]
    raise Unclear(say(missing, conv.language))


def _payment_method(conv: Conversation) -> int | None:
    """The saved method the customer asks to pay with ("with Alipay", "another card")."""
    asked = slots.find_payment_method(conv.user_text)
    if asked is None:
        return None
    methods = conv.payment_methods
    if methods is None:
        raise MustLookUp(_call("list_payment_methods"))
    kind, label_words = asked
    if kind == "other":
        last = next(
            (
                r.call.arguments.get("payment_method_id")
                for r in conv.results()
                if r.call.name == "pay_order"
            ),
            None,
        )
        used = last or next((m.get("payment_method_id") for m in methods if m.get("default")), None)
        candidates = [m for m in methods if m.get("payment_method_id") != used]
    else:
        candidates = [
            m for m in methods if any(w in str(m.get("label", "")).casefold() for w in label_words)
        ]
    if not candidates:
        labels = ", ".join(str(m.get("label")) for m in methods) or "-"
        raise Unclear(say("no_method", conv.language, methods=labels))
    method_id = candidates[0].get("payment_method_id")
    return method_id if isinstance(method_id, int) else None


# --- variants ------------------------------------------------------------------------------------


def retry_with_remembered_size(conv: Conversation) -> Decision | None:
    """After "which size?" from the store: add again with the remembered size, if it is offered."""
    retries = []
    for result in conv.trailing_results:
        choices = variants.variant_choices(result)
        if not choices:
            continue
        failed = result.call.arguments
        asked = [str(v) for v in (failed.get("options") or {}).values()]
        options = variants.known_options(conv, result)
        # Retry only with something new, and never by dropping what the customer asked for.
        kept_all_asked = {variants.fold(v) for v in asked} <= {
            variants.fold(v) for v in options.values()
        }
        new = options and options != failed.get("options")
        if new and kept_all_asked and len(variants.matching(choices, options)) == 1:
            retries.append(
                _call(
                    "add_to_cart",
                    product_id=failed.get("product_id"),
                    quantity=failed.get("quantity"),
                    options=options,
                )
            )
    return _calls(*retries) if retries else None


def answer_to_variant_question(conv: Conversation, intent: Intent | None) -> Decision | None:
    """Answer "42码" / "size 42" / "black" right after the demo asked which variant."""
    if intent is not None and (intent.name != "add" or intent.reference):
        return None
    question = next(
        (r for r in reversed(conv.previous_turn_results()) if variants.variant_choices(r)), None
    )
    if question is None:
        return None
    choices, failed = variants.variant_choices(question), question.call.arguments
    text = conv.user_text
    said = slots.said_options(text)
    answered = variants.choose_options(choices, [*said.values(), text.strip(" .!。！")])
    if not answered and not said:
        return None
    # What was said wins; what was settled before (asked, remembered) fills the rest.
    options = {**variants.known_options(conv, question), **answered}
    if not answered:  # not offered: let the store say what is
        options = said
    quantity = slots.find_quantity(text) or failed.get("quantity")
    return _calls(
        _call(
            "add_to_cart", product_id=failed.get("product_id"), quantity=quantity, options=options
        )
    )


# --- planners, one per intent ----------------------------------------------------------------


def plan_help(conv: Conversation, _intent: Intent) -> Decision:
    """Explain what the demo understands."""
    return Decision(text=replies.greeting(conv))


def plan_add(conv: Conversation, intent: Intent) -> Decision:
    """Add the pointed-at products, with the quantity, size and colour said."""
    options = slots.said_options(conv.user_text) or None
    quantity = slots.find_quantity(conv.user_text)
    return _calls(
        *(
            _call("add_to_cart", product_id=product_id, quantity=quantity, options=options)
            for product_id in _products(conv, intent.reference)
        )
    )


def plan_details(conv: Conversation, intent: Intent) -> Decision:
    """Show the pointed-at product (the one in focus when none is named)."""
    ids = _products(conv, intent.reference)
    return _calls(*(_call("get_product_details", product_id=i) for i in ids[:3]))


def plan_compare(conv: Conversation, intent: Intent) -> Decision:
    """Compare the pointed-at products (the first three listed when none are named)."""
    reference = intent.reference
    if reference.pronoun and not (reference.ordinals or reference.first_n):
        reference = Reference()  # "compare them": the list
    ids = _products(conv, reference, default_count=3)
    if len(ids) < 2:
        raise Unclear(say("compare_needs_two", conv.language))
    return _calls(_call("compare_products", product_ids=ids[:5]))


def plan_cart(conv: Conversation, _intent: Intent) -> Decision:
    """Show the cart."""
    return _calls(_call("view_cart"))


def plan_remove(conv: Conversation, intent: Intent) -> Decision:
    """Remove the pointed-at cart lines."""
    return _calls(
        *(
            _call("remove_from_cart", line_id=line["line_id"])
            for line in _cart_lines(conv, intent.reference)
        )
    )


def plan_update(conv: Conversation, intent: Intent) -> Decision:
    """Set the quantity of the pointed-at cart line."""
    quantity = slots.find_new_quantity(conv.user_text)
    if quantity is None:
        raise Unclear(say("how_many", conv.language))
    return _calls(
        *(
            _call("update_cart_item", line_id=line["line_id"], quantity=quantity)
            for line in _cart_lines(conv, intent.reference)
        )
    )


def plan_checkout(conv: Conversation, _intent: Intent) -> Decision:
    """Turn the cart into an order (accepting new prices only when the customer says so)."""
    accept = bool(re.search(r"\baccept|接受", conv.user_text, slots.FLAGS)) or None
    return _calls(_call("checkout", accept_price_changes=accept))


def plan_pay(conv: Conversation, _intent: Intent) -> Decision:
    """Pay the newest order awaiting payment (the app asks the customer to confirm)."""
    order_id = _order_id(conv, "awaiting_payment", missing="no_order_to_pay", or_newest=False)
    return _calls(_call("pay_order", order_id=order_id, payment_method_id=_payment_method(conv)))


def plan_cancel(conv: Conversation, _intent: Intent) -> Decision:
    """Cancel the newest unpaid order."""
    order_id = _order_id(conv, "awaiting_payment", missing="no_order_to_cancel")
    return _calls(_call("cancel_order", order_id=order_id))


def plan_refund(conv: Conversation, _intent: Intent) -> Decision:
    """Refund the newest paid order."""
    order_id = _order_id(conv, "paid", missing="no_order_to_refund")
    return _calls(_call("refund_order", order_id=order_id))


def plan_orders(conv: Conversation, _intent: Intent) -> Decision:
    """One order's status when the customer names or tracks one, else the recent orders."""
    named = slots.find_order_id(conv.user_text)
    asks_status = re.search(slots.ORDER_STATUS_WORDS, conv.user_text, slots.FLAGS)
    if named is None and asks_status and conv.orders:
        named = conv.orders[0][0]
    if named is not None:
        return _calls(_call("get_order_status", order_id=named))
    return _calls(_call("list_orders"))


def plan_remember(conv: Conversation, _intent: Intent) -> Decision:
    """Save a lasting preference."""
    preference = slots.parse_preference(conv.user_text)
    if preference is None:
        raise Unclear(say("remember_what", conv.language))
    key, value = preference
    return _calls(_call("remember_preference", key=key, value=value))


def plan_recall(conv: Conversation, _intent: Intent) -> Decision:
    """List what is remembered."""
    return _calls(_call("recall_preferences"))


def plan_forget(conv: Conversation, _intent: Intent) -> Decision:
    """Forget one preference, named by its words or its key."""
    text = conv.user_text
    key = next(
        (k for k in conv.preferences if re.search(k.replace("_", r"[\s_]*"), text, slots.FLAGS)),
        None,
    )
    key = key or slots.preference_key(text)
    if key is None:
        keys = ", ".join(conv.preferences) or "-"
        raise Unclear(say("forget_which", conv.language, keys=keys))
    return _calls(_call("forget_preference", key=key))


def plan_addresses(conv: Conversation, _intent: Intent) -> Decision:
    """List saved addresses."""
    return _calls(_call("list_addresses"))


def plan_methods(conv: Conversation, _intent: Intent) -> Decision:
    """List saved payment methods."""
    return _calls(_call("list_payment_methods"))


def plan_search(conv: Conversation) -> Decision:
    """Search for what is left of the text; or greet, thank, or say it was not understood."""
    text = conv.user_text
    request = slots.parse_search(text)
    query = request.query
    filters_said = bool(request.budget or request.size or request.sort)
    if not query:
        if filters_said and conv.last_search is not None:  # "under 200" refines the last search
            query = str(conv.last_search.get("query", ""))
        elif is_greeting(text):
            return Decision(text=replies.greeting(conv))
        elif is_thanks(text):
            return Decision(text=say("thanks", conv.language))
        else:
            return Decision(text=replies.not_understood(conv))
    elif is_question(text) or not (asks_to_search(text) or filters_said or _is_short(query)):
        return Decision(text=replies.not_understood(conv))
    return _calls(
        _call(
            "search_products",
            query=query,
            min_price=_yuan(request.budget.min_price),
            max_price=_yuan(request.budget.max_price),
            size=request.size,
            sort=request.sort,
        )
    )


def _yuan(amount: float | None) -> int | float | None:
    """300 rather than 300.0 on the wire, as a model would write it."""
    return int(amount) if amount is not None and amount.is_integer() else amount


def _is_short(query: str) -> bool:
    chinese = sum(1 for char in query if slots.has_cjk(char))
    english = len(re.findall(r"[^\W\d_]+", re.sub(r"[\u3400-\u9fff]", " ", query)))
    return english <= SHORT_QUERY_WORDS and chinese <= SHORT_QUERY_CHINESE


PLANNERS: dict[str, Callable[[Conversation, Intent], Decision]] = {
    "help": plan_help,
    "recall": plan_recall,
    "forget": plan_forget,
    "remember": plan_remember,
    "addresses": plan_addresses,
    "methods": plan_methods,
    "checkout": plan_checkout,
    "pay": plan_pay,
    "cancel": plan_cancel,
    "refund": plan_refund,
    "orders": plan_orders,
    "remove": plan_remove,
    "update": plan_update,
    "compare": plan_compare,
    "details": plan_details,
    "add": plan_add,
    "cart": plan_cart,
}


def plan_for_user(conv: Conversation) -> Decision:
    """Act on the customer's last message."""
    intent = detect_intent(conv.user_text)
    try:
        answer = answer_to_variant_question(conv, intent)
        if answer is not None:
            return answer
        if intent is None:
            return plan_search(conv)
        return PLANNERS[intent.name](conv, intent)
    except Unclear as unclear:
        return Decision(text=str(unclear))
    except MustLookUp as lookup:
        return _calls(lookup.call)


# --- after tool results --------------------------------------------------------------------------


def pay_after_checkout(conv: Conversation) -> Decision | None:
    """A new order is paid right away: the app asks the customer to confirm the payment."""
    for result in conv.trailing_results:
        order = result.get("order") if result.call.name == "checkout" else None
        if isinstance(order, dict) and isinstance(order.get("order_id"), int):
            return _calls(_call("pay_order", order_id=order["order_id"]))
    return None


FOLLOW_UPS: tuple[Callable[[Conversation], Decision | None], ...] = (
    retry_with_remembered_size,
    pay_after_checkout,
)


def _offered(conv: Conversation, decision: Decision) -> bool:
    return all(c.name in conv.offered for c in decision.calls)


def after_results(conv: Conversation) -> Decision:
    """Chain the next step, or finish the request a lookup was for, or reply."""
    for follow_up in FOLLOW_UPS:
        decision = follow_up(conv)
        if decision is not None and _offered(conv, decision):
            return decision
    if all(r.call.name in LOOKUPS for r in conv.trailing_results):
        decision = plan_for_user(conv)
        repeats = all(conv.called_this_turn(c) for c in decision.calls)
        if decision.text is not None or (_offered(conv, decision) and not repeats):
            return decision
    return Decision(text=replies.about_results(conv))


def _fit(call: Call, parameters: frozenset[str] | None) -> Call:
    """Only the arguments the tool's schema has."""
    if parameters is None:
        return call
    return Call(call.name, {k: v for k, v in call.arguments.items() if k in parameters})


def decide(conv: Conversation) -> Decision:
    """The demo's next message: tool calls among those offered, or text."""
    if conv.last_role == "tool":
        decision = after_results(conv)
    elif conv.last_role == "user":
        decision = plan_for_user(conv)
    elif conv.user_text:  # asked to go on after its own reply
        decision = Decision(text=say("anything_else", conv.language))
    else:
        decision = Decision(text=replies.greeting(conv))
    missing = next((c.name for c in decision.calls if c.name not in conv.offered), None)
    if missing is not None:
        return Decision(text=say("unavailable", conv.language, tool=missing))
    return Decision(decision.text, tuple(_fit(c, conv.offered[c.name]) for c in decision.calls))
