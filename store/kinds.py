"""Kinds of product: which kind a query asks for, and the words that mean that kind.

A query names a kind ("running shoes", 蓝牙耳机, "phones") and modifiers (brand, colour,
size). The kind is the last kind-word of the first noun phrase that has one: "backpack for
school" asks for backpacks, 手机壳 for phone cases, not phones. Kind-words are the names in
`kinds.toml` (a curated list of kinds in both languages, each with its synonyms and broader
kinds) and the words of the catalog's own category names. A product is of the kind when its
title or category has one of the kind's names or the names of a narrower kind: "shoes" finds
sneakers, 行李箱 finds 拉杆箱 and 登机箱, "earbuds" finds 耳机.

Vague needs ("my cat scratches the sofa") name no kind, or the wrong one: the `[[need]]` cues
of `kinds.toml` turn them into the kinds that meet them.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from store.text import Concept, ParsedQuery, add_words, has_cjk, indexed_terms, tokenize

MAX_NAMES = 80
"""Most names a kind expands to with its narrower kinds: a broad word stays a cheap query."""


def name_form(name: str) -> str:
    """The index form of a name: its words' terms, space-separated ("Hair Dryers": hair dryer).

    Chinese words stay whole (they are words to jieba); letters alone and stopwords go, as
    they do from the index.
    """
    words = []
    for token in tokenize(name, whole_words=True):
        if token.cjk:
            words.append(token.surface)
        elif terms := indexed_terms(token.surface):
            words.append(terms[0])
    return " ".join(words)


@dataclass(frozen=True)
class Kind:
    """One kind of product: its names' index forms, broader kinds, and kinds it goes with.

    An accessory goes with a kind rather than being one: suggested instead, never found as it.
    `labels` are the names as written, to show.
    """

    names: tuple[str, ...]
    broader: tuple[int, ...]
    goes_with: tuple[int, ...] = ()
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    """A vague need: when the query has a cue of every group, it asks for `kinds`.

    A fallback need (who a gift is for) counts only when no other need does.
    """

    cues: tuple[frozenset[str], ...]
    kinds: tuple[int, ...]
    fallback: bool = False


class Lexicon:
    """The curated kinds and needs of `kinds.toml`."""

    def __init__(self, data: dict[str, list[dict[str, Any]]]) -> None:
        entries = data.get("kind", [])
        # A product line is a name of its kind (AirPods: earbuds), but no other of the kind is one.
        self.lines = {name_form(line) for entry in entries for line in entry.get("lines", [])}
        self.kinds: list[Kind] = []
        self.by_name: dict[str, set[int]] = defaultdict(set)
        written = [[*entry["names"], *entry.get("lines", [])] for entry in entries]
        forms = [[name_form(name) for name in names] for names in written]
        for number, names in enumerate(forms):
            for name in names:
                self.by_name[name].add(number)
        for names, entry, labels in zip(forms, entries, written, strict=True):
            broader, goes_with = (
                tuple(k for name in entry.get(key, []) for k in self.by_name[name_form(name)])
                for key in ("within", "goes_with")
            )
            named = tuple(dict.fromkeys(n for n in names if n))
            self.kinds.append(Kind(named, broader, goes_with, tuple(labels)))
        # Chinese names by their length in characters, for correcting a slipped character.
        self.chinese_by_length: dict[int, list[str]] = defaultdict(list)
        for name in self.by_name:
            if has_cjk(name):
                self.chinese_by_length[len(name)].append(name)
        self.narrower: dict[int, list[int]] = defaultdict(list)
        for number, kind in enumerate(self.kinds):
            for parent in kind.broader:
                self.narrower[parent].append(number)
        self.needs = [
            Need(
                tuple(frozenset(name_form(cue) for cue in group) for group in need["when"]),
                tuple(k for name in need["find"] for k in self.by_name[name_form(name)]),
                bool(need.get("fallback")),
            )
            for need in data.get("need", [])
        ]
        # A cue is a word the shopper meant, even where no product has it: never a typo.
        self.cues = {cue for need in self.needs for group in need.cues for cue in group}

    def label(self, kinds: Iterable[int], chinese: bool) -> str:
        """How to name these kinds to a shopper: each one's first name in their language."""
        labels = []
        for kind in kinds:
            written = self.kinds[kind].labels
            labels.append(next((n for n in written if has_cjk(n) == chinese), written[0]))
        return ("、" if chinese else ", ").join(dict.fromkeys(labels))

    def names(self, kinds: Iterable[int]) -> list[str]:
        """Names of these kinds and of every kind narrower than them, nearest first."""
        names: dict[str, None] = {}
        queue, seen = list(kinds), set()
        while queue and len(names) < MAX_NAMES:
            kind = queue.pop(0)
            if kind in seen:
                continue
            seen.add(kind)
            names.update(dict.fromkeys(self.kinds[kind].names))
            queue += self.narrower[kind]
        return list(names)[:MAX_NAMES]

    def accessory_names(self, kinds: Iterable[int]) -> list[str]:
        """Names of the accessories of these kinds, of narrower ones and of broader ones.

        A product named so is none of these kinds: a phone case is no phone, and no iPhone
        either, though it names one.
        """
        within = set(kinds)
        queue = list(within)
        while queue:
            kind = queue.pop()
            related = [*self.narrower[kind], *self.kinds[kind].broader]
            new = [k for k in related if k not in within]
            within.update(new)
            queue += new
        accessories = [k for k, kind in enumerate(self.kinds) if within & set(kind.goes_with)]
        return self.names(accessories)

    def broader_names(self, kinds: Iterable[int]) -> list[str]:
        """Names of the kinds these go with or belong to, nearest first (to suggest instead)."""
        names: dict[str, None] = {}
        queue = [b for k in kinds for b in (*self.kinds[k].goes_with, *self.kinds[k].broader)]
        seen: set[int] = set()
        while queue:
            kind = queue.pop(0)
            if kind not in seen:
                seen.add(kind)
                names.update(dict.fromkeys(self.kinds[kind].names))
                queue += self.kinds[kind].broader
        return list(names)

    def needed(self, concepts: Sequence[Concept]) -> tuple[set[int], bool]:
        """Kinds the query's vague needs ask for, and whether a need of several cues matched.

        A need of several cues ("cat" and "scratch") is specific enough to win over a kind the
        query names (the sofa being scratched); a need of one cue only fills in for none.
        """
        words = [c.key for c in concepts] + [c.whole for c in concepts if c.whole]
        specific: set[int] = set()
        loose: set[int] = set()
        fallback: set[int] = set()
        for need in self.needs:
            if all(any(_cue_in(cue, words) for cue in group) for group in need.cues):
                tier = fallback if need.fallback else specific if len(need.cues) > 1 else loose
                tier.update(need.kinds)
        return (specific, True) if specific else (loose or fallback, False)


def _cue_in(cue: str, words: list[str]) -> bool:
    if has_cjk(cue):
        return any(cue in word for word in words)
    return cue in words


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The kinds of `kinds.toml`; their Chinese names become words to jieba first."""
    data = tomllib.loads(resources.files("store").joinpath("kinds.toml").read_text("utf-8"))
    add_words(
        [
            name
            for entry in data.get("kind", [])
            for name in entry["names"]
            if has_cjk(name) and len(name) > 1
        ]
    )
    return Lexicon(data)


@dataclass
class CategoryWords:
    """The words of a catalog's category names: each a kind-word, with the category ids.

    `other_names`: for a category named by one word in each language ("Phones", 手机), each
    name's form leads to the other's, so the catalog's own categories are synonyms too.
    """

    ids: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    other_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


_NAME_PARTS = re.compile(r"\s*(?:&|,|/|\band\b|、|和)\s*")


def category_words(
    categories: Iterable[tuple[int, str, str | None]], brands: Iterable[str] = ()
) -> CategoryWords:
    """Kind-words of categories given as (id, English name, Chinese name).

    Words of brand names are left out: a category named after a brand ("Fractal Design")
    names no kind of product.
    """
    words = CategoryWords()
    brand_words = {word for brand in brands for word in name_form(brand).split()}
    for category_id, name_en, name_zh in categories:
        forms = [name_form(name) for name in (name_en, name_zh or "") if name]
        for form in forms:
            if form and not brand_words.issuperset(form.split()):
                words.ids[form].add(category_id)
        for part in _NAME_PARTS.split(f"{name_en},{name_zh or ''}"):
            words_of = name_form(part).split()  # "Graphics Cards": card; 食品零食: 零食
            if words_of and words_of[-1] not in brand_words:
                words.ids[words_of[-1]].add(category_id)
        for form in forms:
            words.other_names[form].update(f for f in forms if f != form)
    return words


@dataclass
class AskedKind:
    """The kind of product a query asks for.

    positions: the concepts that name it; terms: a product of the kind has one of these in
    its title or category, and none of `unlike` (its accessories' names); kinds: its curated
    kinds (for suggestions); surface: as written.
    """

    positions: list[int]
    terms: set[str]
    kinds: set[int]
    surface: str
    unlike: set[str] = field(default_factory=set)


def asked_kind(query: ParsedQuery, categories: CategoryWords) -> AskedKind | None:
    """The kind of product the query asks for, if it names one (or a vague need does)."""
    words = lexicon()
    concepts = query.concepts
    found = _named_kind(concepts, words, categories)
    needed, specific = words.needed(concepts)
    if needed and (specific or found is None):
        chinese = any(has_cjk(c.surface) for c in concepts)
        surface = words.label(sorted(needed), chinese)  # "room heater", not the words of the need
        terms = set(words.names(needed))
        return AskedKind([], terms, needed, surface, set(words.accessory_names(needed)) - terms)
    if found is None:
        return None
    positions, kinds = found
    terms = set(words.names(kinds))
    concept = concepts[positions[0]]
    if len(positions) == 1:  # a kind named by several words ("hair dryer") is not its last word
        terms |= concept.terms
        for term in (concept.key, concept.whole):
            terms |= categories.other_names.get(term or "", set())
    head = concepts[positions[-1]]
    surface = head.whole or " ".join(concepts[p].surface for p in positions)
    unlike = set(words.accessory_names(kinds)) - terms
    return AskedKind(positions, terms, kinds, surface, unlike)


def _named_kind(
    concepts: Sequence[Concept], words: Lexicon, categories: CategoryWords
) -> tuple[list[int], set[int]] | None:
    """Positions and curated kinds of the last kind-word of the first phrase having one."""
    best: tuple[list[int], set[int]] | None = None
    phrase = None
    for position, concept in enumerate(concepts):
        if phrase is not None and concept.phrase != phrase:
            break
        named = _kind_at(concepts, position, words, categories)
        if named is not None and (best is None or _rank(words, named[1]) >= _rank(words, best[1])):
            best, phrase = named, concept.phrase
    return best


def _rank(words: Lexicon, kinds: set[int]) -> int:
    """How surely a kind-word names what is asked for (the last of the surest wins).

    A narrow curated kind (motherboard, diapers) outranks a broad one (PC, baby: kinds
    with narrower kinds), which ranks with a word of a category name only (the "Design" of
    "Fractal Design"): "a motherboard designed for gamers", "Fractal Design PC Gaming Cases".
    """
    return 1 if kinds and not any(words.narrower[kind] for kind in kinds) else 0


def _kind_at(
    concepts: Sequence[Concept], position: int, words: Lexicon, categories: CategoryWords
) -> tuple[list[int], set[int]] | None:
    """Whether the concept at `position` (with the one before it) names a kind, and which."""
    concept = concepts[position]
    if concept.whole and concept.whole in words.by_name:  # every part of 方便面 is the kind
        parts = [p for p, other in enumerate(concepts) if other.whole == concept.whole]
        return parts, set(words.by_name[concept.whole])
    before = concepts[position - 1] if position else None
    if before is not None and before.phrase == concept.phrase and not before.whole:
        pair = f"{before.key} {concept.key}"
        if pair in words.by_name:
            return [position - 1, position], set(words.by_name[pair])
    if concept.key in words.by_name:
        return [position], set(words.by_name[concept.key])
    if concept.key in categories.ids or (concept.whole and concept.whole in categories.ids):
        return [position], set()
    return None
