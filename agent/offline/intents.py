"""What the customer wants: one table of intents, English and Chinese patterns side by side.

Rules are tried in order and the first that matches wins, so the more specific ones come
first ("cancel my order" is a cancel, not an order lookup; "add to cart" is an add, not a
cart view). Searching is what remains when no rule matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.offline.slots import FLAGS, Reference, leftover_words, take_reference


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


INTENT_RULES: tuple[Rule, ...] = (
    Rule(
        "help",
        r"^\s*(?:help|menu|\?)\s*[.!?]*\s*$|\bwhat can you do\b|\bhow (?:does this|do i use)"
        r"|\bwho are you\b|\bwhat are you\b",
        r"^\s*帮助\s*$|你能做什么|你会做什么|你可以做什么|你能干什么|怎么用|你是谁|你会什么",
    ),
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
        r"\bremember\b|\bkeep in mind\b|\bnote that\b|\bmy (?:shoe |clothing |clothes )?size is\b"
        r"|\bmy budget is\b|\bmy favou?rite brands? (?:is|are)\b",
        r"记住|记一下|记下|我的鞋码是|我的尺码是|我的预算是|我喜欢的品牌是",
    ),
    Rule("addresses", r"\baddress(?:es)?\b", r"地址"),
    Rule(
        "methods",
        r"\bpayment methods?\b|\bhow can i pay\b|\bmy (?:cards|wallets)\b",
        r"支付方式|付款方式|我的卡",
    ),
    Rule(
        "checkout",
        r"\bcheck\s*-?\s*out\b|\bplace (?:the |my |an )?order\b|\baccept the new price",
        r"结账|结算|下单|买单|接受新价格",
    ),
    Rule("pay", r"\bpay\b|\bpayment\b", r"付款|支付|付钱|付账"),
    Rule("cancel", r"\bcancel\b", r"取消"),
    Rule("refund", r"\brefund\b|\bmoney back\b|\breturn (?:my|the) order\b", r"退款|退货|退钱"),
    Rule(
        "orders",
        r"\bmy orders?\b|\borders\b|\border (?:status|history)\b|\border\s*#?\s*\d+"
        r"|\bwhere is my\b|\btrack\b|\bdelivery\b|\bshipped\b",
        r"订单|物流|快递|发货",
    ),
    Rule(
        "remove",
        r"\bremove\b|\bdelete\b|\btake\b.*\bout\b|\bdrop\b|\bdon'?t want\b",
        r"删除|删掉|去掉|移除|拿掉|不要了|不要第",
    ),
    Rule(
        "update",
        r"\bchange\b|\bset\b|\bmake it\b|\bquantity\b|\bupdate\b",
        r"改成|改为|换成|变成|数量|设为|设成",
    ),
    Rule(
        "compare",
        r"\bcompare\b|\bvs\.?\b|\bversus\b|\bdifference\b|\bwhich (?:one )?is better\b",
        r"比较|对比|比一比|区别|哪个好|哪个更好|哪款好",
    ),
    Rule(
        "details",
        r"\bdetails?\b|\btell me more\b|\bmore (?:info|information|about)\b|\bdescribe\b"
        r"|\bwhat sizes\b|\bspecs?\b|\binfo\b",
        r"详情|详细|介绍|说说|参数|细节|更多信息|有哪些尺码|有什么尺码|什么尺码|有哪些颜色",
    ),
    Rule(
        "add",
        r"\badd\b|\bput\b|\btake\b|\bi'?ll have\b|\bbuy\b|\bget\b|\bwant\b|\bgrab\b|\bpick\b"
        r"|\bchoose\b|\bgo with\b|\border\b",
        r"加入|加到|加|放进|买|要|来|选",
        needs_product=True,
    ),
    Rule("cart", r"\bcart\b|\bbasket\b|\bbag\b", r"购物车"),
)

GREETING = (
    r"^\s*(?:hi|hello|hey|yo|good (?:morning|afternoon|evening))\b"
    r"|^\s*(?:你好|您好|嗨|哈喽|早上好|下午好|晚上好)"
)
THANKS = r"\bthanks?\b|\bthank you\b|\bthx\b|谢谢|多谢|感谢"
QUESTION = (
    r"^\s*(?:what|how|why|when|where|who)\b(?!.*\b(?:do you (?:have|sell)|is there)\b)"
    r"|怎么样|为什么|什么时候|是谁|几点|天气"
)
SEARCH_WORDS = (
    r"\b(?:find|search|look(?:ing)? for|show me|recommend|want|need|buy|get me|any"
    r"|do you (?:have|sell))\b|找|搜|推荐|想买|想要|要买|有没有|需要|来一"
)


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
    for rule in INTENT_RULES:
        if not re.search(rule.pattern, text, FLAGS):
            continue
        reference = pointed_reference(text, also=rule.pattern)
        # "add to cart" names nothing new, so it means the product in focus
        if rule.needs_product and not reference and leftover_words(text, also=rule.pattern):
            continue
        return Intent(rule.intent, reference)
    reference = pointed_reference(text)
    if reference and not leftover_words(text):
        return Intent("add", reference)
    return None


def is_greeting(text: str) -> bool:
    """Hello / 你好."""
    return bool(re.search(GREETING, text, FLAGS))


def is_thanks(text: str) -> bool:
    """Thanks / 谢谢."""
    return bool(re.search(THANKS, text, FLAGS))


def is_question(text: str) -> bool:
    """A question that is not about products ("what is the weather like")."""
    return bool(re.search(QUESTION, text, FLAGS))


def asks_to_search(text: str) -> bool:
    """Whether the text says it is looking for something ("find", "找", "有没有")."""
    return bool(re.search(SEARCH_WORDS, text, FLAGS))
