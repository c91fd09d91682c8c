"""The pieces of a shopping request, pulled out of English or Chinese text.

Every extractor is a small table of regular expressions, English and Chinese side by side.
Extractors that feed a search query also return the text with what they matched cut out,
so that what remains is the thing the customer is looking for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from agent.offline.numbers import ZH_UNITS

FLAGS = re.IGNORECASE

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_EN_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}
EN_ORDINAL = "|".join(_EN_ORDINALS)
LAST = -1
"""Ordinal of the last item of a list."""


def has_cjk(text: str) -> bool:
    """Whether the text has Chinese characters (then the demo answers in Chinese)."""
    return bool(_CJK.search(text))


def to_int(token: str) -> int:
    """A number in digits (the text is normalised first) or an English ordinal ("second")."""
    token = token.strip().lower()
    return int(token) if token.isdigit() else _EN_ORDINALS[token]


def _cut(match: re.Match[str]) -> str:
    """The text without the match (a space keeps the words on either side apart)."""
    return f"{match.string[: match.start()]} {match.string[match.end() :]}"


# --- budget -------------------------------------------------------------------------------------

# A number with a unit of measure is never money: "at least 500ml", "500毫升以上", "2kg以内".
_MEASURE_UNIT = (
    r"(?:ml|l|litres?|liters?|mg|g|kg|oz|lbs?|mb|gb|tb|mm|cm|inch(?:es)?|mah|w|hz)(?![a-z])"
    r"|毫升|升|毫克|千克|公斤|克|英寸|寸|毫米|厘米|毫安|瓦"
)
_NUM = rf"(\d+(?:\.\d+)?)(?![\d.])(?!\s*(?:{_MEASURE_UNIT}))"
_CUR = r"(?:¥|\$|rmb|cny)?"
_YUAN = r"(?:yuan|rmb|cny|dollars?|bucks|kuai|元|块钱|块)?"
_ZH_UP_TO = r"(?:以内|以下|之内|内)"
_ABOUT = (
    r"(?:\b(?:around|about|roughly|approximately|approx\.?|circa)\s*|(?<![\w~])~\s*"
    r"|差不多|大概|大约|大致)"
)
_ZH_ABOUT = r"(?:左右|上下)"
_NOT_A_COUNT = r"(?![a-z\d]|\s*(?:pairs?|pieces?|pcs|packs?|units?|items?|of\b|[个件双包箱袋瓶]))"

AROUND_BAND = 0.25
""""About 200" searches 200 ± 25%: near the amount, above it too, as a shopper who names a
price rather than a ceiling means."""

# (pattern, which bound each number group sets); the first match of each bound counts.
BUDGET_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (rf"\bbetween\s*{_CUR}\s*{_NUM}\s*{_YUAN}\s*(?:and|to|-)\s*{_CUR}\s*{_NUM}", ("min", "max")),
    (
        rf"{_CUR}{_NUM}\s*{_YUAN}\s*(?:-|~|to|到|至)\s*{_CUR}{_NUM}\s*{_YUAN}\s*(?:之间|{_ZH_ABOUT})?",
        ("min", "max"),
    ),
    (
        rf"{_ABOUT}{_CUR}\s*{_NUM}\s*{_YUAN}(?:\s*{_ZH_ABOUT})?{_NOT_A_COUNT}"
        rf"|(?:预算(?:是|为|在)?\s*)?{_CUR}{_NUM}\s*{_YUAN}\s*{_ZH_ABOUT}"
        rf"|{_CUR}{_NUM}\s*-?\s*ish\b",  # 300ish
        ("around",),
    ),
    (
        rf"(?:\bunder|\bbelow|\bless than|\bcheaper than|\bup to|\bat most|\bmax(?:imum)?"
        rf"|\b(?:nothing|not|no|never) (?:more than|over|above)|\bwithin|\bbudget(?:\s+(?:is|of))?"
        rf"|\bspend more than|<|不超过|不到|低于|少于|最多|预算(?:是|为"
        rf"|在)?)\s*{_CUR}\s*{_NUM}\s*{_YUAN}",
        ("max",),
    ),
    (rf"{_CUR}{_NUM}\s*{_YUAN}\s*{_ZH_UP_TO}", ("max",)),
    (
        rf"(?:\bover|\babove|\bmore than|\bat least|\bmin(?:imum)?|>|高于|超过|不低于|至少)"
        rf"\s*{_CUR}\s*{_NUM}\s*{_YUAN}",
        ("min",),
    ),
    (rf"{_CUR}{_NUM}\s*{_YUAN}\s*(?:以上|起)", ("min",)),
)


@dataclass(frozen=True)
class Budget:
    """A price range in yuan (the search tool's unit)."""

    min_price: float | None = None
    max_price: float | None = None

    def __bool__(self) -> bool:
        return self.min_price is not None or self.max_price is not None


_BOUND_WORDS = ("under", "below", "within", "budget", "above")
"""Words setting a bound that shoppers misspell ("undr 300", "bellow 50"): long enough that one
slip leaves them unmistakable."""
_WORD_BEFORE_AMOUNT = re.compile(rf"\b([a-z]{{3,8}})(?=\s*{_CUR}\s*\d)", FLAGS)


def _spelt_right(match: re.Match[str]) -> str:
    word = match.group(1)
    near = [w for w in _BOUND_WORDS if OSA.distance(word.lower(), w) == 1]
    return near[0] if len(near) == 1 else word


# A passage in quotes that reads as sentences (punctuation inside, or many words) is text the
# customer pasted or reports ("the listing says: \"...charge the card now\""), not a request.
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|「[^」]*」|『[^』]*』')
_QUOTED_WORDS = 6
_QUOTED_CHINESE = 12


def _is_passage(quoted: str) -> bool:
    inner = quoted[1:-1]
    chinese = sum(1 for char in inner if has_cjk(char))
    words = len(inner.split())
    sentences = bool(re.search(r"[.!?;:。！？；：，,]\s*\S", inner))  # "Dr. Martens" is a name
    return (
        words >= _QUOTED_WORDS
        or chinese >= _QUOTED_CHINESE
        or (sentences and (words >= _QUOTED_WORDS // 2 + 1 or chinese >= _QUOTED_CHINESE // 2))
    )


def without_quoted(text: str) -> str:
    """The text without quoted passages: what the customer asks, not what they quote."""
    return _QUOTED.sub(lambda m: " " if _is_passage(m.group()) else m.group(), text)


def take_budget(text: str) -> tuple[Budget, str]:
    """The price range the text asks for ("under 300", "300元以内"), and the text without it."""
    text = _WORD_BEFORE_AMOUNT.sub(_spelt_right, text)
    bounds: dict[str, float] = {}
    for pattern, names in BUDGET_PATTERNS:
        match = re.search(pattern, text, FLAGS)
        if names == ("around",) and match and not bounds:
            amount = float(next(g for g in match.groups() if g))
            bounds = {
                "min": _whole(amount * (1 - AROUND_BAND)),
                "max": _whole(amount * (1 + AROUND_BAND)),
            }
            text = _cut(match)
        elif match and names != ("around",) and not bounds.keys() & set(names):
            bounds.update((n, float(v)) for n, v in zip(names, match.groups(), strict=True))
            text = _cut(match)
    return Budget(bounds.get("min"), bounds.get("max")), text


def _whole(amount: float) -> float:
    return float(round(amount))


# --- measures -----------------------------------------------------------------------------------

_ZH_MEASURE_UNITS = {
    "毫升": "ml",
    "升": "l",
    "毫克": "mg",
    "千克": "kg",
    "公斤": "kg",
    "克": "g",
    "英寸": "inch",
    "寸": "inch",
    "毫米": "mm",
    "厘米": "cm",
    "毫安": "mah",
    "瓦": "w",
}
# A measure with the words that make it a bound around it: the search has no such filter,
# so the bound is dropped and the measure kept as a search word ("500ml").
_MEASURE = re.compile(
    r"(?P<before>\b(?:at (?:least|most)|over|above|more than|min(?:imum)?|max(?:imum)?|under"
    r"|below|less than|up to|(?:bigger|larger|smaller|lighter) than)\s*"
    r"|(?:至少|不少于|不小于|大于|超过|不超过|不到|小于|低于|最多)\s*)?"
    rf"(?<![\d.])(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>{_MEASURE_UNIT})"
    r"(?P<after>\s*(?:or (?:more|bigger|larger|above|less|smaller|under)\b|\+"
    r"|及以上|以上|以内|以下|之内|起))?的?",
    FLAGS,
)


def plain_measures(text: str) -> str:
    """The text with each measure as one search word ("at least 500 ml", 500毫升以上: "500ml")."""

    def plain(match: re.Match[str]) -> str:
        unit = match.group("unit").lower()
        return f" {match.group('amount')}{_ZH_MEASURE_UNITS.get(unit, unit)} "

    return _MEASURE.sub(plain, text)


def narrows_by_measure(text: str) -> bool:
    """Whether the request only bounds a measure ("at least 500ml?", 要2升以上的).

    Such a request narrows the last search; a measure alone ("加一个1 L的") names a variant.
    """
    bounded = any(m.group("before") or m.group("after") for m in _MEASURE.finditer(text))
    query = parse_search(text).query
    return bounded and bool(query) and all(map(is_measure, query.split()))


def is_measure(words: str) -> bool:
    """Whether the words are one measure: "1 L", "500ml", "2升"."""
    return bool(_MEASURE.fullmatch(words.strip()))


def names_a_measure(text: str) -> bool:
    """Whether the text names a measure anywhere ("加一个1 L的")."""
    return bool(_MEASURE.search(text))


# --- size and colour ----------------------------------------------------------------------------

_SIZE = r"(?P<size>\d{2}(?:\.5)?|x{0,3}[sml]|\d?xl|small|medium|large)"
_WORD_SIZES = {"SMALL": "S", "MEDIUM": "M", "LARGE": "L"}

SIZE_PATTERNS: tuple[str, ...] = (
    rf"\bsize\s*(?:is\s+|of\s+|[:=]\s*)?{_SIZE}\b",  # size 42, size M, size is 42
    r"\b(?:in|an?|need an?)\s+(?P<size>x{0,3}[sml]|\d?xl)\b(?!\s*(?:of|pack))",  # in M, an L
    r"\b(?:eu|us|uk)\s*(?P<size>\d{1,2}(?:\.5)?)\b",  # EU 42
    r"\b(?:in|need)\s+(?:an?\s+)?(?P<size>(?:3[4-9]|4[0-8])(?:\.5)?)\b",  # in 42, need a 44 (shoes)
    rf"{_SIZE}\s*码",  # 42码, M码
    rf"(?:尺码|鞋码)\s*(?:是|为|改成|改为|[:：])?\s*{_SIZE}",  # 尺码42, 鞋码改成43
    r"(?P<size>x{0,3}[sml]|\d?xl)\s*号",  # M号
    # 穿42, wear 41
    r"(?:穿|\bwear(?:ing)?\s+(?:an?\s+|size\s+)?)\s*(?P<size>\d{2}(?:\.5)?)(?![\d元块])",
)


def take_size(text: str) -> tuple[str | None, str]:
    """The size the text names ("size 42", "42码", "M码"), upper-cased, and the text without it."""
    for pattern in SIZE_PATTERNS:
        match = re.search(pattern, text, FLAGS)
        if match:
            size = match.group("size").upper()
            return _WORD_SIZES.get(size, size), _cut(match)
    return None, text


# English value, English word, Chinese word (option values are stored in English)
COLOURS: tuple[tuple[str, str, str], ...] = (
    ("black", "black", "黑"),
    ("white", "white", "白"),
    ("red", "red", "红"),
    ("blue", "blue", "蓝"),
    ("navy", "navy", "藏青"),
    ("green", "green", "绿"),
    ("grey", "gr[ae]y", "灰"),
    ("pink", "pink", "粉"),
    ("yellow", "yellow", "黄"),
    ("purple", "purple", "紫"),
    ("brown", "brown", "棕"),
    ("beige", "beige", "米"),
    ("silver", "silver", "银"),
    ("gold", "gold", "金"),
    ("orange", "orange", "橙"),
)


_COLOUR_WORDS = "|".join(rf"\b{english}\b|{chinese}色?" for _, english, chinese in COLOURS)


def find_colour(text: str) -> str | None:
    """The colour the text names ("black", "黑色"), as the store's English value."""
    for value, english, chinese in COLOURS:
        if re.search(rf"\b{english}\b|{chinese}色", text, FLAGS):
            return value
    return None


def said_options(text: str) -> dict[str, str]:
    """The variant options the text names: {"size": "42", "color": "black"}."""
    size, _ = take_size(text)
    return {name: value for name, value in (("size", size), ("color", find_colour(text))) if value}


# --- quantity -----------------------------------------------------------------------------------

_UNITS_EN = (
    r"(?:x\b|of\b|pairs?\b|pieces?\b|pcs\b|units?\b|items?\b|copies\b|packs?\b|boxes\b"
    r"|bags?\b|bottles?\b|sets?\b|decks?\b|cases?\b)"
)
_UNITS_ZH = "[" + re.sub("[码号元块毛]", "", ZH_UNITS) + "]"  # counts, not sizes or money
ZH_TAKE = "来拿要买加整搞弄"
"""Chinese verbs of taking one ("来包薯片", "整一个", "搞两瓶")."""
_TAKE = rf"(?:\badd|\bget|\bbuy|\btake|\bwant|\bneed|\bthrow|\bput|\border|\bgrab|[{ZH_TAKE}])"

QUANTITY_PATTERNS: tuple[str, ...] = (
    rf"{_TAKE}\s*(?P<n>\d+)\s*(?:{_UNITS_ZH}|{_UNITS_EN})",  # 拿5袋, add 3 of
    rf"\b(?P<n>\d+)\s*{_UNITS_EN}",  # 2 of, 2 pairs
    r"\b(?:x|qty|quantity)\s*[:=]?\s*(?P<n>\d+)\b",  # x2, qty 2
    rf"(?<![第前\d])(?P<n>\d+)\s*{_UNITS_ZH}(?!装)",  # 2件
    r"^\s*(?P<n>\d+)\s+(?!gb|tb|mm|cm|ml|inch|mah|w\b|l\b)(?=[a-z])",  # 2 uno decks
    r"^\s*(?P<n>one)\s+(?=[a-z])",  # one pack of socks
    r"\b(?:just|only)\s+(?P<n>one)\s*$",  # ..., just one
)
NEW_QUANTITY_PATTERNS: tuple[str, ...] = (
    r"\b(?:to|it|that|them|those|just|only)\s+(?P<n>\d+|one)\b",  # to 3, make that 3, just 1
    r"(?:改成|改为|换成|变成|设为|设成|只要)\s*(?P<n>\d+)",  # 改成3
    *QUANTITY_PATTERNS,
)


def _first_number(patterns: tuple[str, ...], text: str) -> int | None:
    for pattern in patterns:
        match = re.search(pattern, text, FLAGS)
        if match:
            return 1 if match.group("n").lower() == "one" else int(match.group("n"))
    return None


# A pack size names a variant, not how many: "the 20-pack", "the 6 pack", 20包装, 20包的那种.
PACK_SIZE = (
    r"(?<![a-z\d.-])\d+\s*-?\s*(?:packs?|pk)\b"
    r"|\d+\s*[包盒袋瓶罐支片]装|\d+\s*[包盒袋瓶罐](?=的|那种)"
)


def find_quantity(text: str) -> int | None:
    """How many the customer wants ("2 of", "3 packs", "来2包"), if the text says.

    A pack size beside a count is the variant ("the 20-pack, 5 of them": 5); alone, it may
    be the count ("来20包的").
    """
    without_packs = re.sub(PACK_SIZE, " ", text, flags=FLAGS)
    return _first_number(QUANTITY_PATTERNS, without_packs) or _first_number(QUANTITY_PATTERNS, text)


def find_new_quantity(text: str) -> int | None:
    """The quantity a cart line should change to ("to 3", "改成3个")."""
    return _first_number(NEW_QUANTITY_PATTERNS, text)


# --- which product --------------------------------------------------------------------------------

FIRST_N_PATTERNS: tuple[str, ...] = (
    r"\b(?:the\s+)?(?:first|top)\s+(?P<n>[2-9])\b",  # the first two
    r"前\s*(?P<n>[2-9])\s*" + _UNITS_ZH + "?",  # 前两个
)
BOTH_PATTERN = r"\bboth\b|2个都|这2个|这俩|2款"
ORDINAL_PATTERNS: tuple[str, ...] = (
    rf"\b(?P<n>{EN_ORDINAL})\b",  # the second one
    r"(?:\bnumber|\bno\.|#|\boption|\bitem)\s*(?P<n>\d{1,2})\b",  # number 2, item 2
    rf"第\s*(?P<n>\d+)\s*{_UNITS_ZH}?",  # 第二个
    r"最后(?:一)?(?P<n>)(?:个|款|件|双)",  # 最后一个
)
PRODUCT_ID_PATTERN = (
    r"(?:\bproducts?|\bids?|商品|产品|编号)\s*#?\s*(?P<ids>\d+(?:\s*(?:,|and|&|和|与|、)\s*#?\d+)*)"
)
SUPERLATIVES: tuple[tuple[str, str], ...] = (
    (
        "cheapest",
        # "the cheaper one" points at a listed product; "something cheaper" asks for a new list.
        r"\bcheapest\b|\bthe cheaper\b|\blowest[- ]priced?\b|\bthe less expensive\b"
        r"|\bleast expensive\b"
        r"|最便宜|价格最低|最低价|便宜(?:的|点的)?(?:那|这)(?:个|款|双|件)|便宜的",
    ),
    (
        "priciest",
        r"\bpriciest\b|\bthe pricier\b|\bthe more expensive\b|\bmost expensive\b"
        r"|最贵|(?<!太)贵的(?:那|这)?",  # 不要太贵的: "not too pricey"
    ),
    (
        "best_rated",
        r"\b(?:best|highest|top)[- ]rated\b|\bbest reviewed\b|\bhighest rating\b|\bbest one\b"
        r"|\bmore popular\b|\bmost popular\b|\b(?:better|best) reviews\b|\blike more\b"
        r"|\brated (?:the )?(?:highest|best)\b|\bbest ratings?\b"
        r"|评分最高|评价最好|好评最多|最好评|评分最好|口碑最好",
    ),
)
OTHER_OPTION = (
    r"\b(?:an?|another|other|different)\s+(?:flavou?rs?|colou?rs?|sizes?|scents?|versions?)\b"
    r"|(?:别的|其他|其它|另一种|另外一种|换个|换一个|不同)(?:口味|味道|颜色|尺码|款式|香味|规格)的?"
)
"""Another option of the product in focus: "one in a different flavour", 别的口味的."""
PRONOUN_PATTERN = (
    rf"\b(?:it|this|that|them|these|those)\b|这个|那个|这款|那款|这双|那双|它|{OTHER_OPTION}"
)


@dataclass(frozen=True)
class Reference:
    """Which product(s) of the last list the customer means."""

    ordinals: tuple[int, ...] = ()
    """1-based positions; LAST for "the last one"."""
    first_n: int | None = None
    """"the first two", "前两个", "both"."""
    product_ids: tuple[int, ...] = ()
    """Explicit ids: "product 12"."""
    superlative: str | None = None
    """"cheapest" or "best_rated"."""
    pronoun: bool = False
    """"it", "this one": the product in focus."""

    def __bool__(self) -> bool:
        return bool(
            self.ordinals or self.first_n or self.product_ids or self.superlative or self.pronoun
        )


def take_reference(text: str) -> tuple[Reference, str]:
    """Which product(s) the text points at, and the text without the pointing words."""
    first_n = None
    for pattern in FIRST_N_PATTERNS:
        match = re.search(pattern, text, FLAGS)
        if match:
            first_n, text = to_int(match.group("n")), _cut(match)
            break
    if first_n is None and (match := re.search(BOTH_PATTERN, text, FLAGS)):
        first_n, text = 2, _cut(match)
    ordinals = []
    for pattern in ORDINAL_PATTERNS:
        while match := re.search(pattern, text, FLAGS):
            ordinals.append(to_int(match.group("n")) if match.group("n") else LAST)
            text = _cut(match)
    ids: tuple[int, ...] = ()
    if match := re.search(PRODUCT_ID_PATTERN, text, FLAGS):
        ids, text = tuple(int(i) for i in re.findall(r"\d+", match.group("ids"))), _cut(match)
    superlative = None
    for name, pattern in SUPERLATIVES:
        if match := re.search(pattern, text, FLAGS):
            superlative, text = name, _cut(match)
            break
    pronoun = False
    if match := re.search(PRONOUN_PATTERN, text, FLAGS):
        pronoun, text = True, _cut(match)
    return Reference(tuple(ordinals), first_n, ids, superlative, pronoun), text


# --- what is left: the search words -------------------------------------------------------------

CHEAPER = (
    r"\bcheaper\b|\bless expensive\b|\blower[- ]priced\b|\bless pricey\b"
    r"|\btoo (?:expensive|pricey|much)\b|\bout of my (?:budget|price range)\b"
    r"|(?:更|再|还)便宜|便宜(?:一点|一些|点|些)|(?:太|有点|有些)贵|贵了"
)
"""A comparative: cheaper than what was shown ("anything cheaper?", 有没有便宜点的)."""
CHEAPER_STEP = 0.01
"""How far below the cheapest shown price "cheaper" searches (one fen: strictly below)."""


def asks_cheaper(text: str) -> bool:
    """Whether the text asks for cheaper than what was shown, without naming a price."""
    return bool(re.search(CHEAPER, text, FLAGS)) and take_budget(text)[0].max_price is None


SORT_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "price_asc",
        r"\bcheap(?:est|er)?\b|\bless (?:expensive|pricey)\b|\blower[- ]priced\b|\bbudget\b"
        r"|\baffordable\b|\binexpensive\b"
        r"|\b(?:nothing|not|none)\s+(?:too\s+|that\s+|very\s+|super\s+)?"
        r"(?:expensive|pricey|pricy|fancy|spendy)\b"
        r"|最便宜|(?:更|再)?便宜(?:的|点|一点|些)?|实惠|(?:不要|别|不用|不能)太贵(?:的)?",
    ),
    (
        "rating",
        r"\b(?:best|highest|top)[- ]rated\b|\bbest\b|\bpopular\b"
        r"|评分最高|好评|(?:评[分价]|口碑)(?:更|比较|最)?[高好](?:一点|一些|点|些)?的?"
        r"|\b(?:better|higher)[- ]rated\b"
        r"|\bbetter reviews\b|\bbest reviews\b",
    ),
)

EN_FILLER = frozenset(
    """
    a an the some any me my i i'm im i'd i'll we us you your please pls plz can could would will
    do does did show find search look looking for want wanna need get buy purchase recommend
    recommendation something anything like to of with in on and or is are there here have has
    got hi hello hey ok okay thanks thank also maybe just one ones pair pairs new good nice
    add put take cart basket into from it this that these those item items product products
    what which about see let lets let's tell give some more oh wait actually hmm um sorry
    how instead rather then else ill i've ive id dont don't gonna gotta lemme gimme u ya but so
    bigger larger great cool awesome perfect lovely alright excellent
    ugh meh hm welp aw tho though really actually another yo thats that's
""".split()
)
"""Words that name no product, contractions typed without the apostrophe among them ("ill take
the cheaper one")."""

# Longest first, so "帮我找" goes before "帮我".
ZH_FILLER: tuple[str, ...] = tuple(
    sorted(
        """
    帮我找找 帮我找 帮我搜 帮我看看 帮我选 帮我 给我找 给我推荐 给我看看 给我 请帮我
    请问 我想买 我想要 我要买 我要找 我想找 我需要 我要 我想 想买 想要 需要 推荐一下
    推荐 找一下 找找 找 搜索 搜一下 搜 看看 看一下 有没有 有什么 有哪些 一双 一件 一个
    一些 一款 一条 一台 请 吗 呢 吧 啊 呀 你好 您好 谢谢 购物车 加到 加入
    挑个 挑一个 选个 选一个 挑 亲 那就要 那就 就它了 就它 小号 中号 大号 了
    好一点的 好一点 好点的 好一些的 大一点的 大一点 大一些 更大的 更大
    有吗 有卖 有没有 还有 来看看 几个 几款 个 呗 那种 就行 推荐几个 换成 换个 算了
    那个 这个 那款 这款 那双 这双 那件 这件 几双 几件 几台 几条 几本
    哪个 哪款 哪一个 哪一款 哪双 哪件 哪台 哪种 想买点 买点 来点
    有木有 有没 瞅瞅 瞧瞧 瞅一下 瞧一下 有啥 有么
""".split(),
        key=len,
        reverse=True,
    )
)

_EDGE_PUNCTUATION = " \t\n,.!?;:，。！？；：、~-—的"

# Who it is for ("a razor for my husband", 给老公买个剃须刀): not part of what to search.
_RECIPIENTS_EN = (
    "husband hubby wife boyfriend bf girlfriend gf fiance fiancee partner mom mum mother dad"
    " father parents son daughter kid kids child baby brother sister bro sis niece nephew"
    " grandma grandpa granny friend bestie boss colleague coworker teacher him her them"
)
_RECIPIENTS_ZH = (
    "老公 老婆 媳妇 男朋友 男友 女朋友 女友 对象 妈妈 我妈 老妈 妈 爸爸 我爸 老爸 爸 爸妈 父母 儿子"
    " 女儿 孩子 小孩 宝宝 娃 弟弟 哥哥 姐姐 妹妹 侄子 侄女 外甥 爷爷 奶奶 外婆 外公 姥姥 长辈"
    " 朋友 闺蜜 兄弟 同事 领导 老板 老师"
)
RECIPIENT = (
    r"\b(?:for|to)\s+(?:my\s+|our\s+)?(?:"
    + "|".join(_RECIPIENTS_EN.split())
    + r")\b|(?:想?送给?|给|帮)(?:我|我的|我家)?(?:"
    + "|".join(sorted(_RECIPIENTS_ZH.split(), key=len, reverse=True))
    + r")(?:的)?"
)
# Where the recipient is all there is to go by (a gift, what they like), it stays in the query:
# the shop finds gifts for "my dad" by it (store/kinds.toml).
_GIFT_WORDS = (
    r"\b(?:gifts?|presents?|birthday|bday)\b"
    r"|\b(?:who|that|she|he|they)(?:'s| is| are)?\s+(?:likes?|loves?|into|enjoys?)\b"
    r"|礼物|礼品|生日|喜欢|爱(?!心)"
)


def without_recipient(text: str) -> str:
    """The text without whom the product is for, unless a gift is all it asks for."""
    if re.search(_GIFT_WORDS, text, FLAGS):
        return text
    cut = re.sub(RECIPIENT, lambda m: "" if has_cjk(m.group()) else " ", text, flags=FLAGS)
    return cut if cut != text and _strip_filler(cut) else text


# A classifier after a verb of taking or asking counts, it names nothing ("来包薯片", "推荐点零食",
# "买1双跑鞋"); these words start with one and are names ("买双肩包", "来个台灯").
_MEASURES = "个件双包瓶盒袋台本支条只份罐箱套副把杯片粒点些"
_MEASURE_LED = "双肩 台灯 包包 条纹 套装 盒子 袋子 瓶子 罐子 箱子 支架 杯子 片装".split()
_COUNTED = (
    rf"(?:[整搞弄]|(?<=[{ZH_TAKE}荐看]))\s*(?:\d+\s*)?(?!{'|'.join(_MEASURE_LED)})[{_MEASURES}]"
    rf"(?=[\u3400-\u9fff])|(?<![\da-z.第前])\d+\s*[{_MEASURES}](?!装)(?=[\u3400-\u9fff])"
)


def without_count(text: str) -> str:
    """The text without the classifier of a count ("来包薯片" -> "来薯片").

    整, 搞 and 弄 go with it: they are verbs only before one ("整一个剃须刀" -> "剃须刀").
    """
    return re.sub(_COUNTED, "", text, flags=FLAGS)


def strip_filler(text: str) -> str:
    """The words that name a product, without greetings, verbs, particles and recipients."""
    return _strip_filler(without_recipient(without_count(text)))


def _strip_filler(text: str) -> str:
    text = re.sub(r"^\s*有(?!机)(?=[^吗]+吗)", " ", text)  # 有防水的吗: "do you have", not a name
    text = re.sub(r"\b(?:i'?m|i am|we'?re|we are)\s+after\b", " ", text, flags=FLAGS)  # "want"
    text = re.sub(
        r"\bby any chance\b|\bif (?:you|u) (?:have|got) (?:any|one)\b", " ", text, flags=FLAGS
    )
    for phrase in ZH_FILLER:
        text = text.replace(phrase, " ")
    text = re.sub(r"^\s*那(?![个款双件种些])", " ", text)  # 那换成保温杯呢: "then"
    text = re.sub(r"^\s*再", " ", text)  # 再看看有没有薯片: "also"
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s*不\s*[?？]?\s*$", " ", text)  # 推荐不: a question
    text = re.sub(rf"^\s*(?:要(?!买)|[{ZH_TAKE}](?=\s|的|$))", " ", text)  # 要辣一点的: "I want"
    words = re.findall(r"[\w'’.-]+|[^\w\s]", text)
    kept = [w for w in words if w.lower().replace("’", "'") not in EN_FILLER]
    joined = " ".join(kept)
    # Rejoin Chinese pieces the word split separated ("跑步 鞋" -> "跑步鞋").
    joined = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", joined)
    joined = re.sub(r"\s*(?:[,!?;:，。！？；：、]|\.(?!\d)|(?<!\d)\.)+\s*", " ", joined)  # not 1.5l
    return joined.strip(_EDGE_PUNCTUATION)


# Search words that only describe, and so narrow the kind searched last: "anything waterproof",
# "any wireless ones", "有防水的吗", "轻一点的呢"; and words made to describe ("waterproof").
_DESCRIBING = (
    r"\b(?:anything|something)\s+{q}\b|\b{q}\s+ones?\b|(?<![a-z\d-]){q}(?:一点|一些|点|些)?的"
    r"(?:那|这)?(?:个|款|双|件|种)?(?:吗|呢|吧|么|有吗|有没有)?\s*[?？]?\s*$"
)
_DESCRIBING_WORD = r"\w{3,}(?:proof|less)"


def only_describes(text: str, query: str) -> bool:
    """Whether the search words describe a product rather than name a kind of one."""
    if re.fullmatch(rf"{_DESCRIBING_WORD}(?:\s+{_DESCRIBING_WORD})*", query, FLAGS):
        return True
    if find_colour(query) and not re.sub(_COLOUR_WORDS, " ", query, flags=FLAGS).strip():
        return True  # "any in black?"
    if narrows_by_measure(text):
        return True  # "bigger ones, at least 500ml?"
    return bool(re.search(_DESCRIBING.format(q=re.escape(query)), text, FLAGS))


def joined(words: str, kind: str) -> str:
    """Describing words put before the kind they narrow ("waterproof backpacks", "防水双肩包")."""
    if words.casefold() in kind.casefold():
        return kind
    if _is_brand(words):  # "华为手机" then "苹果的呢": the other brand's phones
        kind = " ".join(w for w in _brands_cut(kind).split() if not _is_brand(w)) or kind
    return f"{words}{kind}" if has_cjk(words) and has_cjk(kind) else f"{words} {kind}"


@dataclass(frozen=True)
class SearchRequest:
    """A search, as the customer said it."""

    query: str
    budget: Budget
    size: str | None
    sort: str | None


def parse_search(text: str) -> SearchRequest:
    """Query words, budget, size and sort order of a search request."""
    budget, text = take_budget(plain_measures(text))
    size, text = take_size(text)
    sort = None
    for name, pattern in SORT_PATTERNS:
        if match := re.search(pattern, text, FLAGS):
            sort, text = name, _cut(match)
            break
    text = re.sub(CHEAPER, " ", text, flags=FLAGS)  # "too pricey": the last list, cheaper
    return SearchRequest(strip_filler(text), budget, size, sort)


def leftover_words(text: str, *, also: str = "") -> str:
    """What remains once sizes, colours, quantities, pointers and filler are gone.

    Empty means the text only points at listed products ("add the cheapest in size 42");
    words left over mean it names something new ("the cheapest running shoes"). `also` is a
    pattern of more words to drop (the intent's own verbs).
    """
    _, text = take_size(without_count(text))
    _, text = take_reference(text)
    for pattern in QUANTITY_PATTERNS:
        text = re.sub(pattern, " ", text, flags=FLAGS)
    for _value, english, chinese in COLOURS:
        text = re.sub(rf"\b{english}\b|{chinese}色", " ", text, flags=FLAGS)
    text = re.sub(FLAVOUR, " ", text)
    if also:
        text = re.sub(also, " ", text, flags=FLAGS)
    return " ".join(w.strip(ZH_PARTICLES) for w in strip_filler(text).split()).strip()


# A question only the people who bought it can answer ("is it comfy?", 好用吗): their rating does.
OPINION = (
    r"\b(?:comfy|comfortable|good|any good|worth(?: it| the money| buying)?|reliable|durable"
    r"|well made|nice|decent|recommended|popular|tasty|easy to use|quality|legit|solid)\b"
    r"|好用|舒服|舒适|耐用|值得|值不值|划算|好不好|质量|靠谱|好穿|好吃|好喝|好看|实用"
)


def asks_opinion(asked: str) -> bool:
    """Whether the words asked about a product are an opinion, not a fact its page states."""
    return bool(asked) and bool(re.search(OPINION, asked, FLAGS))


FLAVOUR = r"(?:^|(?<=\s))[\u4e00-\u9fff]{1,3}味的?(?=\s|$)"
"""A flavour said apart from the name ("乐事薯片 番茄味的"): a variant, not search words."""

ZH_PARTICLES = "就到把给在了吧呢啊呀的也都还再又"
"""Characters that, at the edge of the words left, name nothing ("就它了", "把辣条删了")."""


# --- orders and payment methods -------------------------------------------------------------------

ORDER_ID_PATTERN = (
    r"\border\s*(?:no\.?|number|#)?\s*(?P<id>\d+)"
    r"|订单\s*#?\s*(?P<zh>\d+)|(?P<zh2>\d+)\s*号订单"
)
ORDER_STATUS_WORDS = (
    r"\bstatus\b|\bwhere\b|\btrack|\bshipped\b|\bdelivery\b"
    r"|状态|到哪|物流|快递|发货"
)


def find_order_id(text: str) -> int | None:
    """An order id the text names ("order 12", "订单12", "12号订单")."""
    match = re.search(ORDER_ID_PATTERN, text, FLAGS)
    if match is None:
        return None
    return int(next(g for g in match.groups() if g))


# --- preferences ----------------------------------------------------------------------------------

DISLIKE = (
    r"\bdislike|\bdon'?t like\b|\bcan'?t stand\b|\bhate\b|\bavoid\b|\bnot a fan of\b"
    r"|\bno more\b|不喜欢|讨厌|不要(?!了|太)|别给我推荐"  # 不要太贵的: "not too", a wish
)
# Key, and the words that show it (first match wins: "don't like" before "like").
PREFERENCE_KEYS: tuple[tuple[str, str], ...] = (
    ("dislikes", DISLIKE),
    ("shoe_size", r"\bshoes?\b|\bsneakers?\b|鞋"),
    ("clothing_size", r"\bcloth(?:es|ing)\b|\bshirts?\b|\bjackets?\b|\bdress|衣|裤|服"),
    ("budget", r"\bbudget\b|\bspend\b|预算"),
    ("favourite_brands", r"\bfavou?rite\b|\bbrands?\b|\blike\b|\blove\b|\bprefer\b|喜欢|品牌|偏爱"),
    ("size", r"\bsize\b|尺码|码"),
)

_VALUE_AFTER = (
    r"(?:\bis\b|\bare\b|=|:|：|是|为|\blike\b|\blove\b|\bprefer\b|\bhate\b|\bavoid\b|喜欢|讨厌|偏爱)"
    r"\s*(?P<value>.+)$"
)
_BARE_SIZE = (
    r"(?<![A-Za-z\d.])(?P<size>(?:3[0-9]|4[0-9]|5[0-2])(?:\.5)?|x{0,3}[sml]|\d?xl)"
    r"(?![A-Za-z\d.])"
)


def preference_key(text: str) -> str | None:
    """The preference the text is about ("my shoe size" -> shoe_size)."""
    return next((key for key, pattern in PREFERENCE_KEYS if re.search(pattern, text, FLAGS)), None)


REMEMBER_WORDS = (
    r"\b(?:please |pls )?(?:remember|keep (?:that |this |it )?in mind|note)\b(?: that| it| this)?"
    r"(?: for (?:next time|the future|later))?|记住|记一下|记下|以后"
)
# Words around a disliked name that are not the name ("Nike stuff", "Nike的东西").
_DISLIKE_FILLER = (
    r"\b(?:stuff|things|products|brand|anything|any more|anymore|fyi|i|i'm)\b|的东西|东西"
    r"|牌子|品牌|的"
)


# Brands people name in Chinese, as the catalog spells them.
BRANDS_ZH = {
    "苹果": "Apple",
    "耐克": "Nike",
    "阿迪": "Adidas",
    "阿迪达斯": "Adidas",
    "三星": "Samsung",
    "华为": "Huawei",
    "小米": "Xiaomi",
    "荣耀": "Honor",
    "一加": "OnePlus",
    "联想": "Lenovo",
    "索尼": "Sony",
    "李宁": "Li-Ning",
    "安踏": "Anta",
    "特步": "Xtep",
    "亚瑟士": "Asics",
    "新百伦": "New Balance",
    "匡威": "Converse",
    "斯凯奇": "Skechers",
    "优衣库": "Uniqlo",
    "波司登": "Bosideng",
    "北面": "The North Face",
    "凯乐石": "Kailas",
    "迪卡侬": "Decathlon",
    "飞利浦": "Philips",
    "欧乐B": "Oral-B",
    "博朗": "Braun",
    "松下": "Panasonic",
    "戴森": "Dyson",
    "美的": "Midea",
    "苏泊尔": "Supor",
    "九阳": "Joyoung",
    "海尔": "Haier",
    "格力": "Gree",
    "科沃斯": "Ecovacs",
    "大疆": "DJI",
    "佳明": "Garmin",
    "罗技": "Logitech",
    "漫步者": "Edifier",
    "安克": "Anker",
    "膳魔师": "Thermos",
    "双立人": "Zwilling",
    "乐高": "LEGO",
    "泡泡玛特": "Pop Mart",
    "无印良品": "MUJI",
    "宜家": "IKEA",
    "新秀丽": "Samsonite",
    "杰斯伯": "JanSport",
    "兰蔻": "Lancôme",
    "雅诗兰黛": "Estée Lauder",
    "资生堂": "Shiseido",
    "欧莱雅": "L'Oreal",
    "花西子": "Florasis",
    "完美日记": "Perfect Diary",
    "珀莱雅": "Proya",
    "薇诺娜": "Winona",
    "三只松鼠": "Three Squirrels",
    "卫龙": "Weilong",
    "伊利": "Yili",
    "蒙牛": "Mengniu",
}


def brand_name(name: str) -> str:
    """A brand as the catalog spells it ("苹果" -> "Apple")."""
    return BRANDS_ZH.get(name, name)


_BRAND_ZH = re.compile("|".join(sorted(BRANDS_ZH, key=len, reverse=True)))


# Chinese brand names that are also common words: the brand only beside a kind it makes
# (苹果手机 is an iPhone, 苹果 alone or 苹果味 is fruit). The search gets the catalog's spelling,
# as the catalog's Chinese titles call the brand by its own name ("Apple iPhone 16 手机").
_BRAND_BESIDE = {
    "苹果": "手机 耳机 平板 电脑 笔记本 手表 充电 数据线 数码 电子 iphone ipad mac airpods watch",
}
# A taste said in one character is too short for the shop's Chinese search, which finds it by
# the catalog's English words (its flavours: "Spicy"); not inside a name (辣条, 辣椒, 甜品).
_TASTES = (
    (r"(?:麻|香|微|特)?辣(?:味|一点|点|些)?的?(?![条椒酱油])", "spicy"),
    (r"甜(?:味|一点|点|些)?的?(?![品点筒])", "sweet"),
)


def catalog_words(query: str) -> str:
    """The search words as the shop finds them.

    A word that is also a brand is spelt as the brand beside its kinds; a taste in the
    catalog's words.
    """
    for name, kinds in _BRAND_BESIDE.items():
        if name in query and any(kind in query.casefold() for kind in kinds.split()):
            query = re.sub(rf"\s*{name}(?:的|家)?\s*", f" {BRANDS_ZH[name]} ", query)
    for pattern, words in _TASTES:
        query = re.sub(rf"\s*{pattern}\s*", f" {words} ", query)
    return query.strip()


def _is_brand(words: str) -> bool:
    return words in BRANDS_ZH or words.casefold() in {b.casefold() for b in BRANDS_ZH.values()}


def _brands_cut(text: str) -> str:
    return _BRAND_ZH.sub(" ", text)


def catalog_spelling(text: str) -> str:
    """The text with Chinese brand names spelt as in the catalog ("华为那款" -> " Huawei 那款")."""
    return _BRAND_ZH.sub(lambda m: f" {BRANDS_ZH[m.group()]} ", text)


def parse_preference(text: str) -> tuple[str, str] | None:
    """What to remember: "remember my shoe size is 42" -> ("shoe_size", "42")."""
    text = re.sub(REMEMBER_WORDS, " ", text, flags=FLAGS).strip(" ,.:：，。!！")
    key = preference_key(text)
    if key == "dislikes":
        after = re.split(DISLIKE, text, maxsplit=1, flags=FLAGS)[-1]
        name = re.split(
            r"[,.;!?，。；！？\s]{1,}(?=\S)",
            re.sub(_DISLIKE_FILLER, " ", after, flags=FLAGS).strip(),
        )[0]
        name = name.strip(" ,.!?")
        return (key, brand_name(name)) if name else None
    if key in ("shoe_size", "clothing_size", "size", None):
        size, _ = take_size(text)
        bare = re.search(_BARE_SIZE, text, FLAGS)
        size = size or (bare.group("size").upper() if bare else None)
        if size:
            if key in ("size", None):  # a number is a shoe size, a letter a clothing size
                key = "shoe_size" if size[0].isdigit() else "clothing_size"
            return key, size
    if key == "budget":
        budget, _ = take_budget(text)
        amount = budget.max_price or next(iter(re.findall(r"\d+(?:\.\d+)?", text)), None)
        return (key, f"{float(amount):g}") if amount else None
    match = re.search(_VALUE_AFTER, text, FLAGS)
    value = (match.group("value") if match else text).strip(" ,.:：，。!！")
    return (key or "note", value) if value else None
