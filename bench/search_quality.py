"""Search quality on WebMall: recall@10 and MRR of our search against plain BM25.

The four WebMall shop exports are imported into a temporary store with the real importer
(seller webmall_N, external id = the CSV ID) and each task's text is the query, as written.
A product answers a task when its shop and CSV id equal an answer's. The baseline, computed in
the same run, is plain FTS5 BM25 (`bench.plain_bm25`).

Only figures are printed, never task texts or catalog data.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlmodel import Session, col, select

from bench import plain_bm25
from store.db import init_db, make_engine
from store.importers import import_catalog
from store.models import Product
from store.search import search_products

NAME = "search-quality"
SHOPS = 4
TOP = 10

Ranker = Callable[[str], list[tuple[int, str]]]  # query -> [(shop, csv id)], best first


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, required=True, help="folder of webmall_1..4.csv")
    parser.add_argument("--tasks", type=Path, required=True, help="WebMall tasks JSON file")


def run(args: argparse.Namespace) -> dict[str, Any]:
    tasks = json.loads(args.tasks.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'webmall.db'}")
        try:
            init_db(engine)
            with Session(engine, expire_on_commit=False) as session:
                started = time.perf_counter()
                imported = _import_shops(session, args.catalog)
                import_seconds = time.perf_counter() - started
                shop_of = _shop_of_products(session.connection())
                plain_bm25.build(session.connection())
                session.commit()

                def ours(query: str) -> list[tuple[int, str]]:
                    hits = search_products(session, query, limit=TOP)
                    return [(shop_of[hit.seller], hit.external_id or "") for hit in hits]

                def baseline(query: str) -> list[tuple[int, str]]:
                    return _baseline_search(session.connection(), query, shop_of)

                figures = {"ours": _evaluate(tasks, ours), "plain_bm25": _evaluate(tasks, baseline)}
        finally:
            engine.dispose()
    ours_all, base_all = figures["ours"], figures["plain_bm25"]
    return {
        "tasks": len(tasks),
        "products": imported,
        "import_seconds": round(import_seconds, 2),
        "recall_at_10": ours_all["recall_at_10"],
        "mrr": ours_all["mrr"],
        "baseline": {"recall_at_10": base_all["recall_at_10"], "mrr": base_all["mrr"]},
        "by_category": {
            category: {
                "tasks": figures["ours"]["by_category"][category]["tasks"],
                "recall_at_10": figures["ours"]["by_category"][category]["recall_at_10"],
                "mrr": figures["ours"]["by_category"][category]["mrr"],
                "baseline_recall_at_10": base["recall_at_10"],
                "baseline_mrr": base["mrr"],
            }
            for category, base in figures["plain_bm25"]["by_category"].items()
        },
        "ours_query_ms_mean": ours_all["query_ms_mean"],
    }


def _import_shops(session: Session, catalog: Path) -> int:
    total = 0
    for shop in range(1, SHOPS + 1):
        report = import_catalog(
            session, catalog / f"webmall_{shop}.csv", fmt="woocommerce", seller=f"webmall_{shop}"
        )
        if not report.committed:
            raise SystemExit(f"webmall_{shop}.csv was not imported: {report.errors[:3]}")
        total += report.imported
    return total


def _shop_of_products(conn: Connection) -> dict[str, int]:
    sellers = conn.execute(text("SELECT DISTINCT seller FROM product")).scalars()
    return {seller: int(seller.rsplit("_", 1)[1]) for seller in sellers}


def _baseline_search(
    conn: Connection, query: str, shop_of: dict[str, int]
) -> list[tuple[int, str]]:
    ids = plain_bm25.search(conn, query, TOP)
    if not ids:
        return []
    rows = conn.execute(
        select(Product.id, Product.seller, Product.external_id).where(col(Product.id).in_(ids))
    )
    keys = {row[0]: (shop_of[row[1]], row[2] or "") for row in rows}
    return [keys[i] for i in ids]


def _scores(
    ranked: Sequence[tuple[int, str]], answers: set[tuple[int, str]]
) -> tuple[float, float]:
    """Recall@10 and reciprocal rank (0 when no answer is in the top 10) of one task."""
    top = list(ranked)[:TOP]
    found = answers.intersection(top)
    first = next((rank for rank, key in enumerate(top, 1) if key in answers), None)
    return len(found) / len(answers), (1 / first if first else 0.0)


def _evaluate(tasks: list[dict[str, Any]], ranker: Ranker) -> dict[str, Any]:
    per_category: dict[str, list[tuple[float, float]]] = defaultdict(list)
    every: list[tuple[float, float]] = []
    elapsed = 0.0
    for task in tasks:
        answers = {(int(a["shop"]), str(a["csv_id"])) for a in task["answers"]}
        started = time.perf_counter()
        ranked = ranker(task["task"])
        elapsed += time.perf_counter() - started
        score = _scores(ranked, answers)
        per_category[task["category"]].append(score)
        every.append(score)
    return {
        **_means(every),
        "query_ms_mean": round(1000 * elapsed / max(1, len(tasks)), 2),
        "by_category": {
            category: _means(scores) for category, scores in sorted(per_category.items())
        },
    }


def _means(scores: list[tuple[float, float]]) -> dict[str, Any]:
    count = max(1, len(scores))
    return {
        "tasks": len(scores),
        "recall_at_10": round(sum(r for r, _ in scores) / count, 3),
        "mrr": round(sum(m for _, m in scores) / count, 3),
    }
