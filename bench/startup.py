"""Start-up costs, each in a fresh process: the CLI's help, `import agent`, the app's first render,
and the memory a purchase takes.

- `shopagent --help`: wall time of the installed command, interpreter start included.
- `import agent`: wall time of `python -c "from agent import ShoppingAgent"` (the package
  itself loads lazily), beside `python -c pass`.
- first render: `AppTest.run()` of ui/app.py in a fresh process (after importing the test
  harness), on a store that already holds the demo shop, offline model; cold (the script's
  imports paid in the render) and served (after `ui.serve.warm_up`, which `shopagent ui` runs
  while its server starts: what the first visitor waits for).
- purchase memory: the Python heap's peak (tracemalloc) during one purchase as the checkout
  benchmark makes it, and the process's peak RSS, in a process that imported the store.

Each figure is the median of --repeat runs, with the minimum and the median CPU time (user +
system) beside it: on a shared, loaded machine CPU time says more than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NAME = "startup"
QUICK = {"repeat": 1}

ROOT = Path(__file__).resolve().parents[1]

_RENDER = """
import json, sys, time
from streamlit.testing.v1 import AppTest
if sys.argv[2] == "served":
    from ui.serve import warm_up
    warm_up()  # what `shopagent ui` does while its server starts
at = AppTest.from_file(sys.argv[1], default_timeout=300)
start, cpu = time.perf_counter(), time.process_time()
at.run()
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
assert not at.exception, at.exception
print(json.dumps({"wall": wall * 1000, "cpu": cpu * 1000}))
"""

_PURCHASE = """
import json, resource, sys, tracemalloc
from bench import checkout
engine, shop = checkout._fresh_shop(sys.argv[1], 1, 16)
product_id, variant_id = shop.items[1]
checkout._purchase(engine, shop.customers[0], product_id, variant_id)  # warm: first-use costs
tracemalloc.start()
assert checkout._purchase(engine, shop.customers[0], product_id, variant_id)
peak = tracemalloc.get_traced_memory()[1]
rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"heap_peak_kib": peak / 1024, "rss_peak_mib": rss_kib / 1024}))
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per figure")


def _shopagent_command() -> list[str]:
    """The installed `shopagent` next to this interpreter, else the same entry point by hand."""
    script = Path(sys.executable).parent / "shopagent"
    if script.exists():
        return [str(script)]
    found = shutil.which("shopagent")
    return [found] if found else [sys.executable, "-c", "from ui.cli import main; main()"]


def _timed(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall and CPU (user + system) milliseconds of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall": wall * 1000, "cpu": cpu * 1000}


def _reported(command: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _summary(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median and minimum wall time, and the median CPU time (less swayed by a loaded machine)."""
    wall = [r["wall"] for r in runs]
    return {
        "median": round(statistics.median(wall), 1),
        "min": round(min(wall), 1),
        "cpu_median": round(statistics.median(r["cpu"] for r in runs), 1),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="shopagent-bench-") as home:
        env = {**os.environ, "SHOPAGENT_HOME": home, "PYTHONPATH": str(ROOT)}
        env.pop("SHOPAGENT_DATABASE_URL", None)
        python = [sys.executable, "-c"]
        # The demo shop goes into the store first, so the render measures a returning shopper.
        subprocess.run(
            [*python, "from store import get_engine, seed_if_empty; seed_if_empty(get_engine())"],
            check=True,
            env=env,
            cwd=ROOT,
        )
        repeat = range(args.repeat)
        help_ms = [_timed([*_shopagent_command(), "--help"], env) for _ in repeat]
        bare_ms = [_timed([*python, "pass"], env) for _ in repeat]
        agent_ms = [_timed([*python, "from agent import ShoppingAgent"], env) for _ in repeat]
        app = str(ROOT / "ui" / "app.py")
        render_ms = [_reported([*python, _RENDER, app, "cold"], env) for _ in repeat]
        served_ms = [_reported([*python, _RENDER, app, "served"], env) for _ in repeat]
        store_url = f"sqlite:///{Path(home) / 'purchase.db'}"
        memory = _reported([*python, _PURCHASE, store_url], env)
    return {
        "shopagent_help_ms": _summary(help_ms),
        "python_bare_start_ms": _summary(bare_ms),
        "import_agent_ms": _summary(agent_ms),
        "app_first_render_ms": _summary(render_ms),
        "app_first_render_served_ms": _summary(served_ms),
        "purchase_heap_peak_kib": round(memory["heap_peak_kib"], 1),
        "purchase_process_rss_peak_mib": round(memory["rss_peak_mib"], 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
    }
