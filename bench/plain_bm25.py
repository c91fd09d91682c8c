"""The baseline both search benchmarks compare with: plain FTS5 BM25 over the same catalog.

Title and English description in one FTS5 table (unicode61), the query's raw words OR-ed: no
field weights, no stemming, no filler removal, no understanding.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

_WORD = re.compile(r"\w+")


def build(conn: Connection) -> None:
    """Create and fill the baseline's table from the products (in the caller's transaction)."""
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE baseline_fts USING fts5(title, description, tokenize='unicode61')"
    )
    conn.exec_driver_sql(
        "INSERT INTO baseline_fts (rowid, title, description) "
        "SELECT id, title_en, description_en FROM product"
    )


def search(conn: Connection, query: str, limit: int) -> list[int]:
    """Ids of the best `limit` products by BM25 for the query's words, any of them."""
    words = dict.fromkeys(_WORD.findall(query.lower()))
    if not words:
        return []
    match = " OR ".join(f'"{word}"' for word in words)
    rows = conn.execute(
        text(
            "SELECT rowid FROM baseline_fts WHERE baseline_fts MATCH :match "
            "ORDER BY bm25(baseline_fts) LIMIT :top"
        ),
        {"match": match, "top": limit},
    )
    return list(rows.scalars())
