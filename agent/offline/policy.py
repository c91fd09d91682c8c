"""What the demo does next: call tools for the customer's request, or write the reply.

`decide` is a pure function of the conversation. The customer's message is split into its
requests ("find a kettle under 200 and add the cheapest"); each request's planner says which
calls it needs given what is known so far, and calls already made for it count as done. So
the demo replays the turn from the message on, makes the first calls still missing, and
when every request is done (or one failed), puts the turn's results into words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils

from agent.consent import Verdict, classify
from agent.offline import nearest, promotions, replies, slots, toolnames, variants
from agent.offline.calls import Call
from agent.offline.conversation import (
    Conversation,
    price_value,
    seller_text,
)
from agent.offline.intents import (
    Clause,
    Intent,
    chat_topic,
    detect_intent,
    is_question,
    says_add,
    split_clauses,
)
from agent.offline.numbers import normalise
from agent.offline.replies import say
from agent.offline.slots import LAST, Reference
from store.alternatives import read_instead
from store.methods import method_words


@dataclass(frozen=True)
class Decision:
    """Either text for the customer, or tool calls."""

    text: str | None = None
    calls: tuple[Call, ...] = ()
    lookup: bool = False
    """The calls only fetch facts the request needs; their results are not the answer."""


def _call(name: str, **arguments: Any) -> Call:
    return Call(name, {k: v for k, v in arguments.items() if v is not None})


def _calls(*calls: Call) -> Decision:
    return Decision(calls=calls)


class Unclear(Exception):
    """The request cannot be carried out as said; the message asks the customer back."""


class MustLookUp(Exception):
    """The request needs facts the conversation lacks; read-only calls will fetch them."""

    def __init__(self, *calls: Call) -> None:
        super().__init__(calls[0].name)
        self.calls = calls


# --- which product, which cart line, which order ---------------------------------------------


def _pick(items: list[Any], ordinal: int, conv: Conversation) -> Any:
    if ordinal == LAST and items:
        return items[-1]
    if not 1 <= ordinal <= len(items):
        entries = "1 entry" if len(items) == 1 else f"{len(items)} entries"
        raise Unclear(say("out_of_range", conv.language, count=len(items), entries=entries))
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
    if reference.superlative:
        chosen.append(max(buyable, key=_SUPERLATIVE_KEYS[reference.superlative])["id"])
    if not chosen and default_count and listed:
        chosen = listed[:default_count]
    if not chosen and conv.focus_product is not None:
        chosen = [conv.focus_product]
    if not chosen:
        raise Unclear(say("search_first", conv.language))
    return list(dict.fromkeys(chosen))


def _price(product: dict[str, Any]) -> float:
    return price_value(product.get("price", product.get("lowest_price")))


# What each superlative maximises over the listed products.
_SUPERLATIVE_KEYS: dict[str, Callable[[dict[str, Any]], float]] = {
    "cheapest": lambda p: -_price(p),
    "priciest": _price,
    "best_rated": lambda p: p.get("rating") or 0,
}


# Words that say what to do with a cart line, not which line.
_SWAP_WORDS = r"\bswap\b|\bswitch\b|\bchange\b|\bmake\b|\binstead\b|换成|换|改成|改为"

_CART_VERBS = (
    r"\bremove\b|\bdelete\b|\bdrop\b|\bchange\b|\bset\b|\bupdate\b|\bquantity\b"
    r"|删除|删掉|删了|去掉|移除|拿掉|不要了?|改成|改为|换成|数量|\bto\s+\d+\b"
)


def _search_again(conv: Conversation) -> None:
    """Repeat the last search when its results are gone (the app shortens old tool results)."""
    if conv.last_search is not None:
        search = _call(toolnames.SEARCH, **conv.last_search)
        if not conv.called_this_turn(search):
            raise MustLookUp(search)


def _cart_lines(
    conv: Conversation, reference: Reference, *, strict: bool = False
) -> list[dict[str, Any]]:
    """The cart lines the customer points at, by position, product id or title words.

    With one line in the cart, that is the one meant, unless `strict` and the words name
    something else ("remove the kettle" when the cart has milk).
    """
    lines = conv.cart_lines
    if lines is None and not conv.looked_up_this_turn(toolnames.VIEW_CART):
        raise MustLookUp(_call(toolnames.VIEW_CART))
    if not lines:
        raise Unclear(say("cart_empty", conv.language))
    chosen = list(lines[: reference.first_n or 0])
    chosen += [_pick(lines, n, conv) for n in reference.ordinals]
    chosen += [line for line in lines if line.get("product_id") in reference.product_ids]
    if not chosen:
        words = slots.leftover_words(conv.user_text, also=_CART_VERBS)
        titles = {i: str(seller_text(line).get("title", "")) for i, line in enumerate(lines)}
        match = (
            process.extractOne(
                words,
                titles,
                scorer=fuzz.partial_token_set_ratio,
                processor=utils.default_process,
                score_cutoff=80,
            )
            if words
            else None
        )
        if match is not None:
            chosen = [lines[match[2]]]
        elif len(lines) == 1 and not (strict and words):  # the only line, unless another named
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
    if not conv.looked_up_this_turn(toolnames.LIST_ORDERS):
        raise MustLookUp(_call(toolnames.LIST_ORDERS))
    if or_newest and conv.orders:
        return conv.orders[0][0]
    raise Unclear(say(missing, conv.language))


# --- products named in the request ----------------------------------------------------------------

# Words that join several product names ("the sony and the bose", "小米15和华为Pura 70").
# "and" before what someone likes joins no second product: "he's 10 and loves building stuff".
_NAME_JOINS = (
    r"\s+(?:and|or|vs\.?|versus)\s+(?!(?:loves?|likes?|enjoys?|is|into|plays?|wants?)\b)"
    r"|\s*(?:[、&/]|和|跟|与|还是)\s*"
)
# Option values in a name are not search words ("小米15 512G", "卫龙辣条20包装的").
_OPTION_WORDS = (
    r"(?<![a-z\d-])\d+(?:\.\d+)?\s*-?\s*(?:gigs?|gb|g|tb|mm|cm|ml|inch(?:es)?|寸|包装|包|packs?)(?![a-z\d-])"
    r"|\binch\b"
)
# The sort a superlative asks of a search for a named product ("the cheapest pop mart box").
_SORT_OF = {"cheapest": "price_asc", "best_rated": "rating", "priciest": "price_desc"}


def _named(conv: Conversation, also: str) -> list[str]:
    """The product names the request gives, each as search words."""
    return [name for name, _ in _named_parts(conv, also)]


def _named_parts(conv: Conversation, also: str) -> list[tuple[str, str]]:
    """The product names the request gives, each as search words.

    A lone brand borrows the other names' kind: "the midea and the supor rice cookers".
    """
    text = slots.take_budget(conv.user_text)[1]
    parts = [p for p in re.split(_NAME_JOINS, text, flags=slots.FLAGS) if p.strip()]
    names = [slots.leftover_words(part, also=also) for part in parts]
    names = [re.sub(_OPTION_WORDS, " ", n, flags=slots.FLAGS).strip(" -") for n in names]
    names = ["" if len(n) < 2 else n for n in names]  # a stray "到" or "s" names nothing
    full = [
        f"{n} {later.split(' ', 1)[1]}"
        if " " not in n
        and not slots.has_cjk(n)
        and (later := next((m for m in names[i + 1 :] if " " in m), ""))
        else n
        for i, n in enumerate(names)
    ]
    return [(n, p) for n, p in zip(full, parts, strict=True) if n]


def _search_for(conv: Conversation, query: str, *, limit: int | None = None) -> Call:
    request = slots.parse_search(conv.user_text)
    reference, _ = slots.take_reference(conv.user_text)
    return _call(
        toolnames.SEARCH,
        query=slots.catalog_words(query),
        min_price=_yuan(request.budget.min_price),
        max_price=_yuan(request.budget.max_price),
        sort=_SORT_OF.get(reference.superlative or "") or request.sort,
        limit=limit,
        exclude_brands=_disliked(conv) or None,
    )


def _disliked(conv: Conversation) -> list[str]:
    said = (
        slots.parse_preference(conv.user_text)
        if re.search(slots.DISLIKE, conv.user_text, slots.FLAGS)
        else None
    )
    names = [said[1]] if said and said[0] == "dislikes" else []
    return names


def _found(conv: Conversation, searches: list[Call]) -> list[dict[str, Any]]:
    """The product each search names: among the listed products first, else its best hit.

    The best hit has the name's model numbers and covers the most of its words, with the
    fewest others ("the 16 Pro" is not the 16 Pro Max); a name nothing matches is said so.
    """
    listed = conv.listed_products
    known = {
        s.key: _best(str(s.arguments["query"]), _within(listed, s), strict=True) for s in searches
    }
    missing = [s for s in searches if known[s.key] is None and conv.clause_result(s) is None]
    if missing:
        raise MustLookUp(*missing)
    hits = []
    for search in searches:
        result = conv.clause_result(search)
        found = [
            h for h in (result.get("catalog_data") if result else None) or [] if isinstance(h, dict)
        ]
        top = known[search.key] or _best(str(search.arguments["query"]), found)
        if top is None:
            raise Unclear(replies.not_sold(conv, search, result))
        hits.append(top)
    return hits


def _within(products: list[dict[str, Any]], search: Call) -> list[dict[str, Any]]:
    """The products in the search's price range: one shown as nearest to a budget is over it."""
    low, high = search.arguments.get("min_price"), search.arguments.get("max_price")
    return [
        p
        for p in products
        if (low is None or _price(p) >= low) and (high is None or _price(p) <= high)
    ]


def _best(
    name: str, products: list[dict[str, Any]], *, strict: bool = False
) -> dict[str, Any] | None:
    """The product the name means; `strict`: only one with every word of the name."""
    name = slots.catalog_spelling(name)
    fitting = [p for p in products if replies.names_match(name, _with_brand(p))]
    scored = [
        (replies.coverage(name, _with_brand(p)), -len(str(p.get("title", ""))), p) for p in fitting
    ]
    scored = [s for s in scored if s[0] >= (1.0 if strict else 0.0)]
    return max(scored, key=lambda s: s[:2])[2] if scored else None


def _with_brand(product: dict[str, Any]) -> dict[str, Any]:
    """The product as its name is matched: its brand and title ("Li-Ning" + "Road Racer")."""
    brand, title = str(product.get("brand") or ""), str(product.get("title", ""))
    named = title if brand.casefold() in title.casefold() else f"{brand} {title}"
    return {**product, "title": named}


# --- planners, one per intent ----------------------------------------------------------------


def plan_add(conv: Conversation, intent: Intent) -> Decision:
    """Add the products pointed at or named, with the quantity and options said of each."""
    quantity = slots.find_quantity(conv.user_text)
    parts = _named_parts(conv, _ADD_WORDS) if intent.name == "add_named" else []
    ref = intent.reference
    pointed = ref.ordinals or ref.first_n or ref.superlative or ref.product_ids
    if not (parts or pointed):
        if more := re.search(_MORE_OF_IT, conv.user_text, slots.FLAGS):
            return _more_of_focus(conv, int(more.group("n") or quantity or 1))
        if intent.name == "add_named" or not says_add(conv.user_text):
            return _add_unnamed(conv, quantity)
    if intent.name != "add_named":
        ids = _products(conv, intent.reference)
        return _calls(*(_add(conv, i, quantity, conv.user_text) for i in ids))
    searches = [_search_for(conv, name, limit=3) for name, _ in parts]
    if len(searches) == 1 and _look_up_nearest(conv, searches[0]):
        # None within the budget: what comes nearest is said, and nothing is added.
        found = conv.clause_result(searches[0])
        assert found is not None  # it found none in range: so it has run
        return Decision(text=replies.search_reply(found, conv))
    hits = _found(conv, searches)
    whole = len(parts) == 1  # one product: what the message says anywhere is about it
    return _calls(
        *(
            _add(
                conv,
                int(h["id"]),
                slots.find_quantity(part) or quantity,
                conv.user_text if whole else part,
            )
            for h, (_, part) in zip(hits, parts, strict=True)
        )
    )


# "2 more", "another one", "one more please", 再来一个: more of the product in focus.
_MORE_OF_IT = r"(?:^|\b)(?P<n>\d+)?\s*more\b|\banother\b|再来|再加|再要"


def _more_of_focus(conv: Conversation, count: int) -> Decision:
    """More of the product just added (its line grows, same variant), else of the one in focus."""
    product = _meant_product(conv)
    lines = conv.before_cart_changes().cart_lines or []  # not the line this call grew
    line = next((x for x in lines if x.get("product_id") == product), None)
    if line is None or _names_a_variant(conv.user_text):  # "another one in black"
        return _calls(_add(conv, product, count, conv.user_text))
    quantity = int(line.get("quantity") or 0) + count
    return _calls(_call(toolnames.UPDATE, line_id=line["line_id"], quantity=quantity))


def _add_unnamed(conv: Conversation, quantity: int | None) -> Decision:
    """Add words that name no product: the one just added, else the one in focus.

    Right after adding it, a bare quantity is its line's ("2 of them actually"); words naming
    a variant add that variant ("加一个 1 L的").
    """
    added = _just_added(conv)
    if added is not None and quantity is not None and not _names_a_variant(conv.user_text):
        return plan_update(conv, Intent("update", Reference(product_ids=(added,))))
    return _calls(_add(conv, _meant_product(conv), quantity, conv.user_text))


def _meant_product(conv: Conversation) -> int:
    """The product just added, else the one in focus: what words naming none are about."""
    product = _just_added(conv) or conv.focus_product
    if product is None:
        raise Unclear(say("search_first", conv.language))
    return product


def _names_a_variant(text: str) -> bool:
    """Whether the words choose a variant ("in black", 别的口味的, "再来一个10包的")."""
    return bool(
        re.search(slots.OTHER_OPTION, text, slots.FLAGS)
        or slots.said_options(text)
        or slots.leftover_words(text, also=rf"{_ADD_WORDS}|{_MORE_OF_IT}")
    )


def _just_added(conv: Conversation) -> int | None:
    """The product the previous turn put in the cart, if it did."""
    added = [
        r.call.arguments.get("product_id")
        for r in conv.previous_turn_results()
        if r.call.name == toolnames.ADD and r.get("cart") is not None
    ]
    return added[-1] if added and isinstance(added[-1], int) else None


_ADD_WORDS = (
    r"有的话|直接|\band\b|\balso\b|\banother\b|再|也|\badd\b|\bput\b|\btake\b|\bi'?ll have\b"
    r"|\bbuy\b|\bget\b|\bwant\b|\bgrab\b|\bpick\b|\bthrow\b|\bneed\b|\bof those\b"
    r"|\bstick\b|\bchuck\b|\btoss\b|\bbung\b|\bpop\b|\bmore\b|\bem\b|\border\b"
    r"|\bin my cart\b|\bto (?:my|the) cart\b|\bplease\b|\bthis time\b"
    r"|\bfor (?:my|the) \w+\b|\bit'?s for\b|\bbut\b|加入购物车|加购物车|加购|购物车|加入|加到"
    r"|加上|(?<!一)加"
    r"|放进|买|要|来|拿|[整搞弄](?=\s*\d|[个件双包瓶盒袋台点些])|给我|帮我|那双|那个|那款|到"
    rf"|{slots.OTHER_OPTION}"
)


def _add(conv: Conversation, product_id: int, quantity: int | None, words: str) -> Call:
    """Add one product; after the store asked which variant, with the one the words name."""
    said = slots.said_options(words) or None
    first = _call(toolnames.ADD, product_id=product_id, quantity=quantity, options=said)
    result = conv.clause_result(first)
    choices = variants.variant_choices(result) if result else []
    if not choices:
        return first
    # The options may be said anywhere in the message ("小米15 白色512G的还有货吗 有的话直接加购").
    if words == conv.user_text:
        words = f"{words} {normalise(conv.message)}"
    sizes = variants.known_sizes(conv)
    chosen = variants.named_choice(choices, words, sizes)
    reference, _ = slots.take_reference(words)
    in_stock = [c for c in variants.matching(choices, said or {}) if c.get("stock")]
    # A size given earlier ("running shoes, size 43") holds when the demo picks the variant.
    in_size = next((f for s in sizes if (f := variants.matching(in_stock, {"size": s}))), [])
    in_stock = in_size or in_stock
    if chosen is None and reference.superlative and in_stock:  # the demo picks: its variant too
        pick = min(in_stock, key=lambda c: c.get("price") or 0)
        chosen = (pick if reference.superlative == "cheapest" else in_stock[0]).get("options")
    if not chosen:
        return first
    return _call(toolnames.ADD, product_id=product_id, quantity=quantity, options=chosen)


def plan_details(conv: Conversation, intent: Intent) -> Decision:
    """Show the pointed-at product (the one in focus when none is named)."""
    # A name beside "that one" says which (膳魔师那个怎么样); alone, "that one" is the one in focus.
    unnamed = not intent.reference or intent.reference == Reference(pronoun=True)
    if unnamed and (names := _named(conv, _DETAIL_WORDS)):
        ids = [int(h["id"]) for h in _found(conv, [_search_for(conv, names[0], limit=3)])]
    else:
        ids = _products(conv, intent.reference)
    calls = [_call(toolnames.DETAILS, product_id=i) for i in ids[:3]]
    sold_out = _sold_out_asked(conv, calls[0]) if len(calls) == 1 else None
    return Decision(calls=tuple(calls), text=sold_out) if sold_out else _calls(*calls)


def _sold_out_asked(conv: Conversation, details: Call) -> str | None:
    """Whether the variant the words name ("the white 512G still in stock?") is sold out."""
    result = conv.clause_result(details)
    product = result.get("catalog_data") if result and not result.error else None
    choices = [v for v in (product or {}).get("variants") or [] if isinstance(v, dict)]
    options = variants.named_choice(choices, conv.user_text, []) if choices else None
    chosen = variants.matching(choices, options) if options else []
    if not chosen or chosen[0].get("stock"):
        return None
    named = replies.options_text(options, conv.language)
    return say("variant_sold_out", conv.language, options=named)


def plan_ask(conv: Conversation, intent: Intent) -> Decision:
    """A yes/no question about the product in focus ("is it waterproof?", 它防水吗).

    Its page answers: the words asked about are in it, or the demo says the page doesn't say.
    """
    asked = slots.leftover_words(conv.user_text, also=_ASK_WORDS)
    named, asked = _name_and_rest(conv.view(conv.clause_start, asked, conv.clause_start), asked)
    try:
        (product_id, *_) = named or _products(conv, intent.reference)
    except Unclear:
        if intent.reference or not asked:
            raise
        return plan_search(conv)  # "is the asics one light?" with no asics listed: find it
    details = _call(toolnames.DETAILS, product_id=product_id)
    result = conv.clause_result(details)
    if result is None or result.error:
        return _calls(details)
    opinion = slots.asks_opinion(asked or conv.user_text)  # "any good" leaves no words asked
    if opinion and isinstance(result.data, dict):  # "is it comfy?": what its reviews say
        product = result.data.get("catalog_data", result.data)
        return Decision(calls=(details,), text=replies.opinion(product, conv.language))
    page = json.dumps(result.data, ensure_ascii=False).casefold()
    known = bool(asked) and all(word.casefold() in page for word in asked.split())
    return Decision(
        calls=(details,),
        text=say("page_says" if known else "page_silent", conv.language, what=asked),
    )


def _name_and_rest(conv: Conversation, words: str) -> tuple[list[int], str]:
    """The listed products the first words name, and the other words ("nike | waterproof").

    The longest start of the words that picks out some listed products names them.
    """
    ends = [m.end() for m in re.finditer(r"[\u3400-\u9fff]|[^\s\u3400-\u9fff]+", words)]
    for end in reversed(ends[:-1]):
        if named := _listed_named(conv, words[:end].strip()):
            return named, words[end:].strip(" " + slots.ZH_PARTICLES)
    return [], words


_ASK_WORDS = (
    r"^\s*(?:is|does|can|will|has|are)\s+(?:it|this|that|they)\b(?:\s+one\b)?|\bbe\b|[?？]"
    r"|^\s*(?:what'?s|whats|what is|how'?s|hows|how is|how are)\b|\b(?:on|of|for|with)\b"
    r"|^\s*(?:它|这个|这款|那个|那款|这双|这件)|(?:吗|么)\s*[？?]?\s*$|是不是|能不能|可以|会"
)


_DETAIL_WORDS = (
    r"\bdetails?\b|\btell me more\b|\bmore (?:info|information|about)\b|\bwhat (?:sizes|colou?rs)\b"
    r"|\bdoes\b|\bcome in\b|\bin stock\b|\bstill\b|\bavailable\b|\bif so\b|\bhow much\b"
    r"|详情|介绍|哪些尺码|什么尺码|哪些颜色|什么颜色|几种颜色|还有货吗|有货吗|有的话|直接加购|多少钱|的"
    r"|怎么样|咋样|如何|好不好"
    # What it comes in names no product: "other colours" is asked of the one in focus.
    r"|\b(?:other|different|more|which|what)?\s*(?:colou?rs?|sizes?|versions?|options?|styles?)\b"
    r"|(?:别的|其他|其它|哪些|什么)?(?:颜色|尺码|款式|版本)"
)


def plan_compare(conv: Conversation, intent: Intent) -> Decision:
    """Compare the products named, or pointed at (the first three listed when none are)."""
    reference = intent.reference
    names = _named(conv, _COMPARE_WORDS) if not (reference.ordinals or reference.first_n) else []
    if len(names) >= 2:
        ids = [
            int(h["id"]) for h in _found(conv, [_search_for(conv, n, limit=3) for n in names[:5]])
        ]
    else:
        if reference.pronoun and not (reference.ordinals or reference.first_n):
            reference = Reference()  # "compare them": the list
        ids = _products(conv, reference, default_count=3)
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise Unclear(say("compare_needs_two", conv.language))
    return _calls(_call(toolnames.COMPARE, product_ids=ids[:5]))


_COMPARE_WORDS = (
    r"\bcompare\b|\bwhich\b.*$|\bfor me\b|比较下?|对比(?:一下)?|比一比|比一下|比下|区别"
    r"|哪个.*$|哪款.*$|帮我|的"
)


def plan_promotions(conv: Conversation, _intent: Intent) -> Decision:
    """List the running promotions, coupon codes and the customer's red packets."""
    return _calls(_call(toolnames.LIST_PROMOTIONS))


def plan_coupon(conv: Conversation, intent: Intent) -> Decision:
    """Apply the code the customer typed; without one, show the codes there are."""
    code = promotions.coupon_code(conv.user_text)
    if not code:
        return plan_promotions(conv, intent)
    return _calls(_call(toolnames.APPLY_COUPON, code=code))


def plan_remove_coupon(conv: Conversation, _intent: Intent) -> Decision:
    """Take the coupon off the cart."""
    return _calls(_call(toolnames.REMOVE_COUPON))


def plan_cart(conv: Conversation, _intent: Intent) -> Decision:
    """Show the cart (its total included); while a payment waits, the order it pays."""
    if conv.waiting_order is not None:  # "what's the total again?" is about the card on screen
        return _calls(_call(toolnames.ORDER_STATUS, order_id=conv.waiting_order))
    return _calls(_call(toolnames.VIEW_CART))


_EMPTY_CART = r"清空|\bempty\b|\bclear\b|\beverything\b|全部|都删"


def plan_remove(conv: Conversation, intent: Intent) -> Decision:
    """Remove the pointed-at cart lines (all of them to empty the cart)."""
    if re.search(_EMPTY_CART, conv.user_text, slots.FLAGS):
        intent = Intent(intent.name, Reference(first_n=99))
    lines = _cart_lines(conv.before_cart_changes(), intent.reference, strict=True)
    return _calls(*(_call(toolnames.REMOVE, line_id=line["line_id"]) for line in lines))


def plan_update(conv: Conversation, intent: Intent) -> Decision:
    """Set the quantity of the pointed-at cart line, or swap it for another size or colour."""
    size, _ = slots.take_size(conv.user_text)
    colour = slots.find_colour(conv.user_text)
    quantity = slots.find_new_quantity(conv.user_text)
    lines = _cart_lines(conv.before_cart_changes(), intent.reference)
    if size is not None and (
        quantity is None or re.search(r"\d+\s*码|size", conv.user_text, slots.FLAGS)
    ):
        return _swap(conv, lines[0], {"size": size})
    if colour is not None and quantity is None:  # 换成粉色的, "make it pink"
        return _swap(conv, lines[0], {"color": colour})
    if quantity is None:
        raise Unclear(say("how_many", conv.language))
    return _calls(
        *(_call(toolnames.UPDATE, line_id=line["line_id"], quantity=quantity) for line in lines)
    )


def _swap(conv: Conversation, line: dict[str, Any], said: dict[str, str]) -> Decision:
    """Replace a cart line by the same product in another size or colour (the rest kept)."""
    options = {**(seller_text(line).get("options") or {}), **said}
    add = _call(
        toolnames.ADD, product_id=line["product_id"], quantity=line.get("quantity"), options=options
    )
    result = conv.clause_result(add)
    if result is None or result.error:
        return _calls(add)
    return _calls(add, _call(toolnames.REMOVE, line_id=line["line_id"]))


_PAYING = ("checkout", "pay")
_NOT_PAYING = (
    r"\b(?:don'?t|do not|dont|not|never|no need to)\s+(?:check\s*out|pay|buy)\b|\bnot yet\b"
    r"|先别|别(?:结账|付|买)|不(?:要|用)?(?:结账|付款|付钱)|先不(?:结账|付|买)"
)
"""A checkout or payment named only to say not now."""


def _variant_still_open(conv: Conversation) -> None:
    """Paying right after the demo asked which variant: the item is not in the cart yet.

    The demo asks again (the store lists the choices anew) and says so; asked to pay once
    more, it checks out what the cart has.
    """
    adds = [r for r in conv.previous_turn_results() if r.call.name == toolnames.ADD]
    question = adds[-1] if adds and variants.variant_choices(adds[-1]) else None
    before = conv.customer_texts[-2:-1]
    if question is None or (before and _intent_name(before[0]) in _PAYING):
        return
    if _cart_moved_on(conv, question.call.arguments.get("product_id")):
        return  # the customer chose meanwhile with the app's own buttons
    again = _call(question.call.name, **question.call.arguments)
    result = conv.clause_result(again)
    if result is None:
        raise MustLookUp(again)
    if variants.variant_choices(result):
        rest = "cart_has_more" if conv.cart_lines else "cart_has_nothing_else"
        raise Unclear(
            " ".join(
                (
                    say("not_in_cart_yet", conv.language),
                    replies.variant_question(conv, result),
                    say(rest, conv.language),
                )
            ).replace("。 ", "。")
        )


def _cart_moved_on(conv: Conversation, product_id: Any) -> bool:
    """Whether the customer went on without answering: the product is in the cart now.

    Or the store's cart (looked up first) differs from the one the conversation last showed:
    the app's own buttons change it unseen by the chat.
    """
    look = _call(toolnames.VIEW_CART)
    if conv.clause_result(look) is None:
        raise MustLookUp(look)
    now = conv.cart_lines or []  # the lookup is the newest cart result
    if any(line.get("product_id") == product_id for line in now):
        return True
    shown = conv.view(conv.turn_start, conv.user_text, conv.clause_start).cart_lines or []
    return _contents(now) != _contents(shown)


def _contents(lines: list[dict[str, Any]]) -> set[tuple[Any, Any]]:
    return {(line.get("line_id"), line.get("quantity")) for line in lines}


def _intent_name(text: str) -> str | None:
    intent = detect_intent(normalise(text))
    return intent.name if intent else None


def plan_checkout(conv: Conversation, _intent: Intent) -> Decision:
    """Turn the cart into an order (new prices only when accepted), then ask to pay it."""
    _variant_still_open(conv)
    accept = bool(re.search(r"\baccept|接受", conv.user_text, slots.FLAGS)) or None
    checkout = _call(toolnames.CHECKOUT, accept_price_changes=accept)
    result = conv.clause_result(checkout)
    order = result.get("order") if result else None
    if not isinstance(order, dict) or toolnames.PAY not in conv.offered:
        return _calls(checkout)
    return _calls(checkout, _pay(conv, order["order_id"]))


def _pay(conv: Conversation, order_id: int) -> Call:
    return _call(toolnames.PAY, order_id=order_id, payment_method=method_words(conv.user_text))


def plan_pay(conv: Conversation, _intent: Intent) -> Decision:
    """Pay the newest order awaiting payment, else check the cart out to pay it.

    The app asks the customer to confirm.
    """
    if code := re.search(r"(?:code|验证码)\D{0,6}(\d{3,8})", conv.user_text, slots.FLAGS):
        raise Unclear(say("code_in_app", conv.language, code=code.group(1)))
    _variant_still_open(conv)
    try:
        order_id = _order_id(conv, "awaiting_payment", missing="no_order_to_pay", or_newest=False)
    except Unclear:  # nothing awaits payment: the cart becomes the order to pay
        if conv.cart_lines == []:
            raise
        return plan_checkout(conv, _intent)
    return _calls(_pay(conv, order_id))


def plan_cancel(conv: Conversation, _intent: Intent) -> Decision:
    """Cancel the newest unpaid order."""
    order_id = _order_id(conv, "awaiting_payment", missing="no_order_to_cancel")
    return _calls(_call(toolnames.CANCEL, order_id=order_id))


def plan_refund(conv: Conversation, _intent: Intent) -> Decision:
    """Refund the newest paid order."""
    order_id = _order_id(conv, "paid", missing="no_order_to_refund")
    return _calls(_call(toolnames.REFUND, order_id=order_id))


def plan_orders(conv: Conversation, _intent: Intent) -> Decision:
    """One order's status when the customer names or tracks one, else the recent orders."""
    named = slots.find_order_id(conv.user_text)
    asks_status = re.search(slots.ORDER_STATUS_WORDS, conv.user_text, slots.FLAGS)
    if named is None and asks_status and conv.orders:
        named = conv.orders[0][0]
    if named is not None:
        return _calls(_call(toolnames.ORDER_STATUS, order_id=named))
    return _calls(_call(toolnames.LIST_ORDERS))


def plan_remember(conv: Conversation, _intent: Intent) -> Decision:
    """Save a lasting preference."""
    preference = slots.parse_preference(conv.user_text)
    if preference is None:
        raise Unclear(say("remember_what", conv.language))
    key, value = preference
    return _calls(_call(toolnames.REMEMBER, key=key, value=value))


def plan_recall(conv: Conversation, _intent: Intent) -> Decision:
    """List what is remembered."""
    return _calls(_call(toolnames.RECALL))


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
    return _calls(_call(toolnames.FORGET, key=key))


def plan_addresses(conv: Conversation, _intent: Intent) -> Decision:
    """List saved addresses."""
    return _calls(_call(toolnames.ADDRESSES))


def plan_methods(conv: Conversation, _intent: Intent) -> Decision:
    """List saved payment methods."""
    return _calls(_call(toolnames.METHODS))


def plan_help(conv: Conversation, _intent: Intent) -> Decision:
    """Explain what the demo understands."""
    return Decision(text=replies.greeting(conv))


def plan_chat(conv: Conversation, _intent: Intent) -> Decision:
    """Small talk and shop questions, answered without a search."""
    topic = chat_topic(conv.user_text) or "greeting"
    return Decision(
        text=replies.greeting(conv) if topic == "greeting" else say(f"chat_{topic}", conv.language)
    )


def _listed_named(conv: Conversation, words: str) -> list[int]:
    """The listed products the words pick out by brand or title ("the nike ones", 那个耐克的).

    Words every listed product has ("running shoes" again) pick none out: that is a search.
    """
    listed = [p for p in conv.listed_products if isinstance(p.get("id"), int)]
    named = [p["id"] for p in listed if words and _best(words, [p], strict=True)]
    return named if len(named) < len(listed) else []


def _show(product_ids: list[int]) -> Decision:
    """One product's page, or several side by side (they become the list pointed into)."""
    if len(product_ids) == 1:
        return _calls(_call(toolnames.DETAILS, product_id=product_ids[0]))
    return _calls(_call(toolnames.COMPARE, product_ids=product_ids[:5]))


def plan_search(conv: Conversation, _intent: Intent | None = None) -> Decision:
    """Search for what is left of the text (each name on its own when several are joined).

    Words naming some of the products just listed point at those instead of searching anew.
    """
    text = conv.user_text
    request = slots.parse_search(text)
    filters_said = bool(request.budget or request.size or request.sort or slots.asks_cheaper(text))
    if read_instead(text):  # "something like X but cheaper": the store reads it (X's kind, not X)
        return _calls(_search_for(conv, slots.take_budget(text)[1].strip()))
    before = conv.view(conv.clause_start, text, conv.clause_start)  # what the customer saw
    if not filters_said and (
        named := _listed_named(before, slots.leftover_words(text, also=_SEARCH_WORDS))
    ):
        return _show(named)
    names = _named(conv, _SEARCH_WORDS) if request.query else []
    if len(names) > 1 and re.search(_NAME_JOINS, text, slots.FLAGS):
        return _calls(*(_search_for(conv, name, limit=1) for name in names))
    query = request.query
    shown = _shown_search(before)
    last = str(shown.get("query", ""))
    if not query:
        if filters_said and last:  # "under 200" refines the last search
            query = last
        else:
            return Decision(text=replies.not_understood(conv))
    elif last and slots.only_describes(text, query):  # "anything waterproof?" after backpacks
        query = slots.joined(query, last)
    else:
        shown = {}  # another kind: a search of its own
    search = _call(toolnames.SEARCH, **_refined(before, shown, _search_for(conv, query), request))
    _look_up_nearest(conv, search)
    return _calls(search)


def _look_up_nearest(conv: Conversation, search: Call) -> bool:
    """Whether the search found none in its price range; then what is nearest is looked up."""
    if not nearest.found_none_in_range(conv.clause_result(search)):
        return False
    neighbours = nearest.neighbour_searches(search)
    if missing := [c for c in neighbours if conv.clause_result(c) is None]:
        raise MustLookUp(*missing)  # the reply names what they find
    return True


def _shown_search(conv: Conversation) -> dict[str, Any]:
    """The arguments of the last search the customer saw as a list.

    Not a lookup for a named product nor a search just past a price range: those have a limit.
    """
    return next(
        (
            r.call.arguments
            for r in conv.results()
            if r.call.name == toolnames.SEARCH and "limit" not in r.call.arguments
        ),
        {},
    )


def _refined(
    conv: Conversation, shown: dict[str, Any], search: Call, request: slots.SearchRequest
) -> dict[str, Any]:
    """A search refining the one shown keeps what it does not replace: its band, size, order.

    A new bound replaces the old one, and the other bound too unless both still make a
    band; "cheaper" asks below the cheapest product shown (below the band when none was).
    """
    new = {**search.arguments, "size": request.size}
    kept = {k: v for k, v in shown.items() if k in ("min_price", "max_price", "size", "sort")}
    low, high = new.get("min_price"), new.get("max_price")
    if low is not None and (kept.get("max_price") or 0) <= low:
        kept.pop("max_price", None)
    if high is not None and (kept.get("min_price") or float("inf")) >= high:
        kept.pop("min_price", None)
    if shown and slots.asks_cheaper(conv.user_text) and high is None:
        prices = [p for p in map(_price, conv.listed_products) if p != float("inf")]
        below = min(prices, default=None) or kept.get("min_price")
        kept.pop("min_price", None)
        if below is not None:
            kept["max_price"] = round(below - slots.CHEAPER_STEP, 2)
    new = {**kept, **{k: v for k, v in new.items() if v is not None}}
    if {"min_price", "max_price"} <= new.keys() and new["min_price"] > new["max_price"]:
        new.pop("min_price")
    return new


_SEARCH_WORDS = (
    r"\b(?:find|search|look(?:ing)? for|show me|recommend|need|got any|any|do (?:you"
    r"|u) (?:have|sell))\b"
)


def answer_to_variant_question(conv: Conversation) -> Decision | None:
    """Answer "42码" / "size 42" / "black" right after the demo asked which variant."""
    question = next(
        (r for r in reversed(conv.previous_turn_results()) if variants.variant_choices(r)), None
    )
    if question is None:
        return None
    choices, failed = variants.variant_choices(question), question.call.arguments
    # "swap it for a 39", "make it the black one": still the answer, in a cart edit's words
    named = slots.leftover_words(conv.user_text, also=rf"{_ADD_WORDS}|{_SWAP_WORDS}")
    if slots.leftover_words(variants.without_values(choices, named)):
        return None  # a new product named: not an answer
    sizes = variants.known_sizes(conv)
    chosen = variants.named_choice(choices, conv.user_text, sizes)
    chosen = chosen or slots.said_options(conv.user_text)  # not offered: the store says what is
    chosen = chosen or variants.named_options(choices, named, sizes)  # "swap it for a 39"
    if not chosen:
        return None
    quantity = slots.find_quantity(conv.user_text) or failed.get("quantity")
    # "39", then "black": both (what was asked before counts if the product offers it)
    asked = {
        k: v for k, v in (failed.get("options") or {}).items() if variants.matching(choices, {k: v})
    }
    options = {**asked, **chosen}
    product = failed.get("product_id")
    return _calls(_call(toolnames.ADD, product_id=product, quantity=quantity, options=options))


# Without a search word or a filter, only a short text is taken as a product search
# ("running shoes", "蓝牙耳机"): at most this many English words and Chinese characters.
SHORT_QUERY_WORDS = 4
SHORT_QUERY_CHINESE = 8


def _is_short(query: str) -> bool:
    chinese = sum(1 for char in query if slots.has_cjk(char))
    english = len(re.findall(r"[^\W\d_]+", re.sub(r"[\u3400-\u9fff]", " ", query)))
    return english <= SHORT_QUERY_WORDS and chinese <= SHORT_QUERY_CHINESE


def _yuan(amount: float | None) -> int | float | None:
    """300 rather than 300.0 on the wire, as a model would write it."""
    return int(amount) if amount is not None and amount.is_integer() else amount


PLANNERS: dict[str, Callable[[Conversation, Intent], Decision]] = {
    "help": plan_help,
    "chat": plan_chat,
    "recall": plan_recall,
    "forget": plan_forget,
    "remember": plan_remember,
    "dislike": plan_remember,
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
    "ask": plan_ask,
    "add": plan_add,
    "add_named": plan_add,
    "cart": plan_cart,
    "search": plan_search,
    "promotions": plan_promotions,
    "coupon": plan_coupon,
    "remove_coupon": plan_remove_coupon,
}


def plan_clause(conv: Conversation, clause: Clause, first: bool) -> Decision:
    """What one request needs next, given what is known so far."""
    intent = clause.intent
    if first and conv.waiting_order is not None and method_words(conv.user_text):
        return _calls(_pay(conv, conv.waiting_order))  # the card on screen, on another method
    verdict = classify(conv.user_text)
    paying = intent is not None and intent.name in _PAYING
    not_now = verdict == Verdict.decline or re.search(_NOT_PAYING, conv.user_text, slots.FLAGS)
    if paying and not_now:
        return Decision(text=say("not_paying", conv.language))  # "nah dont pay", 先别结账
    # "yes pay" / 先不付了 with no card on screen: a card would have taken it
    if intent is None and verdict in (Verdict.accept, Verdict.decline):
        return Decision(text=say("nothing_to_confirm", conv.language))
    try:
        if first and (intent is None or intent.name in ("add", "add_named", "search", "update")):
            answer = answer_to_variant_question(conv)
            if answer is not None:  # once made, the answer is done
                return answer
        if intent is None:
            request = slots.parse_search(conv.user_text)
            if is_question(conv.user_text) or not (
                request.budget or request.size or _is_short(request.query)
            ):
                return Decision(text=replies.not_understood(conv))
            return plan_search(conv)
        return PLANNERS[intent.name](conv, intent)
    except Unclear as unclear:
        return Decision(text=str(unclear))
    except MustLookUp as lookup:
        return Decision(calls=lookup.calls, lookup=True)


# --- the turn ------------------------------------------------------------------------------------


def run_turn(conv: Conversation) -> Decision:
    """Carry out the message's requests in order: the next calls missing, or the reply."""
    entries, position = conv.entries, conv.turn_start
    while position < len(entries) and entries[position].role == "tool":
        position += 1  # results that reached this turn from before it (a payment resumed)
    lookups: set[str] = set()
    said = normalise(conv.user_text)
    own = slots.without_quoted(said)
    clauses = split_clauses(own)
    if own != said and not any(c.intent for c in clauses):  # only quoted instructions
        return Decision(text=say("quoted_text", conv.language))
    for number, clause in enumerate(clauses):
        start = position
        while True:
            view = conv.view(position, clause.text, start)
            decision = plan_clause(view, clause, number == 0)
            if decision.text is not None:
                return Decision(text=replies.turn_reply(view, lookups, decision.text))
            missing = [c for c in decision.calls if view.clause_result(c) is None]
            if not missing:
                break
            if decision.lookup:
                lookups.update(c.key for c in missing)
            end = conv.step_end(position)
            if end is None:
                return Decision(calls=tuple(missing), lookup=decision.lookup)
            position = end
        if _failed(conv.view(position, clause.text, start)):
            break
    return Decision(
        text=replies.turn_reply(conv.view(position, conv.user_text, conv.turn_start), lookups)
    )


def _failed(conv: Conversation) -> bool:
    """Whether a request ended in an error it did not recover from (the rest then waits)."""
    results = conv.clause_results
    return any(
        r.error
        and not any(
            later.call.name == r.call.name and not later.error for later in results[i + 1 :]
        )
        for i, r in enumerate(results)
    )


def _fit(call: Call, parameters: frozenset[str] | None) -> Call:
    """Only the arguments the tool's schema has."""
    if parameters is None:
        return call
    return Call(call.name, {k: v for k, v in call.arguments.items() if k in parameters})


def decide(conv: Conversation) -> Decision:
    """The demo's next message: tool calls among those offered, or text."""
    if conv.last_role == "tool" and conv.spoke_this_turn:
        decision = Decision(text=replies.turn_reply(conv, set()))  # a held confirmation's outcome
    elif conv.last_role in ("tool", "user"):
        decision = run_turn(conv)
    elif conv.user_text:  # asked to go on after its own reply
        decision = Decision(text=say("anything_else", conv.language))
    else:
        decision = Decision(text=replies.greeting(conv))
    missing = next((c.name for c in decision.calls if c.name not in conv.offered), None)
    if missing is not None:
        return Decision(text=say("unavailable", conv.language, tool=missing))
    return Decision(decision.text, tuple(_fit(c, conv.offered[c.name]) for c in decision.calls))
