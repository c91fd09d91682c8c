"""Search latency on a synthetic catalog: p50/p95 per query kind, plus the build time.

The catalog (deterministic seed) goes into a temporary SQLite file with bulk INSERTs; the
search index then catches up from its queue, timed on its own. Each query of a fixed set runs
once to warm up, then --repeat times; latency is the wall time of one `search_products` call,
and its CPU time (the thread's, which includes SQLite's work) is reported beside it: on a
shared, loaded machine wall time also counts the time spent waiting for a core.
In the same run, the text of every query goes through plain FTS5 BM25 over the same catalog
(`bench.plain_bm25`), timed the same way, as the floor to compare with.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bench import plain_bm25, synthetic
from store.db import init_db, make_engine
from store.options import SortOrder
from store.search import search_products
from store.search_index import catch_up
from store.views import SearchFilters

NAME = "search-latency"
QUICK = {"products": 2000, "repeat": 2}

# (kind, query, filters, sort): plain text, text with filters, text sorted, filters only.
QUERIES: list[tuple[str, str, dict[str, Any], SortOrder]] = [
    ("text", "wireless headphones", {}, "relevance"),
    ("text", "sony noise cancelling headphones", {}, "relevance"),
    ("text", "running shoes", {}, "relevance"),
    ("text", "1TB NVMe SSD PCIe4", {}, "relevance"),
    ("text", "RTX 4070 graphics card", {}, "relevance"),
    ("text", "Ryzen 9 5900X", {}, "relevance"),
    ("text", "DDR5-6000 32GB kit", {}, "relevance"),
    ("text", "find the cheapest offers for a mechanical keyboard", {}, "relevance"),
    ("text", "wireles earbuds", {}, "relevance"),
    ("text", "无线耳机", {}, "relevance"),
    ("text", "帮我找一款跑步鞋", {}, "relevance"),
    ("text", "galaxy s24 smartphone 256gb", {}, "relevance"),
    ("filtered", "headphones", {"category": "headphones", "max_price": 20000}, "relevance"),
    ("filtered", "shoes", {"options": {"size": "42"}, "in_stock": True}, "relevance"),
    ("filtered", "monitor", {"brand": "Samsung", "min_rating": 4.0}, "relevance"),
    (
        "filtered",
        "ssd",
        {"category": "Computing", "min_price": 5000, "max_price": 20000},
        "relevance",
    ),
    ("filtered", "t-shirt", {"options": {"size": "M", "color": "Black"}}, "relevance"),
    ("filtered", "耳机", {"category": "音频", "in_stock": True}, "relevance"),
    ("sorted", "wireless earbuds", {}, "price_asc"),
    ("sorted", "gaming monitor", {}, "rating"),
    ("sorted", "coffee machine", {"in_stock": True}, "price_desc"),
    ("browse", "", {"category": "sneakers"}, "price_asc"),
    ("browse", "", {"category": "Phones", "in_stock": True}, "rating"),
    ("browse", "", {"brand": "Dyson"}, "relevance"),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--products", type=int, default=100_000, help="catalog size")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic catalog")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _summary(values: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    summary = {
        "p50_ms": round(_percentile(values, 0.50), 2),
        "p95_ms": round(_percentile(values, 0.95), 2),
        "mean_ms": round(statistics.fmean(values), 2),
    }
    if cpu:
        summary["cpu_p50_ms"] = round(_percentile(cpu, 0.50), 2)
        summary["cpu_p95_ms"] = round(_percentile(cpu, 0.95), 2)
    return summary


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            init_db(engine)
            started = time.perf_counter()
            with engine.begin() as conn:
                synthetic.load(conn, args.products, args.seed)
            loaded = time.perf_counter()
            with engine.begin() as conn:
                catch_up(conn)
            indexed = time.perf_counter()
            with engine.begin() as conn:
                plain_bm25.build(conn)
            timings = _measure(engine, args.repeat)
            baseline = _measure_baseline(engine, args.repeat)
            database_mb = (Path(folder) / "bench.db").stat().st_size / 1e6
        finally:
            engine.dispose()
    every = [t for values in timings.values() for t in values]
    return {
        "products": args.products,
        "queries": len(QUERIES),
        "runs": len(every),
        **_timed(every),
        "by_kind": {kind: _timed(values) for kind, values in timings.items()},
        "plain_bm25": _timed(baseline),
        "build_seconds": {
            "insert": round(loaded - started, 2),
            "index": round(indexed - loaded, 2),
            "total": round(indexed - started, 2),
        },
        "database_mb": round(database_mb, 1),
    }


Timing = tuple[float, float]
"""Wall and CPU milliseconds of one call."""


def _timed(timings: list[Timing]) -> dict[str, float]:
    return _summary([wall for wall, _ in timings], [cpu for _, cpu in timings])


def _time(call: Any) -> Timing:
    wall, cpu = time.perf_counter(), time.thread_time()
    call()
    return 1000 * (time.perf_counter() - wall), 1000 * (time.thread_time() - cpu)


def _measure(engine: Any, repeat: int) -> dict[str, list[Timing]]:
    timings: dict[str, list[Timing]] = defaultdict(list)
    with Session(engine) as session:
        for kind, query, filters, sort in QUERIES:
            search = SearchFilters(**filters)
            if not search_products(session, query, filters=search, sort=sort):
                raise SystemExit(f"no results for benchmark query {query!r} {filters}")
            call = partial(search_products, session, query, filters=search, sort=sort)
            timings[kind] += [_time(call) for _ in range(repeat)]
    return timings


def _measure_baseline(engine: Any, repeat: int) -> list[Timing]:
    """Plain FTS5 BM25 on the text of every query that has text (filters do not apply)."""
    timings: list[Timing] = []
    with engine.connect() as conn:
        for _, query, _, _ in QUERIES:
            if not query:
                continue
            plain_bm25.search(conn, query, 10)
            call = partial(plain_bm25.search, conn, query, 10)
            timings += [_time(call) for _ in range(repeat)]
    return timings
