"""Text to search terms: one analyser for the index and for queries, in English and Chinese.

English words are lower-cased and stemmed (Snowball), so "earbud" finds "earbuds". Model
numbers keep their joined form and also give their letter and digit parts ("5900X" -> 5900x,
5900; "RTX 4070" and "RTX4070" meet on rtx, 4070 and rtx4070). Chinese runs are segmented with
jieba's search mode, which also yields the shorter words inside long ones, so 无线耳机 meets
无线蓝牙耳机 on 无线 and 耳机.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import jieba
import snowballstemmer

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not ours to print

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD_SPLIT = re.compile(r"([^\W_]+)")  # words: letters and digits of any script (CJK cut first)
_LETTERS_DIGITS = re.compile(r"\d+|[^\W\d_]+")
_ACCENTS = re.compile(r"[\u0300-\u036f]")  # combining marks of Latin letters ("é" = e + ́)
_TAG = re.compile(r"<[^>]{0,200}>")
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")  # an unfilled template field: "{{email}}"
_LINK = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|(?<!\S)/)\S+")  # "/p/x" only as a whole word
_JOINERS = frozenset({" ", "-", "."})  # what may sit between the halves of "RTX 4070", "TK-350"
_MIN_PART = 2  # letter/digit parts shorter than this ("x" of "5900x") match too much

# Words that carry no meaning for matching, in documents and in queries.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours 的 了 和 与 或 及 是 在 吗 呢 吧 啊 也 都 就 把 被""".split()
)

# Words of the act of shopping rather than of the thing wanted ("show me the cheapest offers"),
# and of checkout forms pasted along with a request. Queries only: titles keep them.
SHOPPING_FILLER = frozenset(
    """find search show give get looking look want need like please buy purchase order orders
    ordering offer offers offered deal deals product products item items shop shops store stores
    seller sellers available availability across cheapest cheap cheaper cheaply lowest lower
    price prices priced pricing cost costs best top good great nice recommend recommended
    recommendation recommendations suggest suggestion alternative alternatives similar option
    options return returns multiple share shares sharing exactly least highest largest
    respective respectively add adding cart basket shopping found put place placing date
    checkout complete completing process pay paying payment via using use following
    information info address cvv expiry credit number page link url http https www com html
    got sell sells selling carry guys u ur pls plz hi hey hello thanks thank any anything
    something stuff thing things really just maybe somewhere though nothing bucks buck kuai
    yuan rmb dollars budget around max maximum min minimum within less expensive brand brands
    帮 帮我 帮忙 我 我们 你 您 找 找找 找一下 搜 搜索 搜一下 查 查找 查询 推荐 推荐一下 一下
    想 想要 要 需要 买 购买 请 给 给我 看 看看 有没有 有 没有 一个 一款 一些 几款 几个 些 个
    款 一双 一件 一台 一部 一只 一条 一套 所有 全部 便宜 最便宜 便宜点 实惠 最 好 好的
    最好 哪些 哪个 什么 商品 产品 价格 亲 呗 呀 嘛 么 哦 啦 哈 本 双 件 台 部 只 条 支 瓶
    把 张 辆 卖 预算 块 元 块钱 左右 以内 以下 以上 之间 之内 不超过 就行 就好 即可 一点
    东西 家里 有货 多少 多少钱""".split()
)

# Where a new noun phrase starts: the kind of product asked for is in the first that names
# one ("backpack for school": backpack; "SSDs with the highest read speed": SSDs).
PHRASE_BREAKS = frozenset(
    """for with which that who whose where so because to on from without under below over above
    in at by but or and than 给 适合 用于 送 和 或 或者 还有 跟 配""".split()
)
_BREAK_MARKS = re.compile(r"[,;:!?()\[\]\n，。；：！？、（）]|\.\s")

# Chinese question forms around the thing asked for: 有卖…吗, 有没有…, 想买个…, …有吗.
_ZH_ASKING = (
    re.compile(r"(?:你们|这里|这儿|店里|贵店)?还?(?:有没有|有无|有卖|卖不卖|在卖)"),
    re.compile(
        r"(?:我|俺)?(?:想|要|想要|打算|准备)?(?:买|购买|入手|找|推荐|看看|挑)一?"
        r"(?:个|本|双|件|台|部|只|条|套|支|瓶|把|张|辆|款)?"
    ),
    re.compile(r"(?:^|(?<=\s))有(?=\S+?(?:吗|么|嘛|没有))"),
    re.compile(r"^(?:个|本|款)(?=[\u4e00-\u9fff]{2})(?!田)"),  # 本三体: what 想买 left
    re.compile(r"(?:有货|有)?(?:吗|么|嘛|呢|呗|没有)(?=$|[\s，。？！,.?!])"),
)

# Where a pasted checkout form starts ("... and pay via credit card using: Address ..."): what
# follows is about paying, not about the thing wanted.
_CHECKOUT_FORM = re.compile(
    r"\b(?:pay|paying)\s+(?:via|with|by|using)\b|\bcomplete the checkout\b|\bcheckout process\b"
)

# Where one message asks for a second thing: "... and the cheapest offer for ...".
_NEXT_REQUEST = re.compile(
    r"\s+(?:and|as well as|plus)\s+(?=(?:the\s+|all\s+|also\s+)*(?:cheapest\s+|best\s+)?"
    r"(?:offers?|products?|deals?)\s+(?:for|of)\b)",
    re.IGNORECASE,
)

# Words that ask for an order rather than a thing: "cheapest X" is X by price.
_SORT_HINTS = (
    ("price_asc", re.compile(r"\b(?:cheapest|lowest[- ]priced?|least expensive)\b|最便宜")),
    ("price_desc", re.compile(r"\bmost expensive\b|\bpriciest\b|最贵")),
    ("rating", re.compile(r"\b(?:best|top|highest)[- ]rated\b|好评最多|评分最高|口碑最好")),
)

_stemmer = snowballstemmer.stemmer("english")
_stemming = threading.Lock()
"""A Snowball stemmer keeps the word it works on: two searches run at once (a comparison's
lookups) must not stem through it together."""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index form of one lower-case word; words with digits or non-ASCII letters stay as is.

    Snowball leaves acronym plurals alone ("ssds", "gpus"); their "s" goes too, so they meet
    their singular.
    """
    if not word.isascii() or not word.isalpha():
        return word
    with _stemming:
        stemmed: str = _stemmer.stemWord(word)
    if stemmed == word and len(word) > 2 and word[-1] == "s" and word[-2] != "s":
        if not any(ch in "aeiouy" for ch in word[:-1].rstrip("aeiouy")):
            return word[:-1]
    return stemmed


def normalize(text: str) -> str:
    """Unicode-compatible, case-folded text without markup or accents."""
    text = html.unescape(_TAG.sub(" ", text)) if "<" in text or "&" in text else text
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFD", text)
        if _ACCENTS.search(decomposed):
            text = unicodedata.normalize("NFC", _ACCENTS.sub("", decomposed))
    return text


@dataclass(frozen=True, slots=True)
class Token:
    """A word as written, its index terms, and how it was attached to the previous word."""

    surface: str
    terms: tuple[str, ...]  # its own index form first, then the parts of a model number
    joiner: str | None = None  # " ", "-" or "." when written right after the previous word
    cjk: bool = False
    breaks: bool = False  # punctuation (or, in Chinese, a space) came before it


@lru_cache(maxsize=500_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one word: its stem, or a model number whole and its letter/digit parts."""
    parts = _LETTERS_DIGITS.findall(word)
    if len(parts) == 1:
        return (stem(word),)
    return (word, *dict.fromkeys(p for p in parts if len(p) >= _MIN_PART and p != word))


def _latin_tokens(text: str) -> list[Token]:
    pieces = _WORD_SPLIT.split(text)  # [between, word, between, word, ..., between]
    return [
        Token(
            pieces[i],
            _word_terms(pieces[i]),
            pieces[i - 1] if i > 1 and pieces[i - 1] in _JOINERS else None,
            breaks=bool(_BREAK_MARKS.search(pieces[i - 1] + " ")),
        )
        for i in range(1, len(pieces), 2)
    ]


def has_cjk(text: str) -> bool:
    """Whether the text has Chinese characters."""
    return _CJK.search(text) is not None


def add_words(words: list[str]) -> None:
    """Teach jieba words it would cut apart (登机箱, not 登 + 机箱); index and queries agree."""
    for word in words:
        jieba.add_word(word)
    _cut.cache_clear()


@lru_cache(maxsize=100_000)
def _cut(run: str, whole_words: bool) -> tuple[str, ...]:
    return tuple(jieba.lcut(run) if whole_words else jieba.lcut_for_search(run))


def tokenize(text: str, *, whole_words: bool = False) -> list[Token]:
    """The words of a text, in order, each with its index terms (stopwords kept).

    Chinese is cut in jieba's search mode (long words and the words inside them), or into
    whole words only with `whole_words`.
    """
    text = normalize(text)
    if text.isascii():
        return _latin_tokens(text)
    tokens: list[Token] = []
    start = 0
    for match in _CJK.finditer(text):
        before = text[start : match.start()]
        tokens.extend(_latin_tokens(before))
        words = _cut(match.group(), whole_words)
        breaks = bool(start and (not before or before.isspace() or _BREAK_MARKS.search(before)))
        tokens.extend(
            Token(word, (word,), cjk=True, breaks=breaks and n == 0) for n, word in enumerate(words)
        )
        start = match.end()
    tokens.extend(_latin_tokens(text[start:]))
    return tokens


_UNIT_LETTERS = 4  # "tb", "mhz", "rtx", "gen": longer words next to a number are not its unit


@lru_cache(maxsize=200_000)
def _compound_kind(a: str, b: str, joiner: str) -> str | None:
    """How two neighbouring words written apart read as one, if they do.

    "unit": a number and a short word ("RTX 4070", "1 TB", "TK-350"); "hyphen": a short word
    hyphenated to a very short one ("Wi-Fi", "USB-C", "E-ATX").
    """
    if a in STOPWORDS or b in STOPWORDS:
        return None
    if (a.isalpha() and b.isdigit() and len(a) <= _UNIT_LETTERS) or (
        a.isdigit() and b.isalpha() and len(b) <= _UNIT_LETTERS
    ):
        return "unit"
    if (
        joiner == "-"
        and (a + b).isalpha()
        and min(len(a), len(b)) <= 2
        and max(len(a), len(b)) <= _UNIT_LETTERS
    ):
        return "hyphen"
    return None


def _compound(left: Token, right: Token) -> str | None:
    if right.joiner is None or left.cjk or right.cjk:
        return None
    return _compound_kind(left.surface, right.surface, right.joiner)


@lru_cache(maxsize=500_000)
def indexed_terms(word: str) -> tuple[str, ...]:
    """A document word's index terms: none for stopwords and single letters."""
    return _word_terms(word) if word not in STOPWORDS and (len(word) > 1 or word.isdigit()) else ()


def _latin_index_terms(text: str, terms: list[str]) -> None:
    """Add the index terms of a text without Chinese (the hot path of indexing)."""
    pieces = _WORD_SPLIT.split(text)
    joined = []
    previous = ""
    for i in range(1, len(pieces), 2):
        word = pieces[i]
        terms += indexed_terms(word)
        if pieces[i - 1] in _JOINERS and previous and _compound_kind(previous, word, pieces[i - 1]):
            joined.append(previous + word)
        previous = word
    terms.extend(joined)


def index_terms(text: str) -> list[str]:
    """The terms a document field is indexed under (stopwords dropped).

    Words' terms come in order, then the joined forms of neighbours ("rtx4070").
    """
    text = normalize(text)
    terms: list[str] = []
    if text.isascii():
        _latin_index_terms(text, terms)
        return terms
    start = 0
    for match in _CJK.finditer(text):
        _latin_index_terms(text[start : match.start()], terms)
        terms.extend(w for w in _cut(match.group(), False) if w not in STOPWORDS)
        start = match.end()
    _latin_index_terms(text[start:], terms)
    return terms


@dataclass
class Concept:
    """One thing the shopper asked for; a product covers it when it has any of `terms`.

    `key` is its own index form, `whole` the Chinese compound it was cut from (无线 of
    无线耳机), `phrase` the number of the noun phrase it stands in.
    """

    surface: str
    terms: set[str]
    correctable: bool = False
    key: str = ""
    whole: str | None = None
    phrase: int = 0
    synonyms: set[str] = field(default_factory=set)  # terms of the kind, not the words asked

    def __post_init__(self) -> None:
        self.key = self.key or min(self.terms, key=lambda t: (t != self.surface, len(t), t))


@dataclass
class ParsedQuery:
    """A query as the ranker sees it: concepts to cover, plus bonus phrase terms.

    `sort` is an order the words ask for ("cheapest": price_asc), if any.
    """

    concepts: list[Concept] = field(default_factory=list)
    bonus_terms: list[str] = field(default_factory=list)
    sort: str | None = None

    def all_terms(self) -> list[str]:
        """Every term that may match, once each, concepts first."""
        terms = [t for c in self.concepts for t in sorted(c.terms)] + self.bonus_terms
        return list(dict.fromkeys(terms))


def _page_slug(link: str) -> str | None:
    """A link's last path segment when it is a page's path (a product page's slug)."""
    path = link.split("?", 1)[0].split("#", 1)[0]
    segments = [s for s in path.split("/") if s]
    if len(segments) > 1 or path.startswith("/"):
        return segments[-1] if segments else ""
    return None


def _split_links(text: str) -> tuple[str, list[str]]:
    """The text without links, and each link's last path segment (a product page's slug)."""
    slugs: list[str] = []

    def keep_slug(match: re.Match[str]) -> str:
        if (slug := _page_slug(match.group())) is not None:
            slugs.append(slug)
        return " "

    own = _LINK.sub(keep_slug, _PLACEHOLDER.sub(" ", text))
    return own, slugs


def link_spans(text: str) -> list[tuple[int, int]]:
    """Where the links to pages stand in a normalized text (an unfilled host counts in)."""
    blanked = _PLACEHOLDER.sub(lambda match: " " * len(match.group()), text)
    return [
        (match.start(), match.end())
        for match in _LINK.finditer(blanked)
        if _page_slug(match.group()) is not None
    ]


def _is_filler(token: Token) -> bool:
    word = token.surface
    if word in STOPWORDS or word in SHOPPING_FILLER:
        return True
    return not token.cjk and len(word) == 1 and not word.isdigit()


def _concepts(tokens: list[Token], phrase: int = 0) -> tuple[list[Concept], list[str]]:
    """Concepts and bonus terms of a run of words; noun phrases are numbered from `phrase`."""
    concepts: list[Concept] = []
    bonus: list[str] = []
    skip_next = False
    for token, following in zip(tokens, [*tokens[1:], None], strict=False):
        if skip_next:
            skip_next = False
            continue
        if token.breaks or token.surface in PHRASE_BREAKS:
            phrase += 1
        start = len(concepts)
        skip_next = _add_concepts(token, following, concepts, bonus)
        for concept in concepts[start:]:
            concept.phrase = phrase
    return concepts, bonus


def _add_concepts(
    token: Token, following: Token | None, concepts: list[Concept], bonus: list[str]
) -> bool:
    """Add the concepts and bonus terms of one word; True if it took the next word too."""
    kind = _compound(token, following) if following else None
    if kind and following:
        bonus.append(token.surface + following.surface)
    if kind == "hyphen" and following and min(len(token.surface), len(following.surface)) > 1:
        # "wi-fi": neither half means anything alone, so both are one concept
        word = token.surface + following.surface
        concepts.append(Concept(word, {word, *token.terms, *following.terms}, key=word))
        return True
    if _is_filler(token):
        return False
    if token.cjk:
        concepts.extend(_cjk_concepts(token.surface))
    else:  # a model number is covered by itself; its parts ("mm" of "330mm") only help rank
        word = token.surface
        correctable = word.isalpha() and word.isascii() and len(word) >= 4
        concepts.append(Concept(word, {token.terms[0]}, correctable, key=token.terms[0]))
        bonus.extend(token.terms[1:])
    return False


def _without_asking(text: str) -> str:
    """Chinese text without the question form around what is asked for (有卖…吗 -> …)."""
    if not _CJK.search(text):
        return text
    for form in _ZH_ASKING:
        text = form.sub(" ", text)
    return text


def split_requests(text: str) -> list[str]:
    """The requests of one message asking for several things, or the message alone.

    Only a request that is restated counts ("the cheapest offer for A and the cheapest offer
    for B"): "black and white shoes" is one.
    """
    return [part for part in _NEXT_REQUEST.split(text) if part.strip()] or [text]


def _sort_hint(text: str) -> str | None:
    return next((sort for sort, words in _SORT_HINTS if words.search(text)), None)


def parse_query(text: str) -> ParsedQuery:
    """Turn what a shopper typed into concepts: filler dropped, words stemmed, models split.

    Numbers and their units stay separate concepts ("RTX 4070" must cover both), with their
    joined form as a bonus term. A pasted product link counts by its slug's words.
    """
    own_text, slugs = _split_links(normalize(text))
    own_text = _CHECKOUT_FORM.split(own_text, maxsplit=1)[0]
    query = ParsedQuery(sort=_sort_hint(own_text))
    seen: set[str] = set()
    phrase = 0
    for part in [_without_asking(own_text), *slugs]:
        concepts, bonus = _concepts(tokenize(part, whole_words=True), phrase)
        phrase = max([phrase, *(c.phrase for c in concepts)]) + 1  # a link is a phrase of its own
        query.concepts += [c for c in concepts if c.surface not in seen]
        seen.update(c.surface for c in concepts)
        query.bonus_terms += bonus
    query.bonus_terms = [t for t in dict.fromkeys(query.bonus_terms) if t not in seen]
    return query


def _cjk_concepts(word: str) -> list[Concept]:
    """A long Chinese word becomes the words inside it, each with the whole word as alternative.

    无线耳机 covers 无线 and 耳机, so it matches 无线蓝牙耳机. Characters left between the
    inner words count on their own.
    """
    inner = [w for w in _cut(word, False) if w != word and len(w) > 1]
    if not inner:
        return [Concept(word, _with_suffix_forms(word), key=word)]
    covered = {
        i for w in inner for start in _find_all(word, w) for i in range(start, start + len(w))
    }
    inner += [ch for i, ch in enumerate(word) if i not in covered and ch not in STOPWORDS]
    if len(inner) < 2:
        return [Concept(word, _with_suffix_forms(word), key=word)]
    return [Concept(w, {w, word}, key=w, whole=word) for w in dict.fromkeys(inner)]


def _with_suffix_forms(word: str) -> set[str]:
    """A word and its form with or without the noun suffix 子: 袜子 meets 袜, and 袜 meets 袜子."""
    if len(word) == 2 and word.endswith("子"):
        return {word, word[0]}
    return {word, word + "子"} if len(word) == 1 else {word}


def _find_all(text: str, part: str) -> list[int]:
    return [i for i in range(len(text) - len(part) + 1) if text.startswith(part, i)]
