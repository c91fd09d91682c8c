"""What the customer wants: one table of intents, English and Chinese patterns side by side.

Rules are tried in order and the first that matches wins, so the more specific ones come
first ("cancel my order" is a cancel, not an order lookup; "add to cart" is an add, not a
cart view). Searching is what remains when no rule matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.offline import promotions, slots
from agent.offline.slots import FLAGS, Reference, leftover_words, take_reference
from store.methods import method_words


@dataclass(frozen=True)
class Rule:
    """An intent and the words that show it."""

    intent: str
    english: str
    chinese: str
    needs_product: bool = False
    """Only when the text points at a product ("add the second one"), not names a new one."""

    @property
    def pattern(self) -> str:
        """Both languages in one pattern."""
        return f"{self.english}|{self.chinese}"


_NO_GIFT = r"(?![^,.!?]*\b(?:gifts?|presents?)\b)"
_NO_GIFT_ZH = r"(?![^，,。！？]*礼物)"

INTENT_RULES: tuple[Rule, ...] = (
    Rule(
        "help",
        r"^\s*(?:help|menu|\?)\s*[.!?]*\s*$|\bwhat can you do\b|\bhow (?:does this|do i use)"
        r"|\bwho are you\b|\bwhat are you\b",
        r"^\s*帮助\s*$|你能做什么|你会做什么|你可以做什么|你能干什么|怎么用|你是谁|你会什么",
    ),
    # Discounts and coupons: their own phrases (agent/offline/promotions.py).
    *(Rule(intent, english, chinese) for intent, (english, chinese) in promotions.PHRASES.items()),
    Rule(
        "recall",
        r"\bwhat do you (?:remember|know)\b|\bwhat have you (?:remembered|saved)\b"
        r"|\bmy (?:saved )?preferences\b",
        r"你记得什么|你记住了什么|你记得我|记得我什么|我的偏好|你还记得",
    ),
    Rule(
        "forget",
        r"\bforget\b|\bdon'?t remember\b|\bdelete my\b.*\b(?:size|budget|brand)",
        r"忘记|忘掉|别记|不要记|删除我的",
    ),
    Rule(
        "remember",
        r"\bremember\b|\bkeep (?:that |this |it )?in mind\b|\bnote that\b"
        r"|\bmy (?:shoe |clothing |clothes )?size is\b|\bmy budget is\b"
        r"|\bmy favou?rite brands? (?:is|are)\b"
        r"|\b(?:i'?m|i am) an? (?:size )?\d{2}(?:\.5)? in (?:shoes|sneakers|trainers)\b"
        r"|\bi wear (?:a )?(?:size )?\d{2}(?:\.5)?(?: in)? (?:shoes|sneakers|trainers)\b",
        r"记住|记一下|记下|我的鞋码|我的尺码|我的预算是|我喜欢的品牌是|我(?:平时|一般)?穿\s*\d{2}(?:\.5)?\s*码",
    ),
    Rule(
        "cancel",
        r"\bcancel\b|\bscrap (?:the|my|that) order\b",
        r"取消|(?:订单|这单|那单).*不要|不要.*(?:订单|这单|那单)",
    ),
    Rule(
        "refund",
        r"\brefund\b|\bmoney back\b|\breturn (?:my|the|this) order\b",
        r"退款|退货|退钱|(?:这单|那单|订单).*退|退了",
    ),
    Rule("addresses", r"\baddress(?:es)?\b", r"地址"),
    Rule(
        "methods",
        r"\bpayment methods?\b|\bhow can i pay\b|\bmy (?:cards|wallets)\b",
        r"支付方式|付款方式|我的卡",
    ),
    Rule(
        "checkout",
        r"\bcheck\s*-?\s*out\b|\bplace (?:the |my |an )?order\b|\baccept the new price"
        r"|\bring (?:me|it|this|that) up\b",
        r"结账|结算|下单|买单|接受新价格",
    ),
    Rule(
        "orders",
        r"\bdid (?:my|the) (?:order|payment) go through\b|\bwhat'?s the status\b",
        r"付款了[没吗]|付了[没吗]|支付了[没吗]|(?:什么|啥)状态|到哪了",
    ),
    Rule(
        "pay",
        r"\bpay\b|\bpayment\b|\bcharge\b|\buse (?:my |the )?(?:alipay|wechat|card|default|\d{4})"
        r"|\btry (?:my |the )?(?:alipay|wechat|\d{4}|card)",
        r"付款|支付|付钱|付账|付吧|刷.*卡|用.*(?:卡|支付宝|微信)|(?:支付宝|微信)付",
    ),
    Rule(
        "orders",
        r"\bmy orders?\b|\borders\b|\border (?:status|history)\b|\border\s*#?\s*\d+"
        r"|\bwhere is my\b|\btrack\b|\bshipped\b|\bgo through\b"
        r"|\bwhat (?:did|have) i (?:buy|bought|order|ordered|get|got)\b|\bpurchase history\b"
        r"|\b(?:past|previous|earlier|my) purchases\b|\b(?:bought|ordered) before\b",
        r"订单|物流|快递|发货|那单|这单|买过|购买记录|之前买的|以前买的|上次买的",
    ),
    Rule(
        "cart",
        r"\btotal\b|\bhow much is (?:my|everything|it all|the cart)\b|\bwhat'?s in my (?:cart"
        r"|basket)",
        r"一共|总共|加起来|总价|合计|购物车里",
    ),
    Rule(
        "remove",
        r"\bremove\b|\bdelete\b|\btake\b.*\bout\b|\bdrop\b(?! (?:the )?quantity)|\bdon'?t want\b",
        r"删除|删掉|删了|去掉|移除|拿掉|不要了|不要第|清空|\bempty (?:my |the )?cart\b"
        r"|\bclear (?:my "
        r"|the )?cart\b",
    ),
    Rule(
        "update",
        r"\bchange\b|\bset\b|\bmake (?:it|that|them|those)\b|\bquantity\b|\bupdate\b"
        r"|\bjust \d+\b|\btoo many\b"
        r"|\bi need an? \S+ not\b|\binstead of\b|\bswap\b",
        r"改成|改为|换成|变成|数量|设为|设成|只要\d",
    ),
    Rule("dislike", slots.DISLIKE, r"(?!)"),
    Rule(
        "compare",
        r"\bcompare\b|\bvs\.?\b|\bversus\b|\bdifference\b"
        r"|\bwhich\b.*\b(?:better|more|less|cheaper|pricier|lighter|heavier|smaller|bigger"
        r"|larger|longer|shorter|quieter|louder|warmer|softer|faster|newer|sturdier|comfier"
        r"|nicer|thinner|higher|lower)\b"  # "which one's lighter"
        r"|\bdiffer(?:ent from)?\b|\bstack up\b",
        r"比较|对比|比一比|比一下|比下|区别|哪个好|哪款好|哪个便宜|(?:哪个|哪款|哪双|哪件|哪台)(?:更|比较)",
    ),
    Rule(
        "details",
        r"\bdetails?\b|\btell me more\b|\bmore (?:info|information|about)\b|\bdescribe\b"
        r"|\bwhat (?:sizes|colou?rs)\b|\bwhich (?:sizes|colou?rs)\b|\bspecs?\b|\binfo\b"
        r"|\bcome in\b|\bin stock\b|\b(?:other|different|more) (?:colou?rs|sizes)\b",
        r"详情|详细|介绍|说说|参数|细节|更多信息|哪些尺码|什么尺码|哪些颜色|什么颜色|几种颜色|有货吗|还有货"
        r"|(?:别的|其他|其它)(?:颜色|尺码)"
        r"|(?:个|款|双|件|台|部|只)\s*(?:怎么样|咋样|如何|好不好)",  # 第二个怎么样: about that one
    ),
    # About the product in focus, or a listed one named ("is the nike one ...", 耐克那双...吗).
    Rule(
        "ask",
        r"^\s*(?:is|does|can|will|has|are)\s+(?:it|this|that|they"
        r"|the\s+[\w-]+(?:\s+[\w-]+)?\s+(?:ones?|pairs?))\b(?:\s+one\b)?"
        # "what's the battery like on that one", "how's the fit on it"
        r"|^\s*(?:what'?s|whats|what is|how'?s|hows|how is|how are)\s+the\s+[\w\s-]{2,30}?"
        r"\b(?:on|of|for|with)\s+(?:it|this|that|them|this one|that one)\b",
        r"^[^，,。？?有]{0,8}?(?:它|这个|这款|那个|那款|这双|那双|这件|那件|第\s*\d+\s*[个款双件台部只])"
        r"(?=[^，,。]*(?:吗|么)\s*[？?]?\s*$)",
    ),
    Rule(  # "buy my wife a gift" asks what to buy: a search
        "add",
        rf"\badd\b|\bput\b|\btake\b|\bi'?ll have\b|\bbuy\b{_NO_GIFT}|\bget\b{_NO_GIFT}"
        rf"|\bwant\b{_NO_GIFT}|\bgrab\b|\bpick\b|\bchoose\b|\bgo with\b|\border\b|\bthrow\b"
        r"|\bstick\b|\bchuck\b|\btoss\b|\bbung\b|\bpop\b(?=\s+(?:it|that|this|them|one|those|these)\b)",
        # 一加 is a brand (OnePlus), not "add"
        rf"加入|加到|(?<!一)加|放进|放(?:到|入)?购物车|(?<!想)买{_NO_GIFT_ZH}|(?<![想需不])要(?!买){_NO_GIFT_ZH}|来|选|拿|就它"
        r"|[整搞弄](?=\s*\d|[个件双包瓶盒袋台点些])",
        needs_product=True,
    ),
    Rule("cart", r"\bcart\b|\bbasket\b", r"购物车"),
    Rule(
        "search",
        r"\b(?:find|search|look(?:ing)? for|show me|recommend|need|get me|any|got any"
        r"|do (?:you|u) (?:have|sell)|what \w+(?: \w+)? do you have|what have you got"
        r"|got anything|what (?:can|could|would|will) help|what helps"
        # A gift asked for without a verb ("a present for my niece") asks what to buy.
        r"|(?:gifts?|presents?) (?:for|to)|(?:birthday|christmas|xmas) (?:gifts?|presents?)"
        r"|gift ideas?)\b",
        r"找|搜|推荐|想买|想要|要买|有没有|需要|有吗|有卖|有哪些|有什么|看看|礼物",
    ),
)

SEARCH_RULE = INTENT_RULES[-1]
_ADD_RULE = next(rule for rule in INTENT_RULES if rule.intent == "add")


def says_add(text: str) -> bool:
    """Whether the text has a verb of taking ("add", 来, 要): "2 of them actually" has none."""
    return bool(re.search(_ADD_RULE.pattern, text, FLAGS))


# Small talk and shop questions, answered as a shop assistant would, without a search:
# the topic, and its words. The answers are texts in replies.TEXTS ("chat_<topic>").
CHAT_TOPICS: tuple[tuple[str, str], ...] = (
    (
        "delivery_time",
        r"\bhow (?:long|soon|fast)\b.*\b(?:deliver|arrive|ship|get here)|\bwhen will (?:it"
        r"|my order) arrive"
        r"|几天(?:能|可以)?到|多久(?:能|可以)?到|多长时间到|什么时候(?:能)?到|几天发货",
    ),
    (
        "shipping",
        r"\bshipping\b|\bdelivery (?:fee|cost|charge)|\bfree delivery\b|\bpostage\b|包邮|运费|邮费",
    ),
    (
        "returns",
        r"\breturn policy\b|\bcan i return\b|\breturns?\b.*\?|退换货|七天无理由"
        r"|(?:能|可以|可不可以|能不能|支持)退(?:货|换)?吗",
    ),
    (
        "bot",
        r"\bare you (?:a |an )?(?:bot|robot|human|real|ai|person)\b|\breal person\b"
        r"|\bwho am i talking to\b"
        r"|机器人吗|真人|人工客服|是人吗|是ai吗",
    ),
    ("thanks", r"\bthanks?\b|\bthank you\b|\bthx\b|\bty\b|谢谢|多谢|感谢|辛苦了"),
    (
        "greeting",
        r"^\s*(?:hi|hello|hey|yo|good (?:morning|afternoon|evening))\b|\bhow'?s it going\b"
        r"|\bhow are you\b"
        r"|^\s*(?:亲\s*)?(?:你好|您好|嗨|哈喽|早上好|下午好|晚上好|在吗|在不在)",
    ),
)


POLITENESS = ("greeting", "thanks")
"""Small talk that needs no answer of its own when a request comes with it."""

SHOP_QUESTIONS = ("delivery_time", "shipping", "returns", "bot")
"""Questions about the shop, answered before any product rule ("how long does shipping take")."""


def chat_topic(text: str) -> str | None:
    """The small-talk topic of the text, if it is small talk."""
    return next((name for name, pattern in CHAT_TOPICS if re.search(pattern, text, FLAGS)), None)


WISH = (
    r"\b(?:i|we)(?:'d| would)?\s+(?:want|like|need|wanna)\s+(?:to\s+(?:buy|get|find|order)\s+)?"
    r"(?:a|an|some|any)\b|\blooking to (?:buy|get)\b"
    r"|(?:想|打算|准备)(?:给[^买要送]{1,6})?(?:买|要|入|送)"
)
"""A wish for a kind of thing ("I'd like a pair of running shoes", 我想买一双跑鞋): options to
pick from, not the first hit in the cart; "I want the 16 Pro" names one, and "I need 10 of"
counts them: those add."""

# "Cheaper" with no product named but the verb of taking: "要便宜点的", "有没有便宜些的".
_CHEAPER = rf"{slots.CHEAPER}|{dict(slots.SORT_PATTERNS)['price_asc']}|[{slots.ZH_TAKE}]"

MORE = r"^\s*(?:and|also|plus|another|再|也来|也要)\b"
"""A message that goes on with the last one ("and a UNO deck"): one more thing to add."""

QUESTION = (
    r"^\s*(?:what|how|why|when|where|who)\b(?!.*\b(?:do you (?:have|sell)|is there)\b)"
    r"(?!(?:(?<=what)|(?<=how))\s+about\b)"  # "what about backpacks" asks for them
    r"|怎么样|为什么|什么时候|是谁|几点|天气"
)


WHICH = (
    r"^\W*(?:\w+\W+)?which\b|^\W*(?:how much|what'?s|whats|what is|what are)\b"
    r"|哪(?:个|款|一个|一款|双|件|台|种)|(?:多少钱|什么价)"
)
"""A question that picks among the listed products ("which one is the cheapest", "哪个最便宜")."""


@dataclass(frozen=True)
class Intent:
    """A recognised intent and the products the text points at."""

    name: str
    reference: Reference


def pointed_reference(text: str, also: str = "") -> Reference:
    """The products the text points at.

    "Cheapest" and "best rated" point at the last list only when nothing else is named:
    "the cheapest running shoes" is a new search, "add the cheapest" is not.
    """
    reference, _ = take_reference(text)
    if reference.superlative and leftover_words(text, also=also):
        reference = Reference(
            reference.ordinals, reference.first_n, reference.product_ids, None, reference.pronoun
        )
    return reference


def detect_intent(text: str) -> Intent | None:
    """The first rule the text matches; a bare pointer ("the second one, size 42") is an add."""
    if chat_topic(text) in SHOP_QUESTIONS:
        return Intent("chat", Reference())
    asked = pointed_reference(text, also=WHICH)
    if asked.superlative and re.search(WHICH, text, FLAGS):
        return Intent("details", asked)  # "which is the cheapest?" asks, it does not add
    reference = pointed_reference(text)
    if _asks_opinion(text, reference):
        return Intent("ask", reference)  # "would you say it's comfy?": its reviews answer
    if slots.asks_cheaper(text) and not reference and not leftover_words(text, also=_CHEAPER):
        return Intent("search", reference)  # "要便宜点的", "too pricey": the list, cheaper
    for rule in INTENT_RULES:
        if not re.search(rule.pattern, text, FLAGS):
            continue
        reference = pointed_reference(text, also=rule.pattern)
        named = leftover_words(text, also=rule.pattern)
        # "add to cart" names nothing new, so it means the product in focus; "add it" after
        # naming one ("the samsonite suitcase, add it") means that one
        if rule.needs_product and not reference and slots.narrows_by_measure(text):
            return Intent("search", reference)  # "要500毫升以上的": a measure narrows the search
        if rule.needs_product and named and (not reference or reference == Reference(pronoun=True)):
            describes = slots.only_describes(text, named) and not slots.names_a_measure(text)
            if _wishes(text) or describes:
                return Intent("search", Reference())  # "要辣一点的": the list shown, narrowed
            return Intent("add_named", Reference())
        if rule.intent == "details" and named and re.search(SEARCH_RULE.pattern, text, FLAGS):
            return Intent("search", reference)
        if rule.intent == "details" and _takes_one(text):
            return Intent("add", reference)  # "再来一双别的尺码的": one more, in another size
        if rule.intent == "update" and named and not _changes_a_line(text):
            return Intent("search", reference)  # "换成双肩包吧": another kind, not a cart edit
        if rule.intent == "search" and slots.find_quantity(text) is not None:
            if _wishes(text):
                return Intent("search", reference)
            return Intent("add_named", Reference())
        return Intent(rule.intent, reference)
    reference = pointed_reference(text)
    if reference and reference != Reference(pronoun=True) and not leftover_words(text):
        return Intent("add", reference)
    if method_words(text) is not None:
        return Intent("pay", reference)
    if _wishes(text):
        return Intent("search", reference)
    if slots.find_quantity(text) is not None or re.search(MORE, text, FLAGS):
        if reference and not leftover_words(text, also=MORE):
            return Intent("add", reference)  # "and another one in a different flavour"
        return Intent("add_named", reference)
    if chat_topic(text):
        return Intent("chat", reference)
    if slots.take_budget(text)[0]:
        return Intent("search", reference)
    return None


_ASKING = (
    r"[?？]\s*$|^\s*(?:is|are|does|do|would|will|how|any|so|u think|you think)\b"
    r"|\b(?:tho|though)\s*$|(?:吗|么|不|呢)\s*$|觉得|值不值|好不好"
)


def _asks_opinion(text: str, reference: Reference) -> bool:
    """An opinion asked of the product in focus or pointed at, not one to buy or search by."""
    if not slots.asks_opinion(text) or re.search(_ADD_RULE.pattern, text, FLAGS):
        return False
    if not re.search(_ASKING, text, FLAGS):
        return False  # "it's good, add the second one" says, it does not ask
    return bool(reference) or not leftover_words(text, also=slots.OPINION)


def _takes_one(text: str) -> bool:
    """A count and a verb of taking ("来一双"), whatever else the text asks."""
    taking = re.search(_ADD_RULE.pattern, text, FLAGS)
    return slots.find_quantity(text) is not None and bool(taking)


def _wishes(text: str) -> bool:
    return bool(re.search(WISH, text, FLAGS)) and slots.find_quantity(text) in (None, 1)


def _changes_a_line(text: str) -> bool:
    """Whether the text says what a cart line becomes: a quantity, a size or a colour."""
    return bool(
        slots.find_new_quantity(text) is not None
        or slots.take_size(text)[0]
        or slots.find_colour(text)
    )


def is_question(text: str) -> bool:
    """A question that is not about products ("what is the weather like")."""
    return bool(re.search(QUESTION, text, FLAGS))


# --- several requests in one message ----------------------------------------------------------

SEPARATORS = (
    r"[,;!?。\n]+|\.(?=\s)|\s+-\s+|\s+(?:and\s+)?then\b|\s+also\b|\s+plus\b"
    r"|\s+and\s+(?=(?:add|put|get|check|pay|show|find|search|remove|compare|buy|order|throw|grab|take|tell)\b)"
    r"|然后|顺便|并且|(?<=\S)再(?=[加来买结付帮给])|(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])"
)
# An intent that, right after another, only says how to do it: "check out, with Alipay".
_JOINS = {
    ("checkout", "pay"),
    ("add_named", "add"),
    ("add", "add_named"),
    ("search", "remember"),
    ("dislike", "remember"),
    ("remove", "cancel"),
    ("add_named", "refund"),
    ("add_named", "cancel"),
}


@dataclass(frozen=True)
class Clause:
    """One request of a message: its words and intent (None: search or not understood)."""

    text: str
    intent: Intent | None


def split_clauses(text: str) -> list[Clause]:
    """The requests of a message, in order.

    Pieces without an intent of their own ("black, size 42", "it's for my brother") belong
    to the request before them (or after, at the start); neighbours with one intent are one.
    """
    pieces = [p.strip() for p in re.split(SEPARATORS, text, flags=FLAGS) if p and p.strip()]
    # "hi, any earbuds under 400?": a greeting or thanks beside a request is only politeness.
    requests = [p for p in pieces if chat_topic(p) not in POLITENESS]
    if any(detect_intent(p) for p in requests):
        pieces = requests
    texts: list[str] = []
    intents: list[Intent] = []
    waiting = ""
    for piece in pieces:
        intent = detect_intent(piece)
        measure = slots.narrows_by_measure(piece)
        if texts and (_only_budget(piece) or measure):
            intent = None  # "买个剃须刀 预算800": the budget of the request before it
        if texts and (intent is None or intent.name == "chat" or _joins(intents[-1], intent)):
            texts[-1] = f"{texts[-1]} {piece}"
            if intent is not None and intent.name != intents[-1].name and intent.name != "chat":
                intents[-1] = detect_intent(texts[-1]) or intent
            elif measure and not intents[-1].reference:  # "要大一点的，500毫升以上": "bigger" means
                intents[-1] = detect_intent(texts[-1]) or intents[-1]
        elif intent is None:
            waiting = f"{waiting} {piece}".strip()
        else:
            texts.append(f"{waiting} {piece}".strip())
            intents.append(detect_intent(texts[-1]) or intent)
            waiting = ""
    clauses = [Clause(t, i) for t, i in zip(texts, intents, strict=True)]
    if waiting:
        clauses.append(Clause(waiting, detect_intent(waiting)))
    return clauses or [Clause(text, None)]


def _only_budget(piece: str) -> bool:
    budget, rest = slots.take_budget(piece)
    return bool(budget) and not slots.leftover_words(rest)


def _joins(before: Intent, after: Intent) -> bool:
    return before.name == after.name or (before.name, after.name) in _JOINS
