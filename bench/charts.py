"""PNG charts of the scale curves, redrawn from bench/results/ after each recorded run.

- checkout.png: purchases per second and p95 against the number of shoppers (latest run).
- search-latency.png: p50/p95 against the catalog size (the latest run at each size).
"""

from __future__ import annotations

from typing import Any

from bench import record


def redraw(name: str) -> None:
    """Redraw the chart of benchmark `name`, if it has one."""
    draw = {"checkout": _checkout, "search-latency": _search_latency}.get(name)
    if draw is not None and record.runs(name):
        draw()


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    return plt


def _checkout() -> None:
    latest = record.runs("checkout")[-1]
    figures = latest["figures"]
    plt = _pyplot()
    fig, (rate, p95) = plt.subplots(1, 2, figsize=(11, 4.2))
    for db in ("sqlite", "postgres"):
        if db not in figures:
            continue
        for mode, style in (("threads", "-o"), ("processes", "--s")):
            points = figures[db].get(mode)
            if not points:
                continue
            ks = [int(key.removeprefix("K=")) for key in points]
            label = f"{db}, {mode}"
            rate.plot(ks, [p["purchases_per_s"] for p in points.values()], style, label=label)
            p95.plot(ks, [p["p95_ms"] for p in points.values()], style, label=label)
    for axis, title in ((rate, "purchases per second"), (p95, "p95 of a purchase, ms")):
        axis.set_xscale("log", base=2)
        axis.set_xlabel("concurrent shoppers (K)")
        axis.set_title(title)
        axis.grid(True, alpha=0.3)
        axis.legend()
    p95.set_yscale("log")
    fig.suptitle(f"checkout, {latest['date'][:10]}")
    fig.tight_layout()
    fig.savefig(record.RESULTS / "checkout.png", dpi=100)
    plt.close(fig)


def _search_latency() -> None:
    by_size: dict[int, dict[str, Any]] = {}
    for run in record.runs("search-latency"):
        by_size[run["figures"]["products"]] = run["figures"]
    sizes = sorted(by_size)
    plt = _pyplot()
    fig, axis = plt.subplots(figsize=(6.5, 4.2))
    for key, style in (("p50_ms", "-o"), ("p95_ms", "-s")):
        axis.plot(sizes, [by_size[s][key] for s in sizes], style, label=f"shopagent {key[:3]}")
        axis.plot(
            sizes,
            [by_size[s]["plain_bm25"][key] for s in sizes],
            ":" + style[-1],
            label=f"plain FTS5 BM25 {key[:3]}",
        )
    axis.set_xscale("log")
    axis.set_xlabel("products in the catalog")
    axis.set_ylabel("ms per search")
    axis.set_title("search latency (latest run at each size)")
    axis.grid(True, alpha=0.3)
    axis.legend()
    fig.tight_layout()
    fig.savefig(record.RESULTS / "search-latency.png", dpi=100)
    plt.close(fig)
