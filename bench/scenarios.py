"""Wall time of a scenario run: every scenario on a fresh demo shop copy, in worker processes.

Measures what `shopagent scenario run FILE --model M --workers N` does (template seeding, one
shop copy per scenario, playing, judging) and prints the seconds with the pass figures.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

NAME = "scenarios"
QUICK: dict[str, object] = {}  # the shipped scenarios are few

SHIPPED = Path(__file__).parents[1] / "scenarios"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--file", type=Path, action="append", help="scenario file or folder (default: scenarios/)"
    )
    parser.add_argument("--model", default="offline", help="endpoint name")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from agent.scenarios import run_scenarios

    started = time.perf_counter()
    report = run_scenarios(args.file or [SHIPPED], models=[args.model], workers=args.workers)
    seconds = time.perf_counter() - started
    plays = len(report.results)
    return {
        "scenarios": plays,
        "workers": args.workers,
        "seconds": round(seconds, 1),
        "seconds_per_scenario": round(seconds / plays, 3) if plays else None,
        "passed": report.passed,
        "failed": report.failed,
        "pass_rate_by_tag": {tag: round(rate.rate, 3) for tag, rate in report.by_tag().items()},
    }
