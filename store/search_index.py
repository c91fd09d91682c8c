"""The search index: built from the catalog tables in Python, kept in step by the database.

Terms come from Python (jieba, Snowball), so SQL triggers cannot index rows themselves. They
do the other half: triggers on product, variant and category queue the ids of changed rows in
`search_pending`, in the same transaction as the change. The index catches up from that queue
before every commit and before every search. So whoever writes (ORM, bulk INSERT, raw
SQL), the index cannot drift, a rolled back change takes its queue entry with it, and a file
of thousands of products is indexed in batches once, at commit.

SQLite keeps the index in an FTS5 table ranked by BM25; PostgreSQL in a weighted tsvector with
a GIN index, and looks up misspellings with pg_trgm. Both keep `search_term`: every index term
with the number of products having it (the empty term counts all products), for weighting
query words by rarity and for correcting misspelt ones. `search_stamp` records which version
built the index: one built by another (terms cut another way) is rebuilt when the store opens.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol, cast
from weakref import WeakKeyDictionary

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Engine,
    Integer,
    Select,
    Table,
    any_,
    bindparam,
    column,
    delete,
    event,
    false,
    func,
    inspect,
    literal,
    literal_column,
    select,
    table,
    text,
)

from store.catalog import category_subtree
from store.kinds import lexicon
from store.models import Category, Product, Variant
from store.text import index_terms, stem

INDEX_FORMAT = 2
"""Bump when the way text becomes index terms changes (`store.text`): an index built the old
way is rebuilt when the store next opens (`ensure_search_index`)."""

BATCH_SIZE = 1000
"""Products per index batch: one SELECT of products, one of variants, one INSERT."""

SCORED_MATCHES = 500
"""Most matches a bounded ranked query scores. Scoring costs about ten microseconds per match
(each one's column sizes and positions are read), so a broad word on a large catalog
("shoes": a sixth of it) would cost tens of milliseconds; beyond this many, only the newest
matches (highest ids) are scored. Among thousands of products that all have every asked-for
word, the best scored of the newest are as good a top ten as any; a partial match is never
bounded, as there the rare good product matters."""

# Field weights: a word in the title counts most, then brand/category/options, then description.
TITLE_WEIGHT, META_WEIGHT, BODY_WEIGHT = 10.0, 3.0, 1.0

_PRODUCT, _CATEGORY = "product", "category"
ALL_PRODUCTS = ""
"""The term every product has: its count in `search_term` is the number of products."""

_terms = table("search_term", column("term"), column("df"))
_products: Table = Product.__table__  # type: ignore[attr-defined]
_variants: Table = Variant.__table__  # type: ignore[attr-defined]
_categories: Table = Category.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Candidate:
    """A product that matched a free-text query, with the backend's score (higher is better).

    Its indexed title and brand/category/options terms are split into sets only when asked
    for: a filtered search drops most of its candidates unread.
    """

    product_id: int
    score: float
    title: str
    meta: str

    @cached_property
    def title_terms(self) -> frozenset[str]:
        """The terms of its title."""
        return frozenset(self.title.split())

    @cached_property
    def terms(self) -> frozenset[str]:
        """The terms of its title, brand, categories and options."""
        return frozenset(f"{self.title} {self.meta}".split())


class TermSet:
    """Terms a product may have: single words, and phrases that need all their words."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.words = frozenset(t for t in terms if " " not in t)
        self.phrases = [t.split() for t in terms if " " in t]

    def found_in(self, has: frozenset[str]) -> bool:
        """Whether a product with the terms `has` has one of these."""
        return not self.words.isdisjoint(has) or any(has.issuperset(p) for p in self.phrases)


class SearchIndex(Protocol):
    """What the search needs from a backend's full-text index."""

    def create(self, conn: Connection) -> None:
        """Create the index, its queue and its triggers if missing."""

    def indexed_count(self, conn: Connection) -> int:
        """Number of products in the index."""

    def clear(self, conn: Connection) -> None:
        """Empty the index, its term counts and its queue."""

    def replace(
        self, conn: Connection, ids: Sequence[int], docs: list[dict[str, Any]]
    ) -> list[set[str]]:
        """Replace the rows of `ids` by `docs`; return the dropped rows' term sets.

        A doc has product_id, title, meta and body (space-separated terms).
        """

    def ranked(
        self,
        conn: Connection,
        groups: Sequence[Sequence[str]],
        where: Sequence[ColumnElement[bool]],
        limit: int,
        *,
        every_group: bool,
        bounded: bool = False,
        kind: Sequence[str] = (),
        unlike: Sequence[str] = (),
        terms: bool = True,
    ) -> list[Candidate]:
        """Matching products with their scores (higher is better), best first.

        A product matches when it meets `where` and has a term of every group (of any group
        unless `every_group`), and, if `kind` is given, one of those terms in its title or
        category, and none of `unlike` there (the accessories of the kind: a "phone case" is
        no phone). A term of several words is a phrase. `bounded`: score only the newest
        SCORED_MATCHES matches. Without `terms`, candidates come without their title and
        meta terms (`with_terms` reads them for the few that are kept).
        """

    def with_terms(self, conn: Connection, candidates: Sequence[Candidate]) -> list[Candidate]:
        """The candidates with their title and meta terms read from the index."""

    def matching(
        self, groups: Sequence[Sequence[str]], kind: Sequence[str] = (), unlike: Sequence[str] = ()
    ) -> Select[Any]:
        """Ids of products having, for every group, at least one of its terms (and the kind)."""

    def spelling_candidates(self, conn: Connection, word: str) -> list[tuple[str, int]]:
        """Index terms, with their product counts, that may be what a misspelt `word` meant."""


# A product's lowest price and stock come from the index alone (filters and price sorts).
_VARIANT_PRICE_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_variant_product_price ON variant (product_id, price, stock)"
)
# A category's best rated products are the first entries of this index (browsing by rating).
_CATEGORY_RATING_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_product_category_rating "
    "ON product (category_id, rating DESC {nulls}, rating_count DESC, id)"
)


def id_in(conn: Connection, key: Any, ids: Sequence[int]) -> ColumnElement[bool]:
    """`key IN ids`, the ids bound as one parameter.

    Hundreds of ids bound one by one cost the statement's compilation more than the
    database's work.
    """
    if conn.dialect.name == "postgresql":
        condition: ColumnElement[bool] = key == any_(bindparam("ids", list(ids), ARRAY(Integer)))
        return condition
    listed = text("SELECT value FROM json_each(:ids)").bindparams(ids=json.dumps(list(ids)))
    return cast(ColumnElement[bool], key.in_(listed.columns(column("value", Integer))))


def _candidates(rows: Iterable[Any]) -> list[Candidate]:
    """Candidates from rows of (product id, score, title terms, meta terms)."""
    return [Candidate(*row) for row in rows]


@dataclass
class _Scored:
    """Candidates of a ranked query; `cut`: whether matches beyond the bound were left out."""

    found: list[Candidate]
    cut: bool


def _term_columns(title: Any, meta: Any, terms: bool) -> list[Any]:
    """The title and meta columns, or empty strings: reading them costs, per row."""
    return [title, meta] if terms else [literal(""), literal("")]


def _with_terms(
    conn: Connection, candidates: Sequence[Candidate], key: Any, title: Any, meta: Any
) -> list[Candidate]:
    """`candidates` with their title and meta terms, read by their product ids."""
    if not candidates:
        return []
    ids = [candidate.product_id for candidate in candidates]
    rows = conn.execute(select(key, title, meta).where(id_in(conn, key, ids))).all()
    found = {row[0]: row for row in rows}
    return [
        Candidate(c.product_id, c.score, found[c.product_id][1], found[c.product_id][2])
        for c in candidates
        if c.product_id in found
    ]


# --- SQLite -----------------------------------------------------------------------------------

_SQLITE_QUEUE_TRIGGERS = {
    "product_insert": "AFTER INSERT ON product BEGIN {queue} ('product', NEW.id); END",
    "product_update": "AFTER UPDATE ON product BEGIN {queue} ('product', NEW.id); END",
    "product_delete": "AFTER DELETE ON product BEGIN {queue} ('product', OLD.id); END",
    "variant_insert": "AFTER INSERT ON variant BEGIN {queue} ('product', NEW.product_id); END",
    "variant_update": "AFTER UPDATE OF options, product_id ON variant BEGIN "
    "{queue} ('product', NEW.product_id); {queue} ('product', OLD.product_id); END",
    "variant_delete": "AFTER DELETE ON variant BEGIN {queue} ('product', OLD.product_id); END",
    "category_update": "AFTER UPDATE OF slug, name_en, name_zh, parent_id ON category BEGIN "
    "{queue} ('category', NEW.id); END",
}

_fts = table("product_fts", column("rowid"), column("title"), column("meta"))
_BM25 = f"bm25({TITLE_WEIGHT}, {META_WEIGHT}, {BODY_WEIGHT})"


def beyond_kind(groups: Sequence[Sequence[str]], kind: Sequence[str]) -> list[Sequence[str]]:
    """The groups the kind's clause does not already meet.

    A group holding every name of the kind ("coffee" of "coffee machine" covers them all)
    matches whatever has the kind, and each phrase checked again costs per match.
    """
    named = set(kind)
    return [group for group in groups if not (named and named.issubset(group))]


def _flat(groups: Sequence[Sequence[str]]) -> list[str]:
    return list(dict.fromkeys(term for group in groups for term in group))


def _fts_query(
    groups: Iterable[Iterable[str]],
    operator: str,
    kind: Sequence[str] = (),
    unlike: Sequence[str] = (),
) -> str:
    """An FTS5 query: terms of a group OR-ed, groups joined by `operator`, the kind required.

    Products named as an accessory of the kind (`unlike`) are left out.

    Terms are letters and digits only (a space makes a phrase), so quoting them needs no
    escaping.
    """
    clauses = ["(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in groups if group]
    query = f" {operator} ".join(clauses)
    if not kind:
        return query
    required = "{title meta} : (" + " OR ".join(f'"{term}"' for term in kind) + ")"
    if unlike:
        required += " NOT {title meta} : (" + " OR ".join(f'"{term}"' for term in unlike) + ")"
    return f"{required} AND ({query})" if query else required


class SqliteIndex:
    """FTS5 with BM25 over three weighted columns; the rowid is the product id."""

    def create(self, conn: Connection) -> None:
        """Create the FTS5 table, the word list, the queue and its triggers if missing."""
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS product_fts USING fts5("
            "title, meta, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS search_term ("
            "term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID"
        )
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS search_pending ("
            "kind TEXT NOT NULL, ref INTEGER NOT NULL, PRIMARY KEY (kind, ref)) WITHOUT ROWID"
        )
        conn.exec_driver_sql(_VARIANT_PRICE_INDEX)
        conn.exec_driver_sql(_CATEGORY_RATING_INDEX.format(nulls=""))  # NULL is least: last
        queue = "INSERT OR IGNORE INTO search_pending (kind, ref) VALUES"
        for name, body in _SQLITE_QUEUE_TRIGGERS.items():
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS search_queue_{name} {body.format(queue=queue)}"
            )

    def indexed_count(self, conn: Connection) -> int:
        """Number of products in the index."""
        return int(conn.exec_driver_sql("SELECT count(*) FROM product_fts").scalar_one())

    def clear(self, conn: Connection) -> None:
        """Empty the index, its term counts and its queue."""
        for table_name in ("product_fts", "search_term", "search_pending"):
            conn.exec_driver_sql(f"DELETE FROM {table_name}")

    def replace(
        self, conn: Connection, ids: Sequence[int], docs: list[dict[str, Any]]
    ) -> list[set[str]]:
        """Drop the index rows of `ids`, add `docs`; return the dropped rows' term sets."""
        rows = {"ids": json.dumps(list(ids))}
        in_ids = "rowid IN (SELECT value FROM json_each(:ids))"
        dropped = conn.execute(
            text(f"SELECT title || ' ' || meta || ' ' || body FROM product_fts WHERE {in_ids}"),
            rows,
        )
        dropped_terms = [set(terms.split()) for terms in dropped.scalars()]
        conn.execute(text(f"DELETE FROM product_fts WHERE {in_ids}"), rows)
        if docs:
            conn.execute(
                text(
                    "INSERT INTO product_fts (rowid, title, meta, body) "
                    "VALUES (:product_id, :title, :meta, :body)"
                ),
                docs,
            )
        return dropped_terms

    def ranked(
        self,
        conn: Connection,
        groups: Sequence[Sequence[str]],
        where: Sequence[ColumnElement[bool]],
        limit: int,
        *,
        every_group: bool,
        bounded: bool = False,
        kind: Sequence[str] = (),
        unlike: Sequence[str] = (),
        terms: bool = True,
    ) -> list[Candidate]:
        """Matching products by BM25 (FTS5 sorts by `rank` itself).

        BM25 costs per phrase of the query, and a kind has many names; so when other words are
        asked for too, products are ranked by those alone and their kind is checked here. If
        that may have left out a product of the kind, the kind goes into the query after all.
        """
        if kind and any(groups) and _narrower_than(conn, groups, every_group, kind):
            scored = self._ranked(conn, groups, where, limit, every_group, bounded, (), (), True)
            of_kind, accessory = TermSet(kind), TermSet(unlike)
            kept = [
                c
                for c in scored.found
                if of_kind.found_in(c.terms) and not accessory.found_in(c.terms)
            ]
            if len(kept) == len(scored.found) or (not scored.cut and len(scored.found) < limit):
                return kept
        found = self._ranked(conn, groups, where, limit, every_group, bounded, kind, unlike, terms)
        return found.found

    def _ranked(
        self,
        conn: Connection,
        groups: Sequence[Sequence[str]],
        where: Sequence[ColumnElement[bool]],
        limit: int,
        every_group: bool,
        bounded: bool,
        kind: Sequence[str],
        unlike: Sequence[str],
        terms: bool,
    ) -> _Scored:
        if every_group:
            match = _fts_query(groups, "AND", kind, unlike)
        else:
            match = _fts_query([_flat(groups)], "OR", kind, unlike)
        matches = text("product_fts MATCH :match").bindparams(match=match)
        rank: ColumnElement[float] = literal_column("rank")
        query = (
            select(_fts.c.rowid, -rank, *_term_columns(_fts.c.title, _fts.c.meta, terms))
            .where(matches, text("rank MATCH :ranking").bindparams(ranking=_BM25))
            .order_by(rank)
            .limit(limit)
        )
        if where:
            query = query.join(_products, _products.c.id == _fts.c.rowid).where(*where)
        oldest = bounded and _oldest_scored(
            conn, select(_fts.c.rowid).where(matches), _fts.c.rowid, where
        )
        if oldest:
            query = query.where(_fts.c.rowid >= oldest)
        return _Scored(_candidates(conn.execute(query).all()), cut=bool(oldest))

    def with_terms(self, conn: Connection, candidates: Sequence[Candidate]) -> list[Candidate]:
        """The candidates with their title and meta terms read from the index."""
        return _with_terms(conn, candidates, _fts.c.rowid, _fts.c.title, _fts.c.meta)

    def matching(
        self, groups: Sequence[Sequence[str]], kind: Sequence[str] = (), unlike: Sequence[str] = ()
    ) -> Select[Any]:
        """Ids of products having, for every group, at least one of its terms (and the kind)."""
        if not groups and not kind:  # an empty MATCH is an FTS5 syntax error: nothing asked
            return select(_fts.c.rowid).where(false())
        query = _fts_query(beyond_kind(groups, kind), "AND", kind, unlike)
        match = text("product_fts MATCH :match").bindparams(match=query)
        return select(_fts.c.rowid).where(match)

    def spelling_candidates(self, conn: Connection, word: str) -> list[tuple[str, int]]:
        """Terms of about the same length that share the first or the second letter."""
        rows = conn.execute(
            text(
                "SELECT term, df FROM search_term WHERE df > 0 "
                "AND length(term) BETWEEN :shortest AND :longest "
                "AND (substr(term, 1, 1) = :first OR substr(term, 2, 1) = :second)"
            ),
            {
                "shortest": min(len(word), len(stem(word))) - 2,
                "longest": len(word) + 2,
                "first": word[:1],
                "second": word[1:2],
            },
        )
        return [(term, df) for term, df in rows]


# --- PostgreSQL -------------------------------------------------------------------------------

_PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE IF NOT EXISTS product_search (
        product_id INTEGER PRIMARY KEY REFERENCES product (id) ON DELETE CASCADE,
        title TEXT NOT NULL, meta TEXT NOT NULL, body TEXT NOT NULL,
        document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title), 'A')
            || setweight(to_tsvector('simple', meta), 'B')
            || setweight(to_tsvector('simple', body), 'C')) STORED)""",
    "CREATE INDEX IF NOT EXISTS ix_product_search_document ON product_search USING gin (document)",
    "CREATE TABLE IF NOT EXISTS search_term (term TEXT PRIMARY KEY, df INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_search_term_trgm ON search_term USING gin (term gin_trgm_ops)",
    """CREATE TABLE IF NOT EXISTS search_pending (
        kind TEXT NOT NULL, ref INTEGER NOT NULL, PRIMARY KEY (kind, ref))""",
    _VARIANT_PRICE_INDEX,
    _CATEGORY_RATING_INDEX.format(nulls="NULLS LAST"),
    """CREATE OR REPLACE FUNCTION search_queue_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'category' THEN
            INSERT INTO search_pending VALUES ('category', NEW.id) ON CONFLICT DO NOTHING;
        ELSIF TG_TABLE_NAME = 'product' THEN
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO search_pending VALUES ('product', NEW.id) ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                INSERT INTO search_pending VALUES ('product', OLD.id) ON CONFLICT DO NOTHING;
            END IF;
        ELSE
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO search_pending VALUES ('product', NEW.product_id)
                    ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                INSERT INTO search_pending VALUES ('product', OLD.product_id)
                    ON CONFLICT DO NOTHING;
            END IF;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER search_queue AFTER INSERT OR UPDATE OR DELETE ON product
        FOR EACH ROW EXECUTE FUNCTION search_queue_change()""",
    """CREATE OR REPLACE TRIGGER search_queue
        AFTER INSERT OR DELETE OR UPDATE OF options, product_id ON variant
        FOR EACH ROW EXECUTE FUNCTION search_queue_change()""",
    """CREATE OR REPLACE TRIGGER search_queue
        AFTER UPDATE OF slug, name_en, name_zh, parent_id ON category
        FOR EACH ROW EXECUTE FUNCTION search_queue_change()""",
)

_search = table(
    "product_search", column("product_id"), column("title"), column("meta"), column("document")
)
# ts_rank weights, in the order {D, C, B, A}: body, meta, title.
_PG_WEIGHTS = f"'{{0, {BODY_WEIGHT / TITLE_WEIGHT}, {META_WEIGHT / TITLE_WEIGHT}, 1}}'::float4[]"


def _tsquery(
    groups: Iterable[Iterable[str]],
    operator: str,
    kind: Sequence[str] = (),
    unlike: Sequence[str] = (),
) -> ColumnElement[Any]:
    """A tsquery like `_fts_query`: the kind's terms must stand in the title or meta (A, B)."""
    clauses = ["(" + " | ".join(f"'{term}'" for term in group) + ")" for group in groups if group]
    expression = f" {operator} ".join(clauses)
    if kind:
        required = _in_title_or_meta(kind)
        if unlike:
            required = f"({required}) & !({_in_title_or_meta(unlike)})"
        expression = f"({required}) & ({expression})" if expression else f"({required})"
    return func.to_tsquery(literal_column("'simple'::regconfig"), expression)


def _in_title_or_meta(terms: Sequence[str]) -> str:
    return " | ".join(
        "(" + " <-> ".join(f"'{word}':AB" for word in term.split()) + ")" for term in terms
    )


class PostgresIndex:
    """A weighted tsvector per product with a GIN index, ranked by ts_rank."""

    def create(self, conn: Connection) -> None:
        """Create the index table, the word list, the queue and its triggers if missing."""
        # Serialise concurrent first starts: CREATE OR REPLACE is not safe to race.
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('shopagent_search_index'))")
        for statement in _PG_DDL:
            conn.exec_driver_sql(statement)

    def indexed_count(self, conn: Connection) -> int:
        """Number of products in the index."""
        return int(conn.exec_driver_sql("SELECT count(*) FROM product_search").scalar_one())

    def clear(self, conn: Connection) -> None:
        """Empty the index, its term counts and its queue."""
        conn.exec_driver_sql("TRUNCATE product_search, search_term, search_pending")

    def replace(
        self, conn: Connection, ids: Sequence[int], docs: list[dict[str, Any]]
    ) -> list[set[str]]:
        """Drop the index rows of `ids`, add `docs`; return the dropped rows' term sets."""
        dropped = conn.execute(
            text(
                "DELETE FROM product_search WHERE product_id = ANY(:ids) "
                "RETURNING title || ' ' || meta || ' ' || body"
            ),
            {"ids": list(ids)},
        )
        dropped_terms = [set(terms.split()) for terms in dropped.scalars()]
        if docs:
            conn.execute(
                text(
                    "INSERT INTO product_search (product_id, title, meta, body) "
                    "VALUES (:product_id, :title, :meta, :body)"
                ),
                docs,
            )
        return dropped_terms

    def ranked(
        self,
        conn: Connection,
        groups: Sequence[Sequence[str]],
        where: Sequence[ColumnElement[bool]],
        limit: int,
        *,
        every_group: bool,
        bounded: bool = False,
        kind: Sequence[str] = (),
        unlike: Sequence[str] = (),
        terms: bool = True,
    ) -> list[Candidate]:
        """Matching products by weighted ts_rank."""
        if every_group:
            tsquery = _tsquery(groups, "&", kind, unlike)
        else:
            tsquery = _tsquery([_flat(groups)], "|", kind, unlike)
        rank = func.ts_rank(literal_column(_PG_WEIGHTS), _search.c.document, tsquery)
        query = (
            select(
                _search.c.product_id, rank, *_term_columns(_search.c.title, _search.c.meta, terms)
            )
            .where(_search.c.document.op("@@")(tsquery))
            .order_by(rank.desc())
            .limit(limit)
        )
        if where:
            query = query.join(_products, _products.c.id == _search.c.product_id).where(*where)
        matches = select(_search.c.product_id).where(_search.c.document.op("@@")(tsquery))
        oldest = bounded and _oldest_scored(conn, matches, _search.c.product_id, where)
        if oldest:
            query = query.where(_search.c.product_id >= oldest)
        return _candidates(conn.execute(query).all())

    def with_terms(self, conn: Connection, candidates: Sequence[Candidate]) -> list[Candidate]:
        """The candidates with their title and meta terms read from the index."""
        return _with_terms(conn, candidates, _search.c.product_id, _search.c.title, _search.c.meta)

    def matching(
        self, groups: Sequence[Sequence[str]], kind: Sequence[str] = (), unlike: Sequence[str] = ()
    ) -> Select[Any]:
        """Ids of products having, for every group, at least one of its terms (and the kind)."""
        if not groups and not kind:
            return select(_search.c.product_id).where(false())
        tsquery = _tsquery(beyond_kind(groups, kind), "&", kind, unlike)
        return select(_search.c.product_id).where(_search.c.document.op("@@")(tsquery))

    def spelling_candidates(self, conn: Connection, word: str) -> list[tuple[str, int]]:
        """The terms most similar by trigrams (pg_trgm)."""
        rows = conn.execute(
            text(
                "SELECT term, df FROM search_term WHERE term % :word AND df > 0 "
                "ORDER BY similarity(term, :word) DESC, term LIMIT 50"
            ),
            {"word": word},
        )
        return [(term, df) for term, df in rows]


def _narrower_than(
    conn: Connection, groups: Sequence[Sequence[str]], every_group: bool, kind: Sequence[str]
) -> bool:
    """Whether the words `groups` likely match fewer products than the kind has.

    Only then is ranking by the words alone, the kind checked after, worth a try: a broad
    word ("wireless" of "wireless headphones") matches mostly other kinds, and the query
    would run again with the kind.
    """
    counts = product_counts(conn, {w for t in [*_flat(groups), *kind] for w in t.split()})

    def count(term: str) -> int:  # a phrase has at most as many as its rarest word
        return min(counts.get(word, 0) for word in term.split())

    sizes = [sum(count(term) for term in group) for group in groups if group]
    words = min(sizes) if every_group else sum(sizes)
    return words < max(count(term) for term in kind)  # the kind has at least its commonest name


def _oldest_scored(
    conn: Connection,
    matches: Select[Any],
    product_id: ColumnElement[int],
    where: Sequence[ColumnElement[bool]],
) -> int | None:
    """The lowest id among the newest SCORED_MATCHES matches; None when there are no more.

    Listing matching ids needs no scoring, so this costs a fraction of scoring them all.
    """
    if where:
        matches = matches.join(_products, _products.c.id == product_id).where(*where)
    newest = matches.order_by(product_id.desc()).offset(SCORED_MATCHES - 1).limit(1)
    return conn.execute(newest).scalar()


def index_for(conn: Connection) -> SearchIndex:
    """The search index of the connection's backend."""
    return PostgresIndex() if conn.dialect.name == "postgresql" else SqliteIndex()


# --- building documents ------------------------------------------------------------------------


def _category_paths(conn: Connection) -> dict[int, list[str]]:
    """Each category's names in both languages, its own first, then its ancestors'."""
    rows = {
        row.id: row
        for row in conn.execute(
            select(
                _categories.c.id,
                _categories.c.name_en,
                _categories.c.name_zh,
                _categories.c.parent_id,
            )
        )
    }
    paths: dict[int, list[str]] = {}
    for category_id in rows:
        names: list[str] = []
        seen: set[int] = set()
        current = rows.get(category_id)
        while current is not None and current.id not in seen:  # a cycle must not hang us
            seen.add(current.id)
            names += [current.name_en, current.name_zh or ""]
            current = rows.get(current.parent_id) if current.parent_id is not None else None
        paths[category_id] = names
    return paths


def _documents(
    conn: Connection, ids: Sequence[int], categories: dict[int, list[str]]
) -> list[dict[str, Any]]:
    """Index rows for those of the products `ids` that still exist."""
    c = _products.c
    products = conn.execute(
        select(
            c.id, c.title_en, c.title_zh, c.brand, c.category_id, c.description_en, c.description_zh
        ).where(c.id.in_(ids))
    ).all()
    options: dict[int, list[str]] = defaultdict(list)
    variants = select(_variants.c.product_id, _variants.c.options)
    for product_id, values in conn.execute(variants.where(_variants.c.product_id.in_(ids))):
        options[product_id].extend(str(value) for value in (values or {}).values())
    docs = []
    for p in products:
        fields = {
            "title": f"{p.title_en}\n{p.title_zh or ''}",
            "meta": "\n".join(
                [p.brand or "", *categories.get(p.category_id, []), *dict.fromkeys(options[p.id])]
            ),
            "body": f"{p.description_en}\n{p.description_zh or ''}",
        }
        doc: dict[str, Any] = {"product_id": p.id}
        doc.update((name, " ".join(index_terms(value))) for name, value in fields.items())
        docs.append(doc)
    return docs


def _count_terms(conn: Connection, dropped: list[set[str]], docs: list[dict[str, Any]]) -> None:
    """Update the product count of each term by what a batch dropped and added.

    Terms go in sorted order, so concurrent writers lock rows in the same order.
    """
    change: Counter[str] = Counter({ALL_PRODUCTS: len(docs) - len(dropped)})
    for terms in dropped:
        change.subtract(terms)
    for doc in docs:
        change.update(set(f"{doc['title']} {doc['meta']} {doc['body']}".split()))
    rows = [{"term": term, "df": change[term]} for term in sorted(change) if change[term]]
    if not rows:
        return
    conn.execute(
        text(
            "INSERT INTO search_term (term, df) VALUES (:term, :df) "
            "ON CONFLICT (term) DO UPDATE SET df = search_term.df + excluded.df"
        ),
        rows,
    )
    gone = [term for term in sorted(change) if change[term] < 0 and term != ALL_PRODUCTS]
    if gone:
        conn.execute(delete(_terms).where(_terms.c.term.in_(gone), _terms.c.df <= 0))


def product_counts(conn: Connection, terms: Iterable[str]) -> dict[str, int]:
    """How many products have each term (absent: none); ALL_PRODUCTS gives the total."""
    wanted = {*terms, ALL_PRODUCTS}
    rows = conn.execute(select(_terms.c.term, _terms.c.df).where(_terms.c.term.in_(wanted)))
    return {term: df for term, df in rows if df > 0}


def _batches(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reindex(conn: Connection, product_ids: Iterable[int]) -> int:
    """Rebuild the index rows of these products (rows of deleted products go). Returns count."""
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    lexicon()  # its Chinese names are words to jieba: the index must cut as queries do
    index = index_for(conn)
    categories = _category_paths(conn)
    for batch in _batches(ids, BATCH_SIZE):
        docs = _documents(conn, batch, categories)
        _count_terms(conn, index.replace(conn, batch, docs), docs)
    return len(ids)


# --- keeping in step ------------------------------------------------------------------------------


def _products_in_categories(conn: Connection, category_ids: set[int]) -> list[int]:
    """Products of these categories and of all categories below them."""
    subtree = category_subtree(conn, category_ids)
    query = select(_products.c.id).where(_products.c.category_id.in_(subtree))
    return list(conn.execute(query).scalars())


def catch_up(conn: Connection) -> int:
    """Index what the queue says has changed, in the connection's transaction. Returns count.

    Looks before it takes: most commits (carts, payments) change no product, and a DELETE
    would take SQLite's write lock even when the queue is empty.
    """
    if conn.exec_driver_sql("SELECT 1 FROM search_pending LIMIT 1").first() is None:
        return 0
    take = "DELETE FROM search_pending"
    if conn.dialect.name == "postgresql":  # entries another transaction is indexing are its own
        take += " WHERE ctid IN (SELECT ctid FROM search_pending FOR UPDATE SKIP LOCKED)"
    pending = conn.exec_driver_sql(f"{take} RETURNING kind, ref").all()
    if not pending:
        return 0
    product_ids = {ref for kind, ref in pending if kind == _PRODUCT}
    category_ids = {ref for kind, ref in pending if kind == _CATEGORY}
    if category_ids:
        product_ids.update(_products_in_categories(conn, category_ids))
    return reindex(conn, product_ids)


_STAMP_TABLE = "CREATE TABLE IF NOT EXISTS search_stamp (stamp TEXT NOT NULL)"


def index_stamp() -> str:
    """What the index terms depend on besides the catalog.

    The format, and the Chinese names taught to jieba: a new name changes how text is cut.
    """
    names = sorted(name for group in lexicon().chinese_by_length.values() for name in group)
    digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
    return f"{INDEX_FORMAT}:{digest}"


_ready: WeakKeyDictionary[Engine, bool] = WeakKeyDictionary()


def has_search_index(conn: Connection) -> bool:
    """Whether this database has the search index (remembered per engine once it has).

    Asks through `conn`: on SQLite another connection would wait for this one's write lock.
    """
    if not _ready.get(conn.engine):
        _ready[conn.engine] = inspect(conn).has_table("search_pending")
    return _ready[conn.engine]


def ensure_search_index(engine: Engine) -> None:
    """Create the search index if missing, and index any product it does not hold yet.

    Idempotent; `store.db.init_db` calls it at every start.
    """
    with engine.begin() as conn:
        index = index_for(conn)
        index.create(conn)
        conn.exec_driver_sql(_STAMP_TABLE)
        stamp = index_stamp()
        built_by = conn.exec_driver_sql("SELECT stamp FROM search_stamp").scalar()
        product_count = conn.execute(select(func.count()).select_from(_products)).scalar_one()
        # New, emptied by hand, or built by another version: start over.
        if built_by != stamp or index.indexed_count(conn) != product_count:
            index.clear(conn)
            reindex(conn, conn.execute(select(_products.c.id)).scalars())
            conn.exec_driver_sql("DELETE FROM search_stamp")
            conn.execute(text("INSERT INTO search_stamp (stamp) VALUES (:stamp)"), {"stamp": stamp})
        else:
            catch_up(conn)
    _ready[engine] = True
    if not event.contains(engine, "commit", _catch_up_before_commit):
        event.listen(engine, "commit", _catch_up_before_commit)


def _catch_up_before_commit(conn: Connection) -> None:
    """Index a transaction's changes in that transaction, just before it commits.

    Listens on the store's own engines only (`ensure_search_index` attaches it), so other
    databases in the process are left alone. A Session has flushed by the time its
    connection commits.
    """
    if has_search_index(conn):
        catch_up(conn)
