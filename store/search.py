"""Catalog search: the one function the CLI, the agent's tools and the UI all use.

A query is read by `store.text`: shopping filler dropped ("find the cheapest offers", 帮我找),
English stemmed, model numbers split and joined, Chinese segmented. A word the catalog does not
know is corrected to the closest catalog word. Products having any of the words are ranked by
the backend (BM25 on SQLite, ts_rank on PostgreSQL; title >> brand, category and options >
description), then re-ranked by how many of the asked-for things they have in their title,
brand or category (rarer words weigh more), so "AMD Ryzen 9 5900X" puts every 5900X above
other Ryzens. Offers of the same product from other sellers follow its best offer. Sorting by
price or rating lists the products having every asked-for thing (or, if none does, the most
of them).

A request for something instead of a named product ("an alternative to X", "something like X
but cheaper", 类似 X 的耳机, X 平替) finds X first, then products of its kind other than X, the
most alike and nearest in price first (`store.alternatives` reads such requests).

The index itself lives in `store.search_index` and keeps in step with the catalog by itself.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast, get_args
from weakref import WeakKeyDictionary

from rapidfuzz.distance import OSA
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    Table,
    and_,
    exists,
    func,
    select,
    union_all,
)
from sqlmodel import Session

from store.alternatives import Instead, price_closeness, read_instead
from store.bounds import MAX_AMOUNT, MAX_QUERY_CHARS, require_storable
from store.catalog import resolve_category
from store.errors import InvalidRequest
from store.kinds import AskedKind, CategoryWords, asked_kind, category_words, lexicon
from store.models import Category, Product, Variant
from store.options import SortOrder
from store.quantities import Asks, quantities
from store.search_index import (
    ALL_PRODUCTS,
    Candidate,
    TermSet,
    beyond_kind,
    catch_up,
    ensure_search_index,
    id_in,
    index_for,
    product_counts,
)
from store.text import (
    Concept,
    ParsedQuery,
    has_cjk,
    index_terms,
    parse_query,
    split_requests,
    stem,
)
from store.views import CategorySuggestion, ProductHit, SearchFilters, SearchResult

__all__ = ["ensure_search_index", "search_catalog", "search_products"]

MAX_LIMIT = 100
CANDIDATE_POOL = 200
"""Products ranked by the backend before re-ranking by coverage."""
FILTERED_POOL = 400
"""Unfiltered top products whose filters are checked before a costlier filtered query."""
MAX_CATEGORY_BRANCHES = 100
"""Most categories browsed by rating one at a time (one UNION ALL branch each)."""

# Re-ranking: score * (COVERAGE_FLOOR + coverage) ** COVERAGE_POWER, where coverage is the
# rarity-weighted share of asked-for things a product has in its title, brand or category.
COVERAGE_FLOOR, COVERAGE_POWER = 0.2, 2.0
_LIST_OF_KINDS = re.compile(r"\s*(?:,|&|\+|\band\b|\bplus\b|和|以及|还有|、)\s*", re.IGNORECASE)
MAX_KIND_WORDS = 3
"""Most words of one kind in a list of kinds ("phone case and charger", 手机壳和充电器)."""
MAX_SUGGESTIONS = 3
"""Categories offered instead when the shop has nothing of the kind asked for."""
UNKNOWN_NAME_CONCEPTS = 4
"""A query this short whose name the catalog does not know at all asks for what it lacks
("a Tesla Model 3"); in a longer sentence an unknown word is more likely incidental."""
SORT_HINT_CONCEPTS = 5
"""A query this short sorts as its words ask ("cheapest phones"); in a long description of a
product the best match matters more than the order of weak matches."""
SYNONYM_SHARE = 0.7
"""How much of a concept a product covers with another name of the kind rather than the word
asked: the word itself ranks first."""
UNIT_LEFT_OUT, UNSTATED = 0.8, 0.5
"""How a product's score is weighed when its title meets a bound only by a number without
its unit ("DDR4 3200" for "higher than 3000 MHz"), or states nothing of the kind."""
RELEVANT_SHARE = 0.5
"""A product covering less than this share of what the best match covers is left out: it
matched an incidental word ("wireless" of "wireless earbuds" in a charger's title), and the
chat would show it as a product card."""
ALIKE_SHARE = 0.8
"""An alternative having this share of what the most alike one shares with the named product
is a close one: "the cheapest alternative" is the cheapest of those."""
REFERENCE_OFFERS = 10
"""Best matches of a product named as a reference ("an alternative to X") read to find X and
its offers from other sellers."""

_product_table: Table = Product.__table__  # type: ignore[attr-defined]
_variant_table: Table = Variant.__table__  # type: ignore[attr-defined]
_category_table: Table = Category.__table__  # type: ignore[attr-defined]
_products, _variants, _categories = _product_table.c, _variant_table.c, _category_table.c


def search_products(
    session: Session,
    query: str = "",
    *,
    filters: SearchFilters | None = None,
    sort: SortOrder = "relevance",
    limit: int = 10,
    offset: int = 0,
) -> list[ProductHit]:
    """The products of `search_catalog` (same arguments): for callers that need only those."""
    found = search_catalog(session, query, filters=filters, sort=sort, limit=limit, offset=offset)
    return found.products


def search_catalog(
    session: Session,
    query: str = "",
    *,
    filters: SearchFilters | None = None,
    sort: SortOrder = "relevance",
    limit: int = 10,
    offset: int = 0,
) -> SearchResult:
    """Search the catalog by free text (English or Chinese) and filters.

    Products must be of the kind the query asks for ("cheapest phones": phones, by price).
    When the shop has nothing of that kind, no products are returned: the result names what
    is missing and suggests the shop's nearest categories instead.

    Args:
        session: Session to read with. Changes it has not committed are found too.
        query: What the shopper asked for; empty lists the products the filters let through.
        filters: Category (slug or name, any language), brand, seller, price range (minor
            units), in stock, minimum rating, variant options such as {"size": "42"}.
        sort: "relevance" (best match first; words such as "cheapest" may ask for another
            order), "price_asc", "price_desc" or "rating".
        limit: Products per page, 1 to 100.
        offset: Products to skip, for the next pages.

    Returns:
        Matching products (price is the lowest price of the variants that meet the filters),
        or what the shop lacks and what it has instead.

    Raises:
        InvalidRequest: for an unknown category, a bad price range, sort or page.
    """
    filters = filters or SearchFilters()
    _check_request(filters, sort, limit, offset)
    require_storable(query, "search text", max_chars=MAX_QUERY_CHARS)
    for name, value in (
        ("category", filters.category),
        ("brand", filters.brand),
        ("seller", filters.seller),
        *filters.options.items(),
    ):
        require_storable(value or "", f"{name} filter", max_chars=MAX_QUERY_CHARS)
    if session.autoflush:
        session.flush()
    conn = session.connection()
    catch_up(conn)
    if instead := read_instead(query):
        found = _instead_of(session, instead, filters, sort, limit, offset)
        if found is not None:
            return found
    requests = split_requests(query)
    if len(requests) == 1:
        requests = _kinds_apart(conn, query)
    if len(requests) > 1 and not offset:
        return _several(session, requests, filters, sort, limit)
    variant_ok = _variant_conditions(filters)
    categories = resolve_category(conn, filters.category) if filters.category else None
    where = _product_conditions(filters, categories)
    understood = _understand(conn, query)
    parsed = understood.parsed
    if query.strip() and not parsed.concepts and filters == SearchFilters():
        return SearchResult(products=[])  # only filler ("show me", "y", 是): nothing asked for
    if not parsed.concepts:
        ids = _browse(conn, where, categories, variant_ok, sort, limit, offset)
        return SearchResult(products=_hits(conn, ids, variant_ok))
    asked = _ask(conn, understood)
    worded = sort == "relevance" and parsed.sort and asked
    if worded and len(parsed.concepts) <= SORT_HINT_CONCEPTS:
        sort = cast(SortOrder, parsed.sort)  # "cheapest phones"; not "the cheapest Galaxy S24+"
    if asked is None and (unknown := _unknown_name(understood)):
        return _not_sold(conn, understood, None, unknown)
    if asked and not asked.terms:  # no product has any name of the kind
        return _not_sold(conn, understood, asked, asked.surface)
    if unknown := _unknown_model(understood):  # "iPhone 17" where iPhones go up to 16
        return _not_sold(conn, understood, asked, unknown)
    kind = _KindTerms(sorted(asked.terms), sorted(asked.unlike)) if asked else _KindTerms()
    if sort == "relevance":
        needed = offset + limit
        where = [*where, *(_with_variant(variant_ok) if variant_ok else [])]
        ranked = _rank(conn, understood, where, max(CANDIDATE_POOL, needed), needed, kind)
        ids = _arranged(conn, understood, ranked)[offset : offset + limit]
    else:
        page = (limit, offset, bool(worded))
        ids = _sorted_matches(conn, understood, where, variant_ok, sort, page, kind)
    if not ids and asked and not offset and not _sells(conn, kind):
        return _not_sold(conn, understood, asked, asked.surface)
    return SearchResult(products=_hits(conn, ids, variant_ok))


def _several(
    session: Session, requests: list[str], filters: SearchFilters, sort: SortOrder, limit: int
) -> SearchResult:
    """Each request's best products in turn (the first of each, then the second...).

    A request for a kind the shop lacks gives no products; it is named, with its suggestions,
    beside the others' products.
    """
    found = [
        search_catalog(session, request, filters=filters, sort=sort, limit=limit)
        for request in requests
    ]
    products: dict[int, ProductHit] = {}
    for rank in range(limit):
        for result in found:
            if rank < len(result.products):
                products.setdefault(result.products[rank].id, result.products[rank])
    lacking = [result for result in found if result.missing]
    if not products:
        return lacking[0] if lacking else found[0]
    suggestions = {s.slug: s for result in lacking for s in result.suggestions}
    return SearchResult(
        products=list(products.values())[:limit],
        missing=", ".join(cast(str, result.missing) for result in lacking) or None,
        suggestions=list(suggestions.values())[:MAX_SUGGESTIONS],
    )


def _instead_of(
    session: Session,
    instead: Instead,
    filters: SearchFilters,
    sort: SortOrder,
    limit: int,
    offset: int,
) -> SearchResult | None:
    """Products to have instead of the one named: of its kind, not it, most alike first.

    Alike is the named product's words, weighed as a search for its title weighs them, and
    a price near its own; with "cheaper" only cheaper ones, with "cheapest" (or a price_asc
    sort) the most alike by price; other sorts keep the likeness order. None when the shop
    has no product by that name (then the words are searched as they are).
    """
    named = search_catalog(session, instead.reference, limit=REFERENCE_OFFERS).products
    if not named:
        return None
    reference = _closest(named, instead.reference)
    if instead.page:  # that offer; another seller's of the same product will do
        itself = {reference.id}
    else:
        itself = {hit.id for hit in named if _same_title(hit.title, reference.title)}
    conn = session.connection()
    variant_ok = _variant_conditions(filters)
    categories = resolve_category(conn, filters.category) if filters.category else None
    where = [*_product_conditions(filters, categories), *_with_variant(variant_ok)]
    alike = _understand(conn, reference.title)
    asked = _ask(conn, alike)
    wanted = _understand(conn, instead.wanted)
    if wanted.parsed.concepts and (named_kind := _ask(conn, wanted)) and named_kind.terms:
        asked = named_kind  # "headphones similar to X": what the shopper named comes first
    if asked and asked.terms and asked.kinds:
        kind = _KindTerms(sorted(asked.terms), sorted(asked.unlike))
    else:  # no curated kind named ("Corsair" is a category, not a kind): its category's
        kind = _KindTerms()
        if reference.category:
            where.append(_products.category_id.in_(resolve_category(conn, reference.category)))
    concepts = zip(alike.parsed.concepts, alike.weights, strict=True)
    groups = [sorted(concept.terms) for concept, weight in concepts if weight > 0]
    needed = offset + limit + len(itself)  # a page once the named product's offers are out
    bonus = alike.parsed.bonus_terms
    candidates = _candidates(conn, groups, bonus, where, CANDIDATE_POOL, needed, kind)
    candidates = [c for c in candidates if c.product_id not in itself]
    found = _titles_and_prices(conn, [c.product_id for c in candidates])
    prices = {product_id: price for product_id, (_, price) in found.items()}
    if instead.cheaper:
        candidates = [c for c in candidates if prices[c.product_id] < reference.price]
    coverage_of = _Coverage(alike)
    covered = {c.product_id: coverage_of(c) for c in candidates}
    likeness = {
        c.product_id: c.score
        * (COVERAGE_FLOOR + covered[c.product_id]) ** COVERAGE_POWER
        * price_closeness(prices[c.product_id], reference.price)
        for c in candidates
    }
    ids = sorted(likeness, key=lambda i: (-likeness[i], i))
    cheapest = "price_asc" in (wanted.parsed.sort, sort)
    if cheapest and ids:  # "the cheapest alternative": of the most alike
        ids = _cheapest_first(ids, covered, prices, share=ALIKE_SHARE)
    return SearchResult(products=_hits(conn, ids[offset : offset + limit], variant_ok))


def _closest(hits: list[ProductHit], name: str) -> ProductHit:
    """The hit a product's name names: the one having most of its words, and fewest others.

    "Xiaomi 15" is the Xiaomi 15, though the search ranks the Xiaomi 15 Pro as high.
    """
    words = set(parse_query(name).all_terms())

    def distance(hit: ProductHit) -> tuple[int, int]:
        title = set(index_terms(hit.title))
        return -len(words & title), len(title - words)

    return min(hits, key=distance)  # the first of equals: the best ranked


def _same_title(title: str, other: str) -> bool:
    """Whether two titles name the same product (other sellers' offers of it)."""
    return set(index_terms(title)) == set(index_terms(other))


def _kinds_apart(conn: Connection, query: str) -> list[str]:
    """The parts of a query listing kinds of product ("phone case and charger"), or the query.

    Every part must be a kind named last ("black and white shoes" is one kind), in a few
    words: in a longer description "and" joins what the product has.
    """
    parts = [part for part in _LIST_OF_KINDS.split(query) if part.strip()]
    if len(parts) < 2:
        return [query]
    lexicon()  # its Chinese names are words to jieba before the parts are cut
    words = _catalog(conn, product_counts(conn, [])[ALL_PRODUCTS]).words
    for part in parts:
        parsed = parse_query(part)
        last = len(parsed.concepts) - 1
        if not 0 <= last < MAX_KIND_WORDS:
            return [query]
        asked = asked_kind(parsed, words)
        if asked is None or not asked.positions or asked.positions[-1] != last:
            return [query]
    return parts


def _check_request(filters: SearchFilters, sort: str, limit: int, offset: int) -> None:
    if sort not in get_args(SortOrder):
        raise InvalidRequest(
            f"Unknown sort {sort!r}; use one of {', '.join(get_args(SortOrder))}.", sort=sort
        )
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidRequest(
            f"Ask for 1 to {MAX_LIMIT} products from offset 0 or more "
            f"(got limit {limit}, offset {offset}).",
            limit=limit,
            offset=offset,
        )
    low, high = filters.min_price, filters.max_price
    for name, price in (("min_price", low), ("max_price", high)):
        if price is not None and not 0 <= price <= MAX_AMOUNT:
            given: dict[str, Any] = {name: price}
            raise InvalidRequest(
                f"{name} must be between 0 and {MAX_AMOUNT} minor units (got {price}).", **given
            )
    if low is not None and high is not None and low > high:
        raise InvalidRequest(
            f"The minimum price {low} is above the maximum {high}; swap or widen them.",
            min_price=low,
            max_price=high,
        )


# --- filters --------------------------------------------------------------------------------------


def _variant_conditions(filters: SearchFilters) -> list[ColumnElement[bool]]:
    """What a variant must meet for its product to match (and for its price to count)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.min_price is not None:
        conditions.append(_variants.price >= filters.min_price)
    if filters.max_price is not None:
        conditions.append(_variants.price <= filters.max_price)
    if filters.in_stock:
        conditions.append(_variants.stock > 0)
    for name, value in filters.options.items():
        option = _variants.options[name.strip().lower()].as_string()
        conditions.append(func.lower(option) == value.strip().lower())
    return conditions


def _product_conditions(
    filters: SearchFilters, categories: set[int] | None
) -> list[ColumnElement[bool]]:
    """What a product itself must meet (its variants: `_with_variant`)."""
    conditions: list[ColumnElement[bool]] = []
    if categories is not None:
        conditions.append(_products.category_id.in_(categories))
    if filters.brand:
        conditions.append(func.lower(_products.brand) == filters.brand.strip().lower())
    if filters.seller:
        conditions.append(func.lower(_products.seller) == filters.seller.strip().lower())
    if filters.min_rating is not None:
        conditions.append(_products.rating >= filters.min_rating)
    return conditions


def _with_variant(variant_ok: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    """That a product has a variant meeting `variant_ok` (any variant: that it can be bought)."""
    return [exists().where(_variants.product_id == _products.id, *variant_ok)]


# --- understanding the words ---------------------------------------------------------------------


@dataclass
class _Query:
    """A parsed query with each concept's weight: rarer words and the shopper's own count more."""

    parsed: ParsedQuery
    weights: list[float]
    products: int
    asks: Asks


def _understand(conn: Connection, text: str) -> _Query:
    """Parse the query, correct misspelt words and weigh every concept by rarity (IDF)."""
    lexicon()  # its Chinese names are words to jieba before the query is cut
    asks = quantities().read(text)  # "at least 1TB": a bound, no longer words to match
    parsed = parse_query(asks.text)
    counts = product_counts(conn, parsed.all_terms()) if parsed.concepts else {}
    index = index_for(conn)
    known = lexicon().by_name.keys() | lexicon().cues
    for concept in parsed.concepts:
        unknown = not any(term in counts for term in concept.terms)
        if concept.correctable and unknown and concept.key not in known:  # meant: not a typo
            correction = closest_term(
                concept.surface, index.spelling_candidates(conn, concept.surface)
            )
            if correction:
                concept.terms.add(correction[0])
                concept.key = correction[0]
                counts[correction[0]] = correction[1]
    for term, count in _split_chinese(conn, parsed.concepts, counts).items():
        counts[term] = count
    for term, count in _correct_chinese(conn, parsed.concepts, counts).items():
        counts[term] = count
    total = counts.get(ALL_PRODUCTS, 1)
    weights = []
    for concept in parsed.concepts:
        found = [counts[term] for term in concept.terms if term in counts]
        weights.append(math.log(1 + total / min(found)) if found else 0.0)  # unknown: 0
    _weigh_model_numbers(parsed.concepts, weights)
    return _Query(parsed, weights, total, asks)


def _weigh_model_numbers(concepts: list[Concept], weights: list[float]) -> None:
    """A number right after a name weighs as much as the name.

    In "AirPods 4" it says which AirPods, more than any other word says of the product (降噪
    of "AirPods 4 降噪版").
    """
    for position in range(1, len(concepts)):
        name, number = concepts[position - 1], concepts[position]
        if (
            number.surface.isdigit()
            and name.surface.isascii()
            and name.surface.isalpha()
            and name.phrase == number.phrase
            and weights[position]
        ):
            weights[position] = max(weights[position], weights[position - 1])


def _split_chinese(
    conn: Connection, concepts: list[Concept], counts: dict[str, int]
) -> dict[str, int]:
    """Cut a Chinese word no product has into two words products have; their counts.

    jieba glues characters it does not know into one word: 卫龙辣条 is 卫龙 + 辣条, as the
    catalog's 卫龙 大面筋辣条 was cut.
    """
    found: dict[str, int] = {}
    for position, concept in reversed(list(enumerate(concepts))):
        word = concept.surface
        if len(word) < 4 or not has_cjk(word) or any(t in counts for t in concept.terms):
            continue
        cuts = [(word[:i], word[i:]) for i in range(2, len(word) - 1)]
        known = product_counts(conn, {part for cut in cuts for part in cut})
        cut = next((c for c in cuts if c[0] in known and c[1] in known), None)
        if cut is None:
            continue
        concepts[position : position + 1] = [
            Concept(part, {part}, key=part, whole=word, phrase=concept.phrase) for part in cut
        ]
        found.update((part, known[part]) for part in cut)
    return found


def _correct_chinese(
    conn: Connection, concepts: list[Concept], counts: dict[str, int]
) -> dict[str, int]:
    """Join two Chinese words one character off a word the shop knows; their counts.

    空气炸过 is 空气炸锅, 充电包 充电宝, 蓝牙因箱 蓝牙音箱.
    The character that slipped must stand in a word the catalog lacks (炸过) or alone (包):
    蓝色音箱 is a blue speaker, not a Bluetooth one, and 辣零食 spicy snacks, not cat treats
    (a character before a kind's name). A kind's name is tried first; any word
    of the catalog only when the second word is unknown.
    """
    joined: dict[str, int] = {}
    names = lexicon().chinese_by_length
    position = 1
    while position < len(concepts):
        first, second = concepts[position - 1], concepts[position]
        word = first.surface + second.surface
        if (
            first.whole is None
            and second.whole is None
            and has_cjk(first.surface)
            and has_cjk(second.surface)
            and len(word) >= 3
            and word not in counts
        ):
            known = product_counts(conn, names.get(len(word), []))
            choices = [(name, count) for name, count in known.items() if name != ALL_PRODUCTS]
            if second.key not in counts:
                choices += index_for(conn).spelling_candidates(conn, word)
            correction = closest_term(word, [c for c in choices if len(c[0]) == len(word)])
            slipped = second if correction and correction[0].startswith(first.surface) else first
            # A character before a kind's name describes it (辣零食 are spicy snacks).
            described = slipped is first and second.surface in names.get(len(second.surface), [])
            if (
                correction
                and not described
                and (len(slipped.surface) == 1 or slipped.key not in counts)
            ):
                concepts[position - 1 : position + 1] = [
                    Concept(word, {correction[0]}, key=correction[0], phrase=second.phrase)
                ]
                joined[correction[0]] = correction[1]
                continue
        position += 1
    return joined


def _ask(conn: Connection, query: _Query) -> AskedKind | None:
    """The kind of product asked for; its concepts then cover every name of that kind."""
    catalog = _catalog(conn, query.products)
    asked = asked_kind(query.parsed, catalog.words)
    if asked is None:
        return None
    asked.terms = _in_catalog(conn, asked.terms)
    asked.unlike = _in_catalog(conn, asked.unlike)
    concepts = query.parsed.concepts
    floor = max(query.weights, default=1.0) or 1.0
    for position in asked.positions:  # named by a word no product has (方便面): still asked for
        concept = concepts[position]
        if concept.key not in lexicon().lines or not _in_catalog(conn, concept.terms):
            concept.synonyms = asked.terms - concept.terms  # "AirPods" only where the shop has
            concept.terms |= asked.terms  # none: other earbuds are not AirPods
        query.weights[position] = query.weights[position] or floor
    if not asked.positions:  # a vague need: the kinds that meet it are a concept of their own
        concepts.append(Concept(asked.surface, set(asked.terms), key=asked.surface))
        query.weights.append(max(query.weights, default=1.0) or 1.0)
    return asked


def _in_catalog(conn: Connection, terms: set[str]) -> set[str]:
    """Those of a kind's terms some product has; a phrase only if no word of it is a term.

    A kind with its narrower kinds has dozens of names in two languages; a catalog has a
    few of them, and every name costs the index a lookup.
    """
    counts = product_counts(conn, {word for term in terms for word in term.split()})
    kept = {term for term in terms if all(word in counts for word in term.split())}
    return {t for t in kept if " " not in t or not any(word in kept for word in t.split())}


@dataclass(frozen=True)
class _KindTerms:
    """What makes a product of the asked kind: one of `names`, none of `unlike` (accessories)."""

    names: list[str] = field(default_factory=list)
    unlike: list[str] = field(default_factory=list)


@dataclass
class _Catalog:
    """What the search reads of the catalog as a whole: its category names as kind-words."""

    words: CategoryWords


_catalogs: WeakKeyDictionary[Engine, tuple[tuple[int, ...], _Catalog]] = WeakKeyDictionary()


def _catalog(conn: Connection, products: int) -> _Catalog:
    """The catalog's profile, read again when its numbers of products or categories change."""
    shape = conn.execute(select(func.count(), func.max(_categories.id))).one()
    key = (products, shape[0], shape[1] or 0)
    cached = _catalogs.get(conn.engine)
    if cached and cached[0] == key:
        return cached[1]
    rows = conn.execute(select(_categories.id, _categories.name_en, _categories.name_zh)).all()
    brands = conn.execute(select(_products.brand).where(_products.brand.is_not(None)).distinct())
    catalog = _Catalog(category_words([(r[0], r[1], r[2]) for r in rows], brands.scalars()))
    _catalogs[conn.engine] = (key, catalog)
    return catalog


def _unknown_name(query: _Query) -> str | None:
    """What a short query asks for when its name is a word no product has ("Tesla Model 3")."""
    concepts = query.parsed.concepts
    if len(concepts) > UNKNOWN_NAME_CONCEPTS:
        return None
    for concept, weight in zip(concepts, query.weights, strict=True):
        word = concept.surface
        named = len(word) >= 2 if has_cjk(word) else len(word) >= 3 and not word.isdigit()
        if weight == 0 and named:
            return " ".join(c.surface for c in concepts)
    return None


def _unknown_model(query: _Query) -> str | None:
    """A short query's name and model number when no product has that number ("iPhone 17")."""
    concepts = query.parsed.concepts
    if len(concepts) > UNKNOWN_NAME_CONCEPTS:
        return None
    for position in range(1, len(concepts)):
        name, number = concepts[position - 1], concepts[position]
        if (
            number.surface.isdigit()
            and query.weights[position] == 0
            and query.weights[position - 1] > 0
            and name.phrase == number.phrase
            and not has_cjk(name.surface)
        ):
            return f"{name.surface} {number.surface}"
    return None


def _sells(conn: Connection, kind: _KindTerms) -> bool:
    """Whether any product is of the kind (filters aside)."""
    matching = index_for(conn).matching([], kind.names, kind.unlike)
    return bool(conn.execute(select(exists(matching))).scalar())


def _not_sold(
    conn: Connection, query: _Query, asked: AskedKind | None, missing: str
) -> SearchResult:
    """No products, and the shop's nearest categories instead.

    Those of the products the other words name (手机 of 手机壳), those the missing kind
    belongs to (TVs: electronics), then those of products whose descriptions mention it.
    """
    index = index_for(conn)
    words = _catalog(conn, query.products).words
    positions = set(asked.positions) if asked else set()
    kind_words = lexicon().by_name.keys() | words.ids.keys()
    others = sorted(
        term
        for position, concept in enumerate(query.parsed.concepts)
        if position not in positions and concept.key in kind_words
        for term in concept.terms
    )
    found: dict[int, None] = {}
    if others:  # the kinds the other words name (手机 of 手机壳)
        top = index.ranked(conn, [others], [], 20, every_group=False, kind=others)
        found.update(dict.fromkeys(_categories_of(conn, [c.product_id for c in top])))
    if asked:
        for name in lexicon().broader_names(asked.kinds):
            found.update(dict.fromkeys(sorted(words.ids.get(name, ()))))
        if asked.terms:
            mentions = index.ranked(conn, [sorted(asked.terms)], [], 20, every_group=False)
            found.update(dict.fromkeys(_categories_of(conn, [c.product_id for c in mentions])))
    return SearchResult(products=[], missing=missing, suggestions=_suggestions(conn, list(found)))


def _categories_of(conn: Connection, product_ids: list[int]) -> list[int]:
    """The categories of these products, the commonest first."""
    if not product_ids:
        return []
    rows = conn.execute(
        select(_products.category_id, func.count())
        .where(_products.id.in_(product_ids), _products.category_id.is_not(None))
        .group_by(_products.category_id)
        .order_by(func.count().desc(), _products.category_id)
    )
    return [category_id for category_id, _ in rows]


def _suggestions(conn: Connection, category_ids: list[int]) -> list[CategorySuggestion]:
    chosen = category_ids[:MAX_SUGGESTIONS]
    if not chosen:
        return []
    rows = conn.execute(
        select(_categories.id, _categories.slug, _categories.name_en, _categories.name_zh).where(
            _categories.id.in_(chosen)
        )
    )
    by_id = {
        row.id: CategorySuggestion(slug=row.slug, name=row.name_en, name_zh=row.name_zh)
        for row in rows
    }
    return [by_id[i] for i in chosen if i in by_id]


def _max_edits(word: str, term: str) -> int:
    """How many slips a word may have to be read as an index term.

    Two slips in a short word make another word unless its first letter stays ("toaster" is
    no "monster"); from nine letters on, two slips still leave the same word.
    """
    if len(word) <= 5:
        return 1
    return 2 if len(word) >= 9 or term[:1] == word[:1] else 1


def closest_term(word: str, candidates: Sequence[tuple[str, int]]) -> tuple[str, int] | None:
    """The index term (with its product count) fewest edits away from the word or its stem.

    A swap of neighbouring letters is one edit. Ties go to the term closer to the word as
    written, then to the one keeping its first letter, then to the commonest.
    """
    best: tuple[tuple[int, int, bool, bool, int, str], tuple[str, int]] | None = None
    word_stem = stem(word)
    for term, count in candidates:
        as_written = OSA.distance(word, term)
        edits = min(as_written, OSA.distance(word_stem, term))
        if edits > _max_edits(word, term):
            continue
        # a left-out letter is the commonest slip: "ipone" is iphone rather than icon
        key = (edits, as_written, term[:1] != word[:1], len(term) <= len(word_stem), -count, term)
        if best is None or key < best[0]:
            best = (key, (term, count))
    return best[1] if best else None


# --- ranking --------------------------------------------------------------------------------------


class _Coverage:
    """Weighted share of the asked-for things a product's title, brand, category or options has.

    Where a word stands is already weighed by the backend's score; this only asks whether the
    product has the thing at all. Each concept's terms are sorted out once per query.
    """

    def __init__(self, query: _Query) -> None:
        concepts = query.parsed.concepts
        self.concepts = [
            (TermSet(concept.terms - concept.synonyms), TermSet(concept.synonyms), weight)
            for concept, weight in zip(concepts, query.weights, strict=True)
        ]
        # A number right after a name says which of that name (小米15, "AirPods 4"): without
        # the name it covers nothing (the "x 15" of a 15-bottle pack is no Xiaomi 15).
        self.model_of = [
            position > 0
            and concept.surface.isdigit()
            and not concepts[position - 1].surface.isdigit()
            and concepts[position - 1].phrase == concept.phrase
            and query.weights[position - 1] > 0
            for position, concept in enumerate(concepts)
        ]
        self.total = sum(query.weights)

    def __call__(self, candidate: Candidate) -> float:
        if not self.total:
            return 0.0
        has = candidate.terms
        covered = 0.0
        named = False  # whether the product has the concept before: a model number's name
        for (own, synonyms, weight), model in zip(self.concepts, self.model_of, strict=True):
            found = own.found_in(has)
            if found and (named or not model):
                covered += weight
            elif synonyms.found_in(has):  # another name of the kind: "earbuds" for 耳机
                covered += SYNONYM_SHARE * weight
            named = found
        return covered / self.total


def _rank(
    conn: Connection,
    query: _Query,
    where: list[ColumnElement[bool]],
    pool: int,
    needed: int,
    kind: _KindTerms,
) -> list[tuple[Candidate, float]]:
    """Candidates (of the kind, if any) by the backend's score, re-ranked by coverage.

    Each comes with its coverage.
    """
    concepts = zip(query.parsed.concepts, query.weights, strict=True)
    groups = [sorted(concept.terms) for concept, weight in concepts if weight > 0]
    if kind.names and not groups:
        groups = [kind.names]
    candidates = _candidates(conn, groups, query.parsed.bonus_terms, where, pool, needed, kind)
    scored = []
    coverage_of = _Coverage(query)
    bounds = query.asks.bounds
    titles = _titles_and_prices(conn, [c.product_id for c in candidates]) if bounds else {}
    for candidate in candidates:
        covered = coverage_of(candidate)
        final = candidate.score * (COVERAGE_FLOOR + covered) ** COVERAGE_POWER
        if bounds and not (
            final := final * _bounds_met(query.asks, titles[candidate.product_id][0])
        ):
            continue  # it states a quantity out of the bounds asked for
        scored.append((final, candidate, covered))
    scored.sort(key=lambda item: (-item[0], item[1].product_id))
    best = max((covered for _, _, covered in scored), default=0.0)
    scored = [item for item in scored if item[2] >= RELEVANT_SHARE * best]
    # Offers of the same product (same title, other sellers) follow its best-ranked offer.
    offers: dict[frozenset[str], list[tuple[Candidate, float]]] = defaultdict(list)
    for _, candidate, covered in scored:
        offers[candidate.title_terms].append((candidate, covered))
    return [offer for same_title in offers.values() for offer in same_title]


def _bounds_met(asks: Asks, title: str) -> float:
    """How surely a product meets the query's bounds, by its title: 0 when it states otherwise.

    A title stating no quantity of a bound's dimension may still meet it by a number without
    its unit ("DDR4 3200"), or may not say.
    """
    measures = quantities().measures(title)
    sureness = 1.0
    for bound in asks.bounds:
        if values := measures.get(bound.dimension):
            if not any(bound.met_by(value) for value in values):
                return 0.0
        elif any(bound.met_by(value) for value in quantities().bare_numbers(title)):
            sureness *= UNIT_LEFT_OUT
        else:
            sureness *= UNSTATED
    return sureness


def _arranged(conn: Connection, query: _Query, ranked: list[tuple[Candidate, float]]) -> list[int]:
    """Ids of the ranked products in the order the query asks for.

    A superlative ("the largest") puts those stating the most of its dimension first. A price
    order asked for in a long description ("the cheapest offer for a liquid CPU cooler with a
    420mm radiator") orders the products matching it best by price.
    """
    ids = [candidate.product_id for candidate, _ in ranked]
    extreme = query.asks.extreme
    cheapest = query.parsed.sort == "price_asc"
    if not ranked or not (extreme or cheapest):
        return ids
    found = _titles_and_prices(conn, ids)
    if extreme:
        sign = -1.0 if extreme.most else 1.0

        def value(product_id: int) -> tuple[bool, float]:
            values = quantities().measures(found[product_id][0]).get(extreme.dimension)
            return (
                not values,
                sign * (max(values) if extreme.most else min(values)) if values else 0.0,
            )

        return sorted(ids, key=value)
    covered = {candidate.product_id: share for candidate, share in ranked}
    prices = {product_id: price for product_id, (_, price) in found.items()}
    return _cheapest_first(ids, covered, prices, share=1.0)


def _cheapest_first(
    ids: list[int], covered: dict[int, float], prices: dict[int, int], share: float
) -> list[int]:
    """The ids covering at least `share` of what the best covers by price, then the others."""
    best = max(covered[i] for i in ids)
    first = sorted((i for i in ids if covered[i] >= share * best - 1e-9), key=lambda i: prices[i])
    chosen = set(first)
    return first + [i for i in ids if i not in chosen]


def _titles_and_prices(conn: Connection, ids: list[int]) -> dict[int, tuple[str, int]]:
    """The English title and lowest price of these products."""
    if not ids:
        return {}
    rows = conn.execute(
        select(_products.id, _products.title_en, func.min(_variants.price))
        .join(_variant_table, _variants.product_id == _products.id)
        .where(id_in(conn, _products.id, ids))
        .group_by(_products.id)
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def _candidates(
    conn: Connection,
    groups: list[list[str]],
    bonus: list[str],
    where: list[ColumnElement[bool]],
    pool: int,
    needed: int,
    kind: _KindTerms,
) -> list[Candidate]:
    """The best `pool` products (of the kind, if any) by the backend's score, cheapest first.

    On a large catalog common words match many products, and ranking them all is what costs.
    So products having every asked-for thing are ranked on their own first, and products
    having any of them only when those are fewer than `needed`. Filters are checked on an
    unfiltered top list first; the filtered query runs only when too few of those pass.
    """
    if not groups:
        return []
    index = index_for(conn)
    # (groups, every group, bounded): a search for every asked-for thing may be bounded, as
    # its matches are alike; a partial match is not.
    searches = [(groups, True, True)] if len(groups) > 1 else []
    searches.append(([*groups, bonus], False, len(groups) == 1))
    if kind.names:  # the kind's clause already asks for the kind: its names once, not twice
        named = set(kind.names)
        others = [list(group) for group in beyond_kind(groups, kind.names)]
        rest = [t for t in dict.fromkeys([*sum(others, []), *bonus]) if t not in named]
        searches = [(others, True, True)] if others else []
        searches += [([rest], False, len(others) == 1)] if rest else []
        searches += [([], False, True), ([], False, False)]  # any product of the kind
    for term_groups, every_group, bounded in searches:
        search = partial(
            index.ranked,
            conn,
            term_groups,
            every_group=every_group,
            bounded=bounded,
            kind=kind.names,
            unlike=kind.unlike,
        )
        if where:
            top = search([], FILTERED_POOL, terms=False)
            passing = _passing(conn, [candidate.product_id for candidate in top], where)
            ranked = [candidate for candidate in top if candidate.product_id in passing]
            if len(ranked) < needed and len(top) == FILTERED_POOL:
                ranked = search(where, pool)
            else:
                ranked = index.with_terms(conn, ranked[:pool])
        else:
            ranked = search([], pool)
        if len(ranked) >= needed:
            break
    return ranked[:pool]


def _passing(conn: Connection, ids: list[int], where: list[ColumnElement[bool]]) -> set[int]:
    """Those of the products `ids` that meet the filters."""
    if not ids:
        return set()
    query = select(_products.id).where(id_in(conn, _products.id, ids), *where)
    return set(conn.execute(query).scalars().all())  # fetched at once, not row by row


def _min_price(variant_ok: list[ColumnElement[bool]]) -> Any:
    return (
        select(func.min(_variants.price))
        .where(_variants.product_id == _products.id, *variant_ok)
        .scalar_subquery()
    )


_BEST_RATED = [_products.rating.desc().nulls_last(), _products.rating_count.desc(), _products.id]


def _order(sort: str, min_price: Any) -> list[Any]:
    if sort in ("rating", "relevance"):  # without words to match, the best rated come first
        return _BEST_RATED
    by_price = min_price.asc() if sort == "price_asc" else min_price.desc()
    return [by_price, _products.id]


def _browse(
    conn: Connection,
    where: list[ColumnElement[bool]],
    categories: set[int] | None,
    variant_ok: list[ColumnElement[bool]],
    sort: str,
    limit: int,
    offset: int,
) -> list[int]:
    """Products the filters let through, with no words to match."""
    where = [*where, *_with_variant(variant_ok)]
    if categories and len(categories) <= MAX_CATEGORY_BRANCHES and sort in ("rating", "relevance"):
        return _best_rated_in(conn, categories, where, limit, offset)
    query = (
        select(_products.id)
        .where(*where)
        .order_by(*_order(sort, _min_price(variant_ok)))
        .limit(limit)
        .offset(offset)
    )
    return list(conn.execute(query).scalars())


def _best_rated_in(
    conn: Connection,
    categories: set[int],
    where: list[ColumnElement[bool]],
    limit: int,
    offset: int,
) -> list[int]:
    """The best rated products of these categories that meet `where`.

    Each category's best are the first entries of its (category, rating) index, so asking
    every category for its first `offset + limit` and merging them reads a few dozen products,
    where one query over all the categories would check and sort every product they hold.
    """
    firsts = [
        select(_products.id, _products.rating, _products.rating_count)
        .where(_products.category_id == category_id, *where)
        .order_by(*_BEST_RATED)
        .limit(offset + limit)
        .subquery()
        for category_id in sorted(categories)
    ]
    merged = union_all(*(select(*first.c) for first in firsts)).subquery()
    query = (
        select(merged.c.id)
        .order_by(merged.c.rating.desc().nulls_last(), merged.c.rating_count.desc(), merged.c.id)
        .limit(limit)
        .offset(offset)
    )
    return list(conn.execute(query).scalars())


def _sorted_matches(
    conn: Connection,
    query: _Query,
    where: list[ColumnElement[bool]],
    variant_ok: list[ColumnElement[bool]],
    sort: str,
    page: tuple[int, int, bool],
    kind: _KindTerms,
) -> list[int]:
    """Products of the kind having every asked-for thing and meeting the filters, by `sort`.

    If none has them all: the best-ranked products covering the most of them. `page` is the
    limit, the offset and whether the query's own words asked for the order ("the cheapest
    Xbox console in white"): then, with fewer than a page having every asked-for thing,
    products of the kind covering the most of them follow.
    """
    limit, offset, worded = page
    concepts = zip(query.parsed.concepts, query.weights, strict=True)
    groups = [sorted(concept.terms) for concept, weight in concepts if weight > 0]
    if kind.names and not groups:  # a vague need alone: its kinds are what is asked for
        groups = [kind.names]
    if not groups:  # only words that weigh nothing: browse, as for no words
        return _browse(conn, where, None, variant_ok, sort, limit, offset)
    matching = index_for(conn).matching(groups, kind.names, kind.unlike).scalar_subquery()
    found = select(_products.id).where(
        _products.id.in_(matching), *where, *_with_variant(variant_ok)
    )
    if sort == "rating":
        ordered = found.order_by(*_BEST_RATED)
    else:
        ordered = _by_lowest_price(matching, where, variant_ok, sort)
    bounds = query.asks.bounds  # checked on titles: a window of the first matches is read
    window = ordered.limit(CANDIDATE_POOL) if bounds else ordered.limit(limit).offset(offset)
    ids = list(conn.execute(window).scalars())
    if bounds:
        titles = _titles_and_prices(conn, ids)
        ids = [i for i in ids if _bounds_met(query.asks, titles[i][0])][offset : offset + limit]
    if len(ids) == limit or offset or (ids and not worded):
        return ids
    if not ids and conn.execute(select(exists(found))).scalar():
        return ids
    # Fewer than a page: the products of the kind covering the most of what was asked follow.
    where = [*where, *(_with_variant(variant_ok) if variant_ok else [])]
    ranked = _rank(conn, query, where, CANDIDATE_POOL, CANDIDATE_POOL, kind)
    most = max((covered for _, covered in ranked), default=0.0)
    coverage = {c.product_id: covered for c, covered in ranked if worded or covered >= most}
    hits = _hits(conn, [i for i in coverage if i not in set(ids)], variant_ok)
    order = {
        "price_asc": lambda h: (-coverage[h.id], h.price, h.id),
        "price_desc": lambda h: (-coverage[h.id], -h.price, h.id),
        "rating": lambda h: (-coverage[h.id], -(h.rating or -1.0), h.id),
    }[sort]
    return [*ids, *(hit.id for hit in sorted(hits, key=order))][:limit]


def _by_lowest_price(
    matching: Any,
    where: list[ColumnElement[bool]],
    variant_ok: list[ColumnElement[bool]],
    sort: str,
) -> Select[Any]:
    """Ids of the `matching` products meeting `where`, by their lowest price in `sort` order.

    Grouping variants by product reads each product's prices from ix_variant_product_price
    alone, where ordering products by a per-product subquery would look each one up twice.
    """
    lowest = func.min(_variants.price)
    query = (
        select(_variants.product_id)
        .where(_variants.product_id.in_(matching), *variant_ok)
        .group_by(_variants.product_id)
        .order_by(lowest.asc() if sort == "price_asc" else lowest.desc(), _variants.product_id)
    )
    if where:
        return query.where(_variants.product_id.in_(select(_products.id).where(*where)))
    return query


# --- results --------------------------------------------------------------------------------------


def _hits(
    conn: Connection, ids: list[int], variant_ok: list[ColumnElement[bool]]
) -> list[ProductHit]:
    """Search results for `ids`, in that order; products without a matching variant drop out."""
    if not ids:
        return []
    query = (
        select(
            _products.id,
            _products.title_en,
            _products.title_zh,
            _products.currency,
            _products.seller,
            _products.external_id,
            _products.brand,
            _products.rating,
            _products.image,
            _categories.name_en,
            func.min(_variants.price),
            func.max(_variants.stock),
            _categories.slug,
        )
        .select_from(
            _product_table.join(
                _variant_table, and_(_variants.product_id == _products.id, *variant_ok)
            ).outerjoin(_category_table, _categories.id == _products.category_id)
        )
        .where(_products.id.in_(ids))
        .group_by(_products.id, _categories.name_en, _categories.slug)
    )
    hits = {
        row[0]: ProductHit(
            id=row[0],
            title=row[1],
            title_zh=row[2],
            currency=row[3],
            seller=row[4],
            external_id=row[5],
            brand=row[6],
            rating=row[7],
            image=row[8],
            category=row[9],
            category_slug=row[12],
            price=row[10],
            in_stock=row[11] > 0,
        )
        for row in conn.execute(query)
    }
    return [hits[i] for i in ids if i in hits]
